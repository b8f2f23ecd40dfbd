import { describe, expect, it } from 'vitest';
import { parse as parseCsvIndependently } from 'csv-parse/sync';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { checkLibraryFile, checkLibraryText } from '@/knowledge/case-library/library-check';
import { documentFileName } from '@/knowledge/files/file-names';
import {
  libraryToCsv,
  libraryToJson,
  nameAndVersionFromFileName,
  taxonomyToCsv,
  taxonomyToJson,
} from '@/knowledge/files/library-files';
import { checkTaxonomyText } from '@/knowledge/taxonomy/taxonomy-check';
import { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { HEADER, OPTIONS, TODAY, csv, library, script, utf8 } from './library-fixtures';

/** Scripts written to break a careless CSV writer or reader. */
const AWKWARD = library(
  [
    script('quotes-1', {
      title: '客户说"你们就是乱扣钱"',
      scenario: '第一行，有逗号, 和英文逗号\n第二行 "引号" 与 ""双引号""\r\n第三行（CRLF 换行）',
      solution: '=SUM(A1:A3) 不能被当成公式',
      script: "'单引号开头，导出时要多加一个单引号",
      keywords: ['乱扣费', '5G 降速', 'VIP'],
      categoryIds: ['billing', 'network-5g-throttle'],
      owner: '计费组 "A"',
      verifiedAt: '2026-11-20',
    }),
    script('plain-2', { keywords: [], categoryIds: [], script: '-先道歉，再核实：[X] 个工作日内回电。' }),
    script('tabs-3', { scenario: '@提及 客户\t制表符在中间', solution: '+86 开头的号码' }),
  ],
  '华东区 案例库, 第 2 版',
  '2026.11-2',
);

describe('JSON and CSV round trip: export, then import, gives the same library', () => {
  it('JSON', () => {
    const check = checkLibraryText(libraryToJson(AWKWARD), OPTIONS);
    expect(check.problems).toEqual([]);
    expect({ schemaVersion: 1, name: check.name, version: check.version, scripts: check.valid }).toEqual(AWKWARD);
  });

  it('CSV, with the name and version carried by the export file name', () => {
    const fileName = documentFileName(AWKWARD, 'csv');
    const check = checkLibraryFile(utf8(libraryToCsv(AWKWARD)), { ...OPTIONS, fileName });
    expect(check.problems).toEqual([]);
    expect(check.encoding).toBe('utf-8');
    expect({ schemaVersion: 1, name: check.name, version: check.version, scripts: check.valid }).toEqual(AWKWARD);
  });

  it('CSV of the whole default library', () => {
    const check = checkLibraryFile(utf8(libraryToCsv(defaultLibrary())), { ...OPTIONS, fileName: documentFileName(defaultLibrary(), 'csv') });
    expect(check.problems).toEqual([]);
    expect(check.valid).toEqual(defaultLibrary().scripts);
    expect([check.name, check.version]).toEqual([defaultLibrary().name, defaultLibrary().version]);
  });

  it('taxonomy JSON and CSV', () => {
    const taxonomy = Taxonomy.parse({
      ...DEFAULT_TAXONOMY,
      categories: [
        ...DEFAULT_TAXONOMY.categories,
        { id: 'legacy-fax', name: { zh: '传真，"旧"业务', en: 'Fax, "legacy"' }, color: '#123456', retired: true, description: '第一行\n第二行' },
      ],
    });
    const fromJson = checkTaxonomyText(taxonomyToJson(taxonomy), { today: TODAY });
    expect(fromJson.taxonomy).toEqual(taxonomy);
    const fromCsv = checkTaxonomyText(taxonomyToCsv(taxonomy), { today: TODAY, fileName: documentFileName(taxonomy, 'csv') });
    expect(fromCsv.problems).toEqual([]);
    expect(fromCsv.taxonomy).toEqual(taxonomy);
  });
});

describe('CSV export', () => {
  const text = libraryToCsv(AWKWARD);

  it('starts with a UTF-8 BOM (so Excel reads Chinese correctly), one header row, CRLF rows', () => {
    expect(text.startsWith(`\uFEFF${HEADER},aliases\r\n`)).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
  });

  it('is read back cell for cell by an independent RFC 4180 parser', () => {
    const rows: string[][] = parseCsvIndependently(text.slice(1), { relax_column_count: false });
    expect(rows).toHaveLength(4);
    expect(rows[1]![2]).toBe(AWKWARD.scripts[0]!.scenario);
    expect(rows[1]![5]).toBe('乱扣费|5G 降速|VIP');
    expect(rows[1]![6]).toBe('billing|network-5g-throttle');
  });

  it('guards cells Excel would run as formulas with one apostrophe', () => {
    const rows: string[][] = parseCsvIndependently(text.slice(1));
    expect(rows[1]![3]).toBe("'=SUM(A1:A3) 不能被当成公式");
    expect(rows[1]![4]).toBe("''单引号开头，导出时要多加一个单引号");
    expect(rows[2]![4]).toBe("'-先道歉，再核实：[X] 个工作日内回电。");
    expect(rows[3]![2]).toBe("'@提及 客户\t制表符在中间");
  });

  it('writes optional fields that are absent as empty cells', () => {
    const rows: string[][] = parseCsvIndependently(text.slice(1));
    expect(rows[2]!.slice(5)).toEqual(['', '', '2026-11-01', '', '', '']);
  });
});

describe('export file names', () => {
  it('carry the name and version, also after a browser adds " (1)"', () => {
    expect(documentFileName({ name: '华东区 案例库', version: '2026.11-2' }, 'csv')).toBe('华东区 案例库_v2026.11-2.csv');
    expect(nameAndVersionFromFileName('C:\\下载\\华东区案例库_v2026.11-2 (1).csv')).toEqual({ name: '华东区案例库', version: '2026.11-2' });
    expect(nameAndVersionFromFileName('scripts.csv')).toEqual({ name: 'scripts' });
  });
});

describe('CSV as team leads save it from Excel or WPS', () => {
  it('accepts Chinese headers in any order, with notes like （必填）', () => {
    const check = checkLibraryText(
      csv('话术,标题（必填）,编号 *,方案,场景,分类', '我已记录，[X] 天内回电。,宽带断网,bb-1,派单维修,客户家里断网,宽带/家宽'),
      OPTIONS,
    );
    expect(check.problems).toEqual([]);
    expect(check.valid[0]).toMatchObject({ id: 'bb-1', title: '宽带断网', script: '我已记录，[X] 天内回电。', categoryIds: ['broadband'] });
  });

  it('reads list cells split by any documented separator', () => {
    const check = checkLibraryText(
      csv('id,title,scenario,solution,script,keywords', 'a,t,s,so,sc,"流量、降速，5G;  限速 ；套餐|包月\n账单"'),
      OPTIONS,
    );
    expect(check.valid[0]?.keywords).toEqual(['流量', '降速', '5G', '限速', '套餐', '包月', '账单']);
  });

  it('turns the dates Excel writes back (2026/1/5, 2026年11月23日) into YYYY-MM-DD', () => {
    const check = checkLibraryText(
      csv('id,title,scenario,solution,script,updatedAt,verifiedAt', 'a,t,s,so,sc,2026/1/5,2026年11月23日'),
      OPTIONS,
    );
    expect(check.valid[0]).toMatchObject({ updatedAt: '2026-01-05', verifiedAt: '2026-11-23' });
  });

  it('fills an empty updatedAt with the import date', () => {
    const check = checkLibraryText(csv('id,title,scenario,solution,script,updatedAt', 'a,t,s,so,sc,'), OPTIONS);
    expect(check.valid[0]?.updatedAt).toBe(TODAY);
  });

  it('reads semicolon- and tab-separated files', () => {
    for (const delimiter of [';', '\t']) {
      const check = checkLibraryText(csv(['id', 'title', 'scenario', 'solution', 'script'].join(delimiter), ['a', '标题, 带逗号', 's', 'so', 'sc'].join(delimiter)), OPTIONS);
      expect(check.problems, delimiter).toEqual([]);
      expect(check.valid[0]?.title, delimiter).toBe('标题, 带逗号');
    }
  });

  it('skips blank rows and blank columns Excel leaves around the data', () => {
    const check = checkLibraryText(csv('id,title,scenario,solution,script,,', 'a,t,s,so,sc,,', ',,,,,,', 'b,t,s,so,sc,,', ',,,,,,'), OPTIONS);
    expect(check.problems).toEqual([]);
    expect(check.valid.map((found) => found.id)).toEqual(['a', 'b']);
    expect(check.rowCount).toBe(2);
  });
});
