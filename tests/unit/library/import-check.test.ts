import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { SCRIPT_LIMITS } from '@/knowledge/case-library/case-script';
import { checkLibraryFile, checkLibraryText, incomingLibrary, isCleanImport, type LibraryImportCheck } from '@/knowledge/case-library/library-check';
import { formatProblem } from '@/knowledge/files/file-problems';
import { libraryToCsv } from '@/knowledge/files/library-files';
import { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { HEADER, OPTIONS, TODAY, csv, library, script, utf8 } from './library-fixtures';

/** [code, row or entry, column] of every problem: what the lead reads in the list. */
function where(check: LibraryImportCheck): Array<[string, number | undefined, string | undefined]> {
  return check.problems.map((found) => [found.code, found.row ?? found.entry, found.column]);
}

const ROW = 'ok-1,标题,场景,方案,话术,流量,billing,2026-11-01,,';

describe('row problems in a CSV: each listed with row, column and reason', () => {
  it.each([
    ['a required field is empty', 'a,,s,so,sc,,,,,', ['missing-field', 3, 'title']],
    ['the id is empty', ',t,s,so,sc,,,,,', ['missing-field', 3, 'id']],
    ['the id has a space', 'bad id,t,s,so,sc,,,,,', ['invalid-id', 3, 'id']],
    ['a cell is too long', `a,${'长'.repeat(SCRIPT_LIMITS.title + 1)},s,so,sc,,,,,`, ['too-long', 3, 'title']],
    ['a keyword is too long', `a,t,s,so,sc,${'词'.repeat(31)},,,,`, ['too-long', 3, 'keywords']],
    ['too many keywords', `a,t,s,so,sc,${Array.from({ length: 31 }, (_, index) => `k${index}`).join('|')},,,,`, ['too-many-items', 3, 'keywords']],
    ['a date is not a date', 'a,t,s,so,sc,,,下周一,,', ['invalid-date', 3, 'updatedAt']],
    ['a date does not exist', 'a,t,s,so,sc,,,,,2026-02-30', ['invalid-date', 3, 'verifiedAt']],
    ['a category id is malformed', 'a,t,s,so,sc,,Billing Dispute,,,', ['invalid-category-id', 3, 'categoryIds']],
    ['a category is not in the taxonomy', 'a,t,s,so,sc,,billing|billing-5g,,,', ['unknown-category', 3, 'categoryIds']],
    ['a cell has an unquoted comma', 'a,t,s,so,sc,,,,,,,多出来的', ['extra-cells', 3, undefined]],
  ])('%s', (_label, row, expected) => {
    const check = checkLibraryText(csv(HEADER, ROW, row), OPTIONS);
    expect(where(check)).toEqual([expected]);
    expect(check.valid.map((found) => found.id)).toEqual(['ok-1']);
    expect(check.invalidRowCount).toBe(1);
    expect(isCleanImport(check)).toBe(false);
    expect(check.fileProblem).toBe(false);
  });

  it('keeps the first of two rows with the same id and names it', () => {
    const check = checkLibraryText(csv(HEADER, ROW, 'x,t,s,so,sc,,,,,', ROW.replace('标题', '另一个标题')), OPTIONS);
    expect(where(check)).toEqual([['duplicate-id', 4, 'id']]);
    expect(check.problems[0]?.message.zh).toBe('编号“ok-1”重复：第 2 行已经用过。只导入第 2 行，这里的不导入。');
    expect(check.valid.map((found) => [found.id, found.title])).toEqual([
      ['ok-1', '标题'],
      ['x', 't'],
    ]);
  });

  it('lists every problem of a row, not just the first', () => {
    const check = checkLibraryText(csv(HEADER, 'bad id,,s,,sc,,,2026/13/01,,'), OPTIONS);
    expect(where(check)).toEqual([
      ['invalid-id', 2, 'id'],
      ['missing-field', 2, 'title'],
      ['missing-field', 2, 'solution'],
      ['invalid-date', 2, 'updatedAt'],
    ]);
  });

  it('reports the text line too when earlier cells hold line breaks', () => {
    const check = checkLibraryText(csv(HEADER, 'a,t,"第一行\n第二行\n第三行",so,sc,,,,,', 'b,,s,so,sc,,,,,'), OPTIONS);
    expect(check.problems[0]).toMatchObject({ code: 'missing-field', row: 3, line: 5 });
    expect(formatProblem(check.problems[0]!, 'zh')).toBe('错误 · 第 3 行（文本第 5 行） · title: 必填项“title”是空的。');
    expect(formatProblem(check.problems[0]!, 'en')).toBe('error · row 3 (text line 5) · title: Required field "title" is empty.');
  });

  it('names the column as the file wrote it', () => {
    const check = checkLibraryText(csv('编号,标题,场景,方案,话术', 'a,,s,so,sc'), OPTIONS);
    expect(where(check)).toEqual([['missing-field', 2, '标题']]);
    expect(check.problems[0]?.message.zh).toBe('必填项“标题”是空的。');
  });

  it('warns about a retired category but imports the script', () => {
    const taxonomy = Taxonomy.parse({
      ...DEFAULT_TAXONOMY,
      categories: DEFAULT_TAXONOMY.categories.map((category) => (category.id === 'sms' ? { ...category, retired: true } : category)),
    });
    const check = checkLibraryText(csv(HEADER, 'a,t,s,so,sc,,sms,,,'), { ...OPTIONS, taxonomy });
    expect(check.problems.map((found) => [found.code, found.severity])).toEqual([['retired-category', 'warning']]);
    expect(check.valid).toHaveLength(1);
    expect(isCleanImport(check)).toBe(true);
  });
});

describe('problems with the whole CSV file', () => {
  it.each([
    ['a file with no text', '  \r\n', 'empty-file'],
    ['a header but no rows', csv(HEADER, ',,,,,,,,,'), 'no-rows'],
    ['missing required columns', csv('id,title,script', 'a,t,sc'), 'missing-columns'],
    ['a column twice', csv('id,title,标题,scenario,solution,script', 'a,t,t,s,so,sc'), 'duplicate-columns'],
    ['an unclosed quote', csv(HEADER, ROW, 'a,"t,s,so,sc,,,,,', ROW), 'csv-syntax'],
    ['a stray quote after a quoted cell', csv(HEADER, 'a,"他说"好的",s,so,sc,,,,,'), 'csv-syntax'],
  ])('%s stops the import with a specific problem', (_label, text, code) => {
    const check = checkLibraryText(text, OPTIONS);
    expect(check.problems.map((found) => found.code)).toContain(code);
    expect(check.fileProblem).toBe(true);
    expect(check.valid).toEqual([]);
  });

  it('names the missing columns and the accepted header names', () => {
    const check = checkLibraryText(csv('编号,名称,内容', 'a,t,sc'), OPTIONS);
    expect(check.problems[0]).toMatchObject({ code: 'missing-columns', row: 1, params: { columns: 'title, scenario, solution, script' } });
    expect(check.problems[0]?.message.zh).toContain('标题');
  });

  it('points at the row where a quote is left open', () => {
    const check = checkLibraryText(csv(HEADER, ROW, 'a,"t,s,so,sc,,,,,', ROW), OPTIONS);
    expect(check.problems[0]).toMatchObject({ code: 'csv-syntax', row: 3, params: { detail: 'unclosed-quote' } });
  });

  it('warns about unknown columns, imports the rest, and says they are not imported', () => {
    const check = checkLibraryText(csv(`${HEADER},备注`, `${ROW},内部备注`), OPTIONS);
    expect(check.problems.map((found) => [found.code, found.severity, found.params.columns])).toEqual([['unknown-columns', 'warning', '备注']]);
    expect(check.problems[0]?.message.zh).toContain('不会导入');
    expect(check.valid).toHaveLength(1);
  });

  it('refuses more rows than a library holds', () => {
    const rows = Array.from({ length: SCRIPT_LIMITS.scriptsPerLibrary + 1 }, (_, index) => `s${index},t,s,so,sc`);
    const check = checkLibraryText(csv('id,title,scenario,solution,script', ...rows), OPTIONS);
    expect(check.problems.map((found) => found.code)).toEqual(['too-many-rows']);
  });
});

describe('JSON files', () => {
  const good = { schemaVersion: 1, name: '华东区案例库', version: '3', scripts: [script('a'), script('b')] };

  it('takes name and version from the file', () => {
    const check = checkLibraryText(JSON.stringify(good), OPTIONS);
    expect([check.format, check.name, check.version, check.valid.length, check.problems]).toEqual(['json', '华东区案例库', '3', 2, []]);
  });

  it('accepts a bare array of scripts, named after the file', () => {
    const check = checkLibraryText(JSON.stringify([script('a')]), { ...OPTIONS, fileName: 'scripts.json' });
    expect([check.name, check.version, check.valid.length]).toEqual(['scripts', TODAY, 1]);
  });

  it('locates problems by entry and property, including wrong types', () => {
    const scripts = [script('a'), { ...script('b'), keywords: '流量|降速', title: 42 }, { ...script('c'), updatedAt: '2026/11/01' }, 'not a script'];
    const check = checkLibraryText(JSON.stringify({ ...good, scripts }), OPTIONS);
    expect(where(check)).toEqual([
      ['wrong-type', 2, 'title'],
      ['wrong-type', 2, 'keywords'],
      ['invalid-date', 3, 'updatedAt'],
      ['wrong-type', 4, 'scripts'],
    ]);
    expect(check.problems[1]?.message.zh).toBe('“keywords”的类型不对：应为列表（数组），实际是 string。');
    expect(formatProblem(check.problems[0]!, 'zh')).toMatch(/^错误 · 第 2 条 · title: /);
    expect(check.valid.map((found) => found.id)).toEqual(['a']);
  });

  it('warns once about a property the schema does not know (a typo would lose data)', () => {
    const scripts = [{ ...script('a'), keyword: ['流量'] }, { ...script('b'), keyword: ['降速'] }];
    const check = checkLibraryText(JSON.stringify({ ...good, scripts }), OPTIONS);
    expect(check.problems.map((found) => [found.code, found.entry, found.params.columns])).toEqual([['unknown-columns', 1, 'keyword']]);
  });

  it.each([
    ['malformed JSON', '{"schemaVersion": 1, "name": "x",,}', 'not-json'],
    ['another shape', '{"categories": []}', 'json-shape'],
    ['a newer schema version', JSON.stringify({ ...good, schemaVersion: 2 }), 'unsupported-schema-version'],
    ['a library without a name', JSON.stringify({ ...good, name: '' }), 'missing-field'],
    ['no scripts', JSON.stringify({ ...good, scripts: [] }), 'no-rows'],
  ])('%s is a problem with the whole file', (_label, text, code) => {
    const check = checkLibraryText(text, OPTIONS);
    expect(check.problems.map((found) => found.code)).toEqual([code]);
    expect(check.fileProblem).toBe(true);
  });

  it('says where malformed JSON breaks', () => {
    const check = checkLibraryText('{\n  "schemaVersion": 1,\n  "name": "x",,\n}', OPTIONS);
    expect(check.problems[0]?.params).toMatchObject({ line: 3 });
  });
});

describe('messages', () => {
  it('come in Simplified Chinese and English for every problem', () => {
    const check = checkLibraryText(csv(`${HEADER},备注`, 'bad id,,s,so,sc,x|y,nope,2026-13-01,,,', ROW, ROW), OPTIONS);
    expect(check.problems.length).toBeGreaterThanOrEqual(5);
    for (const found of check.problems) {
      expect(found.message.zh, found.code).toMatch(/[\u4e00-\u9fff]/);
      expect(found.message.en, found.code).toMatch(/^[A-Z"]/);
      expect(found.message.zh).not.toContain('undefined');
      expect(found.message.en).not.toContain('undefined');
    }
  });
});

describe('importing only the valid rows', () => {
  it('gives a library of the valid scripts with the file name and version', () => {
    const check = checkLibraryFile(utf8(csv(HEADER, ROW, 'b,,s,so,sc,,,,,')), { ...OPTIONS, fileName: '华东区_v7.csv' });
    expect(incomingLibrary(check)).toEqual({ name: '华东区', version: '7', scripts: check.valid });
    expect(check.valid.map((found) => found.id)).toEqual(['ok-1']);
  });
});

describe('speed', () => {
  it('checks a 10,000-row CSV (about 10 MB) in well under a second', { timeout: 20_000 }, () => {
    const scripts = Array.from({ length: 10_000 }, (_, index) =>
      script(`s-${index}`, {
        title: `第 ${index} 号话术：5G 套餐达量降速，客户质疑"不限量"宣传`,
        scenario: '客户称套餐宣传为不限量，但使用 40GB 后网速明显下降，认为被误导，要求恢复速率或退费，并表示要向工信部投诉。'.repeat(2),
        solution: '1. 核实套餐规则与达量降速阈值。\n2. 说明降速标准。\n3. 提供提速包或套餐升级选项，记录客户意见并提交核查。',
        script: '您觉得宣传和实际不一样，换作是我也会不舒服。我已经把情况记录下来，工单号 [工单号]，[X] 个工作日内由专人回电给您答复。'.repeat(2),
        keywords: ['5G', '降速', '不限量', '限速'],
        categoryIds: ['network-5g-throttle', 'marketing'],
        owner: '网络组',
      }),
    );
    const bytes = utf8(libraryToCsv(library(scripts)));
    // Best of three: other test files run in parallel, and a slow quadratic step would fail all three.
    const timings: number[] = [];
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      const check = checkLibraryFile(bytes, { ...OPTIONS, fileName: 'big.csv' });
      timings.push(performance.now() - started);
      expect(check.valid).toHaveLength(10_000);
      expect(check.problems).toEqual([]);
    }
    expect(Math.min(...timings)).toBeLessThan(1000);
  });
});
