import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultSearchLexicon } from '@/knowledge/search/lexicon';
import { checkLexiconFile, checkLexiconText, lexiconToCsv, lexiconToJson } from '@/knowledge/search/lexicon-files';
import { detectFileKind } from '@/knowledge/files/file-kinds';

const TODAY = '2026-12-03';
const utf8 = (text: string) => new TextEncoder().encode(text);
const codes = (check: { problems: ReadonlyArray<{ code: string }> }) => check.problems.map((found) => found.code);

describe('lexicon files', () => {
  it('round-trips the shipped lexicon through JSON and through CSV', () => {
    const json = checkLexiconText(lexiconToJson(defaultSearchLexicon()), { fileName: 'lexicon.json', today: TODAY });
    expect(json.problems).toEqual([]);
    expect(json.lexicon).toEqual(defaultSearchLexicon());
    const csv = checkLexiconFile(utf8(lexiconToCsv(defaultSearchLexicon())), { fileName: `${defaultSearchLexicon().name}_v${defaultSearchLexicon().version}.csv`, today: TODAY });
    expect(csv.problems).toEqual([]);
    expect(csv.lexicon).toEqual(defaultSearchLexicon());
  });

  it('the published template is the shipped lexicon', () => {
    const template = readFileSync(new URL('../../../docs/templates/search-lexicon.csv', import.meta.url));
    expect(checkLexiconFile(template, { fileName: 'search-lexicon.csv', today: TODAY }).lexicon?.entries).toEqual(defaultSearchLexicon().entries);
  });

  it('reads what a lead saves from Excel in a Chinese office: GB18030, Chinese headers, any list separator', () => {
    const bytes = readFileSync(new URL('./fixtures/lexicon-gb18030.csv', import.meta.url));
    const check = checkLexiconFile(bytes, { fileName: '我们的词典.csv', today: TODAY });
    expect(check.encoding).toBe('gb18030');
    expect(check.lexicon?.entries).toEqual([
      { libraryTerms: ['月租'], spokenPhrases: ['座机费', '固话费', '月费'], note: '座机' },
      { libraryTerms: [], spokenPhrases: ['嗯嗯', '好的呀'] },
    ]);
    expect(check.lexicon?.name).toBe('我们的词典');
  });

  it('masks a phone number pasted into a phrase or a note, and says where', () => {
    const check = checkLexiconText('书面用语,口语说法,说明\r\n网速慢,网络卡|13812345678,客户 13912345678 说的\r\n', { fileName: 'x.csv', today: TODAY });
    expect(check.lexicon?.entries).toEqual([{ libraryTerms: ['网速慢'], spokenPhrases: ['网络卡', '138****5678'], note: '客户 139****5678 说的' }]);
    expect(check.problems.map((found) => [found.code, found.row, found.column])).toEqual([
      ['phone-number-masked', 2, '口语说法'],
      ['phone-number-masked', 2, '说明'],
    ]);
    expect(JSON.stringify(check)).not.toMatch(/13812345678|13912345678/);
  });

  it('is told apart from a library whose aliases column is headed 客户说法', () => {
    expect(detectFileKind(utf8('书面用语,口语说法,说明\r\n网速慢,网络卡,\r\n'))).toBe('lexicon');
    expect(detectFileKind(utf8('编号,标题,场景,解决方案,话术,客户说法\r\nnet-001,网速慢,客户说网速慢,测速,您好,网络卡\r\n'))).toBe('library');
  });

  it('refuses a lexicon with a bad row, naming the row and the column', () => {
    const check = checkLexiconText(`libraryTerms,spokenPhrases\r\n月租,\r\n月租,${'长'.repeat(30)}\r\n`, { fileName: 'x.csv', today: TODAY });
    expect(check.lexicon).toBeNull();
    expect(check.problems.map((found) => [found.code, found.row, found.column])).toEqual([
      ['missing-field', 2, 'spokenPhrases'],
      ['too-long', 3, 'spokenPhrases'],
    ]);
  });

  it('names a missing column and a JSON that is not a lexicon', () => {
    expect(codes(checkLexiconText('libraryTerms,note\r\n月租,x\r\n', { fileName: 'x.csv', today: TODAY }))).toEqual(['missing-columns']);
    expect(codes(checkLexiconText('{"schemaVersion":1,"scripts":[]}', { fileName: 'x.json', today: TODAY }))).toEqual(['json-shape']);
    expect(codes(checkLexiconText('{"schemaVersion":9,"entries":[]}', { fileName: 'x.json', today: TODAY }))).toEqual(['unsupported-schema-version']);
  });
});
