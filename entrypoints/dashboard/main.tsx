import { render } from 'preact';
import '@/components/settings.css';
import '@/components/dashboard.css';
import { Dashboard, rangeForPreset, type DashboardExportKind, type DashboardQuery, type FilterCategory } from '@/components/Dashboard';
import type { ScriptUsageRow } from '@/components/LibraryManager';
import type { ExportProgressState } from '@/components/DashboardExport';
import type { ImportFileState, RestoreState, StorageFigures } from '@/components/DashboardData';
import type { ImportRecord } from '@/knowledge/clicks/import-record';
import { exportFileName } from '@/knowledge/files/file-names';
import type { SearchMissSummary } from '@/knowledge/case-library/script-usage';
import type { ReportQuery } from '@/knowledge/reports/aggregate';
import { localDay } from '@/knowledge/clicks/local-time';
import type { Locale } from '@/knowledge/settings/settings';
import { askBackground } from '@/storage/messaging/client';
import { IcebergDatabase } from '@/storage/database';
import type { ExportFilters } from '@/storage/export-store';
import { currentLibraryRecord, scriptUsage, searchMissSummary } from '@/storage/library-store';
import { listImports, removeImportedSource } from '@/storage/merge-store';
import { loadReport, reportChoices, type ReportView } from '@/storage/reports-store';
import { pruneRawEvents, setRetentionDays, storageStatus } from '@/storage/retention';
import { currentSettings } from '@/storage/settings-store';
import { currentTaxonomy } from '@/storage/taxonomy-store';
import { canPickSaveLocation, openFileSink, pump } from './save-file';
import type { DashboardWorkerReply, DashboardWorkerRequest, StreamKind } from './worker-protocol';

// The dashboard reads the extension's own database directly (reports read only the small
// rollup table); exports, imports and restores run in the worker.
const db = new IcebergDatabase();
const root = document.getElementById('app')!;
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const today = localDay(new Date());

let locale: Locale = 'zh-CN';
let query: DashboardQuery = { preset: 'last7', ...rangeForPreset('last7', today), grouping: 'day', agentId: null, site: null, categoryId: null, source: null };
let report: ReportView | null = null;
let loading = false;
let reportError: string | null = null;
let choices = { agentIds: [] as string[], sites: [] as string[], sources: [] as string[], categories: [] as FilterCategory[] };
let usage: ScriptUsageRow[] = [];
let misses: SearchMissSummary[] = [];
let imports: ImportRecord[] = [];
let storage: StorageFigures | null = null;
let exportState: ExportProgressState | null = null;
let backupState: ExportProgressState | null = null;
let importFiles: ImportFileState[] = [];
let restoreState: RestoreState = { kind: 'idle' };
let cancelImport: () => void = () => undefined;

let nextJob = 1;
/** Cancels the running export or backup. */
const cancelCurrent = new Map<'export' | 'backup', () => void>();
const handlers = new Map<number, (reply: DashboardWorkerReply) => void>();
worker.onmessage = (event: MessageEvent<DashboardWorkerReply>) => handlers.get(event.data.job)?.(event.data);
const ask = (request: DashboardWorkerRequest) => worker.postMessage(request);

function reportQuery(q: DashboardQuery): ReportQuery {
  return { from: q.from, to: q.to, grouping: q.grouping, filters: exportFilters(q) };
}

function exportFilters(q: DashboardQuery): ExportFilters {
  return {
    from: q.from,
    to: q.to,
    agentIds: q.agentId ? [q.agentId] : undefined,
    sites: q.site ? [q.site] : undefined,
    categoryIds: q.categoryId ? [q.categoryId] : undefined,
    sources: q.source ? [q.source] : undefined,
  };
}

let reportSequence = 0;
async function loadFigures() {
  if (query.from > query.to) return show();
  const sequence = ++reportSequence;
  loading = true;
  show();
  try {
    const next = await loadReport(db, reportQuery(query));
    if (sequence !== reportSequence) return;
    report = next;
    reportError = null;
  } catch (error) {
    if (sequence !== reportSequence) return;
    reportError = error instanceof Error ? error.message : String(error);
  }
  loading = false;
  show();
}

/** Everything but the figures: filter choices, imports, usage, storage. */
async function loadData() {
  const [settings, found, taxonomy, importList, library, uses, missed, status] = await Promise.all([
    currentSettings(db),
    reportChoices(db),
    currentTaxonomy(db),
    listImports(db),
    currentLibraryRecord(db),
    scriptUsage(db),
    searchMissSummary(db),
    storageStatus(db),
  ]);
  locale = settings.locale;
  document.documentElement.lang = locale;
  choices = {
    agentIds: found.agentIds,
    sites: found.sites,
    sources: found.sources,
    categories: taxonomy.categories.map((category) => ({
      id: category.id,
      name: category.name,
      parentId: category.parentId ?? null,
      retired: category.retired,
    })),
  };
  imports = importList;
  const titles = new Map(library.value.scripts.map((script) => [script.id, script.title]));
  usage = [...uses.entries()]
    .map(([scriptId, summary]) => ({ scriptId, title: titles.get(scriptId) ?? '—', ...summary }))
    .sort((a, b) => b.count - a.count || b.lastUsedAt - a.lastUsedAt)
    .slice(0, 20);
  misses = missed.slice(0, 20);
  storage = status;
  show();
}

const reloadAll = () => Promise.all([loadData(), loadFigures()]);

const MIME: Record<StreamKind, string> = {
  'clicks-csv': 'text/csv',
  'clicks-ndjson': 'application/x-ndjson',
  'counts-csv': 'text/csv',
  backup: 'application/x-ndjson',
};

/** Streams one export or backup from the worker into a file, updating `set` as it goes. */
async function streamToFile(kind: StreamKind, pickLocation: boolean, set: (state: ExportProgressState | null, progressOnly?: boolean) => void) {
  const fileName = exportFileName({
    kind: kind === 'backup' ? 'backup' : kind === 'counts-csv' ? 'counts' : 'clicks',
    extension: kind === 'clicks-csv' || kind === 'counts-csv' ? 'csv' : 'ndjson',
    agentIds: query.agentId ? [query.agentId] : null,
    from: query.from,
    to: query.to,
    exportedAt: new Date(),
  });
  // First, while the click's user gesture still counts: the save picker.
  const sink = await openFileSink(fileName, MIME[kind], pickLocation).catch((error: unknown) => {
    set({ kind, fileName, written: 0, done: false, cancelled: false, error: error instanceof Error ? error.message : String(error) });
    return undefined;
  });
  if (sink === undefined) return;
  if (sink === null) return set({ kind, fileName, written: 0, done: false, cancelled: true });
  let state: ExportProgressState = { kind, fileName, written: 0, done: false, cancelled: false };
  const update = (patch: Partial<ExportProgressState>, progressOnly = false) => {
    state = { ...state, ...patch };
    set(state, progressOnly);
  };
  update({});
  const job = nextJob++;
  let cancel: () => void = () => {
    ask({ type: 'cancel', job });
    void sink.abort();
    update({ cancelled: true });
    handlers.delete(job);
  };
  cancelCurrent.set(kind === 'backup' ? 'backup' : 'export', () => cancel());
  handlers.set(job, (reply) => {
    if (reply.type === 'stream-progress') update({ written: reply.written, read: reply.read, total: reply.total }, true);
    else if (reply.type === 'failed') {
      handlers.delete(job);
      void sink.abort();
      update({ error: reply.message });
    } else if (reply.type === 'stream') {
      const pumping = pump(reply.stream, sink);
      cancel = () => {
        ask({ type: 'cancel', job });
        pumping.cancel();
      };
      pumping.done
        .then((outcome) => update(outcome === 'done' ? { done: true } : { cancelled: true }))
        .catch((error: unknown) => update({ error: error instanceof Error ? error.message : String(error) }))
        // Late progress messages may still arrive (they travel apart from the stream).
        .finally(() => setTimeout(() => handlers.delete(job), 5_000));
    }
  });
  ask({ type: 'stream', job, kind, filters: kind === 'backup' ? {} : exportFilters(query) });
}

function startImport(files: File[]) {
  const job = nextJob++;
  importFiles = files.map((file) => ({
    fileName: file.name,
    status: 'waiting',
    rowsRead: 0,
    added: 0,
    duplicates: 0,
    updated: 0,
    beforeRetention: 0,
    rejected: 0,
    problemCount: 0,
    problems: [],
  }));
  const patch = (index: number, next: Partial<ImportFileState>, progressOnly = false) => {
    importFiles = importFiles.map((file, at) => (at === index ? { ...file, ...next } : file));
    draw(progressOnly);
  };
  handlers.set(job, (reply) => {
    if (reply.type === 'import-progress') {
      patch(reply.index, { status: 'running', rowsRead: reply.rowsRead, added: reply.added, duplicates: reply.duplicates }, true);
    } else if (reply.type === 'import-file') {
      const { summary } = reply;
      patch(reply.index, {
        status: 'done',
        rowsRead: summary.rowsRead,
        added: summary.added,
        duplicates: summary.duplicates,
        updated: summary.updated,
        beforeRetention: summary.beforeRetention,
        rejected: summary.rejected,
        problemCount: summary.problemCount,
        problems: summary.problems,
        importStatus: summary.status,
      });
    } else if (reply.type === 'import-file-failed') {
      patch(reply.index, { status: 'failed', message: reply.message });
    } else if (reply.type === 'import-done' || reply.type === 'failed') {
      handlers.delete(job);
      importFiles = importFiles.map((file) =>
        file.status === 'waiting' || file.status === 'running'
          ? reply.type === 'failed'
            ? { ...file, status: 'failed', message: reply.message }
            : { ...file, status: 'skipped' }
          : file,
      );
      cancelImport = () => undefined;
      void reloadAll();
    }
  });
  cancelImport = () => ask({ type: 'cancel', job });
  // The first file shows as running at once; the rest wait their turn.
  if (importFiles.length) importFiles[0] = { ...importFiles[0]!, status: 'running' };
  show();
  ask({ type: 'import', job, files });
}

function startRestore(file: File) {
  const job = nextJob++;
  restoreState = { kind: 'running', fileName: file.name };
  handlers.set(job, (reply) => {
    handlers.delete(job);
    if (reply.type === 'restored') {
      restoreState = { kind: 'done', fileName: file.name, rows: Object.values(reply.summary.rows).reduce((sum, rows) => sum + rows, 0) };
      // The sidebars pick up the restored library and taxonomy.
      void Promise.all([askBackground('libraryChanged', {}).catch(() => null), askBackground('taxonomyChanged', {}).catch(() => null)]);
      void reloadAll();
    } else if (reply.type === 'restore-failed') {
      restoreState = { kind: 'failed', fileName: file.name, message: reply.message, problems: reply.problems };
    } else if (reply.type === 'failed') {
      restoreState = { kind: 'failed', fileName: file.name, message: reply.message, problems: [] };
    }
    show();
  });
  show();
  ask({ type: 'restore', job, file });
}

// Progress arrives many times a second during a long export or import; redrawing the whole
// dashboard for each would keep the page busy. Progress-only changes are drawn at most every 200 ms.
let progressDrawTimer: ReturnType<typeof setTimeout> | undefined;
function draw(progressOnly = false) {
  if (progressOnly) progressDrawTimer ??= setTimeout(show, 200);
  else show();
}

function show() {
  clearTimeout(progressDrawTimer);
  progressDrawTimer = undefined;
  render(
    <Dashboard
      locale={locale}
      today={today}
      query={query}
      onQueryChange={(next) => {
        query = next;
        void loadFigures();
      }}
      choices={choices}
      report={report}
      loading={loading}
      error={reportError}
      usage={usage}
      misses={misses}
      exportState={exportState}
      canPickLocation={canPickSaveLocation()}
      onExport={(kind: DashboardExportKind, options) =>
        void streamToFile(kind, options.pickLocation, (state, progressOnly) => {
          exportState = state;
          draw(progressOnly);
        })
      }
      onCancelExport={() => cancelCurrent.get('export')?.()}
      merge={{
        files: importFiles,
        imports,
        onImportFiles: startImport,
        onCancelImport: () => cancelImport(),
        onRemoveImport: (importId) => void removeImportedSource(db, importId).then(reloadAll),
      }}
      backup={{
        backupState,
        canPickLocation: canPickSaveLocation(),
        onBackup: (options) =>
          void streamToFile('backup', options.pickLocation, (state, progressOnly) => {
            backupState = state;
            draw(progressOnly);
          }),
        onCancelBackup: () => cancelCurrent.get('backup')?.(),
        restoreState,
        onRestore: startRestore,
      }}
      retention={
        storage && {
          storage,
          onSaveRetention: async (days) => {
            await setRetentionDays(db, days);
            const result = await pruneRawEvents(db, new Date());
            await reloadAll();
            return { deleted: result.deleted };
          },
        }
      }
    />,
    root,
  );
}

// Ask for persistent storage (extension pages may; the service worker cannot), then load; then
// apply "keep raw events N days" (a no-op until it is set) and show what it left.
void (navigator.storage?.persist?.() ?? Promise.resolve(false))
  .catch(() => false)
  .then(reloadAll)
  .then(() => pruneRawEvents(db, new Date()))
  .then((result) => (result.deleted > 0 ? reloadAll() : undefined))
  .catch((error: unknown) => console.error('Iceberg: pruning raw events failed', error));
