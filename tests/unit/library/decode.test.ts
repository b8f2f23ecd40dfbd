import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MAX_IMPORT_BYTES, decodeImportBytes, normalizeEncodingName, type DecodeResult } from '@/knowledge/files/text-decoding';
import { checkLibraryFile } from '@/knowledge/case-library/library-check';
import { OPTIONS, utf8 } from './library-fixtures';

/** Made with `iconv -f utf-8 -t gb18030`, as Excel's "CSV (Comma delimited)" saves in a Chinese office. */
const GB18030_CSV = new Uint8Array(readFileSync(new URL('./fixtures/library-gb18030.csv', import.meta.url)));

const TEXT = 'id,title\r\nsms-1,短信发不出去，“验证码”收不到\r\n';

const GB_SENTENCE = 'b6ccd0c5b7a2b2bbb3f6c8a5a3acd1e9d6a4c2ebcad5b2bbb5bda3acbfcdbba7badcd7c5bcb1a1a3';

function hex(text: string): Uint8Array {
  return new Uint8Array(text.match(/../g)!.map((pair) => parseInt(pair, 16)));
}

function decodedText(result: DecodeResult): string {
  if (!result.ok) throw new Error(`expected text, got ${result.problem.code}`);
  return result.decoded.text;
}

function withBom(bom: number[], body: Uint8Array): Uint8Array {
  return new Uint8Array([...bom, ...body]);
}

function utf16(text: string, endian: 'le' | 'be'): Uint8Array {
  const bytes = new Uint8Array(text.length * 2);
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    bytes[index * 2 + (endian === 'le' ? 0 : 1)] = code & 0xff;
    bytes[index * 2 + (endian === 'le' ? 1 : 0)] = code >> 8;
  }
  return bytes;
}

describe('detecting the encoding of an imported file', () => {
  it('reads UTF-8 without a BOM', () => {
    const result = decodeImportBytes(utf8(TEXT));
    expect(decodedText(result)).toBe(TEXT);
    expect(result.ok && result.decoded).toMatchObject({ encoding: 'utf-8', bom: false, detected: true, warnings: [] });
  });

  it('reads UTF-8 with a BOM and removes the BOM', () => {
    const result = decodeImportBytes(withBom([0xef, 0xbb, 0xbf], utf8(TEXT)));
    expect(decodedText(result)).toBe(TEXT);
    expect(result.ok && result.decoded).toMatchObject({ encoding: 'utf-8', bom: true });
  });

  it.each([
    ['utf-16le', [0xff, 0xfe], 'le'],
    ['utf-16be', [0xfe, 0xff], 'be'],
  ] as const)('reads %s with a BOM (Excel\'s "Unicode text")', (encoding, bom, endian) => {
    const result = decodeImportBytes(withBom([...bom], utf16(TEXT, endian)));
    expect(decodedText(result)).toBe(TEXT);
    expect(result.ok && result.decoded.encoding).toBe(encoding);
  });

  it('imports a tab-separated UTF-16LE file as Excel saves "Unicode text"', () => {
    const text = 'id\ttitle\tscenario\tsolution\tscript\tcategoryIds\r\nsms-1\t验证码收不到\t客户收不到验证码，很着急。\t核查短信通道。\t我已记录，[X] 小时内回电。\tsms\r\n';
    const check = checkLibraryFile(withBom([0xff, 0xfe], utf16(text, 'le')), { ...OPTIONS, fileName: '话术.txt' });
    expect(check.encoding).toBe('utf-16le');
    expect(check.problems).toEqual([]);
    expect(check.valid.map((found) => [found.id, found.title, found.categoryIds])).toEqual([['sms-1', '验证码收不到', ['sms']]]);
  });

  it('reads GB18030/GBK when the bytes are not UTF-8, and says so', () => {
    const result = decodeImportBytes(GB18030_CSV);
    expect(result.ok && result.decoded).toMatchObject({ encoding: 'gb18030', detected: true, warnings: [] });
    expect(decodedText(result)).toContain('短信发不出去');
    expect(decodedText(result)).toContain('客户说""短信一直发送失败""');
  });

  it('imports the GB18030 spreadsheet, pointing at the row with the unknown category', () => {
    const check = checkLibraryFile(GB18030_CSV, { ...OPTIONS, fileName: 'library-gb18030.csv' });
    expect(check.encoding).toBe('gb18030');
    expect(check.valid.map((found) => [found.id, found.title, found.updatedAt])).toEqual([
      ['sms-201', '短信发不出去', '2026-11-05'],
      ['roam-201', '漫游流量超预期', '2026-11-06'],
    ]);
    expect(check.valid[0]?.categoryIds).toEqual(['sms']); // written as its name, 短信/彩信
    expect(check.valid[0]?.keywords).toEqual(['短信', '发送失败']);
    expect(check.problems.map((found) => [found.code, found.row, found.line, found.column])).toEqual([
      ['unknown-category', 4, 5, '分类'],
    ]);
  });

  it('uses the encoding the lead chose, and refuses bytes that do not decode in it', () => {
    const chosen = decodeImportBytes(GB18030_CSV, { encoding: 'gb18030' });
    expect(chosen.ok && chosen.decoded).toMatchObject({ encoding: 'gb18030', detected: false });
    const wrong = decodeImportBytes(GB18030_CSV, { encoding: 'utf-8' });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.problem).toMatchObject({ code: 'undecodable-text', params: { encoding: 'utf-8', line: 1 } });
    expect(!wrong.ok && wrong.problem.message.zh).toContain('请选择正确的编码');
  });

  it('lets a byte-order mark win over a wrong choice, with a warning', () => {
    const result = decodeImportBytes(withBom([0xef, 0xbb, 0xbf], utf8(TEXT)), { encoding: 'gb18030' });
    expect(decodedText(result)).toBe(TEXT);
    expect(result.ok && result.decoded.warnings.map((found) => found.code)).toEqual(['encoding-from-bom']);
  });

  it('reads Big5 as Big5, not as the GB18030 it also decodes as, and says so', () => {
    // "短信發不出去，驗證碼收不到" in Big5, repeated: valid GB18030 bytes too, but nonsense that way.
    const big5 = [0xb5, 0x75, 0xab, 0x48, 0xb5, 0x6f, 0xa4, 0xa3, 0xa5, 0x58, 0xa5, 0x68, 0xa1, 0x41, 0xc5, 0xe7, 0xc3, 0xd2, 0xbd, 0x58, 0xa6, 0xac, 0xa4, 0xa3, 0xa8, 0xec];
    const bytes = new Uint8Array(Array.from({ length: 4 }, () => big5).flat());
    const result = decodeImportBytes(bytes);
    expect(result.ok && result.decoded.encoding).toBe('big5');
    expect(decodedText(result)).toContain('短信發不出去');
    expect(result.ok && result.decoded.warnings.map((found) => found.code)).toEqual(['encoding-detected']);
  });

  it('reads EUC-KR (Korean) as EUC-KR, not as the common hanzi it also decodes to in GB18030', () => {
    const korean = hex('b0edb0b4b4d420bfe4b1dd20b9aec0c720b0a8bbe7c7d5b4cfb4d92e20c8aec0ce20c8c420c3b3b8aec7d820b5e5b8aeb0dabdc0b4cfb4d92e');
    const result = decodeImportBytes(korean);
    expect(result.ok && result.decoded.encoding).toBe('euc-kr');
    expect(decodedText(result)).toBe('고객님 요금 문의 감사합니다. 확인 후 처리해 드리겠습니다.');
    expect(result.ok && result.decoded.warnings.map((found) => found.code)).toEqual(['encoding-detected']);
  });

  it('keeps GB18030 for simplified Chinese, without a warning', () => {
    const result = decodeImportBytes(hex(GB_SENTENCE));
    expect(result.ok && result.decoded).toMatchObject({ encoding: 'gb18030', warnings: [] });
    expect(decodedText(result)).toBe('短信发不出去，验证码收不到，客户很着急。');
  });

  it.each([
    ['UTF-8', utf8('id,title\r\nsms-1,短信'), 'utf-8', 2],
    ['GB18030', hex(`${GB_SENTENCE}b6`), 'gb18030', 1],
    ['UTF-16LE with a BOM', new Uint8Array([0xff, 0xfe, ...utf16('id,短信', 'le'), 0x41]), 'utf-16le', 1],
  ])('reports %s cut in the middle of a character as truncation', (_label, bytes, encoding, line) => {
    const cut = encoding === 'utf-8' ? bytes.subarray(0, bytes.length - 1) : bytes;
    const result = decodeImportBytes(cut);
    expect(!result.ok && result.problem).toMatchObject({ code: 'truncated-character', params: { encoding, line } });
    expect(!result.ok && result.problem.message.zh).toContain('被截断');
  });

  it('refuses UTF-8 followed by bytes of another encoding as a mixed file', () => {
    const bytes = new Uint8Array([...utf8('id,title\r\nsms-1,短信发不出去验证码收不到客户很着急\r\n'), ...hex(GB_SENTENCE)]);
    const result = decodeImportBytes(bytes);
    expect(!result.ok && result.problem).toMatchObject({ code: 'mixed-encoding', params: { line: 3 } });
  });

  it('honours the lead choosing UTF-16 for a file without a BOM, and otherwise asks for the choice', () => {
    for (const endian of ['le', 'be'] as const) {
      const bytes = utf16(TEXT, endian);
      const detected = decodeImportBytes(bytes, { canChoose: true });
      expect(!detected.ok && detected.problem.code).toBe('utf16-without-bom');
      expect(!detected.ok && detected.problem.message.zh).toContain('UTF-16');
      const chosen = decodeImportBytes(bytes, { encoding: endian === 'le' ? 'utf-16le' : 'utf-16be' });
      expect(decodedText(chosen)).toBe(TEXT);
    }
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, saying on which line', () => {
    const bytes = new Uint8Array([...utf8('id,title\r\nok,'), 0x81, 0x20, ...utf8('x\r\n')]);
    const result = decodeImportBytes(bytes);
    expect(!result.ok && result.problem).toMatchObject({ code: 'unknown-encoding', params: { line: 2 } });
  });

  it('accepts the encoding names people type', () => {
    expect(['GBK', 'gb2312', 'UTF8', 'utf-16', 'UTF_16BE', 'Big5', 'EUC-KR', 'latin1'].map(normalizeEncodingName)).toEqual([
      'gb18030',
      'gb18030',
      'utf-8',
      'utf-16le',
      'utf-16be',
      'big5',
      'euc-kr',
      undefined,
    ]);
  });
});

describe('files that are not a library at all', () => {
  it.each([
    ['an empty file', new Uint8Array(), 'empty-file'],
    ['an .xlsx workbook', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00]), 'workbook-file'],
    ['an .xls workbook', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), 'workbook-file'],
    ['a PNG image', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), 'binary-file'],
    ['text with a NUL byte', utf8('id,title\r\na,\u0000b\r\n'), 'binary-file'],
  ])('refuses %s with a specific problem', (_label, bytes, code) => {
    const result = decodeImportBytes(bytes);
    expect(!result.ok && result.problem.code).toBe(code);
  });

  it('refuses a file over the size limit before reading it, quoting the limit', () => {
    const result = decodeImportBytes(new Uint8Array(MAX_IMPORT_BYTES + 1));
    expect(!result.ok && result.problem).toMatchObject({ code: 'file-too-large', params: { limit: '20 MB' } });
    expect(!result.ok && result.problem.message.zh).toContain('20 MB');
  });
});
