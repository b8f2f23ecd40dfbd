import { PINYIN_READINGS } from './pinyin-readings';
import { firstIdOf, secondIdOf } from './postings';
import { HAN_BLOCKS } from './character-classes';
import { isHanCode } from './text-folding';

/**
 * Pinyin readings of the characters in the library, taken once per distinct character at index
 * build time (a library of 10,000 scripts has only a few thousand distinct characters) from a
 * table generated from pinyin-pro (pinyin-table-source.ts).
 * Every reading of a polyphonic character is kept (重: zhong and chong), so the agent finds
 * 重复扣费 with `chongfu` and a misread `zhongfu` alike. ü is stored as v (`lv`, as agents type
 * it) and also as u.
 */
const readingsByCode: Array<readonly string[] | undefined> = new Array<readonly string[] | undefined>(65536);
/** Reading → characters of the library with that reading (homophones, for typo matching). */
const codesByReading = new Map<string, number[]>();
/** Bit i set: some reading of the character starts with letter i (a = 0). ASCII letters: their own bit. */
const initialLetterMask = new Uint32Array(65536);
/** Bit i set: some reading's second letter is letter i (liu: i). Prunes before the full match. */
const secondLetterMask = new Uint32Array(65536);
for (let letter = 0; letter < 26; letter++) initialLetterMask[0x61 + letter] = 1 << letter;

/** Takes readings for the Han characters among `codes` that are not in the table yet. */
export function addPinyinReadingsOfCodes(codes: Iterable<number>): void {
  for (const code of codes) addPinyinReading(code);
}

/** Takes the readings of a Chinese character not in the table yet. */
function addPinyinReading(code: number): void {
  if (code >= 0x3400 && readingsByCode[code] === undefined && isHanCode(code)) setReadings(code, tableReadings(code));
}

/** Where each entry of PINYIN_READINGS starts (one more: the end), found on first use. */
let entryStarts: Int32Array | undefined;

function readingEntryStarts(): Int32Array {
  const starts = new Int32Array(HAN_BLOCKS.reduce((sum, [start, end]) => sum + end - start, 0) + 1);
  let entry = 1;
  for (let at = PINYIN_READINGS.indexOf(';'); at >= 0; at = PINYIN_READINGS.indexOf(';', at + 1)) starts[entry++] = at + 1;
  starts[entry] = PINYIN_READINGS.length + 1;
  return starts;
}

/** The table's readings of a Chinese character (none outside HAN_BLOCKS). */
function tableReadings(code: number): string[] {
  let entry = 0;
  for (const [start, end] of HAN_BLOCKS) {
    if (code < start) return [];
    if (code < end) {
      entryStarts ??= readingEntryStarts();
      entry += code - start;
      const readings = PINYIN_READINGS.slice(entryStarts[entry], entryStarts[entry + 1]! - 1);
      return readings === '' ? [] : readings.split(',');
    }
    entry += end - start;
  }
  return [];
}

function setReadings(code: number, readings: readonly string[]): void {
  const forms = new Set<string>();
  for (const reading of readings) {
    forms.add(reading);
    if (reading.includes('v')) forms.add(reading.replace('v', 'u'));
  }
  readingsByCode[code] = [...forms];
  let mask = 0;
  let secondMask = 0;
  for (const form of forms) {
    mask |= 1 << (form.charCodeAt(0) - 0x61);
    if (form.length > 1) secondMask |= 1 << (form.charCodeAt(1) - 0x61);
    const homophones = codesByReading.get(form);
    if (homophones) homophones.push(code);
    else codesByReading.set(form, [code]);
  }
  initialLetterMask[code] = mask;
  secondLetterMask[code] = secondMask;
}

/**
 * The readings of `codes` as one string (`流liu;重zhong,chong;`), stored with a persisted index so
 * that restoring it needs no pinyin-pro lookups.
 */
export function pinyinReadingsText(codes: Iterable<number>): string {
  let text = '';
  for (const code of codes) {
    const readings = readingsByCode[code];
    if (readings && readings.length > 0) text += `${String.fromCharCode(code)}${readings.filter((reading) => !reading.includes('u') || !readings.includes(reading.replace('u', 'v'))).join(',')};`;
  }
  return text;
}

/** Takes readings from `pinyinReadingsText` for the characters not in the table yet. */
export function restorePinyinReadings(text: string): void {
  for (const item of text.split(';')) {
    if (item.length < 2) continue;
    const code = item.charCodeAt(0);
    if (readingsByCode[code] === undefined) setReadings(code, item.slice(1).split(','));
  }
}

/** True for a syllable some character of the library (or a query) is read as. */
export function isReading(letters: string): boolean {
  return codesByReading.has(letters);
}

/** Characters with a reading that starts with `letters` (zh → 张, 中, …; liu → 流, 六, …). */
export function codesWithReadingPrefix(letters: string): number[] {
  const codes: number[] = [];
  for (const [reading, holders] of codesByReading) if (reading.startsWith(letters)) codes.push(...holders);
  return codes;
}

export function pinyinReadings(code: number): readonly string[] | undefined {
  return readingsByCode[code];
}

/** Readings of a query character (a Traditional or rare one may not be in the library). */
export function queryCharReadings(code: number): readonly string[] {
  addPinyinReading(code);
  return readingsByCode[code] ?? [];
}

// ---------------------------------------------------------------------------------------------
// Matching letters against characters

/** Stops pathological inputs (aaaa… against 啊啊啊…) from exploring every split. */
const STEP_BUDGET = 400;
let stepsLeft = 0;
let abbreviatedChars = 0;
let secondaryChars = 0;

export interface PinyinMatch {
  start: number;
  end: number;
  /** Characters matched by an initial (l for 流) rather than their full syllable. */
  abbreviated: number;
  /**
   * Characters matched through a reading other than their commonest (期 as ji rather than qi):
   * when two words read the same, the one read as usual is meant (heyueji is 合约机, not 合约期).
   */
  secondary: number;
}

/**
 * Matches `letters` (folded ASCII letters and digits) against the characters of `text` starting
 * at `start`. A Han character consumes its full syllable (liu), its initial (l, or zh/ch/sh), or,
 * as the last character, any prefix of its syllable (lia… while the agent is still typing).
 * ASCII letters and digits in the text (5G) consume themselves.
 */
export function matchPinyinAt(text: string, start: number, letters: string): PinyinMatch | null {
  stepsLeft = STEP_BUDGET;
  secondaryChars = 0;
  const end = step(text, start, letters, 0, 0, 0);
  return end < 0 ? null : { start, end, abbreviated: abbreviatedChars, secondary: secondaryChars };
}

function step(text: string, at: number, letters: string, consumed: number, abbreviated: number, secondary: number): number {
  if (consumed === letters.length) {
    abbreviatedChars = abbreviated;
    secondaryChars = secondary;
    return at;
  }
  if (at >= text.length || --stepsLeft < 0) return -1;
  const code = text.charCodeAt(at);
  if (code < 0x80) {
    return code === letters.charCodeAt(consumed) ? step(text, at + 1, letters, consumed + 1, abbreviated, secondary) : -1;
  }
  const readings = readingsByCode[code];
  if (readings === undefined) return -1;
  const rest = letters.length - consumed;
  // Full syllables first, so `liuliang` is reported as full pinyin rather than initials; the
  // commonest reading first, so a match reads the characters as usual when it can.
  for (const reading of readings) {
    if (reading.length <= rest && letters.startsWith(reading, consumed)) {
      const end = step(text, at + 1, letters, consumed + reading.length, abbreviated, secondary + isSecondary(readings, reading));
      if (end >= 0) return end;
    }
  }
  for (const reading of readings) {
    if (rest < reading.length && isPrefixOf(letters, consumed, reading)) {
      abbreviatedChars = rest === 1 ? abbreviated + 1 : abbreviated;
      secondaryChars = secondary + isSecondary(readings, reading);
      return at + 1; // the query ends inside this syllable
    }
  }
  const letter = letters.charCodeAt(consumed);
  let triedInitial = false;
  let triedTwoLetterInitial = false;
  for (const reading of readings) {
    if (reading.charCodeAt(0) !== letter || reading.length < 2) continue;
    if (!triedInitial) {
      triedInitial = true;
      const end = step(text, at + 1, letters, consumed + 1, abbreviated + 1, secondary + isSecondary(readings, reading));
      if (end >= 0) return end;
    }
    // zh, ch, sh: agents type either one letter or two for these initials.
    if (!triedTwoLetterInitial && reading.length > 2 && reading.charCodeAt(1) === 0x68 && (letter === 0x7a || letter === 0x63 || letter === 0x73) && letters.charCodeAt(consumed + 1) === 0x68) {
      triedTwoLetterInitial = true;
      const end = step(text, at + 1, letters, consumed + 2, abbreviated + 1, secondary + isSecondary(readings, reading));
      if (end >= 0) return end;
    }
  }
  return -1;
}

/** 1 when `reading` is not the character's commonest reading (ü typed as v or u is the same reading). */
export function isSecondary(readings: readonly string[], reading: string): number {
  const primary = readings[0];
  if (primary === undefined || reading === primary) return 0;
  // The u spelling of a ü reading is stored right after it (lv, lu).
  return reading === readings[1] && primary.includes('v') ? 0 : 1;
}

/** letters[from..] is a prefix of reading. */
function isPrefixOf(letters: string, from: number, reading: string): boolean {
  for (let i = from; i < letters.length; i++) if (letters.charCodeAt(i) !== reading.charCodeAt(i - from)) return false;
  return true;
}

/**
 * Cheap test before matchPinyinAt: the first letter starts a reading of the character, and the
 * second either continues that reading or starts the next character's.
 */
export function mayMatchPinyinAt(text: string, at: number, firstBit: number, secondBit: number): boolean {
  const code = text.charCodeAt(at);
  if (!(initialLetterMask[code]! & firstBit)) return false;
  if (secondBit === 0 || code < 0x80) return true;
  return (secondLetterMask[code]! & secondBit) !== 0 || (initialLetterMask[text.charCodeAt(at + 1)]! & secondBit) !== 0;
}

// ---------------------------------------------------------------------------------------------
// Homophones: the commonest Chinese typo is the wrong character of the right sound (宽代 for 宽带)

/** Reading sets of a folded Han query term, one set per character. */
export function homophonePattern(term: string): ReadonlySet<string>[] {
  return Array.from(term, (char) => new Set(queryCharReadings(char.charCodeAt(0))));
}

/** Characters of the library that sound like `code` (including itself). */
export function homophonesOf(code: number): number[] {
  const codes = new Set<number>([code]);
  for (const reading of queryCharReadings(code)) for (const homophone of codesByReading.get(reading) ?? []) codes.add(homophone);
  return [...codes];
}

/** True when every character of `text` from `start` sounds like the term's character. */
export function matchHomophonesAt(text: string, start: number, term: string, pattern: readonly ReadonlySet<string>[]): boolean {
  if (start + term.length > text.length) return false;
  for (let j = 0; j < term.length; j++) {
    const code = text.charCodeAt(start + j);
    if (code === term.charCodeAt(j)) continue;
    const readings = readingsByCode[code];
    if (readings === undefined || !readings.some((reading) => pattern[j]!.has(reading))) return false;
  }
  return true;
}

/** Letter pair key: the first letters of two adjacent characters (ASCII codes, so < 128 each). */
export function letterPairKey(first: number, second: number): number {
  return first * 128 + second;
}

/** First letters a character can start with: its readings' initials, or itself for ASCII. */
function startLetters(code: number): number[] {
  if (code < 0x80) return [code];
  const letters = new Set<number>();
  for (const reading of pinyinReadings(code) ?? []) letters.add(reading.charCodeAt(0));
  return [...letters];
}

/** Title bigram keys by the letter pairs they can start a pinyin match with. */
export function groupBigramsByStartLetters(bigramKeys: Iterable<number>, codeOfId: Uint16Array): Map<number, number[]> {
  const byLetters = new Map<number, number[]>();
  for (const key of bigramKeys) {
    const firstLetters = startLetters(codeOfId[firstIdOf(key)]!);
    const secondLetters = startLetters(codeOfId[secondIdOf(key)]!);
    for (const first of firstLetters) {
      for (const second of secondLetters) {
        const pair = letterPairKey(first, second);
        const keys = byLetters.get(pair);
        if (keys) keys.push(key);
        else byLetters.set(pair, [key]);
      }
    }
  }
  return byLetters;
}
