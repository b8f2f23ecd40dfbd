import { z } from 'zod';
import { StoredClickEvent } from './stored-event';

/**
 * Imported events are stored packed: one page per import, local day and import chunk, holding
 * that day's events in time order. IndexedDB pays per record, so a merge of 100,000 rows writes
 * a few hundred pages instead of 100,000 records. A second, small record per page lists its
 * event ids (fixed-width, concatenated), so duplicates are found without reading the events.
 * The agent's own clicks stay one record each (storage/database/click-log.ts): they arrive one by one.
 */

export const ImportedEventPage = z.object({
  /** `<source>|<day>|<chunk>`: unique per import, day and chunk. */
  id: z.string().min(1),
  source: z.string().min(1),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  events: z.array(StoredClickEvent),
});
export type ImportedEventPage = z.infer<typeof ImportedEventPage>;

/** The ids of one page, derived from it (not backed up; rebuilt on restore). */
export interface ImportedEventIds {
  pageId: string;
  source: string;
  day: string;
  /** Every event id of the page, each 36 characters (a UUID), concatenated. */
  ids: string;
}

/** Event ids are UUIDs. */
export const EVENT_ID_LENGTH = 36;

export function importedPageId(source: string, day: string, chunk: number): string {
  return `${source}|${day}|${chunk}`;
}

export function compareEventTime(a: { occurredAt: string; id: string }, b: { occurredAt: string; id: string }): number {
  return a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Events of one source packed into pages by day (all events must carry `source`). */
export function packImportedEvents(source: string, chunk: number, events: readonly StoredClickEvent[]): ImportedEventPage[] {
  const byDay = new Map<string, StoredClickEvent[]>();
  for (const event of events) {
    let day = byDay.get(event.day);
    if (!day) byDay.set(event.day, (day = []));
    day.push(event);
  }
  return [...byDay].map(([day, dayEvents]) => ({ id: importedPageId(source, day, chunk), source, day, events: dayEvents.sort(compareEventTime) }));
}

/** Events of any imports packed into pages, each import's apart (migrations, restores). */
export function packImportedEventsBySource(chunk: number, events: readonly StoredClickEvent[]): ImportedEventPage[] {
  const bySource = new Map<string, StoredClickEvent[]>();
  for (const event of events) {
    let ofSource = bySource.get(event.source);
    if (!ofSource) bySource.set(event.source, (ofSource = []));
    ofSource.push(event);
  }
  return [...bySource].flatMap(([source, ofSource]) => packImportedEvents(source, chunk, ofSource));
}

export function idsOfPage(page: ImportedEventPage): ImportedEventIds {
  let ids = '';
  for (const event of page.events) {
    if (event.id.length !== EVENT_ID_LENGTH) throw new Error(`event id ${event.id} is not a UUID`);
    ids += event.id;
  }
  return { pageId: page.id, source: page.source, day: page.day, ids };
}

/** How many events an id record lists. */
export function eventCountOf(record: ImportedEventIds): number {
  return record.ids.length / EVENT_ID_LENGTH;
}

/** Each id of an id record. */
export function* eventIdsOf(record: ImportedEventIds): Generator<string> {
  for (let at = 0; at < record.ids.length; at += EVENT_ID_LENGTH) yield record.ids.slice(at, at + EVENT_ID_LENGTH);
}
