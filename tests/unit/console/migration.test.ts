import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { IcebergDatabase } from '@/storage/database/database';
import { StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { rollupKeyString, rollupsFromEvents } from '@/knowledge/reports/rollup';
import { V1_DAILY_COUNTS, V1_EVENTS, V1_SETTINGS, V1_STORES } from './fixtures/v001';
import { V2_SCRIPT_USES, V2_SEARCH_MISSES, V2_STORES } from './fixtures/v002';
import { V3_DAILY_ROLLUPS, V3_EVENTS, V3_IMPORTED_EVENTS, V3_STORES } from './fixtures/v003';
import { V6_EVENTS, V6_IMPORTED_EVENTS, V6_SCRIPT_USES, V6_SETTINGS } from './fixtures/v006';
import { eventIdsOf } from '@/knowledge/clicks/imported-pages';
import { allStoredEvents, eventsOfSource, storedRollupRows } from './helpers';

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

describe.each([1, 2] as const)('schema v%i → today', (version) => {
  it('gives every event a source and builds the rollups from the events', async () => {
    const db = new IcebergDatabase(await oldDatabase(version));
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.events.orderBy('id').toArray()).toEqual(byId(V6_EVENTS));
    expect(await storedRollupRows(db)).toEqual(V3_DAILY_ROLLUPS);
    expect(await db.dailyCounts.toArray()).toEqual(V1_DAILY_COUNTS);
    expect(await db.settings.toArray()).toEqual(V6_SETTINGS);
    expect(await db.scriptUses.toArray()).toEqual(version === 2 ? V6_SCRIPT_USES : []);
    expect(await db.searchMisses.toArray()).toEqual(version === 2 ? V2_SEARCH_MISSES : []);
    expect(await db.imports.count()).toBe(0);
    expect(await db.retention.count()).toBe(0);
    db.close();
  });

  it('leaves valid stored events, with the new indexes working', async () => {
    const db = new IcebergDatabase(await oldDatabase(version));
    for (const event of await db.events.toArray()) expect(StoredClickEvent.safeParse(event).success).toBe(true);
    expect((await eventsOfSource(db, 'own')).length).toBe(V1_EVENTS.length);
    const ordered = await db.events.where('[occurredAt+id]').between(Dexie.minKey, Dexie.maxKey).toArray();
    expect(ordered.map((event) => event.occurredAt)).toEqual(V1_EVENTS.map((event) => event.occurredAt).sort());
    db.close();
  });

  it('upgrades an empty database', async () => {
    const db = new IcebergDatabase(await oldDatabase(version, false));
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.rollupDays.count()).toBe(0);
    db.close();
  });
});

it('the v3 fixture’s rollups are the ones rebuilt from its events', () => {
  expect(rollupsFromEvents(V6_EVENTS as StoredClickEvent[])).toEqual(V3_DAILY_ROLLUPS);
});

describe('schema v3 → today', () => {
  /** A v3 database with own clicks, two imports' events (one record each) and their rollups. */
  async function v3Database(): Promise<string> {
    const name = `migration-${crypto.randomUUID()}`;
    names.push(name);
    const old = new Dexie(name);
    old.version(3).stores(V3_STORES);
    await old.open();
    await old.table('events').bulkAdd([...V3_EVENTS, ...V3_IMPORTED_EVENTS]);
    await old.table('dailyRollups').bulkAdd(rollupsFromEvents([...V3_EVENTS, ...V3_IMPORTED_EVENTS] as unknown as StoredClickEvent[]));
    old.close();
    return name;
  }

  it('moves imported events into day pages with their ids listed, keeps own clicks, and packs the rollups', async () => {
    const db = new IcebergDatabase(await v3Database());
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.events.orderBy('id').toArray()).toEqual(byId(V6_EVENTS));
    const pages = await db.importedEvents.toArray();
    expect(pages.map((page) => [page.source, page.day, page.events.length]).sort()).toEqual([
      ['import:20261123T010000-abc123', '2026-11-22', 2],
      ['import:20261123T010000-abc123', '2026-11-23', 1],
      ['import:20261123T020000-def456', '2026-11-23', 1],
    ]);
    // Within a page, events are in time order.
    const first = pages.find((page) => page.day === '2026-11-22')!;
    expect(first.events.map((event) => event.occurredAt)).toEqual(['2026-11-22T09:05:00.000+08:00', '2026-11-22T10:15:00.000+08:00']);
    expect(byId(await eventsOfSource(db, 'import:20261123T010000-abc123'))).toEqual(byId(V6_IMPORTED_EVENTS.slice(0, 3) as StoredClickEvent[]));
    const listed = (await db.importedEventIds.toArray()).flatMap((record) => [...eventIdsOf(record)]).sort();
    expect(listed).toEqual(V3_IMPORTED_EVENTS.map((event) => event.id).sort());
    const sortRows = <T extends { day: string; categoryId: string; agentId: string; site: string; source: string }>(rows: T[]) =>
      [...rows].sort((a, b) => rollupKeyString(a).localeCompare(rollupKeyString(b)));
    expect(sortRows(await storedRollupRows(db))).toEqual(sortRows(rollupsFromEvents(await allStoredEvents(db))));
    expect(sortRows(await storedRollupRows(db))).toEqual(sortRows(rollupsFromEvents([...V6_EVENTS, ...V6_IMPORTED_EVENTS] as StoredClickEvent[])));
    expect([...db.backendDB().objectStoreNames]).not.toContain('dailyRollups');
    db.close();
  });
});
