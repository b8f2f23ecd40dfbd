import { formatBytes, problem, type ImportProblem } from './file-problems';

/**
 * Bytes of an imported file → text, never mis-decoded silently. Excel in a Chinese office saves
 * "CSV" as GB18030/GBK, "CSV UTF-8" with a BOM and "Unicode text" as UTF-16LE with a BOM.
 * Detection, in order:
 *   1. refuse what is not a text file: empty, over the size limit, an Excel workbook, binary;
 *   2. a byte-order mark decides (it wins over a chosen encoding, with a warning);
 *   3. a chosen encoding is used strictly;
 *   4. strict UTF-8;
 *   5. strict GB18030 (a superset of GBK and GB2312), with a warning when the result reads as
 *      rare characters, which is what another encoding read as GB18030 looks like.
 * Bytes that do not decode in the encoding used are an error, never replaced with "�".
 */

export const SUPPORTED_ENCODINGS = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'] as const;
export type TextEncodingName = (typeof SUPPORTED_ENCODINGS)[number];

/** The largest file an import reads: far above a 20,000-script library (documented). */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;

export interface DecodedText {
  text: string;
  encoding: TextEncodingName;
  /** Whether a byte-order mark was present (and removed). */
  bom: boolean;
  /** True when the encoding was detected, false when the caller's choice was used. */
  detected: boolean;
  /** Non-blocking doubts about the encoding, shown with the preview. */
  warnings: ImportProblem[];
}

export type DecodeResult = { ok: true; decoded: DecodedText } | { ok: false; problem: ImportProblem };

export interface DecodeOptions {
  /** The lead's choice; detection when absent. */
  encoding?: TextEncodingName;
  maxBytes?: number;
}

/** Accepts the names people type (gbk, GB2312, utf8, utf-16) in the CLI and the picker. */
export function normalizeEncodingName(value: string): TextEncodingName | undefined {
  const name = value.trim().toLowerCase().replace(/_/g, '-');
  if (['utf8', 'utf-8', 'utf-8-bom'].includes(name)) return 'utf-8';
  if (['gbk', 'gb2312', 'gb18030', 'cp936'].includes(name)) return 'gb18030';
  if (['utf-16', 'utf16', 'utf16le', 'utf-16le', 'unicode'].includes(name)) return 'utf-16le';
  if (['utf16be', 'utf-16be'].includes(name)) return 'utf-16be';
  return undefined;
}

export function decodeImportBytes(bytes: Uint8Array, options: DecodeOptions = {}): DecodeResult {
  const maxBytes = options.maxBytes ?? MAX_IMPORT_BYTES;
  if (bytes.length === 0) return { ok: false, problem: problem('empty-file') };
  if (bytes.length > maxBytes) {
    return {
      ok: false,
      problem: problem('file-too-large', { size: formatBytes(bytes.length), limit: formatBytes(maxBytes) }),
    };
  }
  if (isWorkbook(bytes)) return { ok: false, problem: problem('workbook-file') };

  const bom = byteOrderMark(bytes);
  if (bom) {
    const decoded = decodeStrictly(bytes.subarray(bom.length), bom.encoding, { bom: true, detected: true });
    if (decoded.ok && options.encoding && options.encoding !== bom.encoding) {
      decoded.decoded.warnings.push(problem('encoding-from-bom', { chosen: options.encoding, encoding: bom.encoding }));
    }
    return decoded;
  }
  if (looksBinary(bytes)) return { ok: false, problem: problem('binary-file') };
  if (options.encoding) return decodeStrictly(bytes, options.encoding, { bom: false, detected: false });

  const utf8 = decodeStrictly(bytes, 'utf-8', { bom: false, detected: true });
  if (utf8.ok) return utf8;
  const gb = decodeStrictly(bytes, 'gb18030', { bom: false, detected: true });
  if (!gb.ok) return { ok: false, problem: problem('unknown-encoding', { line: utf8.problem.params.line ?? 1 }) };
  if (readsAsRareCharacters(bytes)) gb.decoded.warnings.push(problem('doubtful-encoding', { encoding: 'gb18030' }));
  return gb;
}

function decodeStrictly(
  bytes: Uint8Array,
  encoding: TextEncodingName,
  how: { bom: boolean; detected: boolean },
): DecodeResult {
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    // Decode again leniently only to say where the first bad byte is and how many there are.
    const lenient = new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
    const first = lenient.indexOf('\uFFFD');
    const count = lenient.split('\uFFFD').length - 1;
    const line = first < 0 ? 1 : lenient.slice(0, first).split('\n').length;
    return { ok: false, problem: problem('undecodable-text', { encoding, count: Math.max(count, 1), line }) };
  }
  if (text.includes('\u0000')) return { ok: false, problem: problem('binary-file') };
  return { ok: true, decoded: { text, encoding, bom: how.bom, detected: how.detected, warnings: [] } };
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

/**
 * GB2312 level-1 hanzi (lead bytes B0–D7) are the 3,755 most common characters, well over 95% of
 * ordinary Chinese text. Big5 or Shift-JIS bytes read as GB18030 land mostly outside them.
 * Full-width punctuation (leads A1–A3) counts for neither side; too few characters prove nothing.
 */
function readsAsRareCharacters(bytes: Uint8Array): boolean {
  let common = 0;
  let other = 0;
  for (let index = 0; index < bytes.length; ) {
    const lead = bytes[index]!;
    if (lead < 0x80) {
      index++;
      continue;
    }
    const trail = bytes[index + 1] ?? 0;
    if (trail >= 0x30 && trail <= 0x39) {
      other++; // a four-byte GB18030 sequence: rare characters
      index += 4;
      continue;
    }
    if (lead >= 0xb0 && lead <= 0xd7 && trail >= 0xa1) common++;
    else if (!(lead >= 0xa1 && lead <= 0xa3 && trail >= 0xa1)) other++;
    index += 2;
  }
  return common + other >= 20 && common / (common + other) < 0.6;
}
