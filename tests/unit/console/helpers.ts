import type { IcebergDatabase } from '@/storage/database';
import { applyRollupDeltas } from '@/storage/reports-store';
import { RollupAccumulator } from '@/knowledge/reports/rollup';
import type { StoredClickEvent } from '@/knowledge/exchange/stored-event';
import type { ClickEvent } from '@/knowledge/click-event';

/** Stores events with their rollups, the way the click path and imports do (one transaction). */
export async function seed(db: IcebergDatabase, events: readonly StoredClickEvent[]): Promise<void> {
  for (let at = 0; at < events.length; at += 5000) {
    const chunk = events.slice(at, at + 5000);
    await db.transaction('rw', [db.events, db.dailyRollups], async () => {
      await db.events.bulkAdd(chunk);
      const rollups = new RollupAccumulator();
      for (const event of chunk) rollups.addEvent(event);
      await applyRollupDeltas(db, rollups.rows());
    });
  }
}

export async function collect(chunks: AsyncIterable<string> | Iterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

export function withoutSource({ source: _source, ...event }: StoredClickEvent): ClickEvent {
  return event;
}
