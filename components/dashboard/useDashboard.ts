import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { exportFileName } from '@/knowledge/files/file-names';
import type { ReportQuery } from '@/knowledge/reports/aggregate';
import type { ExportFilters } from '@/storage/database/export';
import type { ReportView } from '@/storage/database/reports';
import type { DashboardBackend, DashboardOverview, MergeEvent, SaveProgress } from '@/storage/pages/dashboard';
import type { StreamKind } from '@/storage/pages/dashboard-worker-protocol';
import { rangeForPreset, type DashboardExportKind, type DashboardProps, type DashboardQuery } from './Dashboard';
import type { ImportFileState, RestoreState } from './DataTools';

/** Progress arrives many times a second during a long export or import: drawn at most this often. */
const PROGRESS_REDRAW_MS = 200;

function exportFilters(query: DashboardQuery): ExportFilters {
  return {
    from: query.from,
    to: query.to,
    agentIds: query.agentId ? [query.agentId] : undefined,
    sites: query.site ? [query.site] : undefined,
    categoryIds: query.categoryId ? [query.categoryId] : undefined,
    sources: query.source ? [query.source] : undefined,
  };
}

function reportQuery(query: DashboardQuery): ReportQuery {
  return { from: query.from, to: query.to, grouping: query.grouping, filters: exportFilters(query) };
}

function waitingFile(file: File): ImportFileState {
  return {
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
    encoding: null,
    fileWarnings: [],
  };
}

/**
 * State that takes frequent progress updates but redraws for them at most every 200 ms; the
 * getter returns the newest value, drawn or not.
 */
function useProgressState<T>(initial: T): [T, (next: T, progressOnly?: boolean) => void, () => T] {
  const [value, setValue] = useState(initial);
  const latest = useRef(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const set = useCallback((next: T, progressOnly = false) => {
    latest.current = next;
    if (!progressOnly) {
      clearTimeout(timer.current);
      timer.current = undefined;
      setValue(next);
    } else {
      timer.current ??= setTimeout(() => {
        timer.current = undefined;
        setValue(latest.current);
      }, PROGRESS_REDRAW_MS);
    }
  }, []);
  const newest = useCallback(() => latest.current, []);
  return [value, set, newest];
}

/**
 * The dashboard's state and actions over its backend: the query, the figures for it (a newer
 * query's figures win), the data tools' progress. When the page opens, the retention policy is
 * applied (a no-op until one is set).
 */
export function useDashboard(backend: DashboardBackend, today: string): DashboardProps | null {
  const [overview, setOverview] = useState<DashboardOverview | null>(null);
  const [query, setQuery] = useState<DashboardQuery>(() => ({
    preset: 'last7',
    ...rangeForPreset('last7', today),
    grouping: 'day',
    agentId: null,
    site: null,
    categoryId: null,
    source: null,
    dataSource: 'browser',
  }));
  const [centreChoices, setCentreChoices] = useState<{ agentIds: string[]; sites: string[] } | null>(null);
  const [report, setReport] = useState<ReportView | null>(null);
  const [loading, setLoading] = useState(false);
  const [reportError, setReportError] = useState<string | null>(null);
  const [reloads, setReloads] = useState(0);
  const [exportState, setExportState] = useProgressState<SaveProgress | null>(null);
  const [backupState, setBackupState] = useProgressState<SaveProgress | null>(null);
  const [importFiles, setImportFiles, newestImportFiles] = useProgressState<ImportFileState[]>([]);
  const [restoreState, setRestoreState] = useState<RestoreState>({ kind: 'idle' });
  const running = useRef<{ export?: () => void; backup?: () => void; merge?: () => void }>({});

  const reloadAll = useCallback(() => setReloads((count) => count + 1), []);

  useEffect(() => {
    void backend
      .overview()
      .then((next) => {
        setOverview(next);
        document.documentElement.lang = next.locale;
      })
      .catch((error: unknown) => console.error('Iceberg: the dashboard could not load', error));
  }, [backend, reloads]);

  useEffect(() => {
    if (query.from > query.to) return;
    let current = true;
    setLoading(true);
    backend.report(reportQuery(query), query.dataSource).then(
      (next) => {
        if (!current) return;
        setReport(next);
        setReportError(null);
        setLoading(false);
      },
      (error: unknown) => {
        if (!current) return;
        setReportError(error instanceof Error ? error.message : String(error));
        setLoading(false);
      },
    );
    return () => {
      current = false;
    };
  }, [backend, query, reloads]);

  // The centre's agents and sites, once the centre is chosen (a failure shows with the report's).
  useEffect(() => {
    if (query.dataSource !== 'centre' || centreChoices) return;
    backend.centreChoices().then(setCentreChoices, () => undefined);
  }, [backend, query.dataSource, centreChoices]);

  useEffect(() => {
    void backend
      .pruneRawEvents()
      .then((result) => result.deleted > 0 && reloadAll())
      .catch((error: unknown) => console.error('Iceberg: pruning raw events failed', error));
  }, [backend, reloadAll]);

  const save = useCallback(
    (kind: StreamKind, pickLocation: boolean, set: (progress: SaveProgress | null, progressOnly?: boolean) => void) => {
      const fileName = exportFileName({
        kind: kind === 'backup' ? 'backup' : kind === 'counts-csv' ? 'counts' : 'clicks',
        extension: kind === 'clicks-csv' || kind === 'counts-csv' ? 'csv' : 'ndjson',
        agentIds: query.agentId ? [query.agentId] : null,
        from: query.from,
        to: query.to,
        exportedAt: new Date(),
      });
      return backend.saveToFile(kind, exportFilters(query), fileName, pickLocation, set).cancel;
    },
    [backend, query],
  );

  const onMergeEvent = useCallback(
    (event: MergeEvent) => {
      const patch = (index: number, next: Partial<ImportFileState>, progressOnly = false) =>
        setImportFiles(newestImportFiles().map((file, at) => (at === index ? { ...file, ...next } : file)), progressOnly);
      if (event.type === 'import-progress') {
        patch(event.index, { status: 'running', rowsRead: event.rowsRead, added: event.added, duplicates: event.duplicates }, true);
      } else if (event.type === 'import-file') {
        const { summary } = event;
        patch(event.index, {
          status: 'done',
          rowsRead: summary.rowsRead,
          added: summary.added,
          duplicates: summary.duplicates,
          updated: summary.updated,
          beforeRetention: summary.beforeRetention,
          rejected: summary.rejected,
          problemCount: summary.problemCount,
          problems: summary.problems,
          encoding: summary.encoding,
          fileWarnings: summary.fileWarnings,
          importStatus: summary.status,
        });
      } else if (event.type === 'import-file-failed') {
        patch(event.index, { status: 'failed', message: event.message, problems: event.problems });
      } else {
        setImportFiles(
          newestImportFiles().map((file) =>
            file.status === 'waiting' || file.status === 'running'
              ? event.type === 'failed'
                ? { ...file, status: 'failed', message: event.message }
                : { ...file, status: 'skipped' }
              : file,
          ),
        );
        running.current.merge = undefined;
        reloadAll();
      }
    },
    [setImportFiles, newestImportFiles, reloadAll],
  );

  return useMemo(() => {
    if (!overview) return null;
    return {
      locale: overview.locale,
      today,
      query,
      onQueryChange: setQuery,
      choices: query.dataSource === 'centre' ? { ...overview.choices, ...(centreChoices ?? { agentIds: [], sites: [] }), sources: [] } : overview.choices,
      centreReports: overview.centreReports,
      report,
      loading,
      error: reportError,
      usage: overview.usage,
      misses: overview.misses,
      exportState,
      canPickLocation: backend.canPickSaveLocation,
      onExport: (kind: DashboardExportKind, options: { pickLocation: boolean }) => {
        running.current.export = save(kind, options.pickLocation, setExportState);
      },
      onCancelExport: () => running.current.export?.(),
      merge: {
        files: importFiles,
        imports: overview.imports,
        onImportFiles: (files: File[]) => {
          // The first file shows as running at once; the rest wait their turn.
          setImportFiles(files.map((file, index) => ({ ...waitingFile(file), status: index === 0 ? 'running' : 'waiting' })));
          running.current.merge = backend.mergeFiles(files, onMergeEvent).cancel;
        },
        onCancelImport: () => running.current.merge?.(),
        onRemoveImport: (importId: string) => void backend.removeImport(importId).then(reloadAll),
      },
      backup: {
        backupState,
        canPickLocation: backend.canPickSaveLocation,
        onBackup: (options: { pickLocation: boolean }) => {
          running.current.backup = save('backup', options.pickLocation, setBackupState);
        },
        onCancelBackup: () => running.current.backup?.(),
        restoreState,
        onRestore: (file: File) => {
          setRestoreState({ kind: 'running', fileName: file.name });
          void backend.restore(file).then((outcome) => {
            if ('restored' in outcome) {
              const { rows, encoding, warnings } = outcome.restored;
              setRestoreState({ kind: 'done', fileName: file.name, rows: Object.values(rows).reduce((sum, count) => sum + count, 0), encoding, warnings });
              reloadAll();
            } else setRestoreState({ kind: 'failed', fileName: file.name, message: outcome.failed, problems: outcome.problems });
          });
        },
      },
      retention: {
        storage: overview.storage,
        locked: overview.retentionLocked,
        onSaveRetention: async (days: number | null) => {
          const result = await backend.setRetention(days);
          reloadAll();
          return { deleted: result.deleted };
        },
      },
    };
  }, [overview, centreChoices, today, query, report, loading, reportError, exportState, importFiles, backupState, restoreState, backend, save, onMergeEvent, reloadAll, setExportState, setBackupState, setImportFiles]);
}
