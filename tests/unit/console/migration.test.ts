import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { IcebergDatabase } from '@/storage/database';
import { StoredClickEvent } from '@/knowledge/exchange/stored-event';
import { rollupsFromEvents } from '@/knowledge/reports/rollup';
import { V1_DAILY_COUNTS, V1_EVENTS, V1_SETTINGS, V1_STORES } from './fixtures/v001';
import { V2_SCRIPT_USES, V2_SEARCH_MISSES, V2_STORES } from './fixtures/v002';
import { V3_DAILY_ROLLUPS, V3_EVENTS } from './fixtures/v003';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** A real database written by an older schema, closed, ready to be opened by today's code. */
async function oldDatabase(version: 1 | 2, populate = true): Promise<string> {
  const name = `migration-${crypto.randomUUID()}`;
  names.push(name);
  const old = new Dexie(name);
  old.version(1).stores(V1_STORES);
  if (version === 2) old.version(2).stores(V2_STORES);
  await old.open();
  if (populate) {
    await old.table('events').bulkAdd(V1_EVENTS);
    await old.table('dailyCounts').bulkAdd(V1_DAILY_COUNTS);
    await old.table('settings').bulkAdd(V1_SETTINGS);
    if (version === 2) {
      await old.table('scriptUses').bulkAdd(V2_SCRIPT_USES);
      await old.table('searchMisses').bulkAdd(V2_SEARCH_MISSES);
    }
  }
  old.close();
  return name;
}

const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));

describe.each([1, 2] as const)('schema v%i → v3', (version) => {
  it('gives every event a source and builds the rollups from the events', async () => {
    const db = new IcebergDatabase(await oldDatabase(version));
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.events.orderBy('id').toArray()).toEqual(byId(V3_EVENTS));
    expect(await db.dailyRollups.toArray()).toEqual(V3_DAILY_ROLLUPS);
    expect(await db.dailyCounts.toArray()).toEqual(V1_DAILY_COUNTS);
    expect(await db.settings.toArray()).toEqual(V1_SETTINGS);
    expect(await db.scriptUses.toArray()).toEqual(version === 2 ? V2_SCRIPT_USES : []);
    expect(await db.searchMisses.toArray()).toEqual(version === 2 ? V2_SEARCH_MISSES : []);
    expect(await db.imports.count()).toBe(0);
    expect(await db.retention.count()).toBe(0);
    db.close();
  });

  it('leaves valid stored events, with the new indexes working', async () => {
    const db = new IcebergDatabase(await oldDatabase(version));
    for (const event of await db.events.toArray()) expect(StoredClickEvent.safeParse(event).success).toBe(true);
    expect(await db.events.where('source').equals('own').count()).toBe(V1_EVENTS.length);
    const ordered = await db.events.where('[occurredAt+id]').between(Dexie.minKey, Dexie.maxKey).toArray();
    expect(ordered.map((event) => event.occurredAt)).toEqual(V1_EVENTS.map((event) => event.occurredAt).sort());
    db.close();
  });

  it('upgrades an empty database', async () => {
    const db = new IcebergDatabase(await oldDatabase(version, false));
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.dailyRollups.count()).toBe(0);
    db.close();
  });
});

it('the v3 fixture’s rollups are the ones rebuilt from its events', () => {
  expect(rollupsFromEvents(V3_EVENTS as StoredClickEvent[])).toEqual(V3_DAILY_ROLLUPS);
});
