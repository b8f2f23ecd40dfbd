/// <reference lib="webworker" />
// The dashboard's heavy work off the page's main thread: exports and backups (streamed to the
// page a chunk at a time), merge imports and restores. Wiring only: the work is storage/ code.
import { IcebergDatabase } from '@/storage/database';
import { BackupError, backupChunks, restoreBackup } from '@/storage/backup-store';
import { exportClickLog, exportCounts, toByteStream } from '@/storage/export-store';
import { importClickLog } from '@/storage/merge-store';
import type { DashboardWorkerReply, DashboardWorkerRequest, StreamKind } from './worker-protocol';
import type { ExportFilters } from '@/storage/export-store';

// The extension's own database: a worker of an extension page shares its origin.
const db = new IcebergDatabase();
const jobs = new Map<number, AbortController>();

const scope = self as unknown as DedicatedWorkerGlobalScope;
const reply = (message: DashboardWorkerReply, transfer: Transferable[] = []) => scope.postMessage(message, transfer);
const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

function chunksFor(job: number, kind: StreamKind, filters: ExportFilters, signal: AbortSignal): AsyncIterable<string> {
  switch (kind) {
    case 'clicks-csv':
    case 'clicks-ndjson':
      return exportClickLog(db, {
        ...filters,
        format: kind === 'clicks-csv' ? 'csv' : 'ndjson',
        signal,
        onProgress: (progress) => reply({ type: 'stream-progress', job, written: progress.written, read: progress.done, total: progress.total }),
      });
    case 'counts-csv':
      return countLines(job, exportCounts(db, { ...filters, signal }));
    case 'backup':
      return backupChunks(db, {
        signal,
        onProgress: (progress) => reply({ type: 'stream-progress', job, written: progress.done, total: progress.total }),
      });
  }
}

/** Rows written, for exports that report no progress of their own (the header line is not a row). */
async function* countLines(job: number, chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let lines = 0;
  for await (const chunk of chunks) {
    for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', at + 1)) lines += 1;
    yield chunk;
    reply({ type: 'stream-progress', job, written: Math.max(0, lines - 1) });
  }
}

/** Forgets the job once its chunks are used up, failed or cancelled. */
async function* tracked(job: number, chunks: AsyncIterable<string>): AsyncGenerator<string> {
  try {
    yield* chunks;
  } finally {
    jobs.delete(job);
  }
}

async function importFiles(job: number, files: File[], signal: AbortSignal): Promise<void> {
  for (const [index, file] of files.entries()) {
    if (signal.aborted) break;
    try {
      const summary = await importClickLog(db, file, {
        fileName: file.name,
        signal,
        onProgress: (progress) => reply({ type: 'import-progress', job, index, rowsRead: progress.rowsRead, added: progress.added, duplicates: progress.duplicates }),
      });
      reply({ type: 'import-file', job, index, summary });
    } catch (error) {
      reply({ type: 'import-file-failed', job, index, message: messageOf(error) });
    }
  }
  reply({ type: 'import-done', job, cancelled: signal.aborted });
}

scope.onmessage = async (event: MessageEvent<DashboardWorkerRequest>) => {
  const request = event.data;
  if (request.type === 'cancel') {
    jobs.get(request.job)?.abort(new DOMException('Cancelled', 'AbortError'));
    return;
  }
  const controller = new AbortController();
  jobs.set(request.job, controller);
  try {
    if (request.type === 'stream') {
      const stream = toByteStream(tracked(request.job, chunksFor(request.job, request.kind, request.filters, controller.signal)));
      reply({ type: 'stream', job: request.job, stream }, [stream]);
      return; // the job ends when the page has pulled the whole stream
    }
    if (request.type === 'import') {
      await importFiles(request.job, request.files, controller.signal);
    } else if (request.type === 'restore') {
      try {
        reply({ type: 'restored', job: request.job, summary: await restoreBackup(db, request.file) });
      } catch (error) {
        reply({
          type: 'restore-failed',
          job: request.job,
          message: messageOf(error),
          problems: error instanceof BackupError ? error.problems : [],
        });
      }
    }
    jobs.delete(request.job);
  } catch (error) {
    jobs.delete(request.job);
    reply({ type: 'failed', job: request.job, message: messageOf(error) });
  }
};
