import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IcebergDatabase } from '@/storage/database/database';
import { pruneRawEvents, rawDetailStartsAt, retentionPolicy, setRetentionDays } from '@/storage/database/retention';
import { storageStatus } from '@/storage/database/storage-status';
import { loadReport } from '@/storage/database/reports';
import { exportCounts, exportClickLog } from '@/storage/database/export';
import { retentionCutoff } from '@/knowledge/reports/retention-policy';
import { generateEvents } from '@/knowledge/reports/sample-events';
import { dropDatabase, newDatabase } from '../helpers';
import { allStoredEvents, collect, seed } from './helpers';

let db: IcebergDatabase;
beforeEach(() => {
  db = newDatabase();
});
afterEach(async () => {
  await dropDatabase(db);
});

const NOW = new Date(2026, 10, 30, 18, 0); // 2026-11-30, local time
// A third of them merged in from a team export: pruning reaches imported pages too.
const events = generateEvents(4000, 31, { days: 90, endDay: '2026-11-30', agents: 5 }).map((event, index) =>
  index % 3 === 0 ? { ...event, source: 'import:team-2026-11' } : event,
);

describe('retention', () => {
  it('keeps N calendar days including today', () => {
    expect(retentionCutoff('2026-11-30', 1)).toBe('2026-11-30');
    expect(retentionCutoff('2026-11-30', 30)).toBe('2026-11-01');
  });

  it('does nothing until a number of days is set', async () => {
    await seed(db, events);
    expect(await pruneRawEvents(db, NOW)).toEqual({ deleted: 0, cutoff: null, rawDetailStartsAt: null });
    expect((await allStoredEvents(db)).length).toBe(4000);
    expect(await rawDetailStartsAt(db)).toBeNull();
  });

  it('prunes raw events older than N days; every count survives', async () => {
    await seed(db, events);
    const query = { from: '2026-09-01', to: '2026-11-30', grouping: 'month' as const };
    const before = await loadReport(db, query);
    const countsBefore = await collect(exportCounts(db));

    await setRetentionDays(db, 30);
    const result = await pruneRawEvents(db, NOW, { chunkSize: 500 });
    const old = events.filter((event) => event.day < '2026-11-01').length;
    expect(result).toEqual({ deleted: old, cutoff: '2026-11-01', rawDetailStartsAt: '2026-11-01' });
    expect((await allStoredEvents(db)).length).toBe(4000 - old);
    expect((await allStoredEvents(db)).filter((event) => event.day < '2026-11-01')).toEqual([]);
    expect(await db.importedEventIds.where('day').below('2026-11-01').count()).toBe(0);

    const after = await loadReport(db, query);
    expect({ ...after, rawDetailStartsAt: null }).toEqual({ ...before, rawDetailStartsAt: null });
    expect(after.rawDetailStartsAt).toBe('2026-11-01');
    expect(await collect(exportCounts(db))).toBe(countsBefore);
    // The click log only has what is left.
    const log = await collect(exportClickLog(db, { format: 'ndjson' }));
    expect(log.trimEnd().split('\n')).toHaveLength(4000 - old);
  });

  it('never moves raw detail back when N grows, and says so', async () => {
    await seed(db, events);
    await setRetentionDays(db, 10);
    await pruneRawEvents(db, NOW);
    await setRetentionDays(db, 60);
    const result = await pruneRawEvents(db, NOW);
    expect(result).toMatchObject({ deleted: 0, rawDetailStartsAt: '2026-11-21' });
    expect(await retentionPolicy(db)).toMatchObject({ keepRawEventsDays: 60, rawDetailStartsAt: '2026-11-21' });
  });

  it('refuses nonsense', async () => {
    await expect(setRetentionDays(db, 0)).rejects.toThrow();
    await expect(setRetentionDays(db, 2.5)).rejects.toThrow();
    expect(await setRetentionDays(db, null)).toMatchObject({ keepRawEventsDays: null });
  });

  it('reports storage use, persistence and row counts', async () => {
    await seed(db, events.slice(0, 100));
    const status = await storageStatus(db, {
      estimate: async () => ({ usage: 1234, quota: 10_000 }),
      persisted: async () => true,
    });
    expect(status).toMatchObject({ usage: 1234, quota: 10_000, persisted: true, rawDetailStartsAt: null });
    expect(status.tables.events).toBe(100);
    expect(status.tables.rollupDays).toBeGreaterThan(0);
    expect(await storageStatus(db, undefined)).toMatchObject({ usage: null, persisted: null });
  });
});
