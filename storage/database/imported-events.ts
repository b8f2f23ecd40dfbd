import { eventCountOf, eventIdsOf, idsOfPage, packImportedEvents, type ImportedEventPage } from '@/knowledge/clicks/imported-pages';
import type { StoredClickEvent } from '@/knowledge/clicks/stored-event';
import type { IcebergDatabase } from './database';

/**
 * Merge-imported events, stored in packed pages (see knowledge/clicks/imported-pages.ts).
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
  await addImportedPages(db, pages);
  return pages;
}

/** Stores packed pages with their id lists. */
export async function addImportedPages(db: IcebergDatabase, pages: readonly ImportedEventPage[]): Promise<void> {
  if (pages.length === 0) return;
  await db.importedEvents.bulkAdd(pages);
  await db.importedEventIds.bulkAdd(pages.map(idsOfPage));
}

/**
 * Changes stored imported events in place: `change` gets each stored event with one of these ids
 * (found by page) and returns its new version, or null to leave it. Each page is read and
 * written once; returns the events changed, as they were and as they are now.
 */
export async function changeImportedEvents(
  db: IcebergDatabase,
  ids: readonly string[],
  pageOf: (id: string) => string | null | undefined,
  change: (stored: StoredClickEvent) => StoredClickEvent | null,
): Promise<Array<{ before: StoredClickEvent; after: StoredClickEvent }>> {
  const wanted = new Set(ids);
  const pageIds = [...new Set(ids.map(pageOf).filter((id): id is string => typeof id === 'string'))];
  const changes: Array<{ before: StoredClickEvent; after: StoredClickEvent }> = [];
  const changedPages: ImportedEventPage[] = [];
  for (const page of await db.importedEvents.bulkGet(pageIds)) {
    if (!page) continue; // pruned meanwhile
    let changed = false;
    page.events = page.events.map((event) => {
      const after = wanted.has(event.id) ? change(event) : null;
      if (!after) return event;
      changes.push({ before: event, after });
      changed = true;
      return after;
    });
    if (changed) changedPages.push(page);
  }
  if (changedPages.length) await db.importedEvents.bulkPut(changedPages);
  return changes;
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
    events += eventCountOf(record);
  });
  return events;
}
