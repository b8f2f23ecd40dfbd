import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsPhoneNumber, findPhoneNumbers, maskPhoneNumbers } from '@/knowledge/privacy/phone-numbers';

/** The digits a reader would see: NFKC, invisible characters and separators gone. */
function visibleDigits(text: string): string {
  return text.normalize('NFKC').replace(/[^0-9*]/g, '');
}

describe('the privacy gate: disguises of one mobile number', () => {
  it.each([
    ['plain', '13812345678'],
    ['3-4-4 with spaces', '138 1234 5678'],
    ['dashes', '138-1234-5678'],
    ['dots', '138.1234.5678'],
    ['slashes', '138/1234/5678'],
    ['one digit at a time', '1 3 8 1 2 3 4 5 6 7 8'],
    ['spaced dashes', '138 - 1234 - 5678'],
    ['en and em dashes', '138–1234—5678'],
    ['ideographic and no-break spaces', '138\u30001234\u00a05678'],
    ['zero-width spaces', '138\u200b1234\u200b5678'],
    ['zero-width joiners between every digit', [...'13812345678'].join('\u200d')],
    ['a soft hyphen and a word joiner', '1381\u00ad2345\u20606 78'],
    ['full-width digits', '１３８１２３４５６７８'],
    ['full-width digits and hyphens', '１３８－１２３４－５６７８'],
    ['mathematical bold digits', '𝟏𝟑𝟖𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖'],
    ['+86', '+8613812345678'],
    ['+86 and spaces', '+86 138 1234 5678'],
    ['full-width plus', '＋86 138 1234 5678'],
    ['0086', '0086 13812345678'],
    ['+0086', '+0086-138-1234-5678'],
    ['86 glued on', '8613812345678'],
    ['86 glued on, grouped', '86138-1234-5678'],
    ['glued to letters', 'ID13812345678x'],
    ['glued to Chinese', '客户电话13812345678已回访'],
    ['glued after a date stamp', 'CALL2026112313812345678'],
    ['glued after a trunk 0', '013812345678'],
    ['in brackets', '（138）1234-5678'],
  ])('%s', (_label, written) => {
    const masked = maskPhoneNumbers(`来电 ${written} 已回访`);
    expect(masked).toContain('138****5678');
    expect(visibleDigits(masked)).not.toContain('1234');
    expect(containsPhoneNumber(masked)).toBe(false);
  });
});

describe('the privacy gate: landlines', () => {
  it.each([
    ['010-12345678', '010****5678'],
    ['010 12345678', '010****5678'],
    ['(010) 12345678', '010****5678'],
    ['（010）12345678', '010****5678'],
    ['010-8888-6666', '010****6666'],
    ['010.8888.6666', '010****6666'],
    ['0755-1234567', '075****4567'],
    ['0755 8888 6666', '075*****6666'],
    ['01012345678', '010****5678'],
    ['+86 10 12345678', '010****5678'],
    ['+86-755-8888-6666', '075*****6666'],
    ['+86 (0)10 12345678', '010****5678'],
    ['0086 21 6666 8888', '021****8888'],
    ['０２１－６６６６８８８８', '021****8888'],
  ])('%s → %s', (written, expected) => {
    expect(maskPhoneNumbers(`座机 ${written} 转 8`)).toBe(`座机 ${expected} 转 8`);
  });
});

describe('the privacy gate: a landline never takes half of a mobile', () => {
  it.each([
    ['CALL-0931 138.1234.5678', 'CALL-0931 138****5678'],
    ['0931 138 1234 5678', '0931 138****5678'],
    ['010-12345678-123', '010****5678-123'],
  ])('%s', (written, expected) => {
    expect(maskPhoneNumbers(written)).toBe(expected);
  });
});

describe('the privacy gate leaves what is not a phone number', () => {
  it.each([
    'CASE-2026-0001',
    'CALL-20261123-0931',
    'TK-88231',
    '202611230931',
    '1732345678901',
    '请拨打 10086 或 95598',
    '客服热线 400-810-8888',
    '2026-11-23 09:31:05',
    '2026-11-23T09:31:05.120+08:00',
    '30000000-0000-4000-8000-000000000001',
    '192.168.100.200',
    '金额 1,380.00 元，共 12 期',
    '[X] 个工作日内回电',
    '１２３４５',
  ])('%s', (text) => {
    expect(maskPhoneNumbers(text)).toBe(text);
  });
});

const mobileDigits = fc
  .tuple(fc.constantFrom('3', '4', '5', '6', '7', '8', '9'), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 }))
  .map(([second, rest]) => `1${second}${rest.join('')}`);
const gap = fc.array(fc.constantFrom(' ', '-', '.', '\u200b', '\u200d', '\u3000', '–', '\ufeff'), { maxLength: 3 }).map((chars) => chars.join(''));
const fullWidth = (digit: string) => String.fromCharCode(0xff10 + Number(digit));
/** Free text around a number: Chinese, letters, punctuation, never a digit at the edge. */
const surrounding = fc.string({ unit: fc.constantFrom('客', '户', '说', 'A', 'x', '：', ',', '!', ' ', '\n', '工', '单'), maxLength: 8 });

describe('the privacy gate, property-based', () => {
  it('masks a mobile number in any mix of disguises, and no raw digits survive', () => {
    fc.assert(
      fc.property(
        mobileDigits,
        fc.array(gap, { minLength: 10, maxLength: 10 }),
        fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
        fc.constantFrom('', '+86', '+86 ', '0086 ', '86', '＋86-'),
        surrounding,
        surrounding,
        (digits, gaps, wide, prefix, before, after) => {
          const written = [...digits].map((digit, index) => (wide[index] ? fullWidth(digit) : digit) + (gaps[index] ?? '')).join('');
          const masked = maskPhoneNumbers(`${before}${prefix}${written}${after}`);
          expect(visibleDigits(masked)).not.toContain(digits.slice(3, 7));
          expect(masked).toContain(`${digits.slice(0, 3)}****${digits.slice(7)}`);
        },
      ),
      { numRuns: 2000, seed: 86 },
    );
  });

  it('masks a mobile number glued after other digits', () => {
    fc.assert(
      fc.property(mobileDigits, fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 14 }), (digits, glued) => {
        const masked = maskPhoneNumbers(`REF${glued.join('')}${digits}`);
        expect(masked.endsWith(`${digits.slice(0, 3)}****${digits.slice(7)}`)).toBe(true);
      }),
      { numRuns: 1000, seed: 87 },
    );
  });

  it('masks landlines with any area code and local number', () => {
    const area = fc.oneof(
      fc.constantFrom('10', '20', '21', '22', '23', '24', '25', '27', '28', '29'),
      fc.tuple(fc.integer({ min: 3, max: 9 }), fc.integer({ min: 10, max: 99 })).map(([a, b]) => `${a}${b}`),
    );
    const local = fc.tuple(fc.integer({ min: 2, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 6, maxLength: 7 }));
    fc.assert(
      fc.property(area, local, fc.constantFrom('0{a}-{l}', '0{a} {l}', '(0{a}) {l}', '0{a}{l}', '+86 {a} {l}', '0086-{a}-{l}'), (code, [first, rest], format) => {
        const number = `${first}${rest.join('')}`;
        const written = format.replace('{a}', code).replace('{l}', number);
        const masked = maskPhoneNumbers(`电话：${written}。`);
        expect(containsPhoneNumber(masked)).toBe(false);
        expect(visibleDigits(masked)).not.toContain(`${code}${number}`);
        expect(masked.endsWith(`${number.slice(-4)}。`)).toBe(true);
      }),
      { numRuns: 1000, seed: 10 },
    );
  });

  const anyText = fc.string({
    unit: fc.oneof(
      fc.constantFrom(...'0123456789０１２３４５６７８９+- .()（）\u200b客户86'),
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
    ),
    maxLength: 60,
  });

  it('is idempotent, never lengthens a text, and leaves nothing it would mask again', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const masked = maskPhoneNumbers(text);
        expect(maskPhoneNumbers(masked)).toBe(masked);
        expect(masked.length).toBeLessThanOrEqual(text.length);
        expect(findPhoneNumbers(masked)).toEqual([]);
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('changes only the numbers it reports', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const found = findPhoneNumbers(text);
        let rebuilt = '';
        let at = 0;
        for (const number of found) {
          expect(number.start).toBeGreaterThanOrEqual(at);
          rebuilt += text.slice(at, number.start) + number.masked;
          at = number.end;
        }
        expect(maskPhoneNumbers(text)).toBe(rebuilt + text.slice(at));
      }),
      { numRuns: 1000, seed: 12 },
    );
  });
});
