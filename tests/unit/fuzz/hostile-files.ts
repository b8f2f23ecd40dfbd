import type { ProblemCode } from '@/knowledge/files/file-problems';
import { encodeLegacy } from '../legacy-encodings';
import { seededRandom } from '../seeded-random';

/**
 * Hostile files for the three importers, generated from a seed: truncations at every boundary
 * class, wrong and mixed encodings, delimiter and line-end variants, nesting, huge cells and
 * column counts, duplicate and conflicting ids, impossible dates, phone numbers everywhere.
 * Each input says what a user must be told: codes that must all appear, or one of several
 * (a cut lands in different cells), or none (the file is fine as it is).
 */

export interface Expectation {
  all?: ProblemCode[];
  any?: ProblemCode[];
  /** Nothing may be reported at all. */
  clean?: boolean;
}

export interface HostileInput {
  name: string;
  bytes: Uint8Array;
  fileName: string;
  expect: Expectation;
  /** Raw phone numbers the file holds, none of which may be stored. */
  phones: string[];
}

export type Random = () => number;

export function random(seed: number): Random {
  return seededRandom(seed);
}

export const pick = <T>(next: Random, items: readonly T[]): T => items[Math.floor(next() * items.length)]!;

export const utf8 = (text: string) => new TextEncoder().encode(text);

/** A mobile number, and how it is written: plain, grouped, dotted, with zero-width spaces, full-width, +86. */
export function phone(next: Random): { digits: string; written: string } {
  const digits = `1${pick(next, ['3', '5', '7', '8', '9'])}${Array.from({ length: 9 }, () => Math.floor(next() * 10)).join('')}`;
  const style = pick(next, ['plain', 'spaces', 'dots', 'zero-width', 'full-width', '+86', 'glued'] as const);
  const [a, b, c] = [digits.slice(0, 3), digits.slice(3, 7), digits.slice(7)];
  const written: string = {
    plain: digits,
    spaces: `${a} ${b} ${c}`,
    dots: `${a}.${b}.${c}`,
    'zero-width': `${a}\u200b${b}\u200b${c}`,
    'full-width': [...digits].map((digit) => String.fromCharCode(0xff10 + Number(digit))).join(''),
    '+86': `+86 ${a}-${b}-${c}`,
    glued: `ID${digits}x`,
  }[style];
  return { digits, written };
}

/** Where a cut of the text lands, by class: each class yields one position if the text has one. */
export function cutPositions(text: string, next: Random): Array<{ at: number; boundary: string }> {
  const found: Array<{ at: number; boundary: string }> = [];
  const firstBreak = text.indexOf('\n');
  const body = (from: number) => Math.max(from, firstBreak + 1);
  const find = (boundary: string, test: (char: string, index: number) => boolean) => {
    const candidates: number[] = [];
    for (let index = body(1); index < text.length - 2; index += 1) if (test(text[index]!, index)) candidates.push(index);
    if (candidates.length) found.push({ at: pick(next, candidates), boundary });
  };
  find('after a delimiter', (char, index) => text[index - 1] === ',' && char !== '\n');
  find('inside a cell', (char, index) => /[\p{L}\p{N}]/u.test(char) && /[\p{L}\p{N}]/u.test(text[index - 1]!));
  find('inside a quoted cell', (char, index) => text[index - 1] === '"' && char !== ',' && char !== '\r' && char !== '\n');
  find('between CR and LF', (char, index) => text[index - 1] === '\r' && char === '\n');
  find('at a line end', (_char, index) => text[index - 1] === '\n');
  find('before the last line end', (char) => char === '\r');
  return found;
}

export function expectationMet(codes: readonly string[], expectation: Expectation): boolean {
  if (expectation.clean) return codes.length === 0;
  if (expectation.all && !expectation.all.every((code) => codes.includes(code))) return false;
  if (expectation.any && !expectation.any.some((code) => codes.includes(code))) return false;
  return true;
}

/** The same text in another encoding, or several: the wrong- and mixed-encoding variants. */
export function encodingVariants(text: string, name: string, phones: string[], options: { clean: Expectation; legacyExpect: Expectation }): HostileInput[] {
  const withoutBom = text.replace(/^\uFEFF/, '');
  const half = Math.floor(withoutBom.length / 2);
  const cutAt = withoutBom.indexOf('\n', half) + 1;
  const utf16 = (endian: 'le' | 'be', bom: boolean) => {
    const bytes = new Uint8Array((withoutBom.length + (bom ? 1 : 0)) * 2);
    const source = bom ? `\uFEFF${withoutBom}` : withoutBom;
    for (let index = 0; index < source.length; index += 1) {
      const code = source.charCodeAt(index);
      bytes[index * 2 + (endian === 'le' ? 0 : 1)] = code & 0xff;
      bytes[index * 2 + (endian === 'le' ? 1 : 0)] = code >> 8;
    }
    return bytes;
  };
  const inputs: HostileInput[] = [
    { name: `${name}: GB18030`, bytes: encodeLegacy(withoutBom, 'gb18030'), fileName: 'x', expect: options.legacyExpect, phones },
    { name: `${name}: UTF-16LE with a BOM`, bytes: utf16('le', true), fileName: 'x', expect: options.clean, phones },
    { name: `${name}: UTF-16BE without a BOM`, bytes: utf16('be', false), fileName: 'x', expect: { all: ['utf16-without-bom'] }, phones: [] },
    {
      name: `${name}: UTF-8 then GB18030 (two files joined)`,
      bytes: new Uint8Array([...utf8(withoutBom.slice(0, cutAt)), ...encodeLegacy(withoutBom.slice(cutAt), 'gb18030')]),
      fileName: 'x',
      expect: { any: ['mixed-encoding', 'unknown-encoding'] },
      phones: [],
    },
    {
      name: `${name}: stray bytes no encoding decodes`,
      bytes: new Uint8Array([...utf8(withoutBom.slice(0, cutAt)), 0xff, 0xfe, 0xff, 0x80, ...utf8(withoutBom.slice(cutAt))]),
      fileName: 'x',
      expect: { any: ['mixed-encoding', 'unknown-encoding', 'undecodable-text', 'binary-file'] },
      phones: [],
    },
  ];
  return inputs;
}

/** The bytes of a text cut in the middle of its last multi-byte character. */
export function cutInsideCharacter(bytes: Uint8Array): Uint8Array | null {
  for (let index = bytes.length - 1; index > bytes.length / 2; index -= 1) {
    if (bytes[index]! >= 0xe0 && bytes[index]! < 0xf0) return bytes.subarray(0, index + 1);
  }
  return null;
}
