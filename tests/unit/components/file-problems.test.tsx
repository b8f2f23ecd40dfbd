// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DashboardPage } from '@/components/dashboard/DashboardPage';
import { LibraryPage } from '@/components/library/LibraryPage';
import { SUPPORTED_ENCODINGS } from '@/knowledge/files/text-decoding';
import { CLICK_LOG_COLUMNS, type ClickLogColumn } from '@/knowledge/files/click-log-format';
import { generateEvents } from '@/knowledge/reports/sample-events';
import type { StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { backupChunks } from '@/storage/database/backup';
import type { IcebergDatabase } from '@/storage/database/database';
import type { DashboardBackend } from '@/storage/pages/dashboard';
import { DashboardJobs } from '@/storage/pages/dashboard-jobs';
import type { DashboardWorkerReply } from '@/storage/pages/dashboard-worker-protocol';
import { allStoredEvents, clickLogText, collect, seed } from '../console/helpers';
import { dropDatabase, newDatabase } from '../helpers';
import { encodeLegacy } from '../legacy-encodings';
import { HEADER, csv, library } from '../library/library-fixtures';
import { memoryBackend } from './memory-library-backend';

/**
 * What a QA reviewer and a team lead see of a file's problems: the catalogue's message in the
 * page's language, where it is, the masked value, the encoding the file was read in. The
 * dashboard's merge and restore run the worker's real jobs on a real (fake-indexeddb) database.
 */

let db: IcebergDatabase;
beforeEach(() => {
  db = newDatabase();
});
afterEach(async () => {
  cleanup();
  await dropDatabase(db);
});

/** The dashboard's backend with its worker's jobs run in-process. */
function jobsBackend(database: IcebergDatabase): DashboardBackend {
  let job = 0;
  const run = (request: Parameters<DashboardJobs['handle']>[0], onReply: (reply: DashboardWorkerReply) => void) =>
    void new DashboardJobs(database, onReply).handle(request);
  return {
    overview: async () => ({
      locale: 'zh-CN',
      choices: { agentIds: [], sites: [], sources: ['own'], categories: [] },
      imports: [],
      usage: [],
      misses: [],
      storage: { usage: null, quota: null, persisted: null, tables: {}, rawDetailStartsAt: null, keepRawEventsDays: null },
      centreReports: false,
      retentionLocked: false,
    }),
    report: () => new Promise(() => undefined),
    centreChoices: async () => ({ agentIds: [], sites: [] }),
    removeImport: async () => undefined,
    setRetention: async () => ({ deleted: 0 }),
    pruneRawEvents: async () => ({ deleted: 0 }),
    canPickSaveLocation: false,
    saveToFile: () => ({ cancel: () => undefined }),
    mergeFiles(files, onEvent) {
      run({ type: 'import', job: ++job, files }, (reply) => {
        if (reply.type === 'import-file' || reply.type === 'import-file-failed' || reply.type === 'import-done' || reply.type === 'import-progress') onEvent(reply);
      });
      return { cancel: () => undefined };
    },
    restore: (file) =>
      new Promise((resolve) =>
        run({ type: 'restore', job: ++job, file }, (reply) => {
          if (reply.type === 'restored') resolve({ restored: reply.summary });
          else if (reply.type === 'restore-failed') resolve({ failed: reply.message, problems: reply.problems });
        }),
      ),
  };
}

const events = generateEvents(6, 404, { agents: 1, days: 2, endDay: '2026-11-30' }).map((event): StoredClickEvent => ({
  ...event,
  agentId: '华东-张三',
  voided: false,
  voidedAt: undefined,
}));

/** A click-log line with some cells replaced (the generated cells hold no commas). */
function withCells(line: string, cells: Partial<Record<ClickLogColumn, string>>): string {
  const parts = line.split(',');
  for (const [name, value] of Object.entries(cells)) parts[CLICK_LOG_COLUMNS.indexOf(name as ClickLogColumn)] = value;
  return parts.join(',');
}

function choose(input: string, files: File[]) {
  const element = document.getElementById(input) as HTMLInputElement;
  // The page clears the input after reading it, which happy-dom's setter refuses for a file list
  // given this way; the change event is dispatched as the browser does (fireEvent.change sends
  // Preact's "input" instead once `value` is overridden).
  Object.defineProperty(element, 'files', { value: files, configurable: true });
  Object.defineProperty(element, 'value', { value: '', writable: true, configurable: true });
  element.dispatchEvent(new Event('change', { bubbles: true }));
}

/** The element once the page shows it. */
function shown(selector: string): Promise<HTMLElement> {
  return waitFor(() => {
    const found = document.querySelector<HTMLElement>(selector);
    if (!found) throw new Error(`${selector} is not shown yet`);
    return found;
  });
}

async function openDashboard() {
  render(<DashboardPage backend={jobsBackend(db)} today="2026-11-30" />);
  await screen.findByText('选择文件…');
}

describe('the dashboard’s merge', () => {
  it('shows a GB18030 export read right: its encoding, the warnings, and each bad row with column, masked value and what to do', async () => {
    const lines = (await clickLogText(events)).replace(/^\uFEFF/, '').split('\r\n');
    lines[2] = withCells(lines[2]!, { risk_grade: 'urgent' });
    lines[3] = withCells(lines[3]!, { case_ref: '来电13812345678' });
    const file = new File([encodeLegacy(lines.join('\r\n'), 'gb18030')], '华东-张三.csv', { type: 'text/csv' });
    await openDashboard();

    choose('merge-files', [file]);

    const item = await shown('li[data-import-status="done"]');
    expect(within(item).getByText('GB18030').getAttribute('data-encoding')).toBe('gb18030');
    const rows = within(item).getAllByRole('row').slice(1);
    const byCode = (code: string) => rows.find((row) => row.getAttribute('data-problem-code') === code)!;
    expect(byCode('encoding-detected').textContent).toContain('文件不是 UTF-8，已按 gb18030 读取');
    expect(byCode('phone-number-masked').textContent).toContain('138****5678');
    expect(byCode('phone-number-masked').textContent).not.toContain('13812345678');
    const bad = byCode('invalid-choice');
    expect(bad.getAttribute('data-row')).toBe('3');
    expect(bad.getAttribute('data-column')).toBe('risk_grade');
    expect(bad.querySelector('[data-value]')!.textContent).toBe('urgent');
    expect(bad.textContent).toMatch(/第 3 行.*risk_grade.*urgent.*应为空，或/);
    expect((await allStoredEvents(db)).map((event) => event.agentId)).toEqual(Array(5).fill('华东-张三'));
  });

  it('shows why a file failed, from the catalogue, and stores nothing of it', async () => {
    const semicolons = (await clickLogText(events)).replaceAll(',', ';');
    await openDashboard();

    choose('merge-files', [new File([semicolons], 'excel-semicolons.csv', { type: 'text/csv' })]);

    const item = await shown('li[data-import-status="failed"]');
    const problem = within(item).getAllByRole('row')[1]!;
    expect(problem.getAttribute('data-problem-code')).toBe('wrong-delimiter');
    expect(problem.textContent).toContain('分号');
    expect(await allStoredEvents(db)).toEqual([]);
  });
});

describe('the dashboard’s restore', () => {
  async function restore(file: File) {
    await openDashboard();
    choose('restore-file', [file]);
    fireEvent.click(await screen.findByRole('button', { name: '替换全部数据并恢复' }));
  }

  it('refuses an edited backup with the catalogue’s message and changes nothing', async () => {
    await seed(db, events);
    const edited = (await collect(backupChunks(db))).replace(/"agentId":"([^"]+)"/, '"agentId":"$1x"');
    await restore(new File([edited], 'iceberg-backup.ndjson'));

    const failed = await shown('[data-restore-error]');
    const problem = within(failed).getAllByRole('row')[1]!;
    expect(problem.getAttribute('data-problem-code')).toBe('backup-modified');
    expect(problem.textContent).toContain('被改动过');
    expect(within(failed).getByRole('table').querySelector('caption')!.textContent).toBe('iceberg-backup.ndjson');
    expect((await allStoredEvents(db)).map((event) => event.agentId)).toEqual(events.map((event) => event.agentId));
  });

  it('says which encoding a re-saved backup was read in', async () => {
    await seed(db, events);
    const bytes = encodeLegacy(await collect(backupChunks(db)), 'gb18030');
    await restore(new File([bytes], 'iceberg-backup.ndjson'));

    const done = await shown('[data-restored-rows]').then((found) => found.parentElement!);
    expect(within(done).getByText('GB18030')).toBeTruthy();
    expect(within(done).getAllByRole('row')[1]!.getAttribute('data-problem-code')).toBe('encoding-detected');
  });
});

describe('the library page’s import', () => {
  const libraryBackend = () => memoryBackend(library([]), { locale: 'en' }).backend;

  it('offers every encoding the decoder reads, reads the one the lead picks, and shows each problem’s value', async () => {
    render(<LibraryPage backend={libraryBackend()} />);
    const picker = await screen.findByRole<HTMLSelectElement>('combobox', { name: 'File encoding' });
    expect([...picker.options].map((option) => option.value)).toEqual(['', ...SUPPORTED_ENCODINGS]);

    await act(() => {
      picker.value = 'euc-kr';
      picker.dispatchEvent(new Event('change', { bubbles: true }));
    });
    const text = csv(HEADER, 'kr-1,요금 문의,고객이 요금을 문의함,요금 확인,확인해 드리겠습니다,,no-such-category,2026-11-20,,');
    choose('library-file', [new File([encodeLegacy(text, 'euc-kr')], 'korean.csv', { type: 'text/csv' })]);

    const note = await screen.findByText('EUC-KR');
    expect(note.parentElement!.textContent).toContain('(as chosen)');
    const problem = (await screen.findAllByRole('row')).find((row) => row.getAttribute('data-problem-code') === 'unknown-category')!;
    expect(problem.querySelector('[data-value]')!.textContent).toBe('no-such-category');
    expect(problem.textContent).toContain('Use an existing category id');
  });
});
