import { describe, expect, it } from 'vitest';
import { checkLibraryText, incomingLibrary } from '@/knowledge/case-library/library-check';
import { applyImport, diffLibrary, previewImport, sameScript } from '@/knowledge/case-library/library-diff';
import { HEADER, OPTIONS, csv, library, script } from './library-fixtures';

const current = library([script('a'), script('b'), script('c', { owner: '计费组' }), script('d')], '现行案例库', '5');
const incoming = {
  name: '华东区案例库',
  version: '6',
  scripts: [
    script('b', { script: '新的话术：[X] 个工作日内回电。' }), // changed
    script('a'), // unchanged
    script('e'), // added
    script('c', { owner: '计费组', keywords: ['话费', '账单'] }), // changed: a keyword more
  ],
};

describe('preview: what an import would do to the current library', () => {
  it('counts added, changed, unchanged and removed for both modes', () => {
    const preview = previewImport(current, incoming.scripts);
    expect(preview.replace).toEqual({ mode: 'replace', added: ['e'], changed: ['b', 'c'], unchanged: ['a'], removed: ['d'] });
    expect(preview.merge).toEqual({ mode: 'merge', added: ['e'], changed: ['b', 'c'], unchanged: ['a'], removed: [] });
  });

  it('sees no change in a script re-imported from its own CSV export', () => {
    const check = checkLibraryText(csv(HEADER, 'a,标题 a,客户反映本月话费异常。,核对账单明细，必要时提交核查工单。,"您的心情我理解，我已记录，[X] 个工作日内回电告知结果。",话费,billing,2026-11-01,,'), OPTIONS);
    expect(diffLibrary(current, check.valid, 'merge').unchanged).toEqual(['a']);
  });

  it('compares every field, including an optional one appearing', () => {
    expect(sameScript(script('a'), script('a'))).toBe(true);
    expect(sameScript(script('a'), script('a', { verifiedAt: '2026-11-20' }))).toBe(false);
    expect(sameScript(script('a'), script('a', { categoryIds: ['billing', 'sms'] }))).toBe(false);
  });
});

describe('applying an import', () => {
  it('replace: the library becomes the file, with its name and version', () => {
    const next = applyImport(current, incoming, 'replace');
    expect([next.name, next.version]).toEqual(['华东区案例库', '6']);
    expect(next.scripts.map((found) => found.id)).toEqual(['b', 'a', 'e', 'c']);
  });

  it('merge: updates in place, appends new scripts, removes nothing, keeps the current name', () => {
    const next = applyImport(current, incoming, 'merge');
    expect([next.name, next.version]).toEqual(['现行案例库', '6']);
    expect(next.scripts.map((found) => found.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(next.scripts[1]?.script).toBe('新的话术：[X] 个工作日内回电。');
    expect(next.scripts[2]?.keywords).toEqual(['话费', '账单']);
  });

  it('imports only the valid rows when the lead chooses to', () => {
    const check = checkLibraryText(csv(HEADER, 'e,t,s,so,sc,,,,,', 'f,,s,so,sc,,,,,'), { ...OPTIONS, fileName: '补充_v7.csv' });
    const next = applyImport(current, incomingLibrary(check), 'merge');
    expect(next.scripts.map((found) => found.id)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('leaves the current library untouched (the caller writes the result in one go)', () => {
    const before = structuredClone(current);
    applyImport(current, incoming, 'replace');
    applyImport(current, incoming, 'merge');
    expect(current).toEqual(before);
  });
});
