import type { ScriptSearchResult } from './script-search';

/** What to tell the agent about a query besides its hits, in this order. */
export type SearchNotice =
  | { kind: 'truncated' }
  | { kind: 'dropped'; terms: string[] }
  | { kind: 'ignored'; terms: string[] }
  | { kind: 'not-found'; terms: string[] }
  | { kind: 'partial' }
  /** The first `complete` hits hold every word; the ones after them only some. */
  | { kind: 'partial-after'; complete: number };

/** The notices a result calls for: nothing is cut, dropped or ignored without the agent seeing it. */
export function searchNotices(
  result: Pick<ScriptSearchResult, 'truncated' | 'droppedTerms' | 'ignoredTerms' | 'notFoundTerms' | 'partial'>,
  hits: ReadonlyArray<{ partial: boolean }>,
): SearchNotice[] {
  const hitCount = hits.length;
  const notices: SearchNotice[] = [];
  if (result.truncated) notices.push({ kind: 'truncated' });
  if (result.droppedTerms.length > 0) notices.push({ kind: 'dropped', terms: result.droppedTerms });
  if (result.ignoredTerms.length > 0) notices.push({ kind: 'ignored', terms: result.ignoredTerms });
  if (hitCount > 0 && result.notFoundTerms.length > 0) notices.push({ kind: 'not-found', terms: result.notFoundTerms });
  if (hitCount > 0 && result.partial) notices.push({ kind: 'partial' });
  else if (hits.some((hit) => hit.partial)) notices.push({ kind: 'partial-after', complete: hits.filter((hit) => !hit.partial).length });
  return notices;
}
