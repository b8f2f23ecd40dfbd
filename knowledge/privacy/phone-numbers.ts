/**
 * The privacy gate. Everything Iceberg stores (own clicks, merged click logs, restored backups,
 * imported libraries, search misses) passes `maskPhoneNumbers`, so no customer's phone number is
 * kept in clear, whatever the path it came in by.
 *
 * What counts as a phone number:
 * - an 11-digit Chinese mobile number (1[3-9] + 9 digits), optionally after +86, 0086 or a glued
 *   86; also glued after other digits (a call reference such as 2026112313812345678);
 * - a landline with its area code (010-12345678, (0755) 1234567, +86 10 1234 5678).
 *
 * Disguises seen through: spaces, dots, dashes, slashes and brackets between the digits (up to
 * three such characters in a row), zero-width and other invisible characters anywhere, and
 * full-width or other Unicode digits (NFKC). A number followed directly by more digits is not
 * taken for a phone number: millisecond timestamps and order numbers look like that.
 *
 * The number keeps its first 3 and last 4 national digits (138****5678, 010****5678), so an
 * agent can still tell two callers apart; the country code goes. Masking never lengthens a text
 * and masking twice changes nothing.
 */

export type PhoneNumberKind = 'mobile' | 'landline';

export interface PhoneNumberMatch {
  /** UTF-16 offsets of the number in the text, separators and country code included. */
  start: number;
  end: number;
  kind: PhoneNumberKind;
  /** What replaces it: 138****5678. */
  masked: string;
}

/** Characters that may stand between the digits of one number. */
const SEPARATORS = new Set(
  [...' \t.-/()_·•・．－（）。\u00a0\u3000\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f'],
);
const MAX_SEPARATORS = 3;
const PLUS = new Set(['+', '＋', '﹢']);
const OPENING_BRACKETS = new Set(['(', '（']);
const CLOSING_BRACKETS = /[)）]/;

/** Invisible characters (format controls, combining marks) are skipped as if absent. */
const INVISIBLE = /^[\p{Cf}\p{Mn}\p{Me}]$/u;
const DIGIT_LIKE = /[\p{Nd}\p{No}]/gu;
/** The shortest number masked: a 3-digit area code and a 7-digit local number. */
const MIN_DIGITS = 10;

/**
 * The numbers in the skeleton of a text: each run of digits as groups of ASCII digits joined by
 * one space (whatever separated them), a "+" where one led the run, runs apart by "|".
 * Mobiles are found first, so a landline pattern can never take half of a mobile number:
 *   a mobile, optionally with a country code or a glued trunk 0, starting where a group starts;
 *   a mobile glued to digits before it, ending where its group ends.
 * Then landlines in what is left: an area code as China numbers them (010, 02x, or 4 digits from
 * 03xx on; the 0 left out after a country code) and a 7–8 digit number not starting with 0.
 */
const MOBILE = new RegExp(
  [
    String.raw`(?<![\d+])(?<cc>(?:\+ ?(?:00 ?)?|00 ?)86 ?|(?:0|86)(?=1 ?[3-9](?: ?\d){9}(?!\d)))?(?<mobile>1 ?[3-9](?: ?\d){9})(?!\d)`,
    String.raw`(?<=\d)(?<glued>1[3-9](?: ?\d){9})(?!\d)`,
  ].join('|'),
  'g',
);
const LANDLINE = new RegExp(
  String.raw`(?<![\d+])(?:(?:\+ ?(?:00 ?)?|00 ?)86 ?(?:0 ?)?(?<area>10|2\d|[3-9]\d{2})|(?<trunkArea>0(?:10|2\d|[3-9]\d{2}))) ?(?<local>[1-9](?: ?\d){6,7})(?!\d)`,
  'g',
);

function digitOf(char: string): string | null {
  const code = char.charCodeAt(0);
  if (code >= 48 && code <= 57) return char;
  if (code < 128) return null;
  if (code >= 0xff10 && code <= 0xff19) return String(code - 0xff10);
  DIGIT_LIKE.lastIndex = 0;
  if (!DIGIT_LIKE.test(char)) return null;
  const folded = char.normalize('NFKC');
  return folded.length === 1 && folded >= '0' && folded <= '9' ? folded : null;
}

interface Skeleton {
  text: string;
  /** Offset in the original text where each skeleton character starts and ends. */
  starts: number[];
  ends: number[];
}

/** ASCII characters by role: 1 digit, 2 separator, 3 plus; 0 anything else. */
const ASCII_ROLE = new Uint8Array(128);
for (let code = 48; code <= 57; code += 1) ASCII_ROLE[code] = 1;
for (const char of ' \t.-/()_') ASCII_ROLE[char.charCodeAt(0)] = 2;
ASCII_ROLE[43] = 3;

function skeletonOf(text: string): Skeleton {
  const chars: number[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let inRun = false;
  let pendingSeparators = 0;
  let separatorAt = -1;
  let plusAt = -1;
  const push = (char: number, start: number, end: number) => {
    chars.push(char);
    starts.push(start);
    ends.push(end);
  };
  const endRun = () => {
    if (inRun) push(124, separatorAt, separatorAt); // |
    inRun = false;
    pendingSeparators = 0;
  };
  for (let index = 0; index < text.length; ) {
    const code = text.charCodeAt(index);
    let width = 1;
    let role: number;
    let digit = code - 48;
    if (code < 128) role = ASCII_ROLE[code]!;
    else {
      const point = text.codePointAt(index)!;
      width = point > 0xffff ? 2 : 1;
      const char = text.slice(index, index + width);
      const folded = digitOf(char);
      if (folded !== null) {
        role = 1;
        digit = folded.charCodeAt(0) - 48;
      } else if (INVISIBLE.test(char)) role = 4;
      else if (PLUS.has(char)) role = 3;
      else role = SEPARATORS.has(char) ? 2 : 0;
    }
    if (role === 1) {
      if (!inRun) {
        if (chars.length > 0) push(124, index, index);
        if (plusAt >= 0) push(43, plusAt, plusAt + 1);
        inRun = true;
      } else if (pendingSeparators > 0) push(32, separatorAt, index);
      pendingSeparators = 0;
      plusAt = -1;
      push(48 + digit, index, index + width);
    } else if (role === 4) {
      // invisible: neither joins nor parts digits
    } else if (role === 3) {
      endRun();
      plusAt = index;
    } else if (role === 2 && inRun) {
      if (pendingSeparators === 0) separatorAt = index;
      pendingSeparators += 1;
      if (pendingSeparators > MAX_SEPARATORS) endRun();
    } else if (role !== 2) {
      endRun();
      plusAt = -1;
    }
    index += width;
  }
  let skeleton = '';
  for (let at = 0; at < chars.length; at += 4096) skeleton += String.fromCharCode(...chars.slice(at, at + 4096));
  return { text: skeleton, starts, ends };
}

function maskDigits(digits: string): string {
  return `${digits.slice(0, 3)}${'*'.repeat(Math.max(0, digits.length - 7))}${digits.slice(-4)}`;
}

/** Every phone number in the text, in order, not overlapping. */
/** Whether the text has enough digit-like characters to hold a number: most texts do not. */
function mayHoldNumber(text: string): boolean {
  if (text.length < MIN_DIGITS) return false;
  let digits = 0;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) digits += 1;
    else if (code > 0x7f && !(code >= 0x3400 && code <= 0x9fff) && digitOf(String.fromCodePoint(text.codePointAt(index)!)) !== null) digits += 1;
    if (digits >= MIN_DIGITS) return true;
  }
  return false;
}

export function findPhoneNumbers(text: string): PhoneNumberMatch[] {
  if (!mayHoldNumber(text)) return [];
  const skeleton = skeletonOf(text);
  const spans: Array<{ first: number; last: number; kind: PhoneNumberKind; digits: string }> = [];
  let rest = skeleton.text;
  for (const match of skeleton.text.matchAll(MOBILE)) {
    const groups = match.groups!;
    const last = match.index + match[0].length - 1;
    spans.push({ first: match.index, last, kind: 'mobile', digits: (groups.mobile ?? groups.glued)!.replace(/ /g, '') });
    rest = `${rest.slice(0, match.index)}${'|'.repeat(match[0].length)}${rest.slice(last + 1)}`;
  }
  for (const match of rest.matchAll(LANDLINE)) {
    const groups = match.groups!;
    const area = groups.area !== undefined ? `0${groups.area}` : groups.trunkArea!;
    spans.push({ first: match.index, last: match.index + match[0].length - 1, kind: 'landline', digits: `${area}${groups.local!.replace(/ /g, '')}` });
  }
  spans.sort((a, b) => a.first - b.first);
  return spans.map(({ first, last, kind, digits }) => {
    let start = skeleton.starts[first]!;
    const end = skeleton.ends[last]!;
    // "(010) 12345678": the bracket before the area code goes with the number.
    if (start > 0 && OPENING_BRACKETS.has(text[start - 1]!) && CLOSING_BRACKETS.test(text.slice(start, end))) start -= 1;
    return { start, end, kind, masked: maskDigits(digits) };
  });
}

/** The one masking function: the text with every phone number masked, the rest untouched. */
export function maskPhoneNumbers(text: string): string {
  const found = findPhoneNumbers(text);
  if (found.length === 0) return text;
  let masked = '';
  let at = 0;
  for (const number of found) {
    masked += text.slice(at, number.start) + number.masked;
    at = number.end;
  }
  return masked + text.slice(at);
}

export function containsPhoneNumber(text: string): boolean {
  return findPhoneNumbers(text).length > 0;
}
