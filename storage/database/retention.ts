import { localDay } from '@/knowledge/clicks/local-time';
import { DEFAULT_RETENTION, RetentionPolicy, retentionCutoff } from '@/knowledge/reports/retention-policy';
import { eventCountOf } from '@/knowledge/clicks/imported-pages';
import type { IcebergDatabase } from './database';
import { eventsAwaitingUpload } from './outbox';

/**
 * "Keep raw events N days". Pruning deletes raw events (the click log) older than that, and
 * leaves the daily rollups, so every count, report and counts export survives. The policy record
 * remembers where raw detail starts, for the dashboard and for imports (rows from before it are
 * skipped: their ids can no longer be checked for duplicates).
 */

export async function retentionPolicy(db: IcebergDatabase): Promise<RetentionPolicy> {
  return (await db.retention.get('policy')) ?? DEFAULT_RETENTION;
}

/** Sets N (null keeps raw events forever). Pruning happens on the next `pruneRawEvents`. */
export async function setRetentionDays(db: IcebergDatabase, days: number | null): Promise<RetentionPolicy> {
  return db.transaction('rw', db.retention, async () => {
    const next = RetentionPolicy.parse({ ...(await retentionPolicy(db)), keepRawEventsDays: days });
    await db.retention.put(next);
    return next;
  });
}

/** The first day whose raw events are all kept; null when nothing was ever pruned. */
export async function rawDetailStartsAt(db: IcebergDatabase): Promise<string | null> {
  return (await retentionPolicy(db)).rawDetailStartsAt;
}

export interface PruneResult {
  deleted: number;
  /** Events before this day were deleted; null when the policy keeps everything. */
  cutoff: string | null;
  rawDetailStartsAt: string | null;
}

/**
 * Deletes raw events whose local day is before today − (N − 1), except the agent's own events
 * whose latest change the centre has not got yet (they go once uploaded). Runs in chunks so a
 * large backlog does not hold one huge transaction; the horizon moves first, in the first
 * chunk's transaction, so an import running meanwhile already respects it.
 */
export async function pruneRawEvents(db: IcebergDatabase, now: Date, options: { chunkSize?: number } = {}): Promise<PruneResult> {
  const chunkSize = options.chunkSize ?? 10_000;
  const policy = await retentionPolicy(db);
  if (policy.keepRawEventsDays === null) return { deleted: 0, cutoff: null, rawDetailStartsAt: policy.rawDetailStartsAt };
  const cutoff = retentionCutoff(localDay(now), policy.keepRawEventsDays);
  let deleted = 0;
  let horizon = policy.rawDetailStartsAt;
  for (;;) {
    const removed = await db.transaction('rw', [db.events, db.importedEvents, db.importedEventIds, db.retention, db.outbox], async () => {
      const current = await retentionPolicy(db);
      horizon = current.rawDetailStartsAt && current.rawDetailStartsAt > cutoff ? current.rawDetailStartsAt : cutoff;
      await db.retention.put({ ...current, rawDetailStartsAt: horizon, lastPrunedAt: now.toISOString() });
      const awaitingUpload = await eventsAwaitingUpload(db);
      const old = db.events.where('day').below(cutoff);
      // Filtering reads whole events; with nothing awaiting upload, keys are enough.
      const own = await (awaitingUpload.size > 0 ? old.filter((event) => !awaitingUpload.has(event.id)) : old).limit(chunkSize).primaryKeys();
      await db.events.bulkDelete(own);
      // Imported pages hold one day each: a page before the cutoff goes whole.
      const idRecords = await db.importedEventIds.where('day').below(cutoff).limit(Math.max(1, Math.ceil(chunkSize / 1000))).toArray();
      const pageIds = idRecords.map((record) => record.pageId);
      await db.importedEvents.bulkDelete(pageIds);
      await db.importedEventIds.bulkDelete(pageIds);
      const imported = idRecords.reduce((sum, record) => sum + eventCountOf(record), 0);
      return { events: own.length + imported, done: own.length < chunkSize && idRecords.length === 0 };
    });
    deleted += removed.events;
    if (removed.done) break;
  }
  return { deleted, cutoff, rawDetailStartsAt: horizon };
}
