import OpenCC from 'opencc-js/t2cn';
import { CharClass } from './character-classes';
import { CHAR_CLASS_RUNS, FOLDED_PAIRS, TRADITIONAL_CODES } from './character-table';

/**
 * Folding makes 網絡, 网络 and ＷＩＦＩ / WiFi compare equal. Text is folded one UTF-16 code unit
 * at a time into exactly one code unit, so an offset in folded text is the same offset in the
 * original: highlights need no mapping back. Queries additionally go through OpenCC's phrase
 * conversion (網路 → 网络, 簡訊 → 短信), which may change their length; that is harmless because
 * queries are never highlighted.
 */

/**
 * Per code unit, its folded form, 0 where folding keeps it: Traditional → Simplified, NFKC, lower
 * case, from a table generated at development time (character-table-source.ts). OpenCC's
 * converters take tens of milliseconds to build, which the first search after the service worker
 * wakes cannot afford: they are built only for phrase conversion of Traditional text.
 */
const foldedCodes = new Uint16Array(65536);
for (let i = 0; i + 1 < FOLDED_PAIRS.length; i += 2) foldedCodes[FOLDED_PAIRS.charCodeAt(i)] = FOLDED_PAIRS.charCodeAt(i + 1);
/** Codes whose folding goes through Traditional → Simplified (the text is Traditional). */
const traditionalCodes = new Uint8Array(65536);
for (let i = 0; i < TRADITIONAL_CODES.length; i++) traditionalCodes[TRADITIONAL_CODES.charCodeAt(i)] = 1;
let twPhrasesToCn: ((text: string) => string) | undefined;

export function foldCode(code: number): number {
  const folded = foldedCodes[code]!;
  return folded === 0 ? code : folded;
}

/** Scratch space for folding, reused: folding every title and keyword of a library would otherwise allocate per character. */
let foldBuffer = new Uint16Array(4096);
const FROM_CHAR_CODE_CHUNK = 4096;

/** Folds text code unit by code unit; returns the same string object when nothing changes. */
export function foldText(text: string): string {
  let changedAt = -1;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (foldCode(code) !== code) {
      changedAt = i;
      break;
    }
  }
  if (changedAt < 0) return text;
  if (foldBuffer.length < text.length) foldBuffer = new Uint16Array(text.length * 2);
  for (let i = changedAt; i < text.length; i++) foldBuffer[i] = foldCode(text.charCodeAt(i));
  // String.fromCharCode takes a limited number of arguments: go in chunks.
  let folded = text.slice(0, changedAt);
  for (let start = changedAt; start < text.length; start += FROM_CHAR_CODE_CHUNK) {
    const end = Math.min(text.length, start + FROM_CHAR_CODE_CHUNK);
    folded += String.fromCharCode.apply(null, foldBuffer.subarray(start, end) as unknown as number[]);
  }
  return folded;
}

/** True when folding converted at least one Traditional character. */
export function hasTraditional(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    if (traditionalCodes[text.charCodeAt(i)]) return true;
  }
  return false;
}

/** True when folding `code` converts a Traditional character (one code unit, no string built). */
export function isTraditionalCode(code: number): boolean {
  return traditionalCodes[code] === 1;
}

/**
 * Library text in Traditional Chinese: phrase-level conversion (網路 → 网络) when it keeps the
 * length, so offsets still line up; character folding otherwise. `phrased` says whether phrase
 * conversion was used (then character folding alone would not reproduce the text).
 */
export function foldLibraryText(text: string): { folded: string; phrased: boolean } {
  const folded = foldText(text);
  if (folded === text || !hasTraditional(text)) return { folded, phrased: false };
  twPhrasesToCn ??= OpenCC.Converter({ from: 'twp', to: 'cn' });
  const phrased = foldText(twPhrasesToCn(text));
  return phrased.length === text.length && phrased !== folded ? { folded: phrased, phrased: true } : { folded, phrased: false };
}

/**
 * The forms of a query to search for: the character-folded query and, when the agent typed
 * Traditional Chinese, also the Taiwan-phrase conversion (網路 → 网络, 寬頻 → 宽带). Both are
 * kept because phrase conversion sometimes changes meaning (資料 → 数据).
 */
export function queryForms(query: string): string[] {
  const folded = foldText(query);
  if (!hasTraditional(query)) return [folded];
  twPhrasesToCn ??= OpenCC.Converter({ from: 'twp', to: 'cn' });
  const phrased = foldText(twPhrasesToCn(query));
  return phrased === folded ? [folded] : [folded, phrased];
}

// ---------------------------------------------------------------------------------------------
// Character classes (of folded text)

/** Per code unit, its class, from the generated table (character-table-source.ts). */
const charClasses = new Uint8Array(65536);
for (let i = 0; i < CHAR_CLASS_RUNS.length; i += 2) charClasses.fill(CHAR_CLASS_RUNS[i + 1]!, CHAR_CLASS_RUNS[i], CHAR_CLASS_RUNS[i + 2] ?? 65536);

export function isHanCode(code: number): boolean {
  return charClasses[code] === CharClass.Han;
}

export function charClassOf(code: number): CharClass {
  return charClasses[code] as CharClass;
}

export function isWordCode(code: number): boolean {
  return charClassOf(code) !== CharClass.Separator;
}
