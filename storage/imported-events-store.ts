import { EVENT_ID_LENGTH, eventIdsOf, idsOfPage, packImportedEvents, type ImportedEventPage } from '@/knowledge/exchange/imported-pages';
import type { StoredClickEvent } from '@/knowledge/exchange/stored-event';
import type { IcebergDatabase } from './database';

/**
 * Merge-imported events, stored in packed pages (see knowledge/exchange/imported-pages.ts).
 * Writers run inside the caller's transaction, which must include `importedEvents` and
 * `importedEventIds`.
 */

/** Where each stored event id lives: null for the agent's own clicks, else its imported page. */
export type KnownEventIds = Map<string, string | null>;

/** Every stored event id, read from keys and id lists only (no event is read). */
export async function knownEventIds(db: IcebergDatabase): Promise<KnownEventIds> {
  const [own, idRecords] = await Promise.all([db.events.toCollection().primaryKeys(), db.importedEventIds.toArray()]);
  const known: KnownEventIds = new Map();
  for (const id of own) known.set(id, null);
  for (const record of idRecords) for (const id of eventIdsOf(record)) known.set(id, record.pageId);
  return known;
}

/** Stores new events of one import chunk; returns the pages written. */
export async function addImportedEvents(
  db: IcebergDatabase,
  source: string,
  chunk: number,
  events: readonly StoredClickEvent[],
): Promise<ImportedEventPage[]> {
  const pages = packImportedEvents(source, chunk, events);
  if (pages.length === 0) return pages;
  await db.importedEvents.bulkAdd(pages);
  await db.importedEventIds.bulkAdd(pages.map(idsOfPage));
  return pages;
}

/** Replaces stored imported events by newer versions of them (same id, same page); `pageOf` says which page holds each. */
export async function replaceImportedEvents(
  db: IcebergDatabase,
  updates: ReadonlyMap<string, StoredClickEvent>,
  pageOf: (id: string) => string | null | undefined,
): Promise<void> {
  const pageIds = [...new Set([...updates.keys()].map(pageOf).filter((id): id is string => typeof id === 'string'))];
  if (pageIds.length === 0) return;
  const pages = (await db.importedEvents.bulkGet(pageIds)).filter((page): page is ImportedEventPage => page !== undefined);
  for (const page of pages) page.events = page.events.map((event) => updates.get(event.id) ?? event);
  await db.importedEvents.bulkPut(pages);
}

/** The stored imported events with these ids (missing ones left out), looked up by page. */
export async function importedEventsById(
  db: IcebergDatabase,
  ids: readonly string[],
  pageOf: (id: string) => string | null | undefined,
): Promise<Map<string, StoredClickEvent>> {
  const wanted = new Set(ids);
  const pageIds = [...new Set(ids.map(pageOf).filter((id): id is string => typeof id === 'string'))];
  const found = new Map<string, StoredClickEvent>();
  for (const page of await db.importedEvents.bulkGet(pageIds)) {
    for (const event of page?.events ?? []) if (wanted.has(event.id)) found.set(event.id, event);
  }
  return found;
}

/** Deletes every page of one import; returns how many events went. */
export async function deleteImportedSource(db: IcebergDatabase, source: string): Promise<number> {
  const events = await importedEventCount(db, source);
  await db.importedEvents.where('source').equals(source).delete();
  await db.importedEventIds.where('source').equals(source).delete();
  return events;
}

/** Imported events of one local day, every import. */
export async function importedEventsOfDay(db: IcebergDatabase, day: string): Promise<StoredClickEvent[]> {
  return (await db.importedEvents.where('day').equals(day).toArray()).flatMap((page) => page.events);
}

/** How many imported events are stored, from the id lists (no event is read). */
export async function importedEventCount(db: IcebergDatabase, source?: string): Promise<number> {
  let events = 0;
  await (source === undefined ? db.importedEventIds.toCollection() : db.importedEventIds.where('source').equals(source)).each((record) => {
    events += record.ids.length / EVENT_ID_LENGTH;
  });
  return events;
}
