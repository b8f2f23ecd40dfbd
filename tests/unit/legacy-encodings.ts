/**
 * Text → bytes in the legacy encodings spreadsheets save (Node's TextEncoder writes UTF-8 only):
 * a reverse table built from TextDecoder over every two-byte sequence. Characters outside the
 * encoding's two-byte table throw, so a test never encodes what it did not mean to.
 */
export type LegacyEncoding = 'gb18030' | 'big5' | 'euc-kr';

const tables = new Map<LegacyEncoding, Map<string, [number, number]>>();

function tableOf(encoding: LegacyEncoding): Map<string, [number, number]> {
  let table = tables.get(encoding);
  if (table) return table;
  table = new Map();
  const decoder = new TextDecoder(encoding, { fatal: true });
  for (let lead = 0x81; lead <= 0xfe; lead += 1) {
    for (let trail = 0x40; trail <= 0xfe; trail += 1) {
      if (trail === 0x7f) continue;
      let char: string;
      try {
        char = decoder.decode(new Uint8Array([lead, trail]));
      } catch {
        continue;
      }
      if ([...char].length === 1 && !table.has(char)) table.set(char, [lead, trail]);
    }
  }
  tables.set(encoding, table);
  return table;
}

export function encodeLegacy(text: string, encoding: LegacyEncoding): Uint8Array<ArrayBuffer> {
  const table = tableOf(encoding);
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code < 0x80) bytes.push(code);
    else {
      const pair = table.get(char);
      if (!pair) throw new Error(`${char} has no two-byte ${encoding} code`);
      bytes.push(...pair);
    }
  }
  return new Uint8Array(bytes);
}
