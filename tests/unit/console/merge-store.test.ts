import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { IcebergDatabase } from '@/storage/database/database';
import { importClickLog, listImports, removeImportedSource } from '@/storage/database/merge';
import { loadReport } from '@/storage/database/reports';
import { setRetentionDays, pruneRawEvents } from '@/storage/database/retention';
import { ClickLogFileError } from '@/knowledge/files/click-log-reader';
import { clickLogChunks } from '@/knowledge/files/click-log-writer';
import { CLICK_LOG_COLUMNS } from '@/knowledge/files/click-log-format';
import { CategoryDirectory } from '@/knowledge/reports/category-directory';
import { rollupsFromEvents } from '@/knowledge/reports/rollup';
import { generateEvents } from '@/knowledge/reports/sample-events';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import type { StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { dropDatabase, newDatabase } from '../helpers';
import { allStoredEvents, collect, eventsOfSource, seed, storedEvent, storedRollupRows, withoutSource } from './helpers';

let db: IcebergDatabase;
beforeEach(() => {
  db = newDatabase();
});
afterEach(async () => {
  await dropDatabase(db);
});

const directory = new CategoryDirectory(DEFAULT_TAXONOMY);
const csvOf = (events: readonly StoredClickEvent[]) => collect(clickLogChunks([events], 'csv', directory));
const ndjsonOf = (events: readonly StoredClickEvent[]) => collect(clickLogChunks([events], 'ndjson', directory));

/** Two agents' exports, each from their own browser (source "own" there). */
const agentA = generateEvents(1200, 101, { agents: 1, days: 20, endDay: '2026-11-30' }).map((e) => ({ ...e, agentId: 'A-8012' }));
const agentB = generateEvents(800, 202, { agents: 1, days: 20, endDay: '2026-11-30' }).map((e) => ({ ...e, agentId: 'B-8013' }));

async function totals() {
  const report = await loadReport(db, { from: '2026-11-01', to: '2026-11-30', grouping: 'day' });
  return { clicks: report.totals.clicks, tickets: report.totals.tickets, events: (await allStoredEvents(db)).length };
}

const sortRows = <T extends { day: string; categoryId: string; agentId: string; site: string; source: string }>(rows: T[]) =>
  [...rows].sort((a, b) => `${a.day}${a.categoryId}${a.agentId}${a.site}${a.source}`.localeCompare(`${b.day}${b.categoryId}${b.agentId}${b.site}${b.source}`));

describe('merge import', () => {
  it('imports two agents’ exports apart from own clicks, tagged by source', async () => {
    const own = generateEvents(300, 303, { agents: 1, days: 20, endDay: '2026-11-30' });
    await seed(db, own);
    const a = await importClickLog(db, await csvOf(agentA), { fileName: 'agent-a.csv', chunkSize: 250 });
    const b = await importClickLog(db, await ndjsonOf(agentB), { fileName: 'agent-b.ndjson' });
    expect(a).toMatchObject({ added: 1200, duplicates: 0, problemCount: 0, rowsRead: 1200, agentIds: ['A-8012'], status: 'complete', format: 'csv' });
    expect(b).toMatchObject({ added: 800, format: 'ndjson', agentIds: ['B-8013'] });
    expect((await eventsOfSource(db, a.source)).length).toBe(1200);
    expect((await eventsOfSource(db, 'own')).length).toBe(300);
    const stored = await storedEvent(db, agentA[17]!.id);
    expect(stored).toEqual({ ...agentA[17], source: a.source });
    const live = (events: StoredClickEvent[]) => events.filter((e) => !e.voided && e.day >= '2026-11-01').length;
    expect((await totals()).clicks).toBe(live(own) + live(agentA) + live(agentB));
    expect((await listImports(db)).map((record) => [record.fileName, record.eventCount, record.status])).toEqual([
      ['agent-b.ndjson', 800, 'complete'],
      ['agent-a.csv', 1200, 'complete'],
    ]);
    // Rollups stayed in step with the events through the chunked writes.
    expect(sortRows(await storedRollupRows(db))).toEqual(sortRows(rollupsFromEvents(await allStoredEvents(db))));
  });

  it('is idempotent: the same file twice, or overlapping files, adds nothing twice', async () => {
    const file = await csvOf(agentA);
    await importClickLog(db, file, { fileName: 'a.csv' });
    const before = await totals();
    const again = await importClickLog(db, file, { fileName: 'a.csv' });
    expect(again).toMatchObject({ added: 0, duplicates: 1200 });
    expect(await totals()).toEqual(before);

    // An overlapping export: the last 400 of A plus 300 new events of B, as NDJSON.
    const overlap = await importClickLog(db, await ndjsonOf([...agentA.slice(800), ...agentB.slice(0, 300)]), { fileName: 'overlap.ndjson' });
    expect(overlap).toMatchObject({ added: 300, duplicates: 400 });
    expect((await totals()).events).toBe(1500);
    expect(sortRows(await storedRollupRows(db))).toEqual(sortRows(rollupsFromEvents(await allStoredEvents(db))));
  });

  it('counts repeated rows inside one file once', async () => {
    const result = await importClickLog(db, await csvOf([...agentA.slice(0, 10), ...agentA.slice(0, 10)]), { fileName: 'twice.csv', chunkSize: 7 });
    expect(result).toMatchObject({ added: 10, duplicates: 10 });
    expect((await allStoredEvents(db)).length).toBe(10);
  });

  it('never overwrites the agent’s own events', async () => {
    const own = generateEvents(50, 404, { days: 5, endDay: '2026-11-30' });
    await seed(db, own);
    const tampered = own.map((event) => ({ ...event, voided: true, ticketRaised: true, riskGrade: 'major' as const }));
    const result = await importClickLog(db, await csvOf(tampered), { fileName: 'own-edited.csv' });
    expect(result).toMatchObject({ added: 0, duplicates: 50, updated: 0 });
    expect(await db.events.bulkGet(own.map((event) => event.id))).toEqual(own);
  });

  it('completes an imported event from a newer export (later undo, ticket added later)', async () => {
    const original = agentA.slice(0, 3).map((e) => ({ ...e, voided: false, voidedAt: undefined, ticketRaised: undefined }));
    const first = await importClickLog(db, await csvOf(original), { fileName: 'monday.csv' });
    const newer = [{ ...original[0]!, ticketRaised: true }, { ...original[1]!, voided: true, voidedAt: original[1]!.occurredAt }, original[2]!];
    const second = await importClickLog(db, await csvOf(newer), { fileName: 'monday-evening.csv' });
    expect(second).toMatchObject({ added: 0, updated: 2, duplicates: 1 });
    const stored = await Promise.all(original.map((e) => storedEvent(db, e.id)));
    expect(stored.map((e) => [e?.ticketRaised, e?.voided, e?.source])).toEqual([
      [true, false, first.source],
      [undefined, true, first.source],
      [undefined, false, first.source],
    ]);
    expect(sortRows(await storedRollupRows(db))).toEqual(sortRows(rollupsFromEvents(await allStoredEvents(db))));
  });

  it('reports bad rows precisely and keeps every valid row', async () => {
    const good = agentA.slice(0, 20);
    const lines = (await csvOf(good)).split('\r\n');
    const header = lines[0]!.replace('\uFEFF', '').split(',');
    const column = (name: string) => header.indexOf(name);
    const spoil = (line: string, name: string, value: string) => {
      const cells = line.split(',');
      cells[column(name)] = value;
      return cells.join(',');
    };
    lines[3] = spoil(lines[3]!, 'occurred_at', 'yesterday'); // row 4
    lines[7] = spoil(lines[7]!, 'schema_version', '9'); // row 8
    lines[9] = spoil(lines[9]!, 'counting_rule', 'rule-4'); // row 10
    const result = await importClickLog(db, lines.join('\r\n'), { fileName: 'partly-bad.csv', chunkSize: 6 });
    expect(result).toMatchObject({ added: 17, rejected: 3, problemCount: 3, rowsRead: 20, status: 'complete' });
    expect(result.problems.map((p) => [p.row, p.column])).toEqual([
      [4, 'occurred_at'],
      [8, 'schema_version'],
      [10, 'counting_rule'],
    ]);
    expect((await allStoredEvents(db)).length).toBe(17);
    expect((await listImports(db))[0]).toMatchObject({ rejectedCount: 3, eventCount: 17, rowCount: 20 });
  });

  it('refuses a file with bad columns as a whole, writing nothing', async () => {
    const text = (await csvOf(agentA.slice(0, 5))).replace('risk_grade', 'risk');
    await expect(importClickLog(db, text, { fileName: 'bad.csv' })).rejects.toBeInstanceOf(ClickLogFileError);
    expect((await allStoredEvents(db)).length).toBe(0);
    expect(await db.imports.count()).toBe(0);
    expect(CLICK_LOG_COLUMNS).toContain('risk_grade');
  });

  it('writes each chunk atomically: a failing chunk leaves the earlier ones and nothing of itself', async () => {
    const original = db.rollupDays.bulkPut.bind(db.rollupDays);
    let calls = 0;
    const spy = vi.spyOn(db.rollupDays, 'bulkPut').mockImplementation(((...args: Parameters<typeof original>) => {
      calls += 1;
      if (calls === 3) return Promise.reject(new Error('disk hiccup'));
      return original(...args);
    }) as typeof original);
    await expect(importClickLog(db, await csvOf(agentA.slice(0, 500)), { fileName: 'a.csv', chunkSize: 100 })).rejects.toThrow('disk hiccup');
    spy.mockRestore();
    expect((await allStoredEvents(db)).length).toBe(200);
    expect(sortRows(await storedRollupRows(db))).toEqual(sortRows(rollupsFromEvents(await allStoredEvents(db))));
    const [record] = await listImports(db);
    expect(record).toMatchObject({ status: 'failed', eventCount: 200 });
    // Importing again completes it; the 200 already there are duplicates.
    expect(await importClickLog(db, await csvOf(agentA.slice(0, 500)), { fileName: 'a.csv' })).toMatchObject({ added: 300, duplicates: 200 });
  });

  it('stops between chunks when cancelled, keeping what was written', async () => {
    const controller = new AbortController();
    const result = await importClickLog(db, await csvOf(agentA), {
      fileName: 'a.csv',
      chunkSize: 300,
      signal: controller.signal,
      onProgress: ({ added }) => {
        if (added >= 600) controller.abort();
      },
    });
    expect(result).toMatchObject({ status: 'cancelled', added: 600 });
    expect((await allStoredEvents(db)).length).toBe(600);
  });

  it('removes one import by source: its events and its counts, nothing else', async () => {
    const own = generateEvents(100, 505, { agents: 1, days: 20, endDay: '2026-11-30' });
    await seed(db, own);
    const a = await importClickLog(db, await csvOf(agentA), { fileName: 'a.csv' });
    const b = await importClickLog(db, await csvOf(agentB), { fileName: 'b.csv' });
    const removed = await removeImportedSource(db, a.importId);
    expect(removed.events).toBe(1200);
    expect((await allStoredEvents(db)).length).toBe(100 + 800);
    expect((await eventsOfSource(db, b.source)).length).toBe(800);
    expect(sortRows(await storedRollupRows(db))).toEqual(sortRows(rollupsFromEvents(await allStoredEvents(db))));
    expect((await listImports(db)).map((record) => record.id)).toEqual([b.importId]);
    // The same file can come back afterwards.
    expect(await importClickLog(db, await csvOf(agentA), { fileName: 'a.csv' })).toMatchObject({ added: 1200 });
  });

  it('keeps names of categories this browser’s taxonomy lacks', async () => {
    const foreign = agentA.slice(0, 4).map((e) => ({ ...e, categoryId: 'roaming-5g' }));
    const text = (await csvOf(foreign)).replace(/roaming-5g,roaming-5g,roaming-5g/g, 'roaming-5g,5G 漫游,5G roaming');
    await importClickLog(db, text, { fileName: 'foreign.csv' });
    const report = await loadReport(db, { from: '2026-11-01', to: '2026-11-30', grouping: 'month' });
    expect(report.categories.find((c) => c.categoryId === 'roaming-5g')?.name).toEqual({ zh: '5G 漫游', en: '5G roaming' });
  });

  it('skips rows older than the retained raw detail (they could no longer be deduplicated)', async () => {
    await setRetentionDays(db, 10);
    await pruneRawEvents(db, new Date(2026, 10, 30, 12));
    const result = await importClickLog(db, await csvOf(agentA), { fileName: 'a.csv' });
    const old = agentA.filter((e) => e.day < '2026-11-21').length;
    expect(result).toMatchObject({ beforeRetention: old, added: 1200 - old });
  });

  it('reads a Blob (a File from the file picker) as a stream', async () => {
    const blob = new Blob([await csvOf(agentB)], { type: 'text/csv' });
    expect(await importClickLog(db, blob, { fileName: 'b.csv' })).toMatchObject({ added: 800 });
    expect(withoutSource((await storedEvent(db, agentB[5]!.id))!)).toEqual(withoutSource(agentB[5]!));
  });
});
