import type { IcebergDatabase } from '@/storage/database/database';
import { applyRollupDeltas } from '@/storage/database/reports';
import { RollupAccumulator, rowsOfRollupDays, type RollupRow } from '@/knowledge/reports/rollup';
import { packImportedEventsBySource } from '@/knowledge/clicks/imported-pages';
import { addImportedPages } from '@/storage/database/imported-events';
import { OWN_SOURCE, type StoredClickEvent } from '@/knowledge/clicks/stored-event';
import type { ClickEvent } from '@/knowledge/clicks/click-event';

/**
 * Stores events with their rollups, the way the click path (own events) and merge imports
 * (imported events, packed in pages) do: one transaction per chunk.
 */
export async function seed(db: IcebergDatabase, events: readonly StoredClickEvent[]): Promise<void> {
  for (let at = 0; at < events.length; at += 5000) {
    const chunk = events.slice(at, at + 5000);
    await db.transaction('rw', [db.events, db.importedEvents, db.importedEventIds, db.rollupDays], async () => {
      await db.events.bulkAdd(chunk.filter((event) => event.source === OWN_SOURCE));
      await addImportedPages(db, packImportedEventsBySource(at, chunk.filter((event) => event.source !== OWN_SOURCE)));
      const rollups = new RollupAccumulator();
      for (const event of chunk) rollups.addEvent(event);
      await applyRollupDeltas(db, rollups.rows());
    });
  }
}

/** Every stored event: the agent's own clicks and every import's pages. */
export async function allStoredEvents(db: IcebergDatabase): Promise<StoredClickEvent[]> {
  const pages = await db.importedEvents.toArray();
  return [...(await db.events.toArray()), ...pages.flatMap((page) => page.events)];
}

export async function eventsOfSource(db: IcebergDatabase, source: string): Promise<StoredClickEvent[]> {
  return (await allStoredEvents(db)).filter((event) => event.source === source);
}

export async function storedEvent(db: IcebergDatabase, id: string): Promise<StoredClickEvent | undefined> {
  return (await allStoredEvents(db)).find((event) => event.id === id);
}

export async function storedRollupRows(db: IcebergDatabase): Promise<RollupRow[]> {
  return rowsOfRollupDays(await db.rollupDays.toArray());
}

export async function collect(chunks: AsyncIterable<string> | Iterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

export function withoutSource({ source: _source, ...event }: StoredClickEvent): ClickEvent {
  return event;
}
