import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_WORK_ORDER_RULE } from '@/knowledge/work-orders/work-order-reference';
import { effectiveWorkOrder, maskWorkOrderReference, readWorkOrderReference, type FrameWorkOrderReport } from '@/knowledge/work-orders/work-order-reference';
import { WorkOrderReference } from '@/knowledge/clicks/click-event';
import { seededRandom } from './helpers';

describe('maskWorkOrderReference', () => {
  it.each([
    ['a bare mobile number', '13812345678', '138****5678'],
    ['a mobile number with +86 and spaces', '+86 138 1234 5678', '138****5678'],
    ['a mobile number with +86 and dashes', '+86-138-1234-5678', '138****5678'],
    ['a mobile number with 86 glued on', '8613812345678', '138****5678'],
    ['a mobile number in 3-4-4 groups', '138 1234 5678', '138****5678'],
    ['a Beijing landline', '010-12345678', '010****5678'],
    ['a Shenzhen landline with a 7-digit number', '0755-1234567', '075****4567'],
    ['a caller id inside a call reference', 'CALL-20261123-0931-13812345678', 'CALL-20261123-0931-138****5678'],
    ['every number in a reference', 'Tel 13812345678 / 13987654321', 'Tel 138****5678 / 139****4321'],
    ['a mobile glued to letters', 'ID13812345678x', 'ID138****5678x'],
  ])('masks %s', (_label, raw, masked) => {
    expect(maskWorkOrderReference(raw)).toBe(masked);
  });

  it.each([
    ['a case id', 'CASE-2026-0001'],
    ['a call reference with date and time', 'CALL-20261123-0931'],
    ['a ticket number', 'TK-88231'],
    ['a 12-digit order number that is not a phone number', '202611230931'],
  ])('leaves %s intact', (_label, reference) => {
    expect(maskWorkOrderReference(reference)).toBe(reference);
  });

  it('collapses whitespace and trims', () => {
    expect(maskWorkOrderReference('  CASE-1 \n\t 客户 张三  ')).toBe('CASE-1 客户 张三');
  });

  it('caps the length so it always fits the event schema', () => {
    const masked = maskWorkOrderReference('A'.repeat(500));
    expect(masked).toHaveLength(64);
    expect(WorkOrderReference.safeParse(masked).success).toBe(true);
  });

  it('masks before it cuts, so a number at the cut leaks no extra digits', () => {
    const masked = maskWorkOrderReference(`${'x'.repeat(56)}13812345678`);
    expect(masked).toBe(`${'x'.repeat(56)}138****5`);
  });

  it('never keeps a raw mobile number, whatever surrounds it (random formats)', () => {
    const random = seededRandom(86);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    for (let i = 0; i < 300; i += 1) {
      const digits = `1${pick(['3', '4', '5', '6', '7', '8', '9'])}${Array.from({ length: 9 }, () => Math.floor(random() * 10)).join('')}`;
      const separator = pick(['', ' ', '-']);
      const written = `${pick(['', '+86', '+86 ', '86', '+86-'])}${digits.slice(0, 3)}${separator}${digits.slice(3, 7)}${separator}${digits.slice(7)}`;
      const raw = `${pick(['', 'CASE-7 ', '来电 ', 'caller:'])}${written}${pick(['', ' 已回访', '/A'])}`;
      const masked = maskWorkOrderReference(raw);
      const maskedNumber = `${digits.slice(0, 3)}****${digits.slice(7)}`;
      expect(masked, raw).toContain(maskedNumber);
      expect(masked.replace(maskedNumber, '#'), raw).not.toMatch(/\d{4}/);
    }
  });

  // BUG: PHONE_NUMBER in knowledge/work-orders/work-order-reference.ts only knows landlines written 0AA(A)-NNNNNNN(N)
  // with ASCII digits. The common ways below reach storage and exports unmasked.
  it.each([
    ['a landline with a space after the area code', '010 12345678', '1234'],
    ['a landline with the area code in brackets', '(010) 12345678', '1234'],
    ['a landline in 4-4 groups', '010-8888-6666', '8888'],
    ['a landline with +86', '+86 10 12345678', '1234'],
    ['a mobile number in full-width digits (Chinese IME)', '１３８１２３４５６７８', '1234'],
  ])('BUG: masks %s', (_label, raw, hiddenDigits) => {
    const masked = maskWorkOrderReference(raw).normalize('NFKC');
    expect(masked).toContain('*');
    expect(masked.replace(/\D/g, '')).not.toContain(hiddenDigits);
  });
});

describe('readWorkOrderReference', () => {
  const url = 'https://crm.example.com/cases/CASE-2026-0042?tab=notes';

  it('uses the selector’s text first (masked)', () => {
    const textOf = vi.fn((selector: string) => (selector === DEFAULT_WORK_ORDER_RULE.selector ? ' 13812345678 ' : null));
    expect(readWorkOrderReference(DEFAULT_WORK_ORDER_RULE, url, textOf)).toBe('138****5678');
    expect(textOf).toHaveBeenCalledWith('#case-ref, [data-case-ref]');
  });

  it.each([
    ['finds nothing', () => null],
    ['finds only whitespace', () => ' \n '],
    ['is not a valid CSS selector (textOf throws)', () => { throw new SyntaxError("'#' is not a valid selector"); }],
  ])('falls back to the URL pattern when the selector %s', (_label, textOf) => {
    expect(readWorkOrderReference(DEFAULT_WORK_ORDER_RULE, url, textOf)).toBe('CASE-2026-0042');
  });

  it('returns null when neither the selector nor the URL gives a reference', () => {
    expect(readWorkOrderReference(DEFAULT_WORK_ORDER_RULE, 'https://crm.example.com/dashboard', () => null)).toBeNull();
    expect(readWorkOrderReference({ selector: '#[' }, url, () => { throw new SyntaxError('bad'); })).toBeNull();
  });

  it('does not touch the page when the rule has no selector', () => {
    const textOf = vi.fn(() => 'from page');
    expect(readWorkOrderReference({ urlPattern: '/calls/(\\d+)' }, 'https://crm.example.com/calls/778899', textOf)).toBe('778899');
    expect(textOf).not.toHaveBeenCalled();
  });

  it('decodes the URL group and masks phone numbers in it', () => {
    const rule = { urlPattern: '/caller/([^/?#]+)' };
    expect(readWorkOrderReference(rule, 'https://crm.example.com/caller/%2B86%20138%201234%205678', () => null)).toBe('138****5678');
    expect(readWorkOrderReference(rule, 'https://crm.example.com/caller/%E0%A4%A', () => null)).toBe('%E0%A4%A');
  });

  it('can match in the query string and fragment, and on a bare path', () => {
    const rule = { urlPattern: '[?&#]case=([A-Z0-9-]+)' };
    expect(readWorkOrderReference(rule, 'https://crm.example.com/work?case=C-77', () => null)).toBe('C-77');
    expect(readWorkOrderReference(rule, 'https://crm.example.com/app#/x?y=1&case=C-78', () => null)).toBe('C-78');
    expect(readWorkOrderReference(DEFAULT_WORK_ORDER_RULE, '/cases/C-79', () => null)).toBe('C-79');
  });
});

describe('effectiveWorkOrder (the work order a tab is on)', () => {
  const report = (frameId: number, workOrderRef: string | null, reportedAt: number, presence: Partial<FrameWorkOrderReport> = {}): FrameWorkOrderReport => ({
    frameId,
    workOrderRef,
    site: 'crm.example.com',
    reportedAt,
    ...presence,
  });
  const refOf = (reports: FrameWorkOrderReport[]) => effectiveWorkOrder(reports).report?.workOrderRef ?? null;

  it('prefers the top frame’s reference even when an iframe reported later', () => {
    expect(refOf([report(3, 'WO-IFRAME', 200), report(0, 'WO-TOP', 100)])).toBe('WO-TOP');
  });

  it('one frame per open work order: the shown one counts, never a hidden one, however recently it reported', () => {
    const reports = [report(0, null, 100), report(3, 'WO-SHOWN', 150), report(5, 'WO-HIDDEN', 300, { visible: false })];
    expect(effectiveWorkOrder(reports)).toEqual({ report: reports[1], uncertain: false });
  });

  it('several shown: the one the agent worked in last', () => {
    const reports = [report(3, 'WO-A', 100, { activeAt: 500 }), report(5, 'WO-B', 300, { activeAt: 400 }), report(7, 'WO-C', 600)];
    expect(refOf(reports)).toBe('WO-A');
  });

  it('says it cannot tell rather than guess: several different shown and none worked in, or only hidden ones', () => {
    expect(effectiveWorkOrder([report(2, 'WO-A', 10), report(4, 'WO-B', 5)])).toEqual({ report: null, uncertain: true });
    expect(effectiveWorkOrder([report(0, null, 1), report(2, 'WO-A', 10, { visible: false })])).toEqual({ report: report(0, null, 1), uncertain: true });
  });

  it('frames that agree are not uncertain', () => {
    expect(effectiveWorkOrder([report(2, 'WO-A', 10), report(4, 'WO-A', 50)])).toEqual({ report: report(4, 'WO-A', 50), uncertain: false });
  });

  it('nothing reported, or no references: no work order, and nothing uncertain', () => {
    expect(effectiveWorkOrder([report(0, null, 100), report(3, null, 200)])).toEqual({ report: report(0, null, 100), uncertain: false });
    expect(effectiveWorkOrder([])).toEqual({ report: null, uncertain: false });
  });
});
