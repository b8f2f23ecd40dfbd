import type { CaseScript } from '@/knowledge/case-library/case-script';
import { addPinyinReadings, groupBigramsByStartLetters, pinyinReadings } from './pinyin-table';
import { PostingsBuilder, type PostingsTable } from './postings';
import { foldCode, foldLibraryText, isWordCode } from './text-folding';

/** Searchable fields, most important first. Keywords are searched as `keywords.join('、')`. */
export const SEARCH_FIELDS = ['title', 'keywords', 'scenario', 'solution', 'script'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
export const TITLE = 0;
export const KEYWORDS = 1;
export const SCENARIO = 2;
/** Title, keywords and scenario: kept folded in memory, scanned for pinyin and typos. */
export const SHORT_FIELD_COUNT = 3;
export const SHORT_FIELDS_MASK = 0b00111;
export const KEYWORD_SEPARATOR = '、';

export interface IndexedScript {
  readonly script: CaseScript;
  /** Field text as the agent sees it, in SEARCH_FIELDS order. */
  readonly original: readonly string[];
  /**
   * Folded field text. Short fields always; body fields (solution, script) only when Traditional
   * phrase folding changed them; otherwise null and matched by folding on the fly, which saves a
   * second copy of the longest text.
   */
  readonly folded: readonly (string | null)[];
}

export interface ScriptIndexData {
  readonly scripts: readonly IndexedScript[];
  /** Dense ids for the characters of the library, so bigram keys stay small integers. */
  readonly charIds: Uint16Array;
  /** Character code of each id. */
  readonly codeOfId: Uint16Array;
  /** Pairs of adjacent word characters, all fields. */
  readonly bigrams: PostingsTable;
  /** Single characters of the short fields (single-character terms, typo candidates). */
  readonly shortUnigrams: PostingsTable;
  /** Folded keyword (two characters or more) → indexes of the scripts that carry it. */
  readonly keywordScripts: ReadonlyMap<string, readonly number[]>;
  /** Keywords by the bigram key of their first two characters, to spot them in free text. */
  readonly keywordsByFirstBigram: ReadonlyMap<number, readonly string[]>;
  /** Bigrams of titles by the letters their characters start with (see pinyin-matching.ts). */
  readonly titleBigramsByStartLetters: ReadonlyMap<number, readonly number[]>;
  /** Each distinct keyword spelled in pinyin (first reading), by its first letter: for pinyin typos. */
  readonly keywordPinyinByFirstLetter: ReadonlyMap<string, ReadonlyArray<{ keyword: string; pinyin: string }>>;
}

/** Keys must stay small integers (V8 keeps them unboxed in Maps): 15-bit ids, two per key. */
const MAX_CHAR_ID = 0x7fff;

export function bigramKey(firstId: number, secondId: number): number {
  return firstId * 0x8000 + secondId;
}

export function buildIndexData(scripts: readonly CaseScript[]): ScriptIndexData {
  const charIds = new Uint16Array(65536);
  const codeOfId = new Uint16Array(MAX_CHAR_ID + 1);
  let nextCharId = 1;
  const idOf = (code: number): number => {
    let id = charIds[code]!;
    if (id === 0) {
      // Beyond 32,767 distinct characters they share the last id: candidates are verified anyway.
      id = nextCharId <= MAX_CHAR_ID ? nextCharId++ : MAX_CHAR_ID;
      charIds[code] = id;
      codeOfId[id] = code;
    }
    return id;
  };

  const bigrams = new PostingsBuilder();
  const shortUnigrams = new PostingsBuilder();
  const keywordScripts = new Map<string, number[]>();
  const indexed: IndexedScript[] = [];
  const titleBigrams = new Set<number>();

  scripts.forEach((script, documentIndex) => {
    const original = [script.title, script.keywords.join(KEYWORD_SEPARATOR), script.scenario, script.solution, script.script];
    const folded: (string | null)[] = [];
    original.forEach((text, field) => {
      const { folded: foldedText, phrased } = foldLibraryText(text);
      const bit = 1 << field;
      let previousId = 0;
      for (let i = 0; i < foldedText.length; i++) {
        const code = foldedText.charCodeAt(i);
        if (!isWordCode(code)) {
          previousId = 0;
          continue;
        }
        const id = idOf(code);
        if (previousId !== 0) {
          const key = bigramKey(previousId, id);
          bigrams.add(key, documentIndex, bit);
          if (field === TITLE) titleBigrams.add(key);
        }
        if (field < SHORT_FIELD_COUNT) shortUnigrams.add(id, documentIndex, bit);
        previousId = id;
      }
      folded.push(field >= SHORT_FIELD_COUNT && !phrased ? null : foldedText);
    });
    for (const keyword of new Set(script.keywords.map((keyword) => foldLibraryText(keyword).folded))) {
      if (keyword.length < 2) continue;
      const holders = keywordScripts.get(keyword);
      if (holders) holders.push(documentIndex);
      else keywordScripts.set(keyword, [documentIndex]);
    }
    indexed.push({ script, original, folded });
  });

  addPinyinReadings(indexed.flatMap((entry) => entry.folded.slice(0, SHORT_FIELD_COUNT) as string[]));

  const keywordsByFirstBigram = new Map<number, string[]>();
  for (const keyword of keywordScripts.keys()) {
    const key = bigramKey(charIds[keyword.charCodeAt(0)]!, charIds[keyword.charCodeAt(1)]!);
    const list = keywordsByFirstBigram.get(key);
    if (list) list.push(keyword);
    else keywordsByFirstBigram.set(key, [keyword]);
  }

  return {
    scripts: indexed,
    charIds,
    codeOfId,
    bigrams: bigrams.build(),
    shortUnigrams: shortUnigrams.build(),
    keywordScripts,
    keywordsByFirstBigram,
    titleBigramsByStartLetters: groupBigramsByStartLetters(titleBigrams, codeOfId),
    keywordPinyinByFirstLetter: keywordPinyin(keywordScripts.keys()),
  };
}

function keywordPinyin(keywords: Iterable<string>): Map<string, Array<{ keyword: string; pinyin: string }>> {
  const byFirstLetter = new Map<string, Array<{ keyword: string; pinyin: string }>>();
  for (const keyword of keywords) {
    const pinyin = Array.from(keyword, (char) => pinyinReadings(char.charCodeAt(0))?.[0] ?? char).join('');
    if (!/^[a-z0-9]+$/.test(pinyin)) continue;
    const list = byFirstLetter.get(pinyin[0]!) ?? [];
    list.push({ keyword, pinyin });
    byFirstLetter.set(pinyin[0]!, list);
  }
  return byFirstLetter;
}

/**
 * indexOf of a folded needle in a field. Body fields without a folded copy are compared one
 * folded code unit at a time.
 */
export function fieldIndexOf(entry: IndexedScript, field: number, needle: string, from = 0): number {
  const folded = entry.folded[field];
  if (folded) return folded.indexOf(needle, from);
  const text = entry.original[field]!;
  const first = needle.charCodeAt(0);
  const last = text.length - needle.length;
  search: for (let i = from; i <= last; i++) {
    if (foldCode(text.charCodeAt(i)) !== first) continue;
    for (let j = 1; j < needle.length; j++) {
      if (foldCode(text.charCodeAt(i + j)) !== needle.charCodeAt(j)) continue search;
    }
    return i;
  }
  return -1;
}
