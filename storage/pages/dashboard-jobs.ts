import type { IcebergDatabase } from '@/storage/database/database';
import { BackupError, backupChunks, restoreBackup } from '@/storage/database/backup';
import { exportClickLog, exportCounts, toByteStream, type ExportFilters } from '@/storage/database/export';
import { importClickLog } from '@/storage/database/merge';
import type { DashboardWorkerReply, DashboardWorkerRequest, StreamKind } from './dashboard-worker-protocol';

/**
 * The dashboard's heavy work, run in its worker so the page stays responsive: exports and
 * backups streamed a chunk at a time, merge imports and restores.
 */
export class DashboardJobs {
  private readonly jobs = new Map<number, AbortController>();

  constructor(
    private readonly db: IcebergDatabase,
    private readonly reply: (message: DashboardWorkerReply, transfer?: Transferable[]) => void,
  ) {}

  async handle(request: DashboardWorkerRequest): Promise<void> {
    if (request.type === 'cancel') {
      this.jobs.get(request.job)?.abort(new DOMException('Cancelled', 'AbortError'));
      return;
    }
    const controller = new AbortController();
    this.jobs.set(request.job, controller);
    try {
      if (request.type === 'stream') {
        const chunks = this.chunksFor(request.job, request.kind, request.filters, controller.signal);
        const stream = toByteStream(this.tracked(request.job, chunks));
        this.reply({ type: 'stream', job: request.job, stream }, [stream]);
        return; // the job ends when the page has pulled the whole stream
      }
      if (request.type === 'import') await this.importFiles(request.job, request.files, controller.signal);
      else if (request.type === 'restore') await this.restore(request.job, request.file);
      this.jobs.delete(request.job);
    } catch (error) {
      this.jobs.delete(request.job);
      this.reply({ type: 'failed', job: request.job, message: messageOf(error) });
    }
  }

  private chunksFor(job: number, kind: StreamKind, filters: ExportFilters, signal: AbortSignal): AsyncIterable<string> {
    switch (kind) {
      case 'clicks-csv':
      case 'clicks-ndjson':
        return exportClickLog(this.db, {
          ...filters,
          format: kind === 'clicks-csv' ? 'csv' : 'ndjson',
          signal,
          onProgress: (progress) => this.reply({ type: 'stream-progress', job, written: progress.written, read: progress.done, total: progress.total }),
        });
      case 'counts-csv':
        return this.countLines(job, exportCounts(this.db, { ...filters, signal }));
      case 'backup':
        return backupChunks(this.db, {
          signal,
          onProgress: (progress) => this.reply({ type: 'stream-progress', job, written: progress.done, total: progress.total }),
        });
    }
  }

  /** Rows written, for exports that report no progress of their own (the header line is not a row). */
  private async *countLines(job: number, chunks: AsyncIterable<string>): AsyncGenerator<string> {
    let lines = 0;
    for await (const chunk of chunks) {
      for (let at = chunk.indexOf('\n'); at >= 0; at = chunk.indexOf('\n', at + 1)) lines += 1;
      yield chunk;
      this.reply({ type: 'stream-progress', job, written: Math.max(0, lines - 1) });
    }
  }

  /** Forgets the job once its chunks are used up, failed or cancelled. */
  private async *tracked(job: number, chunks: AsyncIterable<string>): AsyncGenerator<string> {
    try {
      yield* chunks;
    } finally {
      this.jobs.delete(job);
    }
  }

  private async importFiles(job: number, files: File[], signal: AbortSignal): Promise<void> {
    for (const [index, file] of files.entries()) {
      if (signal.aborted) break;
      try {
        const summary = await importClickLog(this.db, file, {
          fileName: file.name,
          signal,
          onProgress: (progress) =>
            this.reply({ type: 'import-progress', job, index, rowsRead: progress.rowsRead, added: progress.added, duplicates: progress.duplicates }),
        });
        this.reply({ type: 'import-file', job, index, summary });
      } catch (error) {
        this.reply({ type: 'import-file-failed', job, index, message: messageOf(error) });
      }
    }
    this.reply({ type: 'import-done', job, cancelled: signal.aborted });
  }

  private async restore(job: number, file: File): Promise<void> {
    try {
      this.reply({ type: 'restored', job, summary: await restoreBackup(this.db, file) });
    } catch (error) {
      this.reply({ type: 'restore-failed', job, message: messageOf(error), problems: error instanceof BackupError ? error.problems : [] });
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
