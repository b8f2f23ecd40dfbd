import { scoreFreeText } from './free-text';
import { withoutPauses } from './lexicon';
import { spokenPhrasesIn } from './query-terms';
import { allowedScripts, normalizedLimit, topScripts } from './ranking';
import { fieldIndexOf, scriptAt, SEARCH_FIELDS, SHORT_FIELD_COUNT, type ScriptIndexData } from './script-index';
import { mergeRanges, queryVocabulary, scriptIndexData, type MatchReason, type ScriptIndex, type ScriptMatch, type ScriptSearchOptions } from './script-search';
import { foldText } from './text-folding';

/**
 * Notes are sentences (客户反映宽带每晚断网，已报修两次，要求赔偿), not queries: scored as free
 * text (free-text.ts), nothing ANDed. Agents write notes in the customer's words, so the spoken
 * phrases the lexicon knows (老是掉线, 钱对不上) also count as the library terms they stand for.
 * Only the end of the notes counts: that is what the call is about now, and it bounds the work
 * per keystroke.
 */
export const NOTES_WINDOW = 300;

export function suggestFromNotes(index: ScriptIndex, notes: string, options: ScriptSearchOptions = {}): ScriptMatch[] {
  const data = scriptIndexData(index);
  const limit = normalizedLimit(options.limit);
  if (typeof notes !== 'string' || limit === 0 || data.scriptCount === 0) return [];
  // 网速啊慢 in the notes is 网速慢: pause particles would hide keywords and spoken phrases.
  const text = withoutPauses(foldText(notes.slice(-NOTES_WINDOW)), data.lexicon);
  const libraryTerms = new Map<string, string>();
  for (const phrase of spokenPhrasesIn(text, queryVocabulary(data))) {
    for (const term of data.lexicon.phrases.get(phrase.text)?.libraryTerms ?? []) if (term.length >= 2 && !libraryTerms.has(term)) libraryTerms.set(term, phrase.text);
  }
  // The library terms join the text as sentences of their own: spotted as keywords, scored as bigrams.
  const scored = libraryTerms.size > 0 ? `${text}。${[...libraryTerms.keys()].join('。')}` : text;
  const { relevance, spotted } = scoreFreeText(data, scored, allowedScripts(data, options.categoryFilter, options.taxonomy));
  return topScripts(data, relevance, options, limit).map((ranked) => ({
    script: scriptAt(data, ranked.documentIndex),
    score: ranked.score,
    ...noteHighlights(data, ranked.documentIndex, spotted, libraryTerms),
    partial: false,
    missingTerms: [],
  }));
}

/** Where the spotted keywords and bigrams are in the short fields (the body is not shown in suggestions). */
function noteHighlights(
  data: ScriptIndexData,
  documentIndex: number,
  spotted: readonly string[],
  libraryTerms: ReadonlyMap<string, string>,
): Pick<ScriptMatch, 'highlights' | 'reasons'> {
  const highlights: ScriptMatch['highlights'] = {};
  const reasons: MatchReason[] = [];
  for (let field = 0; field < SHORT_FIELD_COUNT; field++) {
    const ranges: Array<[number, number]> = [];
    for (const needle of spotted) {
      const first = fieldIndexOf(data, documentIndex, field, needle);
      // Keywords (longer than a bigram) are the reasons worth showing; bigrams only highlight.
      if (first >= 0 && needle.length > 2 && !reasons.some((reason) => reason.found === needle)) {
        const spoken = libraryTerms.get(needle);
        reasons.push({ term: spoken ?? needle, how: spoken ? 'synonym' : 'exact', field: SEARCH_FIELDS[field]!, found: needle });
      }
      for (let at = first; at >= 0 && ranges.length < 100; at = fieldIndexOf(data, documentIndex, field, needle, at + needle.length)) {
        ranges.push([at, at + needle.length]);
      }
    }
    const merged = mergeRanges(ranges);
    if (merged.length > 0) highlights[SEARCH_FIELDS[field]!] = merged;
  }
  return { highlights, reasons };
}
