import { z } from 'zod';
import type { EventLike } from '../clicks/stored-event';
import { ClickHouseConnection, ClickHouseIdentifier, type Transport, insertJsonEachRow } from './clickhouse-http';
import { type UploadRow, isUploadable, uploadRowOf } from './upload-row';
import type { UploadRunResult, UploadStatus } from './upload-status';

/**
 * The way from the browser's outbox to the centre. Every click, undo and detail change queues
 * one outbox entry (event id + the change's version) in the same transaction as the event; an
 * upload run reads the oldest entries, sends the events as they are now under those versions,
 * and removes an entry only if no newer change replaced it meanwhile. Sending again after a
 * lost answer, a crash or a stopped service worker only repeats rows the centre already
 * collapses (same event, same version).
 */

export const OutboxEntry = z.object({
  /** One entry per event: a newer change replaces the entry (and its version). */
  eventId: z.uuid(),
  version: z.number().int().positive(),
  /** When the change was queued (ms since 1970): the batch clock and the upload order. */
  queuedAt: z.number().int().nonnegative(),
});
export type OutboxEntry = z.infer<typeof OutboxEntry>;

/**
 * Batches: a browser sends when `maxRows` changes wait or the oldest has waited `maxWaitSeconds`,
 * never a request per click. With 1,000 agents and a 60 s wait that is at most ~17 requests a
 * second for the whole centre, which the Buffer table or asynchronous inserts absorb.
 */
export const UploadBatching = z.object({
  maxRows: z.number().int().min(1).max(10_000).default(500),
  maxBytes: z.number().int().min(4096).max(16 * 1024 * 1024).default(1024 * 1024),
  maxWaitSeconds: z.number().int().min(1).max(24 * 3600).default(60),
});
export type UploadBatching = z.infer<typeof UploadBatching>;

export const DEFAULT_BATCHING: UploadBatching = UploadBatching.parse({});

/** Where uploads go: a ClickHouse user that may insert, the table, batching and patience. */
export const UploadTarget = ClickHouseConnection.extend({
  /** click_events, or click_events_buffer where a Buffer table absorbs many small inserts. */
  table: ClickHouseIdentifier.default('click_events'),
  batching: UploadBatching.default(DEFAULT_BATCHING),
  timeoutSeconds: z.number().int().min(1).max(300).default(30),
});
export type UploadTarget = z.infer<typeof UploadTarget>;

/**
 * When the next upload should start (ms since 1970), or null with nothing pending: once a full
 * batch waits or the oldest change has waited long enough, and never inside a backoff.
 */
export function nextUploadAt(
  queue: { pending: number; oldestQueuedAt: number | null },
  status: Pick<UploadStatus, 'retryAfter'>,
  batching: UploadBatching,
  now: number,
): number | null {
  if (queue.pending === 0 || queue.oldestQueuedAt === null) return null;
  const due = queue.pending >= batching.maxRows ? now : queue.oldestQueuedAt + batching.maxWaitSeconds * 1000;
  const retryAfter = status.retryAfter ? Date.parse(status.retryAfter) : 0;
  return Math.max(due, retryAfter, now);
}

/** Bytes of a string in UTF-8, without encoding it (a batch is measured row by row). */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let at = 0; at < text.length; at += 1) {
    const code = text.charCodeAt(at);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2; // a surrogate pair: 4 bytes for its 2 UTF-16 units
      at += 1;
    } else bytes += 2;
  }
  return bytes;
}

/** JSONEachRow lines for as many rows as fit in `maxBytes` (always at least one). */
export function encodeBatch(rows: readonly object[], maxBytes: number): { body: string; count: number } {
  let body = '';
  let bytes = 0;
  let count = 0;
  for (const row of rows) {
    const line = `${JSON.stringify(row)}\n`;
    const size = utf8Length(line);
    if (count > 0 && bytes + size > maxBytes) break;
    body += line;
    bytes += size;
    count += 1;
  }
  return { body, count };
}

/** What an upload run needs from the browser's storage. */
export interface UploadOutbox {
  /** At most `limit` entries, oldest change first and ties by event id, so a retry rebuilds the same batch. */
  oldest(limit: number): Promise<OutboxEntry[]>;
  /** The events as stored now, aligned with `ids` (undefined when gone). Read after `oldest`. */
  events(ids: readonly string[]): Promise<Array<EventLike | undefined>>;
  /** Removes each entry whose stored version is still the given one; a newer change stays queued. */
  acknowledge(entries: readonly OutboxEntry[]): Promise<void>;
}

export interface UploadRun extends UploadRunResult {
  batches: number;
  /** Entries dropped without sending: the event is gone, or is not the agent's own. */
  skipped: number;
}

/**
 * Sends batches until the outbox holds less than a full batch, `maxBatches` were sent, or the
 * centre fails (then everything not acknowledged stays queued for the next run).
 */
export async function uploadPending(
  outbox: UploadOutbox,
  target: UploadTarget,
  transport: Transport,
  options: { maxBatches?: number } = {},
): Promise<UploadRun> {
  const { maxRows, maxBytes } = target.batching;
  const run: UploadRun = { sent: 0, batches: 0, skipped: 0, failure: null };
  while (run.batches < (options.maxBatches ?? 20)) {
    const entries = await outbox.oldest(maxRows);
    if (entries.length === 0) break;
    const events = await outbox.events(entries.map((entry) => entry.eventId));
    const sendable: OutboxEntry[] = [];
    const rows: UploadRow[] = [];
    const dropped: OutboxEntry[] = [];
    entries.forEach((entry, index) => {
      const event = events[index];
      if (!event || !isUploadable(event)) dropped.push(entry);
      else {
        sendable.push(entry);
        rows.push(uploadRowOf(event, entry.version));
      }
    });
    if (dropped.length > 0) {
      await outbox.acknowledge(dropped);
      run.skipped += dropped.length;
    }
    let allSent = true;
    if (rows.length > 0) {
      const batch = encodeBatch(rows, maxBytes);
      const result = await insertJsonEachRow(target, target.table, batch.body, transport);
      if (!result.ok) return { ...run, failure: result.failure };
      await outbox.acknowledge(sendable.slice(0, batch.count));
      run.sent += batch.count;
      run.batches += 1;
      allSent = batch.count === rows.length;
    }
    if (entries.length < maxRows && allSent) break;
  }
  return run;
}

/** The transport for a target: its timeout with the caller's fetch. */
export function transportFor(target: UploadTarget, fetch: Transport['fetch']): Transport {
  return { fetch, timeoutMs: target.timeoutSeconds * 1000 };
}
