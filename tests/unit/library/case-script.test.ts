import { describe, expect, it } from 'vitest';
import { CaseLibrary, CaseScript, fillPlaceholders, placeholdersIn } from '@/knowledge/case-library/case-script';
import { library, script } from './library-fixtures';

function issues(raw: unknown): string[] {
  const result = CaseScript.safeParse(raw);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.code}`);
}

describe('the case script schema', () => {
  it('accepts a full script and defaults keywords and categories to empty lists', () => {
    const parsed = CaseScript.parse({
      id: 'sms-001',
      title: '短信发不出去',
      scenario: '客户说短信一直发送失败。',
      solution: '核对短信中心号码。',
      script: '我已记录，[X] 个工作日内回电。',
      updatedAt: '2026-11-23',
    });
    expect(parsed.keywords).toEqual([]);
    expect(parsed.categoryIds).toEqual([]);
    expect(parsed.owner).toBeUndefined();
  });

  it('trims text fields, so a stray space from Excel does not make a script "changed"', () => {
    expect(CaseScript.parse(script('a', { title: '  账单异常 ' })).title).toBe('账单异常');
  });

  it.each([
    ['an empty title', { title: '   ' }, 'title: too_small'],
    ['an id with a space', { id: 'billing 001' }, 'id: invalid_format'],
    ['an impossible date', { updatedAt: '2026-02-30' }, 'updatedAt: invalid_format'],
    ['a date in another format', { verifiedAt: '23/11/2026' }, 'verifiedAt: invalid_format'],
    ['a keyword holding a separator', { keywords: ['流量|降速'] }, 'keywords.0: invalid_format'],
    ['a malformed category id', { categoryIds: ['Billing'] }, 'categoryIds.0: invalid_format'],
    ['an empty owner', { owner: '' }, 'owner: too_small'],
    ['a title over 80 characters', { title: '长'.repeat(81) }, 'title: too_big'],
  ])('rejects %s', (_label, overrides, expected) => {
    expect(issues({ ...script('a'), ...overrides })).toContain(expected);
  });

  it('rejects a library that uses one id twice', () => {
    const result = CaseLibrary.safeParse({ ...library([script('a')]), scripts: [script('a'), script('a')] });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['scripts', 1, 'id']);
  });
});

describe('placeholders', () => {
  const text = '您好[先生/女士]，我会在 [X] 个工作日内回电，{工作日} 之前短信通知您，［金额］元会退回。再说一次：[X] 个工作日。【温馨提示】';

  it('lists each placeholder once, in order, with every spelling seen', () => {
    expect(placeholdersIn(text).map((placeholder) => [placeholder.name, placeholder.count])).toEqual([
      ['先生/女士', 1],
      ['X', 2],
      ['工作日', 1],
      ['金额', 1],
    ]);
  });

  it('treats 【】 as a heading, not a placeholder', () => {
    expect(placeholdersIn('【温馨提示】请保持电话畅通')).toEqual([]);
  });

  it('fills every token of a name and leaves unfilled ones visible', () => {
    expect(fillPlaceholders(text, { X: '3', 工作日: '周五', 金额: ' ' })).toBe(
      '您好[先生/女士]，我会在 3 个工作日内回电，周五 之前短信通知您，［金额］元会退回。再说一次：3 个工作日。【温馨提示】',
    );
  });

  it('does not read inherited object properties as values', () => {
    expect(fillPlaceholders('[constructor]', {})).toBe('[constructor]');
  });
});
