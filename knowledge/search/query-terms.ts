import { CharClass, charClassOf, foldCode, queryForms } from './text-folding';

/** Longer input is pasted text, not a search (the same cut as the logged search misses). */
export const MAX_QUERY_CHARS = 100;
/** More terms than this add nothing an agent can type mid-call. */
export const MAX_QUERY_TERMS = 8;

export type TermKind = 'han' | 'latin' | 'other';

export interface QueryTerm {
  /** Folded forms searched as alternatives: one, or two for Traditional input (網路: 网路, 网络). */
  readonly forms: readonly string[];
  readonly kind: TermKind;
}

/**
 * Splits a query into AND-ed terms: at spaces and punctuation, and where Chinese meets Latin
 * letters or digits (`5G降速` is 5g + 降速), because Latin runs may be pinyin or English words
 * that the library writes apart from the Chinese.
 */
export function parseQuery(query: string): QueryTerm[] {
  const text = query.slice(0, MAX_QUERY_CHARS);
  const terms: QueryTerm[] = [];
  const seen = new Set<string>();
  let runStart = -1;
  let runClass: CharClass = CharClass.Separator;
  const flush = (end: number) => {
    if (runStart < 0) return;
    const raw = text.slice(runStart, end);
    runStart = -1;
    const forms = queryForms(raw);
    const key = forms.join('|');
    if (seen.has(key) || terms.length >= MAX_QUERY_TERMS) return;
    seen.add(key);
    terms.push({ forms, kind: runClass === CharClass.Han ? 'han' : runClass === CharClass.Latin ? 'latin' : 'other' });
  };
  for (let i = 0; i < text.length; i++) {
    const charClass = charClassOf(foldCode(text.charCodeAt(i)));
    if (charClass === CharClass.Separator) {
      flush(i);
    } else if (runStart < 0 || charClass !== runClass) {
      flush(i);
      runStart = i;
      runClass = charClass;
    }
  }
  flush(text.length);
  return terms;
}
