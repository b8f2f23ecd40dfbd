import type { ClickRequest } from '@/knowledge/clicks/click-event';
import type { IcebergErrorCode } from '@/knowledge/iceberg-error';
import { RETRYABLE_ERRORS, describeFailure } from '@/knowledge/iceberg-error';

export interface PendingClicksOptions<Stored> {
  send: (click: ClickRequest) => Promise<Stored>;
  onStored: (click: ClickRequest, stored: Stored) => void;
  /** A click cancelled (undone) while its send was already under way, then stored anyway. */
  onStoredAfterCancel: (click: ClickRequest, stored: Stored) => void;
  onFailed: (click: ClickRequest, error: { code: IcebergErrorCode; message: string }, willRetry: boolean) => void;
  onChange: (pending: readonly ClickRequest[]) => void;
  schedule?: (run: () => void, delayMs: number) => void;
  /** Where unconfirmed clicks are kept so a page reload or a closed tab loses none (see click-journal.ts). */
  journal?: ClickJournal;
}

/** Where the clicks not yet confirmed are kept: written as the click is made. */
export interface ClickJournal {
  /** Every unconfirmed click, this page's and any other sidebar's that went away. */
  load(): Promise<ClickRequest[]>;
  remember(click: ClickRequest): void;
  forget(id: string): void;
}

const RETRY_DELAYS_MS = [200, 500, 1000, 2000, 5000];

/**
 * Clicks the agent made that storage has not confirmed yet. A click is resent until the
 * background accepts it (the id makes resending safe), so a stopped service worker or a full
 * disk delays a click but never drops it silently.
 */
export class PendingClicks<Stored> {
  private readonly queue: ClickRequest[] = [];
  private readonly attempts = new Map<string, number>();
  private readonly inFlight = new Set<string>();
  private readonly cancelled = new Set<string>();
  private readonly schedule: (run: () => void, delayMs: number) => void;

  constructor(private readonly options: PendingClicksOptions<Stored>) {
    this.schedule = options.schedule ?? ((run, delay) => setTimeout(run, delay));
  }

  /** Sends again what an earlier page left unconfirmed (a reload right after a click). */
  async resume(): Promise<void> {
    const left = (await this.options.journal?.load()) ?? [];
    const known = new Set(this.queue.map((click) => click.id));
    for (const click of left) if (!known.has(click.id)) this.add(click);
  }

  get pending(): readonly ClickRequest[] {
    return this.queue;
  }

  add(click: ClickRequest): void {
    this.options.journal?.remember(click);
    this.queue.push(click);
    this.options.onChange(this.queue);
    void this.attempt(click);
  }

  /** Withdraws a click the agent undid before storage confirmed it. */
  cancel(id: string): boolean {
    const index = this.queue.findIndex((click) => click.id === id);
    if (index < 0) return false;
    if (this.inFlight.has(id)) this.cancelled.add(id);
    this.queue.splice(index, 1);
    this.options.journal?.forget(id);
    this.options.onChange(this.queue);
    return true;
  }

  private async attempt(click: ClickRequest): Promise<void> {
    if (this.inFlight.has(click.id)) return;
    this.inFlight.add(click.id);
    try {
      const stored = await this.options.send(click);
      this.inFlight.delete(click.id);
      if (this.cancelled.delete(click.id)) {
        this.options.onStoredAfterCancel(click, stored);
        return;
      }
      this.remove(click.id);
      this.options.onStored(click, stored);
    } catch (error) {
      this.inFlight.delete(click.id);
      const { code, message } = describeFailure(error);
      if (this.cancelled.delete(click.id)) return;
      const willRetry = RETRYABLE_ERRORS.has(code);
      this.options.onFailed(click, { code, message }, willRetry);
      if (!willRetry) {
        this.remove(click.id);
        return;
      }
      const tries = (this.attempts.get(click.id) ?? 0) + 1;
      this.attempts.set(click.id, tries);
      const delay = RETRY_DELAYS_MS[Math.min(tries - 1, RETRY_DELAYS_MS.length - 1)]!;
      this.schedule(() => {
        if (this.queue.some((queued) => queued.id === click.id)) void this.attempt(click);
      }, delay);
    }
  }

  private remove(id: string): void {
    const index = this.queue.findIndex((click) => click.id === id);
    if (index >= 0) this.queue.splice(index, 1);
    this.attempts.delete(id);
    this.options.journal?.forget(id);
    this.options.onChange(this.queue);
  }
}
