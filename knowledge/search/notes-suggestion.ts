import { scoreFreeText } from './free-text';
import { allowedScripts, normalizedLimit, topScripts } from './ranking';
import { fieldIndexOf, scriptAt, SEARCH_FIELDS, SHORT_FIELD_COUNT, type ScriptIndexData } from './script-index';
import { mergeRanges, scriptIndexData, type ScriptIndex, type ScriptMatch, type ScriptSearchOptions } from './script-search';
import { foldText } from './text-folding';

/**
 * Notes are sentences (客户反映宽带每晚断网，已报修两次，要求赔偿), not queries: scored as free
 * text (free-text.ts), nothing ANDed. Only the end of the notes counts: that is what the call is
 * about now, and it bounds the work per keystroke.
 */
export const NOTES_WINDOW = 300;

export function suggestFromNotes(index: ScriptIndex, notes: string, options: ScriptSearchOptions = {}): ScriptMatch[] {
  const data = scriptIndexData(index);
  const limit = normalizedLimit(options.limit);
  if (typeof notes !== 'string' || limit === 0 || data.scriptCount === 0) return [];
  const text = foldText(notes.slice(-NOTES_WINDOW));
  const { relevance, spotted } = scoreFreeText(data, text, allowedScripts(data, options.categoryFilter));
  return topScripts(data, relevance, options, limit).map((ranked) => ({
    script: scriptAt(data, ranked.documentIndex),
    score: ranked.score,
    highlights: noteHighlights(data, ranked.documentIndex, spotted),
  }));
}

/** Where the spotted keywords and bigrams are in the short fields (the body is not shown in suggestions). */
function noteHighlights(data: ScriptIndexData, documentIndex: number, spotted: readonly string[]): ScriptMatch['highlights'] {
  const highlights: ScriptMatch['highlights'] = {};
  for (let field = 0; field < SHORT_FIELD_COUNT; field++) {
    const ranges: Array<[number, number]> = [];
    for (const needle of spotted) {
      for (let at = fieldIndexOf(data, documentIndex, field, needle); at >= 0 && ranges.length < 100; at = fieldIndexOf(data, documentIndex, field, needle, at + needle.length)) {
        ranges.push([at, at + needle.length]);
      }
    }
    const merged = mergeRanges(ranges);
    if (merged.length > 0) highlights[SEARCH_FIELDS[field]!] = merged;
  }
  return highlights;
}
