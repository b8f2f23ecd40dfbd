import type { ImportRecord } from '@/knowledge/clicks/import-record';
import { scriptUsageRows, type ScriptUsageRow, type SearchMissSummary } from '@/knowledge/case-library/script-usage';
import type { ReportQuery } from '@/knowledge/reports/aggregate';
import type { Locale } from '@/knowledge/settings/settings';
import type { ComplaintCategory } from '@/knowledge/taxonomy/taxonomy';
import type { BackupProblem } from '@/knowledge/files/backup-reader';
import type { RestoreSummary } from '@/storage/database/backup';
import { currentLibrary, scriptUsage, searchMissSummary } from '@/storage/database/case-library';
import type { IcebergDatabase } from '@/storage/database/database';
import type { ExportFilters } from '@/storage/database/export';
import { listImports, removeImportedSource } from '@/storage/database/merge';
import { loadReport, reportChoices, type ReportView } from '@/storage/database/reports';
import { pruneRawEvents, setRetentionDays } from '@/storage/database/retention';
import { storageStatus, type StorageStatus } from '@/storage/database/storage-status';
import { currentTaxonomy } from '@/storage/database/taxonomy';
import { askBackground } from '@/storage/messaging/client';
import { settingsInForceWithLocks } from '@/storage/settings-source';
import { centreChoices, centreReport, centreSelect, type CentreSelect } from '@/knowledge/centre/centre-report';
import { failureMessage, type ClickHouseFailure } from '@/knowledge/centre/clickhouse-failure';
import type { AgentSettings } from '@/knowledge/settings/settings';
import { categoryDirectory } from '@/storage/database/reports';
import { mayReach } from '@/storage/platform/permissions';
import { CENTRE_QUERIES } from './centre-queries';
import type { DashboardWorkerReply, DashboardWorkerRequest, StreamKind } from './dashboard-worker-protocol';
import { canPickSaveLocation, openFileSink, pump } from './save-file';

/** A category as the dashboard's filter lists it. */
export type FilterCategory = Pick<ComplaintCategory, 'id' | 'name' | 'retired'> & { parentId: string | null };

export interface DashboardChoices {
  agentIds: string[];
  sites: string[];
  sources: string[];
  categories: FilterCategory[];
}

/** Everything on the dashboard but the figures. */
export interface DashboardOverview {
  locale: Locale;
  choices: DashboardChoices;
  imports: ImportRecord[];
  /** The 20 most used scripts. */
  usage: ScriptUsageRow[];
  /** The 20 most frequent searches that found nothing. */
  misses: SearchMissSummary[];
  storage: StorageStatus;
  /** A read-only user for the centre's ClickHouse is set: the "centre" source can be chosen. */
  centreReports: boolean;
  /** "Keep raw events N days" is set by IT's policy, not on this page. */
  retentionLocked: boolean;
}

/** Where the figures come from: this browser's own data (and merged imports), or every agent's in the centre. */
export type DashboardSource = 'browser' | 'centre';

/** An export or backup on its way into a file. */
export interface SaveProgress {
  kind: StreamKind;
  fileName: string;
  /** Rows written to the file so far. */
  written: number;
  /** Records read so far, when the source is filtered on the way (some rows are not written). */
  read?: number;
  /** Records to read in all, when known. */
  total?: number;
  done: boolean;
  cancelled: boolean;
  error?: string;
}

/** What a merge import of several files reports, file by file. */
export type MergeEvent = Extract<DashboardWorkerReply, { type: 'import-progress' | 'import-file' | 'import-file-failed' | 'import-done' | 'failed' }>;

export type RestoreOutcome = { restored: RestoreSummary } | { failed: string; problems: BackupProblem[] };

export interface Cancellable {
  readonly cancel: () => void;
}

/** The dashboard's access to stored data; the heavy work runs in its worker. */
export interface DashboardBackend {
  overview(): Promise<DashboardOverview>;
  report(query: ReportQuery, source?: DashboardSource): Promise<ReportView>;
  /** The agents and sites the centre has data for (the centre source's filters). */
  centreChoices(): Promise<{ agentIds: string[]; sites: string[] }>;
  removeImport(importId: string): Promise<void>;
  /** Sets "keep raw events N days" (null: keep all) and applies it at once. */
  setRetention(days: number | null): Promise<{ deleted: number }>;
  /** Applies the retention policy; a no-op until one is set. */
  pruneRawEvents(): Promise<{ deleted: number }>;
  readonly canPickSaveLocation: boolean;
  /**
   * Streams an export or the backup into a file. Call it straight from the click: the save
   * picker needs the user's gesture. `progressOnly` marks updates that only move counters.
   */
  saveToFile(
    kind: StreamKind,
    filters: ExportFilters,
    fileName: string,
    pickLocation: boolean,
    onProgress: (progress: SaveProgress, progressOnly: boolean) => void,
  ): Cancellable;
  mergeFiles(files: File[], onEvent: (event: MergeEvent) => void): Cancellable;
  restore(file: File): Promise<RestoreOutcome>;
}

const MIME: Record<StreamKind, string> = {
  'clicks-csv': 'text/csv',
  'clicks-ndjson': 'application/x-ndjson',
  'counts-csv': 'text/csv',
  backup: 'application/x-ndjson',
};

export function createDashboardBackend(db: IcebergDatabase, worker: Worker): DashboardBackend {
  let nextJob = 1;
  const listeners = new Map<number, (reply: DashboardWorkerReply) => void>();
  worker.onmessage = (event: MessageEvent<DashboardWorkerReply>) => listeners.get(event.data.job)?.(event.data);
  const ask = (request: DashboardWorkerRequest) => worker.postMessage(request);

  /** SELECTs with the read-only user from this page (the page's host access, the same timeouts as uploads). */
  const centre = async (): Promise<{ select: CentreSelect; settings: AgentSettings }> => {
    const { settings } = await settingsInForceWithLocks(db);
    if (!settings.centreReports) throw new Error('centre reports are not configured');
    return { select: centreSelect(settings.centreReports, { fetch: (url, init) => fetch(url, init), timeoutMs: 60_000, mayReach }), settings };
  };
  const failed = (failure: ClickHouseFailure, settings: AgentSettings) => {
    const message = failureMessage(failure);
    return new Error(`${settings.locale === 'en' ? message.en : message.zh} (${failure.detail})`);
  };

  return {
    async overview() {
      const [{ settings, locked }, found, taxonomy, imports, library, uses, misses, storage] = await Promise.all([
        settingsInForceWithLocks(db),
        reportChoices(db),
        currentTaxonomy(db),
        listImports(db),
        currentLibrary(db),
        scriptUsage(db),
        searchMissSummary(db),
        storageStatus(db),
      ]);
      return {
        locale: settings.locale,
        choices: {
          ...found,
          categories: taxonomy.categories.map(({ id, name, parentId, retired }) => ({ id, name, parentId: parentId ?? null, retired })),
        },
        imports,
        usage: scriptUsageRows(library.scripts, uses).slice(0, 20),
        misses: misses.slice(0, 20),
        storage,
        centreReports: settings.centreReports !== undefined,
        retentionLocked: locked.includes('keepRawEventsDays'),
      };
    },
    async report(query, source = 'browser') {
      if (source === 'browser') return loadReport(db, query);
      const [{ select, settings }, directory] = await Promise.all([centre(), categoryDirectory(db)]);
      const answer = await centreReport(query, directory, select, CENTRE_QUERIES);
      if (!answer.ok) throw failed(answer.failure, settings);
      return { ...answer.value, rawDetailStartsAt: null };
    },
    async centreChoices() {
      const { select, settings } = await centre();
      const answer = await centreChoices(select, CENTRE_QUERIES);
      if (!answer.ok) throw failed(answer.failure, settings);
      return { agentIds: answer.value.agentIds, sites: answer.value.sites };
    },
    removeImport: async (importId) => void (await removeImportedSource(db, importId)),
    async setRetention(days) {
      await setRetentionDays(db, days);
      return pruneRawEvents(db, new Date());
    },
    pruneRawEvents: () => pruneRawEvents(db, new Date()),
    canPickSaveLocation: canPickSaveLocation(),

    saveToFile(kind, filters, fileName, pickLocation, onProgress) {
      let progress: SaveProgress = { kind, fileName, written: 0, done: false, cancelled: false };
      const update = (patch: Partial<SaveProgress>, progressOnly = false) => {
        progress = { ...progress, ...patch };
        onProgress(progress, progressOnly);
      };
      const job = nextJob++;
      let cancel = () => {
        cancelled = true;
        update({ cancelled: true });
      };
      let cancelled = false;
      void (async () => {
        // First, while the click's user gesture still counts: the save picker.
        const sink = await openFileSink(fileName, MIME[kind], pickLocation).catch((error: unknown) => {
          update({ error: messageOf(error) });
          return undefined;
        });
        if (sink === undefined || cancelled) return;
        if (sink === null) return update({ cancelled: true });
        update({});
        cancel = () => {
          ask({ type: 'cancel', job });
          void sink.abort();
          update({ cancelled: true });
          listeners.delete(job);
        };
        listeners.set(job, (reply) => {
          if (reply.type === 'stream-progress') update({ written: reply.written, read: reply.read, total: reply.total }, true);
          else if (reply.type === 'failed') {
            listeners.delete(job);
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
              .catch((error: unknown) => update({ error: messageOf(error) }))
              // Late progress messages may still arrive (they travel apart from the stream).
              .finally(() => setTimeout(() => listeners.delete(job), 5_000));
          }
        });
        ask({ type: 'stream', job, kind, filters: kind === 'backup' ? {} : filters });
      })();
      return { cancel: () => cancel() };
    },

    mergeFiles(files, onEvent) {
      const job = nextJob++;
      listeners.set(job, (reply) => {
        if (reply.type === 'import-done' || reply.type === 'failed') listeners.delete(job);
        if (
          reply.type === 'import-progress' ||
          reply.type === 'import-file' ||
          reply.type === 'import-file-failed' ||
          reply.type === 'import-done' ||
          reply.type === 'failed'
        ) {
          onEvent(reply);
        }
      });
      ask({ type: 'import', job, files });
      return { cancel: () => ask({ type: 'cancel', job }) };
    },

    restore(file) {
      const job = nextJob++;
      return new Promise<RestoreOutcome>((resolve) => {
        listeners.set(job, (reply) => {
          listeners.delete(job);
          if (reply.type === 'restored') {
            // Open sidebars take the restored settings, taxonomy and library at once; where the
            // centre publishes the library or taxonomy, its files are taken again over the backup's.
            void askBackground('storedDataChanged', { tables: ['settings', 'taxonomy', 'caseLibrary'] })
              .then(() => askBackground('checkSubscriptions', {}))
              .catch(() => null);
            resolve({ restored: reply.summary });
          } else if (reply.type === 'restore-failed') resolve({ failed: reply.message, problems: reply.problems });
          else if (reply.type === 'failed') resolve({ failed: reply.message, problems: [] });
        });
        ask({ type: 'restore', job, file });
      });
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
