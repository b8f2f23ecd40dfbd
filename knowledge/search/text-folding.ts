import OpenCC from 'opencc-js/t2cn';
import { TRADITIONAL_SIMPLIFIED_PAIRS } from './traditional-characters';

/**
 * Folding makes 網絡, 网络 and ＷＩＦＩ / WiFi compare equal. Text is folded one UTF-16 code unit
 * at a time into exactly one code unit, so an offset in folded text is the same offset in the
 * original: highlights need no mapping back. Queries additionally go through OpenCC's phrase
 * conversion (網路 → 网络, 簡訊 → 短信), which may change their length; that is harmless because
 * queries are never highlighted.
 */

/**
 * Traditional → Simplified, one character at a time, from a table generated from OpenCC
 * (traditional-table-source.ts): OpenCC's converters take tens of milliseconds to build, which
 * the first search after the service worker wakes cannot afford. They are built only for
 * phrase conversion of Traditional text.
 */
const simplifiedOf = new Uint16Array(65536);
for (let i = 0; i + 1 < TRADITIONAL_SIMPLIFIED_PAIRS.length; i += 2) {
  simplifiedOf[TRADITIONAL_SIMPLIFIED_PAIRS.charCodeAt(i)] = TRADITIONAL_SIMPLIFIED_PAIRS.charCodeAt(i + 1);
}
let twPhrasesToCn: ((text: string) => string) | undefined;

/**
 * Simplified characters that both occur in telecom text for the same word: 帐单/账单. OpenCC maps
 * 帳 to 帐, while the library writes 账.
 */
const SIMPLIFIED_VARIANTS: Readonly<Record<string, string>> = { 帐: '账' };

/** 0 = not computed yet; otherwise folded code + 1 (so that code 0 can be cached too). */
const foldedCodes = new Uint32Array(65536);
/** Codes whose folding went through Traditional → Simplified (the text is Traditional). */
const traditionalCodes = new Uint8Array(65536);

function computeFold(code: number): number {
  if (code >= 0xd800 && code <= 0xdfff) return code; // half of a surrogate pair: keep as is
  if (code < 0x80) return code >= 0x41 && code <= 0x5a ? code + 32 : code;
  if (code === 0x3000) return 0x20; // ideographic space
  if (code >= 0xff01 && code <= 0xff5e) return computeFold(code - 0xfee0); // full-width ASCII
  let char = String.fromCharCode(code);
  const compatible = char.normalize('NFKC');
  if (compatible.length === 1) char = compatible.toLowerCase().length === 1 ? compatible.toLowerCase() : compatible;
  if (isHanCode(char.charCodeAt(0))) {
    const simplified = simplifiedOf[char.charCodeAt(0)]!;
    if (simplified !== 0) {
      traditionalCodes[code] = 1;
      char = String.fromCharCode(simplified);
    }
    char = SIMPLIFIED_VARIANTS[char] ?? char;
  }
  return char.charCodeAt(0);
}

export function foldCode(code: number): number {
  const cached = foldedCodes[code];
  if (cached) return cached - 1;
  const folded = computeFold(code);
  foldedCodes[code] = folded + 1;
  return folded;
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
    const code = text.charCodeAt(i);
    foldCode(code);
    if (traditionalCodes[code]) return true;
  }
  return false;
}

/** True when folding `code` converts a Traditional character (one code unit, no string built). */
export function isTraditionalCode(code: number): boolean {
  foldCode(code);
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

/** Character classes of folded text; plain numbers because they fill a typed array. */
export const CharClass = {
  Separator: 1,
  Han: 2,
  /** ASCII letters and digits (after folding, so full-width ones too). */
  Latin: 3,
  /** Letters and digits of other scripts (kana, Cyrillic, …): matched literally. */
  OtherWord: 4,
} as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

/**
 * CJK Unified Ideographs, Extension A and the compatibility ideographs: every Chinese character
 * of the BMP from U+3400 on (the generated tables cover these blocks).
 */
export const HAN_BLOCKS = [
  [0x3400, 0x4dc0],
  [0x4e00, 0xa000],
  [0xf900, 0xfb00],
] as const;

const charClasses = new Uint8Array(65536);
const HAN = /\p{Script=Han}/u;
const WORD = /[\p{L}\p{N}]/u;

export function isHanCode(code: number): boolean {
  return charClassOf(code) === CharClass.Han;
}

export function charClassOf(code: number): CharClass {
  const cached = charClasses[code] as CharClass | 0;
  if (cached) return cached;
  let charClass: CharClass;
  if ((code >= 0x30 && code <= 0x39) || (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a)) {
    charClass = CharClass.Latin;
  } else if (code < 0x80 || (code >= 0xd800 && code <= 0xdfff)) {
    charClass = CharClass.Separator;
  } else {
    const char = String.fromCharCode(code);
    charClass = HAN.test(char) ? CharClass.Han : WORD.test(char) ? CharClass.OtherWord : CharClass.Separator;
  }
  charClasses[code] = charClass;
  return charClass;
}

export function isWordCode(code: number): boolean {
  return charClassOf(code) !== CharClass.Separator;
}
