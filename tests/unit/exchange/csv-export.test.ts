import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { clickLogChunks } from '@/knowledge/files/click-log-writer';
import { CLICK_LOG_COLUMNS } from '@/knowledge/files/click-log-format';
import { readClickLog } from '@/knowledge/files/click-log-reader';
import { csvCell, guardCell, unguardCell } from '@/knowledge/files/csv';
import { countsByDayAndCategory, countsCsvChunks, COUNTS_COLUMNS } from '@/knowledge/files/counts-csv';
import { rollupsFromEvents } from '@/knowledge/reports/rollup';
import type { StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { TRICKY_DIRECTORY, TRICKY_TAXONOMY, TRICKY_TEXTS, trickyEvents } from './tricky-events';

async function collect(chunks: AsyncIterable<string> | Iterable<string>): Promise<{ text: string; count: number }> {
  let text = '';
  let count = 0;
  for await (const chunk of chunks) {
    text += chunk;
    count += 1;
  }
  return { text, count };
}

/** The cells we expect for an event, written out here independently of the exporter. */
function expectedCells(event: StoredClickEvent): Record<string, string> {
  const category = TRICKY_TAXONOMY.categories.find((c) => c.id === event.categoryId);
  return {
    schema_version: '1',
    event_id: event.id,
    occurred_at: event.occurredAt,
    day: event.day,
    agent_id: event.agentId,
    category_id: event.categoryId,
    category_name_zh: category?.name.zh ?? event.categoryId,
    category_name_en: category?.name.en ?? event.categoryId,
    parent_category_id: category?.parentId ?? '',
    case_ref: event.workOrderRef ?? '',
    site: event.site,
    counting_rule: event.countingRule ?? '',
    emotion: event.emotion ?? '',
    risk_grade: event.riskGrade ?? '',
    ticket_raised: event.ticketRaised === undefined ? '' : String(event.ticketRaised),
    voided: String(event.voided),
    voided_at: event.voidedAt ?? '',
    source: event.source,
  };
}

const events = trickyEvents();
const inBatches = (list: StoredClickEvent[], size: number) =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, (i + 1) * size));

describe('click-log CSV', () => {
  it('starts with a UTF-8 BOM and the documented header, and ends every record with CRLF', async () => {
    const { text } = await collect(clickLogChunks([events.slice(0, 1)], 'csv', TRICKY_DIRECTORY));
    expect(text.startsWith('\uFEFFschema_version,event_id,occurred_at,day,agent_id,category_id,')).toBe(true);
    expect(text.split('\r\n')[0]).toBe(`\uFEFF${CLICK_LOG_COLUMNS.join(',')}`);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(new TextEncoder().encode(text).slice(0, 3)).toEqual(new Uint8Array([0xef, 0xbb, 0xbf]));
  });

  it('streams one chunk per batch, never one big string', async () => {
    const { count } = await collect(clickLogChunks(inBatches(events, 5), 'csv', TRICKY_DIRECTORY));
    expect(count).toBe(1 + Math.ceil(events.length / 5));
  });

  it('is read back field for field by an independent parser (csv-parse), Chinese, emoji and newlines included', async () => {
    const { text } = await collect(clickLogChunks(inBatches(events, 7), 'csv', TRICKY_DIRECTORY));
    const records: Record<string, string>[] = parse(text, { bom: true, columns: true, record_delimiter: '\r\n', relax_quotes: false });
    expect(records).toHaveLength(events.length);
    records.forEach((record, index) => {
      const unguarded = Object.fromEntries(Object.entries(record).map(([key, value]) => [key, unguardCell(value)]));
      expect(unguarded, `row ${index + 2}`).toEqual(expectedCells(events[index]!));
    });
    // Every tricky text went through as a work-order reference.
    expect(new Set(records.map((record) => unguardCell(record.case_ref!)))).toEqual(new Set([...TRICKY_TEXTS, '']));
  });

  it('guards formula-looking cells so spreadsheets show them as text', async () => {
    const { text } = await collect(clickLogChunks([events], 'csv', TRICKY_DIRECTORY));
    const records: Record<string, string>[] = parse(text, { bom: true, columns: true, record_delimiter: '\r\n' });
    for (const record of records) {
      for (const [column, value] of Object.entries(record)) {
        expect(/^[=+\-@\t\r]/.test(value), `${column}: ${JSON.stringify(value)}`).toBe(false);
      }
    }
    expect(records.find((record) => record.case_ref === "'=SUM(A1:A2)")).toBeTruthy();
    expect(records.find((record) => record.category_name_en === "'=VAS charge")).toBeTruthy();
  });

  it.each([
    ['plain', 'plain'],
    ['A,B', '"A,B"'],
    ['say "hi"', '"say ""hi"""'],
    ['a\nb', '"a\nb"'],
    [' x', '" x"'],
    ['x ', '"x "'],
    ['=1+1', "'=1+1"],
    ['-5', "'-5"],
    ["'a", "''a"],
    ['\tx', "'\tx"],
    ['中文', '中文'],
  ])('writes %j as %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
    expect(unguardCell(guardCell(value))).toBe(value);
  });

  it('round-trips through Iceberg’s own import parser (papaparse) exactly', async () => {
    const { text } = await collect(clickLogChunks(inBatches(events, 4), 'csv', TRICKY_DIRECTORY));
    const read = [];
    for await (const batch of readClickLog(text, { fileName: 'x.csv', batchSize: 6 })) {
      expect(batch.problems).toEqual([]);
      read.push(...batch.rows);
    }
    expect(read.map((row) => row.event)).toEqual(events.map(({ source: _source, ...event }) => event));
    // Rows are numbered as a spreadsheet shows them: the header is row 1, a cell with newlines is still one row.
    expect(read.map((row) => row.row)).toEqual(events.map((_, index) => index + 2));
  });
});

describe('click-log NDJSON', () => {
  it('writes one JSON object per line with the CSV’s columns and real types', async () => {
    const { text } = await collect(clickLogChunks(inBatches(events, 3), 'ndjson', TRICKY_DIRECTORY));
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(events.length);
    lines.forEach((line, index) => {
      const record = JSON.parse(line);
      const event = events[index]!;
      expect(Object.keys(record)).toEqual([...CLICK_LOG_COLUMNS]);
      expect(record).toMatchObject({
        schema_version: 1,
        event_id: event.id,
        case_ref: event.workOrderRef, // raw: no formula guard in NDJSON
        ticket_raised: event.ticketRaised ?? null,
        voided: event.voided,
        voided_at: event.voidedAt ?? null,
      });
    });
  });

  it('round-trips through the import parser', async () => {
    const { text } = await collect(clickLogChunks(inBatches(events, 3), 'ndjson', TRICKY_DIRECTORY));
    const read = [];
    for await (const batch of readClickLog(text, { fileName: 'x.ndjson' })) {
      expect(batch.problems).toEqual([]);
      read.push(...batch.rows.map((row) => row.event));
    }
    expect(read).toEqual(events.map(({ source: _source, ...event }) => event));
  });
});

describe('counts CSV', () => {
  it('sums per day × category with breakdowns, checked with csv-parse', async () => {
    const counts = countsByDayAndCategory(rollupsFromEvents(events));
    const { text } = await collect(countsCsvChunks(counts, TRICKY_DIRECTORY));
    const records: Record<string, string>[] = parse(text, { bom: true, columns: true, record_delimiter: '\r\n' });
    expect(Object.keys(records[0]!)).toEqual([...COUNTS_COLUMNS]);
    for (const record of records) {
      const matching = events.filter((e) => e.day === record.day && e.categoryId === record.category_id);
      const live = matching.filter((e) => !e.voided);
      expect(Number(record.clicks)).toBe(live.length);
      expect(Number(record.tickets)).toBe(live.filter((e) => e.ticketRaised).length);
      expect(Number(record.voided)).toBe(matching.length - live.length);
      expect(Number(record.risk_major)).toBe(live.filter((e) => e.riskGrade === 'major').length);
      expect(Number(record.risk_unspecified)).toBe(live.filter((e) => !e.riskGrade).length);
      expect(Number(record.rule_company_at_fault)).toBe(live.filter((e) => e.countingRule === 'company-at-fault').length);
      expect(Number(record.emotion_unspecified)).toBe(live.filter((e) => !e.emotion).length);
    }
    expect(records.reduce((sum, record) => sum + Number(record.clicks), 0)).toBe(events.filter((e) => !e.voided).length);
    const keys = records.map((record) => `${record.day}/${record.category_id}`);
    expect([...keys].sort()).toEqual(keys);
  });
});
