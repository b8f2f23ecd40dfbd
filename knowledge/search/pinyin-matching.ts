import { codesWithReadingPrefix, isReading, letterPairKey, matchPinyinAt, mayMatchPinyinAt, pinyinReadings, type PinyinMatch } from './pinyin-table';
import { entryDocument, entryFields, firstIdOf, secondIdOf } from './postings';
import { KEYWORD_SEPARATOR, type ScriptIndexData } from './script-index';

/**
 * Pinyin in titles is found through the bigram index rather than by scanning 10,000 titles per
 * keystroke: the first two characters of any match are a bigram of some title, and they can be
 * looked up by the letters they must start with. Title bigrams are grouped by those letters at
 * build time.
 */

/** How many letters a character may take at the start of `letters` while more letters follow. */
function consumptions(code: number, letters: string, from: number): number[] {
  const rest = letters.length - from;
  if (code < 0x80) return code === letters.charCodeAt(from) && rest > 1 ? [1] : [];
  const lengths = new Set<number>();
  for (const reading of pinyinReadings(code) ?? []) {
    if (reading.charCodeAt(0) !== letters.charCodeAt(from)) continue;
    if (reading.length < rest && letters.startsWith(reading, from)) lengths.add(reading.length); // full syllable
    if (reading.length > 1) lengths.add(1); // initial
    if (reading.length > 2 && reading.charCodeAt(1) === 0x68 && letters.charCodeAt(from + 1) === 0x68 && /[zcs]/.test(reading[0]!)) lengths.add(2);
  }
  return [...lengths].filter((length) => length < rest);
}

/** 0: the character cannot take the rest; 1: it takes all of it; 2: it starts it and more follows. */
function takesRest(code: number, letters: string, from: number): { fits: 0 | 1 | 2; abbreviated: boolean } {
  const rest = letters.length - from;
  if (code < 0x80) {
    if (code !== letters.charCodeAt(from)) return { fits: 0, abbreviated: false };
    return { fits: rest === 1 ? 1 : 2, abbreviated: false };
  }
  let fits: 0 | 1 | 2 = 0;
  let abbreviated = true;
  for (const reading of pinyinReadings(code) ?? []) {
    if (reading.charCodeAt(0) !== letters.charCodeAt(from)) continue;
    if (reading.startsWith(letters.slice(from))) {
      fits = 1; // the rest is the syllable or the start of it (still typing)
      if (rest > 1 || reading.length === 1) abbreviated = false;
    } else if (fits === 0) {
      fits = 2;
    }
  }
  return { fits, abbreviated: fits === 1 ? abbreviated : false };
}

/**
 * How a title holds a complete match, best first: full pinyin or initials, each with the
 * characters read as usual or one of them through a rarer reading (期 as ji).
 */
export const COMPLETE_FULL = 4;
export const COMPLETE_FULL_SECONDARY = 3;
export const COMPLETE_ABBREVIATED = 2;
export const COMPLETE_ABBREVIATED_SECONDARY = 1;

function completeKind(abbreviated: boolean, secondary: boolean): number {
  return abbreviated ? (secondary ? COMPLETE_ABBREVIATED_SECONDARY : COMPLETE_ABBREVIATED) : secondary ? COMPLETE_FULL_SECONDARY : COMPLETE_FULL;
}

/** True when the character's commonest reading starts `letters` at `from` as `length` letters (a syllable, its start, or an initial). */
function primaryTakes(code: number, letters: string, from: number, length: number): boolean {
  if (code < 0x80) return true;
  const readings = pinyinReadings(code);
  const primary = readings?.[0];
  if (primary === undefined) return false;
  if (startsWithLetters(primary, letters, from, length)) return true;
  // The u spelling of a ü reading is stored right after it (lv, lu).
  return primary.includes('v') && readings!.length > 1 && startsWithLetters(readings![1]!, letters, from, length);
}

function startsWithLetters(reading: string, letters: string, from: number, length: number): boolean {
  if (length > reading.length) return false;
  for (let i = 0; i < length; i++) if (reading.charCodeAt(i) !== letters.charCodeAt(from + i)) return false;
  return true;
}

export interface TitlePinyinCandidates {
  /**
   * Per script: its title holds a complete match of at most two characters (scored from the
   * index), as one of the COMPLETE_ kinds; 0 for none.
   */
  complete: Uint8Array;
  /** Scripts whose title starts a longer match: check the title text. */
  toCheck: Set<number>;
}

const TITLE_BIT = 1;

export function titlePinyinCandidates(data: ScriptIndexData, letters: string, allowed: Uint8Array): TitlePinyinCandidates {
  const complete = new Uint8Array(data.scriptCount);
  const toCheck = new Set<number>();
  const addComplete = (documentIndex: number, abbreviated: boolean, secondary: boolean) => {
    const kind = completeKind(abbreviated, secondary);
    if (complete[documentIndex]! < kind) complete[documentIndex] = kind;
  };

  // One character takes all the letters: l, liu, zh.
  const singleCodes = new Set(codesWithReadingPrefix(letters));
  if (letters.length === 1) singleCodes.add(letters.charCodeAt(0));
  for (const code of singleCodes) {
    const id = data.charIds[code]!;
    const range = id ? data.namingUnigrams.range(id) : undefined;
    if (!range) continue;
    const abbreviated = letters.length === 1 && code >= 0x80;
    const secondary = !primaryTakes(code, letters, 0, letters.length);
    for (let i = range[0]; i < range[1]; i++) {
      const entry = data.namingUnigrams.entries[i]!;
      if (entryFields(entry) & TITLE_BIT && allowed[entryDocument(entry)]) addComplete(entryDocument(entry), abbreviated, secondary);
    }
  }
  if (letters.length < 2) return { complete, toCheck };

  // Two or more characters: look up title bigrams by the letters the two characters start with.
  const firstLetter = letters.charCodeAt(0);
  const splits = new Set<number>([1]); // an initial, an ASCII letter or a digit
  if (/^[zcs]h/.test(letters)) splits.add(2);
  for (let length = 2; length <= 6 && length < letters.length; length++) if (isReading(letters.slice(0, length))) splits.add(length);
  for (const split of splits) {
    if (split >= letters.length) continue;
    for (const key of data.titleBigramsByStartLetters.get(letterPairKey(firstLetter, letters.charCodeAt(split))) ?? []) {
      const first = data.codeOfId[firstIdOf(key)]!;
      if (!consumptions(first, letters, 0).includes(split)) continue;
      const second = data.codeOfId[secondIdOf(key)]!;
      const rest = takesRest(second, letters, split);
      if (rest.fits === 0) continue;
      const range = data.bigrams.range(key);
      if (!range) continue;
      const abbreviated = rest.abbreviated || (first >= 0x80 && !pinyinReadings(first)?.includes(letters.slice(0, split)));
      const secondary = !primaryTakes(first, letters, 0, split) || !primaryTakes(second, letters, split, letters.length - split);
      for (let i = range[0]; i < range[1]; i++) {
        const entry = data.bigrams.entries[i]!;
        const documentIndex = entryDocument(entry);
        if (!(entryFields(entry) & TITLE_BIT) || !allowed[documentIndex]) continue;
        if (rest.fits === 1) addComplete(documentIndex, abbreviated, secondary);
        else toCheck.add(documentIndex);
      }
    }
  }
  return { complete, toCheck };
}

/** The best pinyin match of `letters` in a text (fewest abbreviated, then fewest rarely read characters), or null. */
export function bestPinyinMatch(text: string, letters: string): PinyinMatch | null {
  const first = letters.charCodeAt(0);
  const second = letters.charCodeAt(1);
  const firstBit = first >= 0x61 && first <= 0x7a ? 1 << (first - 0x61) : 0;
  const secondBit = second >= 0x61 && second <= 0x7a ? 1 << (second - 0x61) : 0;
  let best: PinyinMatch | null = null;
  for (let i = 0; i < text.length; i++) {
    if (firstBit ? !mayMatchPinyinAt(text, i, firstBit, secondBit) : text.charCodeAt(i) !== first) continue;
    const match = matchPinyinAt(text, i, letters);
    if (!match) continue;
    if (!best || match.abbreviated < best.abbreviated || (match.abbreviated === best.abbreviated && match.secondary < best.secondary)) best = match;
    if (match.abbreviated === 0 && match.secondary === 0) break;
  }
  return best;
}

/** Every pinyin match of `letters` in a text, for highlighting. */
export function pinyinRanges(text: string, letters: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === KEYWORD_SEPARATOR) continue;
    const match = matchPinyinAt(text, i, letters);
    if (match) {
      ranges.push([match.start, match.end]);
      i = match.end - 1;
    }
  }
  return ranges;
}
