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
  /** What the last `schedule` read, kept up by `queued`, so a click costs no extra reads. */
  private known: { backlog: { pending: number; oldestQueuedAt: number | null }; retryAfter: string | null } | null = null;

  constructor(
    private readonly db: IcebergDatabase,
    private readonly settings: () => Promise<AgentSettings>,
    /** Called after each run and each change of the backlog: the sidebars' footers follow. */
    private readonly changed: () => void,
    private readonly fetch: HttpFetch = (url, init) => globalThis.fetch(url, init),
  ) {
    onAlarm(UPLOAD_ALARM, () => void this.run());
  }

  /** At start, after a run and when the settings change: reads the backlog and plans the next run. */
  async schedule(): Promise<void> {
    const [backlog, status] = await Promise.all([outboxBacklog(this.db), uploadStatus(this.db)]);
    this.known = { backlog, retryAfter: status.retryAfter };
    await this.plan();
  }

  /** After a change was queued (on the click path): plans from what is known, reading nothing. */
  async queued(queuedAt: number): Promise<void> {
    if (!this.known) return this.schedule();
    const { backlog } = this.known;
    // An upper bound (a newer change of a queued event adds nothing): at worst a batch goes early.
    this.known.backlog = { pending: backlog.pending + 1, oldestQueuedAt: backlog.oldestQueuedAt ?? queuedAt };
    await this.plan();
  }

  private async plan(): Promise<void> {
    const { upload } = await this.settings();
    this.changed();
    const at = upload && this.known ? nextUploadAt(this.known.backlog, this.known, upload.batching, Date.now()) : null;
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
