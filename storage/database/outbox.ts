import Dexie from 'dexie';
import type { OutboxEntry, UploadOutbox } from '@/knowledge/centre/upload-queue';
import { VersionClock } from '@/knowledge/centre/upload-row';
import { INITIAL_UPLOAD_STATUS, UploadStatus } from '@/knowledge/centre/upload-status';
import type { EventLike } from '@/knowledge/clicks/stored-event';
import type { IcebergDatabase } from './database';

/**
 * The outbox: what the centre has not yet got. A change of an own event (click, undo, details)
 * queues its event here with a new version, inside the change's own transaction, so a change
 * is either stored and queued or neither. One entry per event: a newer change replaces it.
 */

/**
 * The last version issued, per open database: worked out once, then kept here. Only the
 * background queues changes, so nothing else issues versions meanwhile.
 */
const clocks = new WeakMap<IcebergDatabase, number>();

/** The tables a change must have in its transaction to queue itself (the clock's only until it is known). */
export function outboxTables(db: IcebergDatabase) {
  return clocks.has(db) ? [db.outbox] : [db.outbox, db.centreState];
}

/**
 * The largest version ever issued: every issued version is either still queued (a newer change
 * of an event replaces its entry with a larger version) or was acknowledged, and acknowledging
 * records the largest one it removes. So a click writes only its outbox entry.
 */
async function lastVersionIssued(db: IcebergDatabase): Promise<number> {
  const [stored, newest] = await Promise.all([db.centreState.get('versionClock'), db.outbox.orderBy('version').last()]);
  return Math.max(stored?.key === 'versionClock' ? stored.value : 0, newest?.version ?? 0);
}

/**
 * Queues the change just written to `eventId`. Call inside the change's read-write transaction,
 * which must include `outboxTables(db)`. The version is above every one issued before, so a
 * restarted background, or a clock set back, still gives a later change a larger version.
 */
export async function queueUpload(db: IcebergDatabase, eventId: string, nowMs: number): Promise<OutboxEntry> {
  const last = clocks.get(db) ?? (await lastVersionIssued(db));
  const version = new VersionClock(last).next(nowMs);
  const entry: OutboxEntry = { eventId, version, queuedAt: Math.floor(nowMs) };
  await db.outbox.put(entry);
  // Only once written: an aborted change leaves the clock as it was.
  Dexie.currentTransaction?.on('complete', () => clocks.set(db, Math.max(clocks.get(db) ?? 0, version)));
  return entry;
}

/** How many changes wait, and since when the oldest does (for the batch timer). */
export async function outboxBacklog(db: IcebergDatabase): Promise<{ pending: number; oldestQueuedAt: number | null }> {
  return db.transaction('r', db.outbox, async () => {
    const [pending, oldest] = await Promise.all([db.outbox.count(), db.outbox.orderBy('[queuedAt+eventId]').first()]);
    return { pending, oldestQueuedAt: oldest?.queuedAt ?? null };
  });
}

/** The outbox as an upload run reads and acknowledges it. */
export function databaseOutbox(db: IcebergDatabase): UploadOutbox {
  return {
    oldest: (limit) => db.outbox.orderBy('[queuedAt+eventId]').limit(limit).toArray(),
    events: async (ids): Promise<Array<EventLike | undefined>> => db.events.bulkGet([...ids]),
    acknowledge: (entries) =>
      db.transaction('rw', [db.outbox, db.centreState], async () => {
        const stored = await db.outbox.bulkGet(entries.map((entry) => entry.eventId));
        // An entry replaced by a newer change meanwhile stays: that change is not uploaded yet.
        const sent = entries.filter((entry, index) => stored[index]?.version === entry.version);
        if (sent.length === 0) return;
        // The versions leave the outbox: the clock keeps the largest (see lastVersionIssued).
        const clock = await db.centreState.get('versionClock');
        const largest = Math.max(clock?.key === 'versionClock' ? clock.value : 0, ...sent.map((entry) => entry.version));
        await db.centreState.put({ key: 'versionClock', value: largest });
        await db.outbox.bulkDelete(sent.map((entry) => entry.eventId));
      }),
  };
}

/** Ids of events whose latest change is not uploaded: retention must keep them. */
export async function eventsAwaitingUpload(db: IcebergDatabase): Promise<Set<string>> {
  return new Set((await db.outbox.toCollection().primaryKeys()).map(String));
}

export async function uploadStatus(db: IcebergDatabase): Promise<UploadStatus> {
  const record = await db.centreState.get('uploadStatus');
  const parsed = UploadStatus.safeParse(record?.value);
  return parsed.success ? parsed.data : INITIAL_UPLOAD_STATUS;
}

export async function saveUploadStatus(db: IcebergDatabase, status: UploadStatus): Promise<void> {
  await db.centreState.put({ key: 'uploadStatus', value: UploadStatus.parse(status) });
}
