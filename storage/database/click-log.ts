import { ClickEvent, type ClickDetails, type ClickRequest } from '@/knowledge/clicks/click-event';
import { UNDO_WINDOW_MS, localDay, toOffsetDateTime } from '@/knowledge/clicks/local-time';
import { findCategory } from '@/knowledge/taxonomy/taxonomy-lookup';
import { IcebergError } from '@/knowledge/iceberg-error';
import { guardStorage } from './storage-errors';
import type { DayCounts } from '@/knowledge/clicks/day-counts';
import type { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { OWN_SOURCE, type StoredClickEvent } from '@/knowledge/clicks/stored-event';
import type { DailyCount } from '@/knowledge/files/backup-tables';
import type { IcebergDatabase } from './database';
import { applyEventToRollups } from './reports';
import { currentTaxonomy } from './taxonomy';
import { outboxTables, queueUpload } from './outbox';

/** Whether the centre takes this browser's changes: each one is then queued in the outbox, in its own transaction. */
export interface ChangeOptions {
  upload?: boolean;
}

/** The tables a click, undo or detail change writes. */
function changeTables(db: IcebergDatabase, options: ChangeOptions) {
  return [db.events, db.dailyCounts, db.rollupDays, ...(options.upload ? outboxTables(db) : [])];
}

export interface ClickSource extends ChangeOptions {
  /** Host of the CRM page the click came from; set by the background from the sender. */
  site: string;
  /** The agent id in force (from the settings source). */
  agentId: string;
  /**
   * The taxonomy in force. The background passes the copy it keeps in memory, which keeps the
   * click path to the writes that must be atomic; without it the stored taxonomy is read.
   */
  taxonomy?: Taxonomy;
}

/**
 * Stores one generalized-complaint click and bumps today's count and its rollup row in one
 * transaction. Retrying with the same id stores nothing twice, so the sidebar can resend freely.
 */
export async function recordClick(
  db: IcebergDatabase,
  request: ClickRequest,
  source: ClickSource,
): Promise<{ event: StoredClickEvent; counts: DayCounts }> {
  return guardStorage(async () => {
    const taxonomy = source.taxonomy ?? (await currentTaxonomy(db));
    const category = findCategory(taxonomy, request.categoryId);
    if (!category || category.retired) {
      // A retry of a click stored before its category went away is answered as stored. Looked up
      // only on this refusal path, so a normal click stays one add in one transaction.
      const stored = await storedClick(db, request.id);
      if (stored) return stored;
      if (!category) throw new IcebergError('unknown-category', `Unknown category "${request.categoryId}"`);
      throw new IcebergError('retired-category', `Category "${request.categoryId}" is retired and takes no new clicks`);
    }
    const click = ClickEvent.parse({
      id: request.id,
      occurredAt: request.occurredAt,
      day: request.occurredAt.slice(0, 10),
      agentId: source.agentId,
      categoryId: category.id,
      workOrderRef: request.workOrderRef,
      site: source.site,
      voided: false,
    });
    const event: StoredClickEvent = { ...click, source: OWN_SOURCE };
    return db.transaction('rw', changeTables(db, source), async () => {
      // Add first and treat a duplicate key as "already stored": one request fewer on every click.
      const added = await db.events.add(event).then(
        () => true,
        (error: { name?: string }) => {
          if (error?.name === 'ConstraintError') return false;
          throw error;
        },
      );
      if (!added) return (await storedClick(db, request.id))!;
      const counts = await adjustCount(db, event.day, event.categoryId, { clicks: 1, tickets: 0 });
      await applyEventToRollups(db, null, event);
      if (source.upload) await queueUpload(db, event.id, Date.now());
      return { event, counts };
    });
  });
}

/** An already-stored click with its day's counts: the answer to a retried request. */
async function storedClick(db: IcebergDatabase, id: string): Promise<{ event: StoredClickEvent; counts: DayCounts } | null> {
  return db.transaction('r', [db.events, db.dailyCounts], async () => {
    const existing = await db.events.get(id);
    return existing ? { event: existing, counts: await dayCounts(db, existing.day) } : null;
  });
}

/**
 * Voids a click (kept for audit, excluded from counts). Without an id it voids the newest
 * click that is still inside the undo window, which is what the undo button means.
 */
export async function undoClick(
  db: IcebergDatabase,
  id: string | undefined,
  now: Date,
  options: ChangeOptions = {},
): Promise<{ event: StoredClickEvent | null; counts: DayCounts }> {
  return guardStorage(() =>
    db.transaction('rw', changeTables(db, options), async () => {
      const event = id ? await db.events.get(id) : await lastUndoableClick(db, now);
      if (!event) {
        if (id) throw new IcebergError('not-found', `No click with id ${id}`);
        return { event: null, counts: await dayCounts(db, localDay(now)) };
      }
      if (event.voided) throw new IcebergError('already-undone', 'This click was already undone');
      const voided: StoredClickEvent = { ...event, voided: true, voidedAt: toOffsetDateTime(now) };
      await db.events.put(voided);
      const counts = await adjustCount(db, event.day, event.categoryId, { clicks: -1, tickets: event.ticketRaised ? -1 : 0 });
      await applyEventToRollups(db, event, voided);
      if (options.upload) await queueUpload(db, event.id, now.getTime());
      return { event: voided, counts };
    }),
  );
}

/** Adds the optional details (rule, emotion, risk grade, ticket) to a click after the fact. */
export async function updateClickDetails(
  db: IcebergDatabase,
  id: string,
  details: ClickDetails,
  options: ChangeOptions = {},
): Promise<{ event: StoredClickEvent; counts: DayCounts }> {
  return guardStorage(() =>
    db.transaction('rw', changeTables(db, options), async () => {
      const event = await db.events.get(id);
      if (!event) throw new IcebergError('not-found', `No click with id ${id}`);
      if (event.voided) throw new IcebergError('already-undone', 'This click was undone; details cannot be added');
      // Parsing drops `source`.
      const updated: StoredClickEvent = { ...ClickEvent.parse({ ...event, ...details }), source: event.source };
      const ticketDelta = Number(Boolean(updated.ticketRaised)) - Number(Boolean(event.ticketRaised));
      await db.events.put(updated);
      const counts =
        ticketDelta !== 0
          ? await adjustCount(db, event.day, event.categoryId, { clicks: 0, tickets: ticketDelta })
          : await dayCounts(db, event.day);
      await applyEventToRollups(db, event, updated);
      if (options.upload) await queueUpload(db, event.id, Date.now());
      return { event: updated, counts };
    }),
  );
}

/**
 * The newest non-voided click younger than the undo window. Compared by instant, not by the
 * occurredAt string: times with different UTC offsets (either side of a DST change) do not sort
 * as text. A click's day is its own local day, so the window's clicks are on the local day of
 * its start or of its end.
 */
export async function lastUndoableClick(db: IcebergDatabase, now: Date): Promise<StoredClickEvent | null> {
  const days = [...new Set([localDay(new Date(now.getTime() - UNDO_WINDOW_MS)), localDay(now)])];
  const candidates = await db.events
    .where('day')
    .anyOf(days)
    .filter((event) => !event.voided)
    .toArray();
  let newest: StoredClickEvent | null = null;
  let newestAt = -Infinity;
  for (const event of candidates) {
    const at = Date.parse(event.occurredAt);
    if (at > newestAt) {
      newest = event;
      newestAt = at;
    }
  }
  return newest && now.getTime() - newestAt <= UNDO_WINDOW_MS ? newest : null;
}

export async function dayCounts(db: IcebergDatabase, day: string): Promise<DayCounts> {
  return summarizeDay(day, await db.dailyCounts.where('day').equals(day).toArray());
}

function summarizeDay(day: string, rows: DailyCount[]): DayCounts {
  const byCategory: Record<string, number> = {};
  let total = 0;
  let tickets = 0;
  for (const row of rows) {
    if (row.clicks > 0) byCategory[row.categoryId] = row.clicks;
    total += row.clicks;
    tickets += row.tickets;
  }
  return { day, byCategory, total, tickets };
}

/** Rebuilds one day's counters from the log; used to check that counts agree with events. */
export async function countsFromLog(db: IcebergDatabase, day: string): Promise<DayCounts> {
  const events = await db.events
    .where('day')
    .equals(day)
    .filter((event) => !event.voided)
    .toArray();
  const byCategory: Record<string, number> = {};
  let tickets = 0;
  for (const event of events) {
    byCategory[event.categoryId] = (byCategory[event.categoryId] ?? 0) + 1;
    if (event.ticketRaised) tickets += 1;
  }
  return { day, byCategory, total: events.length, tickets };
}

/** Changes one counter and returns the day's counts, reading the day's rows only once. */
async function adjustCount(
  db: IcebergDatabase,
  day: string,
  categoryId: string,
  delta: { clicks: number; tickets: number },
): Promise<DayCounts> {
  const rows = await db.dailyCounts.where('day').equals(day).toArray();
  const current = rows.find((row) => row.categoryId === categoryId) ?? { day, categoryId, clicks: 0, tickets: 0 };
  const updated: DailyCount = {
    ...current,
    clicks: Math.max(0, current.clicks + delta.clicks),
    tickets: Math.max(0, current.tickets + delta.tickets),
  };
  await db.dailyCounts.put(updated);
  return summarizeDay(day, [...rows.filter((row) => row.categoryId !== categoryId), updated]);
}
