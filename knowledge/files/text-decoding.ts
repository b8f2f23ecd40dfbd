import { formatBytes, problem, type ImportProblem } from './file-problems';
import { COMMON_HANGUL, COMMON_SIMPLIFIED, COMMON_TRADITIONAL } from './common-characters';

/**
 * Bytes of an imported file → text, never mis-decoded silently. Every importer uses this: the
 * library and taxonomy import, the click-log merge and the backup restore. Excel in a Chinese
 * office saves "CSV" as GB18030/GBK, "CSV UTF-8" with a BOM and "Unicode text" as UTF-16LE with a
 * BOM; Hong Kong and Taiwan offices save Big5. Detection, in order:
 *   1. refuse what is not a text file: empty, over the size limit, an Excel workbook;
 *   2. a byte-order mark decides (it wins over a chosen encoding, with a warning);
 *   3. a chosen encoding is used strictly (UTF-16 without a BOM too);
 *   4. refuse UTF-16 without a BOM (the byte order is a guess) and binary files;
 *   5. strict UTF-8; valid UTF-8 cut in the middle of a character is truncation, and UTF-8
 *      followed by other bytes is a mixed file;
 *   6. otherwise GB18030, Big5 or EUC-KR, whichever reads as the most common characters of its
 *      script, strictly; a warning when that is not GB18030 or when even the best reads as rare
 *      characters.
 * Bytes that do not decode in the encoding used are an error, never replaced with "�"; a file
 * that ends inside a character is reported as cut short.
 */

export const SUPPORTED_ENCODINGS = ['utf-8', 'gb18030', 'big5', 'euc-kr', 'utf-16le', 'utf-16be'] as const;
export type TextEncodingName = (typeof SUPPORTED_ENCODINGS)[number];

/** The largest library or taxonomy file an import reads: far above a 20,000-script library. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface TextDecoding {
  encoding: TextEncodingName;
  /** Whether a byte-order mark was present (decoding starts after it). */
  bom: boolean;
  /** True when the encoding was detected, false when the caller's choice was used. */
  detected: boolean;
  /** Non-blocking doubts about the encoding, shown with the preview. */
  warnings: ImportProblem[];
}

export interface DecodedText extends TextDecoding {
  text: string;
}

export type DecodeResult = { ok: true; decoded: DecodedText } | { ok: false; problem: ImportProblem };
export type DetectResult = { ok: true; decoding: TextDecoding } | { ok: false; problem: ImportProblem };

export interface DecodeOptions {
  /** The lead's choice; detection when absent. */
  encoding?: TextEncodingName;
  maxBytes?: number;
  /** Whether the user can choose an encoding (the import page, the CLI): changes the advice. */
  canChoose?: boolean;
  /** Files Iceberg itself writes in UTF-8 (click logs, backups): any other encoding is a warning. */
  expectUtf8?: boolean;
}

/** Accepts the names people type (gbk, GB2312, utf8, utf-16, big5-hkscs) in the CLI and the picker. */
export function normalizeEncodingName(value: string): TextEncodingName | undefined {
  const name = value.trim().toLowerCase().replace(/_/g, '-');
  if (['utf8', 'utf-8', 'utf-8-bom'].includes(name)) return 'utf-8';
  if (['gbk', 'gb2312', 'gb18030', 'cp936'].includes(name)) return 'gb18030';
  if (['big5', 'big5-hkscs', 'cp950'].includes(name)) return 'big5';
  if (['euc-kr', 'euckr', 'cp949', 'ks-c-5601-1987'].includes(name)) return 'euc-kr';
  if (['utf-16', 'utf16', 'utf16le', 'utf-16le', 'unicode'].includes(name)) return 'utf-16le';
  if (['utf16be', 'utf-16be'].includes(name)) return 'utf-16be';
  return undefined;
}

/** The whole file as one text (library and taxonomy files, at most 20 MB). */
export function decodeImportBytes(bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  const detected = detectEncoding(bytes, { maxBytes: MAX_IMPORT_BYTES, ...options });
  if (!detected.ok) return detected;
  const text = [...decodedChunks(bytes, detected.decoding)].join('');
  if (text.includes('\u0000')) return { ok: false, problem: problem('binary-file') };
  return { ok: true, decoded: { ...detected.decoding, text } };
}

/** Which encoding the bytes are in, or why they cannot be read; reads the bytes, keeps no text. */
export function detectEncoding(bytes: Uint8Array, options: DecodeOptions = {}): DetectResult {
  const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  if (bytes.length === 0) return { ok: false, problem: problem('empty-file') };
  if (bytes.length > maxBytes) {
    return { ok: false, problem: problem('file-too-large', { size: formatBytes(bytes.length), limit: formatBytes(maxBytes) }) };
  }
  if (isWorkbook(bytes)) return { ok: false, problem: problem('workbook-file') };

  const bom = byteOrderMark(bytes);
  if (bom) {
    const pass = strictPass(bytes, bom.encoding, bom.length);
    if (!pass.ok) return { ok: false, problem: passProblem(pass, bom.encoding) };
    const warnings = options.encoding && options.encoding !== bom.encoding ? [problem('encoding-from-bom', { chosen: options.encoding, encoding: bom.encoding })] : [];
    return { ok: true, decoding: { encoding: bom.encoding, bom: true, detected: true, warnings } };
  }
  if (options.encoding) {
    const pass = strictPass(bytes, options.encoding, 0);
    if (!pass.ok) return { ok: false, problem: passProblem(pass, options.encoding) };
    return { ok: true, decoding: { encoding: options.encoding, bom: false, detected: false, warnings: [] } };
  }
  if (looksUtf16(bytes)) return { ok: false, problem: problem('utf16-without-bom', { canChoose: options.canChoose ? 'yes' : 'no' }) };
  if (looksBinary(bytes)) return { ok: false, problem: problem('binary-file') };

  const utf8 = strictPass(bytes, 'utf-8', 0);
  if (utf8.ok) return { ok: true, decoding: { encoding: 'utf-8', bom: false, detected: true, warnings: [] } };
  if (utf8.atEnd) return { ok: false, problem: passProblem(utf8, 'utf-8') };
  if (utf8.goodNonAscii >= MIXED_FILE_MIN_CHARACTERS) return { ok: false, problem: problem('mixed-encoding', { line: utf8.line }) };

  const legacy = likeliestLegacyEncoding(bytes);
  const pass = strictPass(bytes, legacy.encoding, 0);
  if (!pass.ok) {
    return { ok: false, problem: pass.atEnd ? passProblem(pass, legacy.encoding) : problem('unknown-encoding', { line: utf8.line }) };
  }
  const warnings: ImportProblem[] = [];
  if (legacy.doubtful) warnings.push(problem('doubtful-encoding', { encoding: legacy.encoding }));
  else if (legacy.encoding !== 'gb18030' || options.expectUtf8) warnings.push(problem('encoding-detected', { encoding: legacy.encoding }));
  return { ok: true, decoding: { encoding: legacy.encoding, bom: false, detected: true, warnings } };
}

/** A file's text, a slice at a time, in the encoding detected (merge, restore, CLI). */
export type FileText = { ok: true; chunks: Iterable<string>; encoding: TextEncodingName; warnings: ImportProblem[] } | { ok: false; problem: ImportProblem };

export function fileText(bytes: Uint8Array, options: DecodeOptions = {}): FileText {
  const detected = detectEncoding(bytes, options);
  if (!detected.ok) return detected;
  return { ok: true, chunks: decodedChunks(bytes, detected.decoding), encoding: detected.decoding.encoding, warnings: detected.decoding.warnings };
}

/** Text an importer reads: whole, or a slice at a time. */
export type TextSource = string | Iterable<string> | AsyncIterable<string>;

/** What merge and restore read, as text: bytes decoded strictly (UTF-8 expected), text as it is. */
export type ContentText =
  | { ok: true; chunks: TextSource; encoding: TextEncodingName | null; warnings: ImportProblem[] }
  | { ok: false; problem: ImportProblem };

export function contentText(content: TextSource | Uint8Array): ContentText {
  if (!(content instanceof Uint8Array)) return { ok: true, chunks: content, encoding: null, warnings: [] };
  return fileText(content, { expectUtf8: true });
}

const CHUNK_BYTES = 1 << 20;

/** The text of bytes whose encoding `detectEncoding` found, a slice at a time. */
export function* decodedChunks(bytes: Uint8Array, decoding: TextDecoding, chunkBytes = CHUNK_BYTES): Generator<string> {
  const decoder = new TextDecoder(decoding.encoding, { fatal: true, ignoreBOM: true });
  const start = decoding.bom ? (decoding.encoding === 'utf-8' ? 3 : 2) : 0;
  for (let at = start; at < bytes.length; at += chunkBytes) {
    const text = decoder.decode(bytes.subarray(at, Math.min(at + chunkBytes, bytes.length)), { stream: true });
    if (text) yield text;
  }
  const last = decoder.decode();
  if (last) yield last;
}

type Pass = { ok: true } | { ok: false; line: number; atEnd: boolean; goodNonAscii: number; count: number };

/** A file with this many characters of valid UTF-8 before a bad byte is UTF-8 spoilt, not another encoding. */
const MIXED_FILE_MIN_CHARACTERS = 16;

/**
 * Decodes strictly without keeping the text: where the first bad byte is (its line), whether the
 * bytes only end in the middle of a character, and how much valid non-ASCII text came before.
 */
function strictPass(bytes: Uint8Array, encoding: TextEncodingName, start: number): Pass {
  const decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true });
  let lines = 1;
  let goodNonAscii = 0;
  for (let at = start; at < bytes.length; at += CHUNK_BYTES) {
    const end = Math.min(at + CHUNK_BYTES, bytes.length);
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(at, end), { stream: true });
    } catch {
      const where = firstBadByte(bytes, encoding, start, end);
      return { ok: false, line: where.line, atEnd: false, goodNonAscii: goodNonAscii + where.goodNonAscii, count: where.count };
    }
    lines += countLineBreaks(text);
    goodNonAscii += countNonAscii(text);
  }
  try {
    decoder.decode();
  } catch {
    return { ok: false, line: lines, atEnd: true, goodNonAscii, count: 1 };
  }
  return { ok: true };
}

/** Decodes leniently once, only to say where the first bad byte is and how many there are. */
function firstBadByte(bytes: Uint8Array, encoding: TextEncodingName, start: number, end: number): { line: number; goodNonAscii: number; count: number } {
  const lenient = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes.subarray(start, end));
  const first = lenient.indexOf('\uFFFD');
  const before = first < 0 ? lenient : lenient.slice(0, first);
  return { line: countLineBreaks(before) + 1, goodNonAscii: countNonAscii(before), count: Math.max(1, lenient.split('\uFFFD').length - 1) };
}

function passProblem(pass: Extract<Pass, { ok: false }>, encoding: TextEncodingName): ImportProblem {
  return pass.atEnd
    ? problem('truncated-character', { encoding, line: pass.line })
    : problem('undecodable-text', { encoding, count: pass.count, line: pass.line });
}

function countLineBreaks(text: string): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) count += 1;
  return count;
}

function countNonAscii(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) if (text.charCodeAt(index) > 0x7f) count += 1;
  return count;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, index) => bytes[index] === byte);
}

/** .xlsx (a ZIP) or .xls/.et (OLE2): the most common wrong file a lead picks. */
function isWorkbook(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
}

function byteOrderMark(bytes: Uint8Array): { encoding: TextEncodingName; length: number } | undefined {
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { encoding: 'utf-8', length: 3 };
  if (startsWith(bytes, [0xff, 0xfe])) return { encoding: 'utf-16le', length: 2 };
  if (startsWith(bytes, [0xfe, 0xff])) return { encoding: 'utf-16be', length: 2 };
  return undefined;
}

const SNIFF_BYTES = 8192;

/** NUL bytes, or many control characters, never occur in CSV or JSON text without a BOM. */
function looksBinary(bytes: Uint8Array): boolean {
  const length = Math.min(bytes.length, SNIFF_BYTES);
  let control = 0;
  for (let index = 0; index < length; index++) {
    const byte = bytes[index]!;
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d && byte !== 0x0c) control++;
  }
  return control > length * 0.05;
}

/** ASCII text in UTF-16: every other byte is 0, always on the same side. */
function looksUtf16(bytes: Uint8Array): boolean {
  const length = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (length < 4) return false;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let index = 0; index < length; index += 2) {
    if (bytes[index] === 0) evenZeros += 1;
    if (bytes[index + 1] === 0) oddZeros += 1;
  }
  const pairs = length / 2;
  return (evenZeros > pairs * 0.3 && oddZeros < pairs * 0.05) || (oddZeros > pairs * 0.3 && evenZeros < pairs * 0.05);
}

const LEGACY_CANDIDATES: ReadonlyArray<{ encoding: TextEncodingName; common: ReadonlySet<string> }> = [
  { encoding: 'gb18030', common: COMMON_SIMPLIFIED },
  { encoding: 'big5', common: COMMON_TRADITIONAL },
  { encoding: 'euc-kr', common: COMMON_HANGUL },
];

/** Too few characters to judge by: GB18030, the Chinese office default, is taken. */
const MIN_SCORED_CHARACTERS = 12;
/** Text in its right encoding is mostly common characters; a wrong reading stays far below this. */
const PLAUSIBLE_SHARE = 0.35;
const SAMPLE_BYTES = 256 * 1024;

/**
 * GB18030, Big5 or EUC-KR, by how much of the decoded text is common characters of the script:
 * the same bytes read in a wrong one of these decode (mostly) but come out as rare characters.
 */
function likeliestLegacyEncoding(bytes: Uint8Array): { encoding: TextEncodingName; doubtful: boolean } {
  const sample = bytes.subarray(0, Math.min(bytes.length, SAMPLE_BYTES));
  let best = { encoding: 'gb18030' as TextEncodingName, share: -1, letters: 0 };
  for (const candidate of LEGACY_CANDIDATES) {
    const text = new TextDecoder(candidate.encoding).decode(sample);
    let letters = 0;
    let common = 0;
    let broken = 0;
    for (const char of text) {
      const code = char.codePointAt(0)!;
      if (code === 0xfffd) broken += 1;
      else if ((code >= 0x3400 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || code >= 0x20000) {
        letters += 1;
        if (candidate.common.has(char)) common += 1;
      }
    }
    const share = letters + broken === 0 ? 0 : common / (letters + broken);
    if (share > best.share) best = { encoding: candidate.encoding, share, letters: letters + broken };
  }
  if (best.letters < MIN_SCORED_CHARACTERS) return { encoding: 'gb18030', doubtful: false };
  return { encoding: best.encoding, doubtful: best.share < PLAUSIBLE_SHARE };
}
