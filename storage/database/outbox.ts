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

/** The tables a change must have in its transaction to queue itself. */
export function outboxTables(db: IcebergDatabase) {
  return [db.outbox, db.centreState];
}

/**
 * Queues the change just written to `eventId`. Call inside the change's read-write transaction,
 * which must include `outboxTables(db)`. The version comes from the clock stored with it, so a
 * restarted background, or a clock set back, still gives a later change a larger version.
 */
export async function queueUpload(db: IcebergDatabase, eventId: string, nowMs: number): Promise<OutboxEntry> {
  const stored = await db.centreState.get('versionClock');
  const version = new VersionClock(stored?.key === 'versionClock' ? stored.value : 0).next(nowMs);
  const entry: OutboxEntry = { eventId, version, queuedAt: Math.floor(nowMs) };
  await db.centreState.put({ key: 'versionClock', value: version });
  await db.outbox.put(entry);
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
      db.transaction('rw', db.outbox, async () => {
        const stored = await db.outbox.bulkGet(entries.map((entry) => entry.eventId));
        // An entry replaced by a newer change meanwhile stays: that change is not uploaded yet.
        const sent = entries.filter((entry, index) => stored[index]?.version === entry.version).map((entry) => entry.eventId);
        await db.outbox.bulkDelete(sent);
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
