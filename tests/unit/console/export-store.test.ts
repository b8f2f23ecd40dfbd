import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import type { IcebergDatabase } from '@/storage/database/database';
import { eventPages, exportClickLog, exportCounts, toByteStream, type ExportProgress } from '@/storage/database/export';
import { exportFileName } from '@/knowledge/files/file-names';
import { unguardCell } from '@/knowledge/files/csv';
import { generateEvents } from '@/knowledge/reports/sample-events';
import { rollupsFromEvents } from '@/knowledge/reports/rollup';
import { countsByDayAndCategory } from '@/knowledge/files/counts-csv';
import { importClickLog } from '@/storage/database/merge';
import { clickLogChunks } from '@/knowledge/files/click-log-writer';
import { CategoryDirectory } from '@/knowledge/reports/category-directory';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { dropDatabase, newDatabase } from '../helpers';
import { allStoredEvents, collect, seed } from './helpers';
import { TRICKY_TAXONOMY, trickyEvents } from '../exchange/tricky-events';

let db: IcebergDatabase;
beforeEach(() => {
  db = newDatabase();
});
afterEach(async () => {
  await dropDatabase(db);
});

const byTime = <T extends { occurredAt: string; id: string }>(events: T[]) =>
  [...events].sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || a.id.localeCompare(b.id));

describe('click-log export from IndexedDB', () => {
  it('pages through every event in (occurredAt, id) order, reporting progress', async () => {
    const events = generateEvents(2345, 4, { days: 20 });
    await seed(db, events);
    const progress: ExportProgress[] = [];
    const text = await collect(exportClickLog(db, { format: 'csv', pageSize: 500, onProgress: (p) => progress.push(p) }));
    const records: Record<string, string>[] = parse(text, { bom: true, columns: true, record_delimiter: '\r\n' });
    expect(records.map((record) => record.event_id)).toEqual(byTime(events).map((event) => event.id));
    expect(progress[0]).toEqual({ done: 0, total: 2345, written: 0 });
    expect(progress.at(-1)).toEqual({ done: 2345, total: 2345, written: 2345 });
    expect(progress.map((p) => p.done)).toEqual([...progress.map((p) => p.done)].sort((a, b) => a - b));
  });

  it('keeps every field of every stored event, checked with csv-parse', async () => {
    const events = trickyEvents();
    await seed(db, events);
    await db.taxonomy.put({ key: 'current', value: TRICKY_TAXONOMY, importedAt: '2026-11-23T00:00:00.000Z' });
    const text = await collect(exportClickLog(db, { format: 'csv', pageSize: 7 }));
    const records: Record<string, string>[] = parse(text, { bom: true, columns: true, record_delimiter: '\r\n' });
    const stored = new Map((await allStoredEvents(db)).map((event) => [event.id, event]));
    expect(records).toHaveLength(stored.size);
    for (const record of records) {
      const event = stored.get(record.event_id!)!;
      const cell = (column: string) => unguardCell(record[column]!);
      expect(cell('occurred_at')).toBe(event.occurredAt);
      expect(cell('day')).toBe(event.day);
      expect(cell('agent_id')).toBe(event.agentId);
      expect(cell('category_id')).toBe(event.categoryId);
      expect(cell('case_ref')).toBe(event.workOrderRef ?? '');
      expect(cell('site')).toBe(event.site);
      expect(cell('counting_rule')).toBe(event.countingRule ?? '');
      expect(cell('emotion')).toBe(event.emotion ?? '');
      expect(cell('risk_grade')).toBe(event.riskGrade ?? '');
      expect(cell('ticket_raised')).toBe(event.ticketRaised === undefined ? '' : String(event.ticketRaised));
      expect(cell('voided')).toBe(String(event.voided));
      expect(cell('voided_at')).toBe(event.voidedAt ?? '');
      expect(cell('source')).toBe(event.source);
      const category = TRICKY_TAXONOMY.categories.find((c) => c.id === event.categoryId);
      expect(cell('category_name_zh')).toBe(category?.name.zh ?? event.categoryId);
    }
  });

  it('filters by day range, agent, site, source and voided', async () => {
    const own = generateEvents(1500, 8, { days: 30, endDay: '2026-11-30', agents: 4 });
    const imported = generateEvents(300, 9, { days: 30, endDay: '2026-11-30', agents: 2, source: 'import:team' });
    await seed(db, [...own, ...imported]);
    const ids = async (options: Parameters<typeof eventPages>[1]) => {
      const got: string[] = [];
      for await (const page of eventPages(db, options, { pageSize: 97 })) got.push(...page.map((event) => event.id));
      return got;
    };
    const all = [...own, ...imported];
    const expectIds = (filter: (e: (typeof all)[number]) => boolean) => byTime(all.filter(filter)).map((e) => e.id);
    expect(await ids({ from: '2026-11-10', to: '2026-11-12' })).toEqual(expectIds((e) => e.day >= '2026-11-10' && e.day <= '2026-11-12'));
    expect(await ids({ to: '2026-11-05' })).toEqual(expectIds((e) => e.day <= '2026-11-05'));
    expect(await ids({ agentIds: ['agent-8002'], sources: ['own'] })).toEqual(expectIds((e) => e.agentId === 'agent-8002' && e.source === 'own'));
    expect(await ids({ sources: ['imported'], includeVoided: false })).toEqual(expectIds((e) => e.source === 'import:team' && !e.voided));
    expect(await ids({ sites: ['crm2.example.com'], categoryIds: ['billing'] })).toEqual(
      expectIds((e) => e.site === 'crm2.example.com' && e.categoryId.startsWith('billing')),
    );
  });

  it('keeps time order within a day that several imports (and import chunks) filled', async () => {
    const directory = new CategoryDirectory(DEFAULT_TAXONOMY);
    const first = generateEvents(400, 21, { days: 3, endDay: '2026-11-30' });
    const second = generateEvents(400, 22, { days: 3, endDay: '2026-11-30' });
    for (const [name, events] of [['monday.csv', first], ['tuesday.csv', second]] as const) {
      await importClickLog(db, await collect(clickLogChunks([events], 'csv', directory)), { fileName: name, chunkSize: 150 });
    }
    const got: string[] = [];
    for await (const page of eventPages(db, {})) got.push(...page.map((event) => event.id));
    expect(got).toEqual(byTime([...first, ...second]).map((event) => event.id));
  });

  it('stops at the next page when cancelled', async () => {
    await seed(db, generateEvents(3000, 5));
    const controller = new AbortController();
    let pages = 0;
    const run = async () => {
      for await (const _chunk of exportClickLog(db, { format: 'ndjson', pageSize: 500, signal: controller.signal })) {
        pages += 1;
        if (pages === 2) controller.abort(new DOMException('cancelled by QA', 'AbortError'));
      }
    };
    await expect(run()).rejects.toThrow('cancelled by QA');
    expect(pages).toBe(2);
  });

  it('streams UTF-8 bytes (with the BOM) on demand', async () => {
    await seed(db, generateEvents(1200, 6));
    let read = 0;
    const stream = toByteStream(exportClickLog(db, { format: 'csv', pageSize: 100, onProgress: (p) => (read = p.done) }));
    const reader = stream.getReader();
    const first = await reader.read();
    expect([...first.value!.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(read).toBeLessThanOrEqual(100); // only the first page was read so far
    await reader.cancel();
    const text = new TextDecoder().decode(await new Response(toByteStream(exportClickLog(db, { format: 'csv' }))).arrayBuffer(), );
    expect(text.split('\r\n').length).toBe(1200 + 2);
  });
});

describe('counts export', () => {
  it('sums the rollups per day × category under the filters', async () => {
    const events = generateEvents(2000, 12, { days: 14, endDay: '2026-11-30', agents: 3 });
    await seed(db, events);
    const text = await collect(exportCounts(db, { from: '2026-11-20', to: '2026-11-25', agentIds: ['agent-8001'] }));
    const records: Record<string, string>[] = parse(text, { bom: true, columns: true, record_delimiter: '\r\n' });
    const expected = countsByDayAndCategory(
      rollupsFromEvents(events.filter((e) => e.agentId === 'agent-8001' && e.day >= '2026-11-20' && e.day <= '2026-11-25')),
    );
    expect(records.map((r) => [r.day, r.category_id, Number(r.clicks), Number(r.tickets), Number(r.voided)])).toEqual(
      expected.map((c) => [c.day, c.categoryId, c.clicks, c.tickets, c.voided]),
    );
  });
});

describe('file names', () => {
  it('say agent, date range and export time', () => {
    const exportedAt = new Date(2026, 10, 23, 9, 31);
    const offset = -exportedAt.getTimezoneOffset();
    const zone = `${offset >= 0 ? '+' : '-'}${String(Math.trunc(Math.abs(offset) / 60)).padStart(2, '0')}${String(Math.abs(offset) % 60).padStart(2, '0')}`;
    expect(exportFileName({ kind: 'clicks', extension: 'csv', agentIds: ['8012'], from: '2026-11-01', to: '2026-11-23', exportedAt })).toBe(
      `iceberg-clicks_agent-8012_2026-11-01_2026-11-23_exported-20261123T0931${zone}.csv`,
    );
    expect(exportFileName({ kind: 'counts', extension: 'csv', exportedAt })).toBe(`iceberg-counts_agent-all_first_last_exported-20261123T0931${zone}.csv`);
    expect(exportFileName({ kind: 'clicks', extension: 'ndjson', agentIds: ['张 三/../x'], from: '2026-11-01', to: '2026-11-01', exportedAt })).toMatch(
      /^iceberg-clicks_agent-张-三-\.\.-x_2026-11-01_2026-11-01_exported-/,
    );
    expect(exportFileName({ kind: 'backup', extension: 'ndjson', exportedAt })).toBe(`iceberg-backup_exported-20261123T0931${zone}.ndjson`);
  });
});
