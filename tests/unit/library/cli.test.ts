import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { libraryToCsv } from '@/knowledge/files/library-files';
import { TEMPLATE_LIBRARY } from '@/knowledge/files/published-contract';
import { buildScriptIndex, searchScripts } from '@/knowledge/search/script-search';
import { HEADER, csv, library, script } from './library-fixtures';

const BIN = fileURLToPath(new URL('../../../knowledge/cli/iceberg.mjs', import.meta.url));
const GB18030_CSV = fileURLToPath(new URL('./fixtures/library-gb18030.csv', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'iceberg-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the bin as a lead would, from another directory, so nothing depends on the repo's cwd. */
function iceberg(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(work, name);
  writeFileSync(path, content);
  return path;
}

describe.concurrent('iceberg validate', { timeout: 30_000 }, () => {
  it('lists the problems of a GB18030 spreadsheet with row and column, and exits 1', async () => {
    const run = await iceberg('validate', '--library', GB18030_CSV);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('编码 GB18030（自动识别）');
    expect(run.stdout).toContain('错误 · 第 4 行（文本第 5 行） · 分类: 分类“billing-5g”不在分类表中。');
    expect(run.stdout).toContain('只导入有效行时可导入 2 条话术');
  });

  it('speaks English with --lang en', async () => {
    const run = await iceberg('validate', '--library', GB18030_CSV, '--lang', 'en');
    expect(run.stdout).toContain('encoding GB18030 (detected)');
    expect(run.stdout).toContain('error · row 4 (text line 5) · 分类: Category "billing-5g" is not in the taxonomy.');
  });

  it('refuses to mis-decode when the lead picks the wrong encoding', async () => {
    const run = await iceberg('validate', '--library', GB18030_CSV, '--encoding', 'utf8');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('按 utf-8 解码时有');
    expect(run.stdout).toContain('无法导入这个文件');
  });

  it('exits 0 for a clean file, and checks the default library without --library', async () => {
    const clean = await iceberg('validate', file('clean.csv', libraryToCsv(TEMPLATE_LIBRARY)));
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('可以导入：2 条话术');
    const shipped = await iceberg('validate');
    expect(shipped.code).toBe(0);
    expect(shipped.stdout).toContain(`可以导入：${defaultLibrary().scripts.length} 条话术`);
  });

  it('checks categories against the taxonomy given with --taxonomy', async () => {
    const taxonomy = file('taxonomy.csv', csv('id,nameZh,nameEn,color', 'sms,短信,SMS,#0c8599'));
    const libraryFile = file('two.csv', csv(HEADER, 'a,t,s,so,sc,,sms,,,', 'b,t,s,so,sc,,billing,,,'));
    const run = await iceberg('validate', '--library', libraryFile, '--taxonomy', taxonomy, '--json');
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ format: 'csv', encoding: 'utf-8', rowCount: 2, validCount: 1, fileProblem: false });
    expect(report.problems.map((found: { code: string; row: number }) => [found.code, found.row])).toEqual([['unknown-category', 3]]);
  });

  it('stops at a broken taxonomy', async () => {
    const taxonomy = file('bad-taxonomy.csv', csv('id,nameZh,nameEn,color', 'sms,短信,SMS,red'));
    const run = await iceberg('validate', '--taxonomy', taxonomy);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('分类表 · 错误 · 第 2 行 · color: 颜色“red”无效');
  });

  it('says which file it cannot read, with exit code 2', async () => {
    const run = await iceberg('validate', '--library', join(work, 'missing.csv'));
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('cannot read');
    expect(run.stderr).toContain('ENOENT');
  });
});

describe.concurrent('iceberg search', { timeout: 30_000 }, () => {
  it('prints the ranked ids and titles the sidebar search returns for the default library', async () => {
    const run = await iceberg('search', '5G 降速');
    expect(run.code).toBe(0);
    const expected = searchScripts(buildScriptIndex(defaultLibrary().scripts), '5G 降速', { limit: 10 });
    expect(expected.length).toBeGreaterThan(0);
    const width = Math.max(...expected.map((hit) => hit.script.id.length));
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(expected.length);
    expected.forEach((hit, rank) => expect(lines[rank]).toMatch(new RegExp(`^${String(rank + 1).padStart(2)}\\. ${hit.script.id.padEnd(width)}  ${hit.script.title}  · `)));
  });

  it('prints JSON, honours --limit and --category', async () => {
    const run = await iceberg('search', '--json', '--limit', '3', '--category', 'sms', '短信');
    const report = JSON.parse(run.stdout);
    expect(report.query).toBe('短信');
    expect(report.results.length).toBeGreaterThan(0);
    expect(report.results.length).toBeLessThanOrEqual(3);
    expect(report.results.map((found: { rank: number }) => found.rank)).toEqual(report.results.map((_: unknown, index: number) => index + 1));
    for (const found of report.results) expect(found.categoryIds).toContain('sms');
  });

  it('searches a library file, leaving out rows with errors, and says when nothing matches', async () => {
    const libraryFile = file(
      'sms-only.csv',
      libraryToCsv(library([script('sms-1', { title: '验证码收不到', keywords: ['验证码'], categoryIds: ['sms'] })])) + 'bad id,,,,,,,,,\r\n',
    );
    const found = await iceberg('search', '--library', libraryFile, '验证码');
    expect(found.stdout).toContain('sms-1');
    expect(found.stderr).toContain('1 行有错误，未参与搜索');
    const nothing = await iceberg('search', '--library', libraryFile, '--lang', 'en', '宽带');
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toBe('No script matches "宽带".\n');
  });

  it('explains usage errors with exit code 2', async () => {
    const cases = [['search'], ['frobnicate'], ['search', '--limit', 'x', 'q'], ['validate', '--encoding', 'latin1']];
    const runs = await Promise.all(cases.map((args) => iceberg(...args)));
    runs.forEach((run, index) => {
      expect(run.code, cases[index]!.join(' ')).toBe(2);
      expect(run.stderr, cases[index]!.join(' ')).toContain('iceberg validate');
    });
  });
});

describe('iceberg export-template', { timeout: 30_000 }, () => {
  it('writes the template library', async () => {
    const run = await iceberg('export-template', '--format', 'json');
    expect(JSON.parse(run.stdout)).toEqual(TEMPLATE_LIBRARY);
  });
});
