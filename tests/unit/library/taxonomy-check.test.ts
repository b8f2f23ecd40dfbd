import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { taxonomyToCsv } from '@/knowledge/files/library-files';
import { checkTaxonomyFile, checkTaxonomyText, type TaxonomyImportCheck } from '@/knowledge/taxonomy/taxonomy-check';
import { TODAY, csv } from './library-fixtures';

const HEADER = 'id,nameZh,nameEn,parentId,color,shortcut,retired,description';
const BILLING = 'billing,计费争议,Billing,,#d9480f,1,,';

function where(check: TaxonomyImportCheck): Array<[string, number | undefined, string | undefined]> {
  return check.problems.map((found) => [found.code, found.row ?? found.entry, found.column]);
}

describe('taxonomy import', () => {
  it('reads a CSV with Chinese headers and names the taxonomy after the file', () => {
    const check = checkTaxonomyText(
      csv('分类编号,中文名称,英文名称,上级分类,颜色,快捷键,停用,说明', BILLING, 'billing-vas,增值业务,VAS,billing,#e8590c,V,否,不知情订购', 'fax,传真,Fax,,#868e96,,是,'),
      { today: TODAY, fileName: '华东分类_v3.csv' },
    );
    expect(check.problems).toEqual([]);
    expect(check.taxonomy).toMatchObject({ name: '华东分类', version: '3' });
    expect(check.taxonomy?.categories.map((category) => [category.id, category.parentId, category.shortcut, category.retired])).toEqual([
      ['billing', undefined, '1', false],
      ['billing-vas', 'billing', 'v', false],
      ['fax', undefined, undefined, true],
    ]);
  });

  it('reads the default taxonomy back from the bytes of its CSV export', () => {
    const bytes = new TextEncoder().encode(taxonomyToCsv(DEFAULT_TAXONOMY));
    const check = checkTaxonomyFile(bytes, { today: TODAY });
    expect(check.encoding).toBe('utf-8');
    expect(check.taxonomy?.categories).toEqual(DEFAULT_TAXONOMY.categories);
  });

  it.each([
    ['a malformed id', 'Billing Dispute,计费,Billing,,#d9480f,,,', ['invalid-category-id', 3, 'id']],
    ['an empty name', 'sms,,SMS,,#0c8599,,,', ['missing-field', 3, 'nameZh']],
    ['a colour that is not #RRGGBB', 'sms,短信,SMS,,red,,,', ['invalid-color', 3, 'color']],
    ['a reserved shortcut', 'sms,短信,SMS,,#0c8599,z,,', ['invalid-shortcut', 3, 'shortcut']],
    ['a shortcut used twice', 'sms,短信,SMS,,#0c8599,1,,', ['duplicate-shortcut', 3, 'shortcut']],
    ['an id used twice', 'billing,计费2,Billing 2,,#d9480f,,,', ['duplicate-id', 3, 'id']],
    ['an unknown parent', 'sms,短信,SMS,network,#0c8599,,,', ['invalid-parent', 3, 'parentId']],
    ['a third level', 'vas,增值,VAS,billing,#0c8599,,,\r\nvas-sub,子类,Sub,vas,#0c8599,,,', ['invalid-parent', 4, 'parentId']],
    ['a retired flag that is not yes or no', 'sms,短信,SMS,,#0c8599,,maybe,', ['invalid-boolean', 3, 'retired']],
  ])('refuses the whole taxonomy for %s, naming row and column', (_label, row, expected) => {
    const check = checkTaxonomyText(csv(HEADER, BILLING, row), { today: TODAY });
    expect(check.taxonomy).toBeNull();
    expect(where(check)).toEqual([expected]);
  });

  it('locates problems in JSON by entry', () => {
    const json = JSON.stringify({ ...DEFAULT_TAXONOMY, categories: [...DEFAULT_TAXONOMY.categories, { id: 'x', name: { zh: '未知' }, color: '#000000' }] });
    const check = checkTaxonomyText(json, { today: TODAY });
    expect(check.taxonomy).toBeNull();
    expect(where(check)).toEqual([
      ['invalid-category-id', DEFAULT_TAXONOMY.categories.length + 1, 'id'],
      ['missing-field', DEFAULT_TAXONOMY.categories.length + 1, 'name.en'],
    ]);
  });

  it.each([
    ['a CSV without the colour column', csv('id,nameZh,nameEn', 'a1,甲,A'), 'missing-columns'],
    ['a header only', csv(HEADER), 'no-rows'],
    ['a library file picked by mistake', JSON.stringify({ schemaVersion: 1, name: 'x', version: '1', scripts: [] }), 'json-shape'],
    ['a newer schema version', JSON.stringify({ ...DEFAULT_TAXONOMY, schemaVersion: 9 }), 'unsupported-schema-version'],
  ])('refuses %s', (_label, text, code) => {
    const check = checkTaxonomyText(text, { today: TODAY });
    expect(check.taxonomy).toBeNull();
    expect(check.problems.map((found) => found.code)).toContain(code);
  });

  it('refuses a workbook before reading it', () => {
    const check = checkTaxonomyFile(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), { today: TODAY, fileName: '分类.xlsx' });
    expect(check.problems.map((found) => found.code)).toEqual(['workbook-file']);
  });
});
