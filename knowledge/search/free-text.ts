import { entryDocument, entryFields } from './postings';
import { bigramKey, bigramText, SHORT_FIELD_COUNT, type ScriptIndexData } from './script-index';
import { isWordCode } from './text-folding';

/**
 * Scoring for free text (notes, a sentence typed into the search box): nothing is ANDed. A
 * script scores for the library keywords the text contains (the team lead's own words for the
 * case) and for the rarer bigrams it shares with the text in its title, keywords and scenario.
 */

/** A keyword spotted in the text counts this many times a bigram of the same rarity. */
const KEYWORD_WEIGHT = 3;
/** Bigrams in more than this share of scripts (客户, 我们) say nothing about the case. */
const COMMON_BIGRAM_SHARE = 0.2;
/** Field weights for bigram overlap: title, keywords, aliases, scenario. */
const OVERLAP_FIELD_WEIGHTS = [1, 0.8, 0.8, 0.5] as const;
/** Below this, the overlap is chance (a few common words): suggest nothing rather than noise. */
export const FREE_TEXT_MIN_SCORE = 6;

export interface FreeTextScores {
  /** Per script; 0 below FREE_TEXT_MIN_SCORE. */
  relevance: Float64Array;
  /** Keywords and bigrams of the text that scored, for highlighting. */
  spotted: string[];
}

/** `text` must be folded. */
export function scoreFreeText(data: ScriptIndexData, text: string, allowed: Uint8Array): FreeTextScores {
  const scriptCount = data.scriptCount;
  const relevance = new Float64Array(scriptCount);
  const idf = (documentCount: number) => Math.log(1 + scriptCount / (1 + documentCount));

  const keywords = keywordsIn(data, text);
  for (const keyword of keywords) {
    const holders = data.keywordScripts.get(keyword) ?? [];
    const weight = KEYWORD_WEIGHT * idf(holders.length) * Math.min(1, keyword.length / 3);
    for (const documentIndex of holders) if (allowed[documentIndex]) relevance[documentIndex] = relevance[documentIndex]! + weight;
  }

  const bigrams = new Set<number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const first = data.charIds[text.charCodeAt(i)]!;
    const second = data.charIds[text.charCodeAt(i + 1)]!;
    if (first && second && isWordCode(text.charCodeAt(i)) && isWordCode(text.charCodeAt(i + 1))) bigrams.add(bigramKey(first, second));
  }
  const spotted: string[] = [...keywords];
  for (const key of bigrams) {
    const documentCount = data.bigrams.documentCount(key);
    if (documentCount === 0 || documentCount > COMMON_BIGRAM_SHARE * scriptCount) continue;
    const range = data.bigrams.range(key)!;
    const weight = idf(documentCount);
    spotted.push(bigramText(data, key));
    for (let i = range[0]; i < range[1]; i++) {
      const entry = data.bigrams.entries[i]!;
      const documentIndex = entryDocument(entry);
      if (!allowed[documentIndex]) continue;
      const fields = entryFields(entry);
      let fieldWeight = 0;
      for (let field = 0; field < SHORT_FIELD_COUNT; field++) {
        if (fields & (1 << field)) fieldWeight = Math.max(fieldWeight, OVERLAP_FIELD_WEIGHTS[field]!);
      }
      relevance[documentIndex] = relevance[documentIndex]! + weight * fieldWeight;
    }
  }
  for (let documentIndex = 0; documentIndex < scriptCount; documentIndex++) {
    if (relevance[documentIndex]! < FREE_TEXT_MIN_SCORE) relevance[documentIndex] = 0;
  }
  return { relevance, spotted };
}

/** Library keywords that occur in the folded text, found from the bigram they start with. */
function keywordsIn(data: ScriptIndexData, text: string): Set<string> {
  const found = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) {
    const first = data.charIds[text.charCodeAt(i)]!;
    const second = data.charIds[text.charCodeAt(i + 1)]!;
    if (!first || !second) continue;
    for (const keyword of data.keywordsByFirstBigram.get(bigramKey(first, second)) ?? []) {
      if (text.startsWith(keyword, i)) found.add(keyword);
    }
  }
  return found;
}
