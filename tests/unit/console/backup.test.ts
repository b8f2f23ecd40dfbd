import { defaultSearchLexicon } from '@/knowledge/search/lexicon';
import { replaceLexicon } from '@/storage/database/search-lexicon';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type Dexie from 'dexie';
import type { Table } from 'dexie';
import type { IcebergDatabase } from '@/storage/database/database';
import { BackupError } from '@/knowledge/files/backup-reader';
import { BACKUP_TABLES, CENTRE_LINK_TABLES, DATABASE_VERSION, DERIVED_TABLES } from '@/knowledge/files/backup-tables';
import { backupChunks, restoreBackup } from '@/storage/database/backup';
import { importClickLog } from '@/storage/database/merge';
import { pruneRawEvents, setRetentionDays } from '@/storage/database/retention';
import { updateStoredSettings } from '@/storage/database/settings';
import { replaceTaxonomy } from '@/storage/database/taxonomy';
import { clickLogChunks } from '@/knowledge/files/click-log-writer';
import { CategoryDirectory } from '@/knowledge/reports/category-directory';
import { generateEvents } from '@/knowledge/reports/sample-events';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { dropDatabase, newDatabase } from '../helpers';
import { allStoredEvents, collect, seed, storedRollupRows } from './helpers';
import { V1_DAILY_COUNTS, V1_EVENTS, V1_SETTINGS } from './fixtures/v001';
import { V3_DAILY_ROLLUPS, V3_EVENTS, V3_IMPORTED_EVENTS } from './fixtures/v003';
import { V6_EVENTS, V6_IMPORTED_EVENTS, V6_SCRIPT_USES } from './fixtures/v006';
import { rollupKeyString, rollupsFromEvents } from '@/knowledge/reports/rollup';
import type { StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { V2_SEARCH_MISSES } from './fixtures/v002';
import { replaceLibrary } from '@/storage/database/case-library';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { encodeLegacy } from '../legacy-encodings';

let db: IcebergDatabase;
let other: IcebergDatabase;
beforeEach(() => {
  db = newDatabase();
  other = newDatabase();
});
afterEach(async () => {
  await dropDatabase(db);
  await dropDatabase(other);
});

/** Every table but the stored search index, which backups leave out (a restore makes it be built again). */
async function snapshot(database: Dexie): Promise<Record<string, unknown[]>> {
  const tables = [...database.tables].filter((table) => table.name !== 'searchIndex').sort((a, b) => a.name.localeCompare(b.name));
  return Object.fromEntries(await Promise.all(tables.map(async (table) => [table.name, await table.orderBy(':id').toArray()] as const)));
}

async function populate(database: IcebergDatabase): Promise<void> {
  const own = generateEvents(1500, 77, { days: 40, endDay: '2026-11-30', agents: 3 });
  await seed(database, own);
  // dailyCounts as the click path keeps them: own, non-voided events per day × category.
  const counts = new Map<string, { day: string; categoryId: string; clicks: number; tickets: number }>();
  for (const event of own.filter((e) => !e.voided)) {
    const row = counts.get(`${event.day}|${event.categoryId}`) ?? { day: event.day, categoryId: event.categoryId, clicks: 0, tickets: 0 };
    row.clicks += 1;
    row.tickets += event.ticketRaised ? 1 : 0;
    counts.set(`${event.day}|${event.categoryId}`, row);
  }
  await database.dailyCounts.bulkPut([...counts.values()]);
  await updateStoredSettings(database, { agentId: '8012', locale: 'en' });
  await replaceTaxonomy(database, DEFAULT_TAXONOMY, new Date('2026-11-01T00:00:00Z'));
  await replaceLibrary(database, defaultLibrary(), { importedAt: new Date('2026-11-02T00:00:00Z'), fileName: '案例库 2026-11.csv' });
  await database.scriptUses.bulkAdd(V6_SCRIPT_USES as never);
  await database.searchMisses.bulkAdd(V2_SEARCH_MISSES);
  await replaceLexicon(database, { ...defaultSearchLexicon(), name: '华东口语词典' }, { importedAt: new Date('2026-11-03T00:00:00Z'), fileName: '华东口语词典_v1.csv' });
  const team = generateEvents(200, 78, { days: 10, endDay: '2026-11-30', agents: 2 }).map((e) => ({ ...e, agentId: `T-${e.agentId}` }));
  let csv = '';
  for await (const chunk of clickLogChunks([team], 'csv', new CategoryDirectory(DEFAULT_TAXONOMY))) csv += chunk;
  await importClickLog(database, csv, { fileName: 'team.csv', now: new Date('2026-11-30T10:00:00Z') });
  await setRetentionDays(database, 30);
  await pruneRawEvents(database, new Date(2026, 10, 30, 12));
}

describe('backup and restore', () => {
  it('checks rows against the tables and keys the database declares, at its version (what the CLI checks without one)', async () => {
    await db.open();
    expect(db.verno).toBe(DATABASE_VERSION);
    const declared = db.tables.filter((table) => !DERIVED_TABLES.includes(table.name) && !CENTRE_LINK_TABLES.includes(table.name)).map((table) => [table.name, table.schema.primKey.keyPath]);
    expect(Object.fromEntries(declared)).toEqual(Object.fromEntries(Object.entries(BACKUP_TABLES).map(([name, table]) => [name, table.key])));
  });

  it('round-trips the whole database, every table', async () => {
    await populate(db);
    const file = await collect(backupChunks(db, { pageSize: 333, now: new Date('2026-11-30T12:00:00Z') }));
    const lines = file.trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'iceberg-backup', backupVersion: 2, databaseVersion: db.verno });
    expect(JSON.parse(lines.at(-1)!).$end.rows.events).toBe(await db.events.count());

    const before = await snapshot(db);
    for (const table of ['caseLibrary', 'scriptUses', 'searchMisses', 'imports', 'retention', 'dailyCounts', 'searchLexicon']) {
      expect(before[table]!.length, table).toBeGreaterThan(0);
    }
    const summary = await restoreBackup(other, file);
    expect(summary.rows.events).toBe(before.events!.length);
    const after = await snapshot(other);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const table of Object.keys(before)) expect(after[table], table).toEqual(before[table]);
  });

  it('restores a v1 backup, upgrading its rows', async () => {
    const v1File = [
      JSON.stringify({ format: 'iceberg-backup', backupVersion: 1, databaseVersion: 1, createdAt: '2026-11-23T00:00:00Z', tables: ['dailyCounts', 'events', 'settings', 'taxonomy'] }),
      JSON.stringify({ $table: 'dailyCounts' }),
      ...V1_DAILY_COUNTS.map((row) => JSON.stringify(row)),
      JSON.stringify({ $table: 'events' }),
      ...V1_EVENTS.map((row) => JSON.stringify(row)),
      JSON.stringify({ $table: 'settings' }),
      ...V1_SETTINGS.map((row) => JSON.stringify(row)),
      JSON.stringify({ $table: 'taxonomy' }),
      JSON.stringify({ $end: { rows: { dailyCounts: 2, events: 4, settings: 1, taxonomy: 0 } } }),
      '',
    ].join('\n');
    const summary = await restoreBackup(other, v1File);
    expect(summary.warnings.map((found) => found.code)).toEqual(['backup-unverified']);
    expect(await other.events.where('source').equals('own').count()).toBe(4);
    expect(await storedRollupRows(other)).toEqual(V3_DAILY_ROLLUPS);
    expect(await other.dailyCounts.toArray()).toEqual(V1_DAILY_COUNTS);
  });

  it('restores a v3 backup: imported events move into pages, rollup rows into rollup days', async () => {
    const events = [...V3_EVENTS, ...V3_IMPORTED_EVENTS] as unknown as StoredClickEvent[];
    const rollups = rollupsFromEvents(events);
    const v3File = [
      JSON.stringify({ format: 'iceberg-backup', backupVersion: 1, databaseVersion: 3, createdAt: '2026-11-23T00:00:00Z', tables: ['dailyRollups', 'events'] }),
      JSON.stringify({ $table: 'dailyRollups' }),
      ...rollups.map((row) => JSON.stringify(row)),
      JSON.stringify({ $table: 'events' }),
      ...events.map((row) => JSON.stringify(row)),
      JSON.stringify({ $end: { rows: { dailyRollups: rollups.length, events: events.length } } }),
      '',
    ].join('\n');
    await restoreBackup(other, v3File);
    const byId = (rows: StoredClickEvent[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(await other.events.toArray())).toEqual(byId(V6_EVENTS as StoredClickEvent[]));
    expect(byId(await allStoredEvents(other))).toEqual(byId([...V6_EVENTS, ...V6_IMPORTED_EVENTS] as StoredClickEvent[]));
    expect(await other.importedEventIds.count()).toBe(await other.importedEvents.count());
    const sorted = <T extends { day: string; categoryId: string; agentId: string; site: string; source: string }>(rows: T[]) =>
      [...rows].sort((a, b) => rollupKeyString(a).localeCompare(rollupKeyString(b)));
    expect(sorted(await storedRollupRows(other))).toEqual(sorted(rollups));
    // A newer backup of the restored database has no legacy table and no derived one.
    const again = await collect(backupChunks(other));
    expect(JSON.parse(again.split('\n')[0]!).tables).toEqual(expect.not.arrayContaining(['dailyRollups', 'importedEventIds']));
  });

  describe('a bad file changes nothing', () => {
    let good: string;
    beforeEach(async () => {
      await seed(db, generateEvents(300, 5));
      await updateStoredSettings(db, { agentId: '8012' });
      good = await collect(backupChunks(db));
      await seed(other, generateEvents(50, 6));
      await updateStoredSettings(other, { agentId: 'keep-me' });
    });

    const lines = () => good.trimEnd().split('\n');
    const swap = (index: number, line: string) => {
      const all = lines();
      all[index < 0 ? all.length + index : index] = line;
      return all.join('\n') + '\n';
    };
    const eventLine = () => lines().findIndex((line) => line === JSON.stringify({ $table: 'events' })) + 5;

    it.each([
      ['empty file', () => ''],
      ['not a backup', () => '{"hello":"world"}\n'],
      ['a newer backup version', () => swap(0, lines()[0]!.replace('"backupVersion":2', '"backupVersion":3'))],
      ['an edited value (valid JSON, right counts)', () => swap(eventLine(), lines()[eventLine()]!.replace(/"agentId":"[^"]+"/, '"agentId":"someone"'))],
      ['a checksum removed from a version-2 backup', () => swap(-1, lines().at(-1)!.replace(/,"sha256":"[0-9a-f]+"/, ''))],
      ['a newer database', () => swap(0, lines()[0]!.replace(/"databaseVersion":\d+/, '"databaseVersion":99'))],
      ['cut short (no closing line)', () => lines().slice(0, -40).join('\n')],
      ['a broken JSON line', () => swap(eventLine(), '{"id": "x",')],
      ['an event with a bad time', () => swap(eventLine(), lines()[eventLine()]!.replace(/"occurredAt":"[^"]+"/, '"occurredAt":"yesterday"'))],
      ['an event without a source', () => swap(eventLine(), lines()[eventLine()]!.replace(/,"source":"own"/, ''))],
      ['settings of the wrong shape', () => good.replace(/"agentId":"8012"/, '"agentId":""')],
      ['a table this Iceberg lacks', () => swap(-1, `${JSON.stringify({ $table: 'mystery' })}\n{"id":1}\n${lines().at(-1)}`)],
      ['a duplicate key', () => swap(eventLine() + 1, lines()[eventLine()]!)],
      ['counts that do not match', () => swap(-1, lines().at(-1)!.replace(/"events":\d+/, '"events":7'))],
    ])('%s', async (_name, corrupt) => {
      const before = await snapshot(other);
      const error = await restoreBackup(other, corrupt()).then(
        () => null,
        (reason: unknown) => reason,
      );
      expect(error).toBeInstanceOf(BackupError);
      expect((error as BackupError).problems.length).toBeGreaterThan(0);
      expect(await snapshot(other)).toEqual(before);
    });

    it('says where the problem is', async () => {
      const error = (await restoreBackup(other, swap(eventLine(), lines()[eventLine()]!.replace(/"day":"[^"]+"/, '"day":"someday"'))).catch((e: unknown) => e)) as BackupError;
      expect(error.problems[0]).toMatchObject({ line: eventLine() + 1, table: 'events', column: 'day', value: 'someday' });
      expect(error.message).toContain('nothing was changed');
    });

    it('a write failure in the middle rolls the whole restore back', async () => {
      const before = await snapshot(other);
      // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with .apply(this)
      const original = other.Table.prototype.bulkAdd;
      let calls = 0;
      const spy = vi.spyOn(other.Table.prototype, 'bulkAdd').mockImplementation(function (this: Table, ...args: unknown[]) {
        if (this.name === 'events' && ++calls === 2) return Promise.reject(new Error('quota')) as never;
        return (original as (...a: unknown[]) => never).apply(this, args);
      });
      await expect(restoreBackup(other, good, { chunkSize: 100 })).rejects.toThrow('quota');
      expect(calls).toBe(2);
      spy.mockRestore();
      expect(await snapshot(other)).toEqual(before);
    });
  });
});

describe('what a restore guarantees', () => {
  it('says a changed backup is changed, and which problem code it is', async () => {
    await seed(db, generateEvents(20, 15));
    const file = await collect(backupChunks(db));
    const edited = file.replace(/"agentId":"([^"]+)"/, '"agentId":"$1x"');
    const error = (await restoreBackup(other, new File([edited], 'iceberg-backup-1130.ndjson')).catch((e: unknown) => e)) as BackupError;
    expect(error.problems.map((found) => [found.code, found.file])).toEqual([['backup-modified', 'iceberg-backup-1130.ndjson']]);
    expect(error.problems[0]!.message.zh).toContain('被改动过');
  });

  it('verifies a backup re-saved with CRLF line ends or as GB18030, reading the names right', async () => {
    await seed(db, generateEvents(30, 16));
    await updateStoredSettings(db, { agentId: '华东-张三' });
    await replaceTaxonomy(db, DEFAULT_TAXONOMY, new Date('2026-11-01T00:00:00Z'));
    const file = await collect(backupChunks(db));
    const crlf = await restoreBackup(other, new TextEncoder().encode(file.replace(/\n/g, '\r\n')));
    expect(crlf.warnings).toEqual([]);
    const gb = await restoreBackup(other, encodeLegacy(file, 'gb18030'));
    expect(gb).toMatchObject({ encoding: 'gb18030' });
    expect(gb.warnings.map((found) => found.code)).toEqual(['encoding-detected']);
    expect((await other.settings.get('agent'))?.value.agentId).toBe('华东-张三');
    expect((await other.taxonomy.get('current'))?.value.categories[0]?.name.zh).toBe(DEFAULT_TAXONOMY.categories[0]!.name.zh);
  });

  it('refuses bytes that decode in no encoding, or a file cut inside a character, changing nothing', async () => {
    await seed(db, generateEvents(10, 17));
    await updateStoredSettings(db, { agentId: '华东-张三' });
    const bytes = new TextEncoder().encode(await collect(backupChunks(db)));
    const before = await other.events.count();
    const at = bytes.indexOf(0xe5);
    for (const [broken, code] of [
      [bytes.subarray(0, at + 1), 'backup-cut-short'],
      [new Uint8Array([...bytes.subarray(0, at), 0xff, 0x81, 0xff, ...bytes.subarray(at)]), 'unknown-encoding'],
    ] as const) {
      const error = (await restoreBackup(other, broken).catch((e: unknown) => e)) as BackupError;
      expect(error).toBeInstanceOf(BackupError);
      expect(error.problems.map((found) => found.code)).toContain(code === 'backup-cut-short' ? 'truncated-character' : code);
    }
    expect(await other.events.count()).toBe(before);
  });

  it('masks phone numbers an older backup kept in clear, and says where', async () => {
    const [event] = generateEvents(1, 18, { endDay: '2026-11-23' });
    const raw = { ...event!, source: 'own', workOrderRef: 'CALL 138 1234 5678', agentId: '13912345678' };
    const v1File = [
      JSON.stringify({ format: 'iceberg-backup', backupVersion: 1, databaseVersion: 6, createdAt: '2026-11-23T00:00:00Z', tables: ['events', 'searchMisses'] }),
      JSON.stringify({ $table: 'events' }),
      JSON.stringify(raw),
      JSON.stringify({ $table: 'searchMisses' }),
      JSON.stringify({ ...V2_SEARCH_MISSES[0]!, query: '客户 13712345678 查话费' }),
      JSON.stringify({ $end: { rows: { events: 1, searchMisses: 1 } } }),
      '',
    ].join('\n');
    const summary = await restoreBackup(other, v1File);
    expect(summary.warnings.map((found) => [found.code, found.table, found.column, found.params.count])).toEqual([
      ['backup-unverified', undefined, undefined, undefined],
      ['phone-number-masked', 'events', 'agentId', 1],
      ['phone-number-masked', 'events', 'workOrderRef', 1],
      ['phone-number-masked', 'searchMisses', 'query', 1],
    ]);
    const stored = JSON.stringify([await other.events.toArray(), await other.searchMisses.toArray(), await other.rollupDays.toArray()]);
    expect(stored).not.toMatch(/13912345678|12345678|13712345678/);
    expect((await other.events.toArray())[0]).toMatchObject({ workOrderRef: 'CALL 138****5678', agentId: '139****5678' });
  });
});
