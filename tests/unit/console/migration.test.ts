import { afterEach, describe, expect, it } from 'vitest';
import Dexie from 'dexie';
import { IcebergDatabase } from '@/storage/database/database';
import { restoreBackup } from '@/storage/database/backup';
import { StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { rollupKeyString, rollupsFromEvents } from '@/knowledge/reports/rollup';
import { V1_DAILY_COUNTS, V1_EVENTS, V1_SETTINGS, V1_STORES } from './fixtures/v001';
import { V2_SCRIPT_USES, V2_SEARCH_MISSES, V2_STORES } from './fixtures/v002';
import { V3_DAILY_ROLLUPS, V3_EVENTS, V3_IMPORTED_EVENTS, V3_STORES } from './fixtures/v003';
import { V6_EVENTS, V6_IMPORTED_EVENTS, V6_SCRIPT_USES, V6_SETTINGS } from './fixtures/v006';
import { eventIdsOf } from '@/knowledge/clicks/imported-pages';
import { DATABASE_VERSION } from '@/knowledge/files/backup-tables';
import { defaultSearchLexicon } from '@/knowledge/search/lexicon';
import { V6_STORES, V6_UNGATED, V7_GATED } from './fixtures/v007';
import { allStoredEvents, eventsOfSource, storedRollupRows } from './helpers';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** A name for a database the test deletes afterwards. */
function databaseName(): string {
  const name = `migration-${crypto.randomUUID()}`;
  names.push(name);
  return name;
}

/** A real database written by one older schema version with these rows, closed, ready for today's code. */
async function writtenBy(version: number, stores: Record<string, string>, rows: Record<string, readonly unknown[]>): Promise<string> {
  const name = databaseName();
  const old = new Dexie(name);
  old.version(version).stores(stores);
  await old.open();
  for (const [table, tableRows] of Object.entries(rows)) await old.table(table).bulkAdd([...tableRows]);
  old.close();
  return name;
}

/** A real database written by an older schema, closed, ready to be opened by today's code. */
async function oldDatabase(version: 1 | 2, populate = true): Promise<string> {
  const name = databaseName();
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
    expect(db.verno).toBe(DATABASE_VERSION);
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
    expect(db.verno).toBe(DATABASE_VERSION);
    expect(await db.rollupDays.count()).toBe(0);
    db.close();
  });
});

it('the v3 fixture’s rollups are the ones rebuilt from its events', () => {
  expect(rollupsFromEvents(V6_EVENTS as StoredClickEvent[])).toEqual(V3_DAILY_ROLLUPS);
});

describe('schema v3 → today', () => {
  /** A v3 database with own clicks, two imports' events (one record each) and their rollups. */
  function v3Database(): Promise<string> {
    return writtenBy(3, V3_STORES, {
      events: [...V3_EVENTS, ...V3_IMPORTED_EVENTS],
      dailyRollups: rollupsFromEvents([...V3_EVENTS, ...V3_IMPORTED_EVENTS] as unknown as StoredClickEvent[]),
    });
  }

  it('moves imported events into day pages with their ids listed, keeps own clicks, and packs the rollups', async () => {
    const db = new IcebergDatabase(await v3Database());
    await db.open();
    expect(db.verno).toBe(DATABASE_VERSION);
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

describe('schema v6 → v7', () => {
  /** A v6 database written before the privacy gate. */
  function v6Database(): Promise<string> {
    return writtenBy(6, V6_STORES, V6_UNGATED);
  }

  it('masks the phone numbers stored before the gate, in every table that holds text, and leaves the rest', async () => {
    const db = new IcebergDatabase(await v6Database());
    await db.open();
    expect(db.verno).toBe(DATABASE_VERSION);
    for (const [table, rows] of Object.entries(V7_GATED)) expect(await db.table(table).toArray(), table).toEqual(rows);
    db.close();
  });

  it('gives what restoring a v6 backup of the same data gives', async () => {
    const upgraded = new IcebergDatabase(await v6Database());
    await upgraded.open();
    const restored = new IcebergDatabase(databaseName());
    const backup = [
      JSON.stringify({ format: 'iceberg-backup', backupVersion: 1, databaseVersion: 6, createdAt: '2026-11-30T00:00:00Z', tables: Object.keys(V6_UNGATED) }),
      ...Object.entries(V6_UNGATED)
        .filter(([table]) => table !== 'importedEventIds')
        .flatMap(([table, rows]) => [JSON.stringify({ $table: table }), ...rows.map((row) => JSON.stringify(row))]),
      JSON.stringify({ $end: { rows: Object.fromEntries(Object.entries(V6_UNGATED).filter(([table]) => table !== 'importedEventIds').map(([table, rows]) => [table, rows.length])) } }),
    ].join('\n');
    await restoreBackup(restored, backup);
    for (const table of Object.keys(V7_GATED)) expect(await restored.table(table).toArray(), table).toEqual(await upgraded.table(table).toArray());
    upgraded.close();
    restored.close();
  });
});

describe('schema v7 → v8', () => {
  it('adds the search lexicon and the stored search index, empty, and leaves the rest as it was', async () => {
    // v7 changed rows, not tables: a v7 database has v6's tables.
    const db = new IcebergDatabase(await writtenBy(7, V6_STORES, V7_GATED));
    await db.open();
    expect(db.verno).toBe(DATABASE_VERSION);
    expect(await db.searchLexicon.count()).toBe(0);
    expect(await db.searchIndex.count()).toBe(0);
    for (const [table, rows] of Object.entries(V7_GATED)) expect(await db.table(table).toArray(), table).toEqual(rows);
    db.close();
  });
});

describe('schema v8 → v9', () => {
  it('adds the outbox and the centre state, empty, and leaves the rest as it was', async () => {
    const lexicon = { key: 'current', value: defaultSearchLexicon(), importedAt: '2026-11-30T08:00:00.000Z', fileName: '口语词典.csv' };
    const db = new IcebergDatabase(await writtenBy(8, { ...V6_STORES, searchLexicon: 'key', searchIndex: 'key' }, { ...V7_GATED, searchLexicon: [lexicon] }));
    await db.open();
    expect(db.verno).toBe(9);
    expect(await db.outbox.count()).toBe(0);
    expect(await db.centreState.count()).toBe(0);
    expect(await db.searchLexicon.toArray()).toEqual([lexicon]);
    for (const [table, rows] of Object.entries(V7_GATED)) expect(await db.table(table).toArray(), table).toEqual(rows);
    db.close();
  });
});
