import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IcebergDatabase } from '@/storage/database/database';
import { importClickLog } from '@/storage/database/merge';
import { exportClickLog } from '@/storage/database/export';
import { ClickLogFileError } from '@/knowledge/files/click-log-reader';
import { CLICK_LOG_COLUMNS } from '@/knowledge/files/click-log-format';
import { generateEvents } from '@/knowledge/reports/sample-events';
import type { StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { rollupsFromEvents } from '@/knowledge/reports/rollup';
import { containsPhoneNumber } from '@/knowledge/privacy/phone-numbers';
import { dropDatabase, newDatabase } from '../helpers';
import { encodeLegacy } from '../legacy-encodings';
import { allStoredEvents, clickLogText, collect, storedEvent, storedRollupRows } from './helpers';

let db: IcebergDatabase;
beforeEach(() => {
  db = newDatabase();
});
afterEach(async () => {
  await dropDatabase(db);
});

const csvOf = (events: readonly StoredClickEvent[]) => clickLogText(events);
const NOW = new Date('2026-12-01T12:00:00+08:00');
const events = generateEvents(50, 909, { agents: 1, days: 5, endDay: '2026-11-30' }).map((e) => ({ ...e, voided: false, voidedAt: undefined }));
const lines = async (list: readonly StoredClickEvent[] = events) => (await csvOf(list)).split('\r\n').slice(0, -1);
const column = (name: (typeof CLICK_LOG_COLUMNS)[number]) => CLICK_LOG_COLUMNS.indexOf(name);
const withCells = (line: string, cells: Partial<Record<(typeof CLICK_LOG_COLUMNS)[number], string>>) => {
  const parts = line.split(',');
  for (const [name, value] of Object.entries(cells)) parts[column(name as (typeof CLICK_LOG_COLUMNS)[number])] = value;
  return parts.join(',');
};
const sortRows = <T extends { day: string; categoryId: string; agentId: string; site: string; source: string }>(rows: T[]) =>
  [...rows].sort((a, b) => `${a.day}${a.categoryId}${a.agentId}${a.site}${a.source}`.localeCompare(`${b.day}${b.categoryId}${b.agentId}${b.site}${b.source}`));

describe('merge: structure never drops, shifts or double-counts rows silently', () => {
  it('an unclosed quote at row 11 of 51 costs row 11 only, and says so', async () => {
    const all = await lines();
    all[10] = withCells(all[10]!, { case_ref: '"C-broken' });
    const result = await importClickLog(db, `${all.join('\r\n')}\r\n`, { fileName: 'quote.csv', now: NOW });
    expect(result).toMatchObject({ rowsRead: 50, added: 49, rejected: 1 });
    expect(result.problems.map((p) => [p.code, p.row, p.column])).toEqual([['csv-syntax', 11, 'case_ref']]);
    expect(result.problems[0]!.message.zh).toContain('引号');
    expect(result.problems[0]!.file).toBe('quote.csv');
  });

  it('counts an event id in upper case as the same event', async () => {
    const all = await lines(events.slice(0, 5));
    const upper = all.slice(1).map((line) => line.replace(/^1,([0-9a-f-]{36})/, (_m, id: string) => `1,${id.toUpperCase()}`));
    const result = await importClickLog(db, `${[...all, ...upper].join('\r\n')}\r\n`, { fileName: 'upper.csv', now: NOW });
    expect(result).toMatchObject({ rowsRead: 10, added: 5, duplicates: 5, rejected: 0 });
    expect(result.problems.map((p) => p.code)).toEqual(Array(5).fill('duplicate-event'));
    expect((await allStoredEvents(db)).length).toBe(5);
    const again = await importClickLog(db, `${[all[0], ...upper].join('\r\n')}\r\n`, { fileName: 'upper-again.csv', now: NOW });
    expect(again).toMatchObject({ added: 0, duplicates: 5 });
  });

  it('reports the same id with different content as a conflict, keeping the first', async () => {
    const all = await lines(events.slice(0, 3));
    const changed = withCells(all[1]!, { agent_id: 'someone-else', category_id: 'sms' });
    const result = await importClickLog(db, `${[...all, changed].join('\r\n')}\r\n`, { fileName: 'conflict.csv', now: NOW });
    expect(result).toMatchObject({ rowsRead: 4, added: 3, rejected: 1 });
    expect(result.problems[0]).toMatchObject({ code: 'conflicting-event', row: 5, params: { columns: 'agent_id, category_id', against: 'file', otherRow: 2 } });
    expect((await storedEvent(db, events[0]!.id))?.agentId).toBe(events[0]!.agentId);
  });

  it('an undo row and its click in one file give the same result wherever a chunk boundary falls', async () => {
    const click = events.slice(0, 20);
    const undo = click.slice(0, 10).map((e) => ({ ...e, voided: true, voidedAt: e.occurredAt.replace(/:(\d\d)\./, ':59.') }));
    const text = `${(await lines(click)).join('\r\n')}\r\n${(await lines(undo)).slice(1).join('\r\n')}\r\n`;
    const outcomes = [];
    for (const chunkSize of [1, 7, 15, 20, 10_000]) {
      const other = newDatabase();
      const result = await importClickLog(other, text, { fileName: 'undo.csv', chunkSize, now: NOW });
      const stored = (await allStoredEvents(other)).map(({ source: _s, ...e }) => e).sort((a, b) => a.id.localeCompare(b.id));
      expect(sortRows(await storedRollupRows(other))).toEqual(sortRows(rollupsFromEvents(await allStoredEvents(other))));
      outcomes.push({ counts: [result.added, result.updated, result.duplicates, result.rejected], voided: stored.filter((e) => e.voided).length });
      await dropDatabase(other);
    }
    expect(outcomes).toEqual(Array(5).fill({ counts: [20, 10, 0, 0], voided: 10 }));
  });

  it('refuses impossible times: far future, before 1970, an undo before its click', async () => {
    const all = await lines(events.slice(0, 6));
    all[1] = withCells(all[1]!, { occurred_at: '2099-01-01T09:00:00.000+08:00', day: '2099-01-01' });
    all[2] = withCells(all[2]!, { occurred_at: '9999-12-31T09:00:00.000+08:00', day: '9999-12-31' });
    all[3] = withCells(all[3]!, { occurred_at: '1969-12-31T09:00:00.000+08:00', day: '1969-12-31' });
    const occurred = all[4]!.split(',')[column('occurred_at')]!;
    all[4] = withCells(all[4]!, { voided: 'true', voided_at: occurred.replace(/T\d\d/, 'T00') });
    const result = await importClickLog(db, `${all.join('\r\n')}\r\n`, { fileName: 'times.csv', now: NOW });
    expect(result.problems.map((p) => [p.code, p.row, p.column, p.params.reason])).toEqual([
      ['implausible-time', 2, 'occurred_at', 'future'],
      ['implausible-time', 3, 'occurred_at', 'future'],
      ['implausible-time', 4, 'occurred_at', 'before-1970'],
      ['voided-before-click', 5, 'voided_at', undefined],
    ]);
    expect(result).toMatchObject({ added: 2, rejected: 4 });
  });

  it('refuses a last row without a line end (a cut file), and counts it', async () => {
    const all = await lines(events.slice(0, 4));
    const cut = all.join('\r\n').slice(0, -1);
    const result = await importClickLog(db, cut, { fileName: 'cut.csv', now: NOW });
    expect(result).toMatchObject({ rowsRead: 4, added: 3, rejected: 1 });
    expect(result.problems.map((p) => [p.code, p.row])).toEqual([['last-row-unterminated', 5]]);
  });

  it('reads LF, CRLF, CR-only and mixed line ends alike', async () => {
    const all = await lines(events.slice(0, 6));
    for (const join of ['\n', '\r', '\r\n']) {
      const other = newDatabase();
      expect(await importClickLog(other, `${all.join(join)}${join}`, { fileName: 'ends.csv', now: NOW })).toMatchObject({ added: 6, rejected: 0 });
      await dropDatabase(other);
    }
    const mixed = all.map((line, index) => `${line}${['\r\n', '\n', '\r'][index % 3]}`).join('');
    expect(await importClickLog(db, mixed, { fileName: 'mixed.csv', now: NOW })).toMatchObject({ added: 6, rejected: 0, problemCount: 0 });
  });

  it('says which delimiter a re-saved file uses instead of "not a click log"', async () => {
    const all = await lines(events.slice(0, 2));
    for (const delimiter of [';', '\t']) {
      const error = await importClickLog(db, `${all.map((line) => line.replace(/,/g, delimiter)).join('\r\n')}\r\n`, { fileName: 'x.csv', now: NOW }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClickLogFileError);
      expect((error as ClickLogFileError).problem).toMatchObject({ code: 'wrong-delimiter', params: { delimiter } });
    }
    expect(await db.imports.count()).toBe(0);
  });
});

describe('merge: bytes are decoded strictly', () => {
  const named = events.slice(0, 5).map((e) => ({ ...e, agentId: '华东-张三' }));

  it('reads a GB18030 re-save with the right names, and says it was not UTF-8', async () => {
    const bytes = encodeLegacy(await csvOf(named).then((text) => text.replace('\uFEFF', '')), 'gb18030');
    const result = await importClickLog(db, bytes, { fileName: 'gb.csv', now: NOW });
    expect(result).toMatchObject({ added: 5, agentIds: ['华东-张三'], encoding: 'gb18030' });
    expect(result.fileWarnings.map((w) => w.code)).toEqual(['encoding-detected']);
  });

  it('refuses bytes it cannot decode, and a file cut inside a character, writing nothing', async () => {
    const utf8 = new TextEncoder().encode(await csvOf(named));
    const at = utf8.length - 40;
    const broken = new Uint8Array([...utf8.subarray(0, at), 0xff, 0xfe, 0x81, ...utf8.subarray(at)]);
    const cut = utf8.subarray(0, utf8.indexOf(0xe5, 300) + 1);
    for (const [bytes, code] of [
      [broken, 'undecodable-text'], // the BOM says UTF-8
      [broken.subarray(3), 'mixed-encoding'],
      [cut, 'truncated-character'],
    ] as const) {
      const error = await importClickLog(db, bytes, { fileName: 'bad.csv', now: NOW }).catch((e: unknown) => e);
      expect((error as ClickLogFileError).problem?.code).toBe(code);
    }
    expect(await allStoredEvents(db)).toEqual([]);
    expect(await db.imports.count()).toBe(0);
  });
});

describe('merge: the privacy gate', () => {
  it('masks phone numbers in every free-text cell, says where, and exports none', async () => {
    const phones = events.slice(0, 4).map((e, index) => ({
      ...e,
      workOrderRef: ['来电 +86 138 1234 5678', '13987654321', '010-12345678', 'CALL-2026112313612345678'][index]!,
      agentId: index === 0 ? '坐席13812345678' : e.agentId,
    }));
    const text = (await csvOf(phones)).replace(/,计费,/g, ',计费 13912345678,');
    const result = await importClickLog(db, text, { fileName: 'phones.csv', now: NOW });
    expect(result).toMatchObject({ added: 4, rejected: 0 });
    expect(result.fileWarnings.map((w) => [w.code, w.column, w.params.count])).toEqual(
      expect.arrayContaining([
        ['phone-number-masked', 'case_ref', 4],
        ['phone-number-masked', 'agent_id', 1],
      ]),
    );
    const stored = JSON.stringify([await allStoredEvents(db), await db.imports.toArray(), await db.rollupDays.toArray()]);
    expect(containsPhoneNumber(stored.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, ''))).toBe(false);
    expect((await storedEvent(db, phones[0]!.id))?.workOrderRef).toBe('来电 138****5678');
    const exported = await collect(exportClickLog(db, { format: 'csv' }));
    expect(exported).not.toContain('13812345678');
    expect(exported).toContain('138****5678');
  });
});

describe('in-day order', () => {
  it('exports a day in the order of instants, even when offsets differ', async () => {
    const base = events.slice(0, 3);
    const shifted = [
      { ...base[0]!, occurredAt: '2026-11-30T10:00:00.000+08:00', day: '2026-11-30' }, // 02:00Z
      { ...base[1]!, occurredAt: '2026-11-30T09:30:00.000+09:00', day: '2026-11-30' }, // 00:30Z
      { ...base[2]!, occurredAt: '2026-11-30T09:45:00.000+08:00', day: '2026-11-30' }, // 01:45Z
    ];
    await importClickLog(db, await csvOf(shifted), { fileName: 'zones.csv', now: NOW });
    const exported = (await collect(exportClickLog(db, { format: 'csv' }))).split('\r\n').slice(1, -1);
    expect(exported.map((line) => line.split(',')[column('occurred_at')])).toEqual([
      '2026-11-30T09:30:00.000+09:00',
      '2026-11-30T09:45:00.000+08:00',
      '2026-11-30T10:00:00.000+08:00',
    ]);
  });
});
