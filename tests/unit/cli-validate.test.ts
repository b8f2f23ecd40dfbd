import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { clickLogChunks } from '@/knowledge/files/click-log-writer';
import { CategoryDirectory } from '@/knowledge/reports/category-directory';
import { generateEvents } from '@/knowledge/reports/sample-events';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { libraryToCsv, taxonomyToCsv } from '@/knowledge/files/library-files';
import { TEMPLATE_LIBRARY } from '@/knowledge/files/published-contract';
import { defaultSearchLexicon } from '@/knowledge/search/lexicon';
import { lexiconToCsv, lexiconToJson } from '@/knowledge/search/lexicon-files';
import { backupChunks } from '@/storage/database/backup';
import { seed, collect } from './console/helpers';
import { dropDatabase, newDatabase } from './helpers';

/** `iceberg validate` as QA runs it: a process, from another directory, on every kind of file. */
const BIN = fileURLToPath(new URL('../../knowledge/cli/iceberg.mjs', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'iceberg-validate-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function iceberg(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', maxBuffer: 64 << 20 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

function file(path: string, content: string | Uint8Array): string {
  const full = join(work, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, content);
  return full;
}

const directory = new CategoryDirectory(DEFAULT_TAXONOMY);
const events = generateEvents(30, 515, { agents: 1, days: 3, endDay: '2026-11-30' }).map((e) => ({ ...e, voided: false, voidedAt: undefined }));

async function clickLog(list = events): Promise<string> {
  return collect(clickLogChunks([list], 'csv', directory));
}

async function backup(): Promise<string> {
  const db = newDatabase();
  await seed(db, events);
  const text = await collect(backupChunks(db));
  await dropDatabase(db);
  return text;
}

describe.concurrent('iceberg validate: every kind of file', { timeout: 60_000 }, () => {
  it('checks a clean click-log export before a merge (exit 0), and a broken one row by row (exit 1)', async () => {
    const clean = await iceberg('validate', file('agent-a.csv', await clickLog()));
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('点击日志 · CSV · 编码 UTF-8（自动识别） · 30 行');
    expect(clean.stdout).toContain('可以合并：30 个事件');
    const lines = (await clickLog()).split('\r\n');
    lines[3] = lines[3]!.replace(/,2026-11-\d\dT/, ',2099-01-01T');
    lines[5] = lines[5]!.replace(/,own$/, ',own,extra');
    const broken = await iceberg('validate', '--lang', 'en', '--click-log', file('agent-b.csv', lines.join('\r\n')));
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/error · row 4 · occurred_at: /);
    expect(broken.stdout).toMatch(/error · row 6 · \(19\): This row has 19 cells/);
  });

  it('checks a backup before a restore: genuine (exit 0), edited (exit 1)', async () => {
    const text = await backup();
    const ok = await iceberg('validate', file('backup.ndjson', text));
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('可以恢复');
    const edited = await iceberg('validate', '--backup', file('edited.ndjson', text.replace(/"agentId":"([^"]+)"/, '"agentId":"x$1"')), '--json');
    expect(edited.code).toBe(1);
    expect(JSON.parse(edited.stdout)).toMatchObject({ kind: 'backup', ok: false, problems: [{ code: 'backup-modified' }] });
  });

  it('checks a folder of mixed files, one JSON line each, masked values only', async () => {
    const folder = join(work, 'qa-folder');
    file('qa-folder/1-library.csv', libraryToCsv(TEMPLATE_LIBRARY).replace('客户', '客户 13812345678 '));
    file('qa-folder/2-taxonomy.csv', taxonomyToCsv(DEFAULT_TAXONOMY));
    file('qa-folder/3-clicks.csv', (await clickLog()).replace(/(\r\n[^\r\n]*?),(C[^,]*|),crm/, '$1,来电13912345678,crm'));
    file('qa-folder/4-backup.ndjson', await backup());
    file('qa-folder/4-lexicon.csv', lexiconToCsv(defaultSearchLexicon()));
    file('qa-folder/5-workbook.xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]));
    const run = await iceberg('validate', folder, '--json');
    const reports = run.stdout.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; ok: boolean; problems?: { code: string }[] });
    expect(reports.map((report) => [report.kind, report.ok])).toEqual([
      ['library', true],
      ['taxonomy', true],
      ['click-log', true],
      ['backup', true],
      ['lexicon', true],
      ['library', false],
    ]);
    expect(reports[5]?.problems?.[0]?.code).toBe('workbook-file');
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(/13812345678|13912345678/);
    expect(run.stdout).toContain('138****5678');
  });

  it('checks every file of a folder given as --library, instead of a stack trace', async () => {
    file('libs/a.csv', libraryToCsv(TEMPLATE_LIBRARY));
    file('libs/b.csv', libraryToCsv(TEMPLATE_LIBRARY));
    const run = await iceberg('validate', '--library', join(work, 'libs'));
    expect(run.code).toBe(0);
    expect(run.stdout.match(/可以导入：2 条话术/g)).toHaveLength(2);
    expect(run.stderr).toBe('');
  });

  it('checks a search lexicon as the library page would import it: whole, or not at all with every problem listed', async () => {
    const json = file('lexicon/口语词典.json', lexiconToJson(defaultSearchLexicon()));
    let run = await iceberg('validate', json, '--lang', 'en');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`search lexicon · JSON`);
    expect(run.stdout).toContain(`OK to import: ${defaultSearchLexicon().entries.length} entries`);

    // A phone number pasted as a phrase is masked, with a warning at its row; a row without spoken phrases refuses the file whole.
    const rows = defaultSearchLexicon().entries.length;
    const masked = file('lexicon/华东口语_v2.csv', `${lexiconToCsv(defaultSearchLexicon())}网速慢|网络卡,13812345678|网络卡顿,\r\n`);
    run = await iceberg('validate', '--lexicon', masked, '--json');
    expect(run.code).toBe(0);
    let report = JSON.parse(run.stdout) as { kind: string; ok: boolean; entryCount: number; problems: { code: string; row?: number; severity: string }[] };
    expect(report).toMatchObject({ kind: 'lexicon', ok: true, entryCount: rows + 1, problems: [{ code: 'phone-number-masked', row: rows + 2, severity: 'warning' }] });
    expect(run.stdout).not.toContain('13812345678');
    expect(run.stdout).toContain('138****5678');

    const broken = file('lexicon/华东口语_v3.csv', `${lexiconToCsv(defaultSearchLexicon())}信号差,,\r\n`);
    run = await iceberg('validate', broken, '--json');
    expect(run.code).toBe(1);
    report = JSON.parse(run.stdout) as typeof report;
    expect(report).toMatchObject({ kind: 'lexicon', ok: false, entryCount: 0, problems: [{ code: 'missing-field', row: rows + 2 }] });

    // The taxonomy is reported the same way: whole, or not at all.
    const taxonomy = file('lexicon/分类表.csv', `${taxonomyToCsv(DEFAULT_TAXONOMY)}BAD ID!,坏分类,Bad,,,,\r\n`);
    run = await iceberg('validate', taxonomy, '--lang', 'en');
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('The taxonomy has errors and cannot be imported (a taxonomy imports whole or not at all).');
  });

  it('says in one line what it cannot read, with exit code 2', async () => {
    const empty = join(work, 'empty-folder');
    mkdirSync(empty, { recursive: true });
    for (const args of [['validate', empty], ['validate', join(work, 'nope.csv')], ['validate', '--taxonomy', work]]) {
      const run = await iceberg(...args);
      expect(run.code, args.join(' ')).toBe(2);
      expect(run.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(run.stderr).not.toContain('    at ');
    }
  });

  it('stops quietly when the reader of its output goes away (| head), keeping its exit code', async () => {
    const many = Array.from({ length: 40 }, (_, index) => file(`many/${index}.csv`, libraryToCsv(TEMPLATE_LIBRARY).replace('\r\n', '\r\nbad id,,,,,,,,,\r\n')));
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'validate', join(work, 'many')], { cwd: work });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.once('data', () => child.stdout.destroy());
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(many).toHaveLength(40);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
  });
});
