import type { BackupProblem, RestoreSummary } from '@/storage/database/backup';
import type { ExportFilters } from '@/storage/database/export';
import type { ImportSummary } from '@/storage/database/merge';

/** What the dashboard's worker streams out: three exports and the whole-database backup. */
export type StreamKind = 'clicks-csv' | 'clicks-ndjson' | 'counts-csv' | 'backup';

/** Between the dashboard page and its worker (same extension page, structured clone). */
export type DashboardWorkerRequest =
  /** Replies with a transferred byte stream; the page pulls it into the file, so memory stays flat. */
  | { type: 'stream'; job: number; kind: StreamKind; filters: ExportFilters }
  /** Merge-imports the files one after the other. */
  | { type: 'import'; job: number; files: File[] }
  /** Checks the whole backup, then replaces everything (or nothing). */
  | { type: 'restore'; job: number; file: File }
  | { type: 'cancel'; job: number };

export type DashboardWorkerReply =
  | { type: 'stream'; job: number; stream: ReadableStream<Uint8Array> }
  | { type: 'stream-progress'; job: number; written: number; read?: number; total?: number }
  | { type: 'import-progress'; job: number; index: number; rowsRead: number; added: number; duplicates: number }
  | { type: 'import-file'; job: number; index: number; summary: ImportSummary }
  | { type: 'import-file-failed'; job: number; index: number; message: string }
  | { type: 'import-done'; job: number; cancelled: boolean }
  | { type: 'restored'; job: number; summary: RestoreSummary }
  | { type: 'restore-failed'; job: number; message: string; problems: BackupProblem[] }
  | { type: 'failed'; job: number; message: string };
