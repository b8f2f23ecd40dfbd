import type { HttpFetch } from '@/knowledge/centre/clickhouse-http';
import { nextUploadAt, transportFor, uploadPending } from '@/knowledge/centre/upload-queue';
import { statusAfterRun, type UploadStatus } from '@/knowledge/centre/upload-status';
import type { AgentSettings } from '@/knowledge/settings/settings';
import type { IcebergDatabase } from '@/storage/database/database';
import { databaseOutbox, outboxBacklog, saveUploadStatus, uploadStatus } from '@/storage/database/outbox';
import { clearAlarm, onAlarm, setAlarm } from '@/storage/platform/alarms';
import { mayReach } from '@/storage/platform/permissions';

const UPLOAD_ALARM = 'iceberg:upload';

/**
 * Clicks to the centre: one upload run at a time, when a batch is due (a full batch waits, or
 * the oldest change has waited long enough), never inside a backoff. A timer serves the short
 * waits while the service worker runs; an alarm wakes a stopped one for the same moment.
 * Nothing here decides what is sent or how it is counted (knowledge/centre/upload-queue.ts):
 * this only says when, and keeps the status the agent sees.
 */
export class CentreUploads {
  private running: Promise<void> | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private due: number | null = null;

  constructor(
    private readonly db: IcebergDatabase,
    private readonly settings: () => Promise<AgentSettings>,
    /** Called after each run and each change of the backlog: the sidebars' footers follow. */
    private readonly changed: () => void,
    private readonly fetch: HttpFetch = (url, init) => globalThis.fetch(url, init),
  ) {
    onAlarm(UPLOAD_ALARM, () => void this.run());
  }

  /** After a change was queued, at start and when the settings change: plans the next run. */
  async schedule(): Promise<void> {
    const { upload } = await this.settings();
    const [backlog, status] = await Promise.all([outboxBacklog(this.db), uploadStatus(this.db)]);
    this.changed();
    const at = upload ? nextUploadAt(backlog, status, upload.batching, Date.now()) : null;
    if (at === this.due) return;
    this.due = at;
    clearTimeout(this.timer);
    if (at === null) {
      await clearAlarm(UPLOAD_ALARM).catch(() => undefined);
      return;
    }
    this.timer = setTimeout(() => void this.run(), Math.max(0, at - Date.now()));
    await setAlarm(UPLOAD_ALARM, at).catch(() => undefined);
  }

  /** Uploads what waits now; with `ignoreBackoff`, even inside a backoff (a person asked). Resolves when the run is over. */
  async run(options: { ignoreBackoff?: boolean } = {}): Promise<void> {
    if (this.running) return this.running;
    this.running = this.upload(options.ignoreBackoff ?? false).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async upload(ignoreBackoff: boolean): Promise<void> {
    clearTimeout(this.timer);
    this.due = null;
    try {
      const { upload } = await this.settings();
      const before = await uploadStatus(this.db);
      const now = new Date();
      if (!upload || (!ignoreBackoff && before.retryAfter && Date.parse(before.retryAfter) > now.getTime())) return;
      const run = await uploadPending(databaseOutbox(this.db), upload, { ...transportFor(upload, this.fetch), mayReach });
      const { pending } = await outboxBacklog(this.db);
      // Nothing to send and nothing wrong: the status stays as it was (no "attempt" to show).
      if (run.sent === 0 && !run.failure && before.lastError === null) return;
      const after: UploadStatus = statusAfterRun(before, run, pending, new Date(), Math.random);
      await saveUploadStatus(this.db, after);
    } catch (error) {
      // The database failed (not the centre): try again at the next change or start.
      console.error('Iceberg: the upload run failed', error);
    } finally {
      await this.schedule().catch(() => undefined);
    }
  }
}
