// Uploads against a real ClickHouse (Debian's 18.16 unless CLICKHOUSE_SERVER says otherwise),
// started with a temporary config and the documented schema and users from docs/centre/.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { beforeEach, describe, expect, it } from 'vitest';
import { clickHouseForTests } from './clickhouse-for-tests';
import { MemoryOutbox } from '../../clickhouse/memory-outbox';
import { UPLOAD_COLUMNS, uploadRowOf } from '@/knowledge/centre/upload-row';
import { insertJsonEachRow } from '@/knowledge/centre/clickhouse-http';
import { type UploadTarget, UploadTarget as UploadTargetSchema, encodeBatch, transportFor, uploadPending } from '@/knowledge/centre/upload-queue';
import { INITIAL_UPLOAD_STATUS, statusAfterRun, uploadErrorMessage } from '@/knowledge/centre/upload-status';
import { centreReport, centreSelect } from '@/knowledge/centre/centre-report';
import { CENTRE_QUERIES } from '@/storage/pages/centre-queries';
import { CategoryDirectory } from '@/knowledge/reports/category-directory';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { event } from '../reports/fixtures';
import type { EventLike } from '@/knowledge/clicks/stored-event';
import { CountingRule, Emotion, RiskGrade } from '@/knowledge/clicks/click-event';
import { addDays } from '@/knowledge/reports/calendar';

const directory = new CategoryDirectory(DEFAULT_TAXONOMY);

const server = clickHouseForTests();

// Each test on its own day: a TRUNCATE may come back after the server is killed (18.16 reloads
// parts whose removal it had not finished), so tests never rely on emptying the table.
let testIndex = 0;
let DAY = '';
beforeEach(() => {
  testIndex += 1;
  DAY = addDays('2026-10-01', testIndex);
});

function target(overrides: Partial<UploadTarget> = {}): UploadTarget {
  return UploadTargetSchema.parse({ url: server.url, user: server.agent.user, key: server.agent.key, ...overrides });
}

const transport = (upload: UploadTarget = target()) => transportFor(upload, fetch);

/** The centre's figures for one day, as the dashboard would read them with the report user. */
async function centreTotals(day = DAY) {
  const select = centreSelect({ url: server.url, user: server.report.user, key: server.report.key, database: 'iceberg', auth: 'headers' }, { fetch, timeoutMs: 10_000 });
  const report = await centreReport({ from: day, to: day, grouping: 'day' }, directory, select, CENTRE_QUERIES);
  if (!report.ok) throw new Error(report.failure.detail);
  return { ...report.value.totals, byRiskGrade: report.value.byRiskGrade };
}

async function storedRows(): Promise<number> {
  return Number((await server.query(`SELECT count() FROM iceberg.click_events WHERE day = '${DAY}'`)).trim());
}

const at = (time: string) => Date.parse(`${DAY}T${time}+08:00`);

describe('the documented ClickHouse set-up (docs/centre)', () => {
  it('creates a table whose columns are exactly what an upload writes, plus the arrival time', async () => {
    const columns = (await server.query("SELECT name FROM system.columns WHERE database = 'iceberg' AND table = 'click_events' FORMAT TSV"))
      .trim()
      .split('\n');
    expect(columns).toEqual([...UPLOAD_COLUMNS, 'received_at']);
  });

  it.each([
    ['counting_rule', CountingRule.options],
    ['risk_grade', RiskGrade.options],
    ['emotion', Emotion.options],
  ] as const)('lists every %s the extension knows, and "" for none', async (column, options) => {
    const type = (await server.query(`SELECT type FROM system.columns WHERE database = 'iceberg' AND table = 'click_events' AND name = '${column}' FORMAT TSVRaw`)).trim();
    expect([...type.matchAll(/'([^']*)' = \d+/g)].map((match) => match[1])).toEqual(['', ...options]);
  });

  it('gives agents a user that can insert but not drop or create tables, and leads a user that can only read', async () => {
    await expect(server.query('DROP TABLE iceberg.click_events', { as: server.agent })).rejects.toThrow(/Code: 392/);
    await expect(server.query('CREATE TABLE iceberg.x (a UInt8) ENGINE = Memory', { as: server.agent })).rejects.toThrow(/Code: 392/);
    await expect(server.query('TRUNCATE TABLE iceberg.click_events', { as: server.agent })).rejects.toThrow(/Code: 392/);
    await expect(server.query('SELECT count() FROM default.t', { as: server.agent })).rejects.toThrow(/Code: 291/);
    await expect(
      server.query("INSERT INTO iceberg.click_events (agent_id) VALUES ('x')", { as: server.report }),
    ).rejects.toThrow(/Code: 164/);
    expect((await server.query(`SELECT count() FROM iceberg.click_events WHERE day = '${DAY}'`, { as: server.report })).trim()).toBe('0');
  });
});

describe('uploading clicks', () => {
  it('counts a click, its detail change and its undo as one event, as last seen', async () => {
    const outbox = new MemoryOutbox();
    const click = event({ day: DAY, categoryId: 'billing', occurredAt: `${DAY}T10:00:00.000+08:00` });
    outbox.write(click, at('10:00:00'));
    expect(await uploadPending(outbox, target(), transport())).toMatchObject({ sent: 1, failure: null });
    expect(await centreTotals()).toMatchObject({ clicks: 1, tickets: 0, voided: 0 });

    outbox.write({ ...click, ticketRaised: true, riskGrade: 'major' }, at('10:00:20'));
    await uploadPending(outbox, target(), transport());
    expect(await centreTotals()).toMatchObject({ clicks: 1, tickets: 1, byRiskGrade: { major: 1 } });

    outbox.write({ ...click, ticketRaised: true, riskGrade: 'major', voided: true, voidedAt: `${DAY}T10:00:25.000+08:00` }, at('10:00:25'));
    await uploadPending(outbox, target(), transport());
    expect(await centreTotals()).toMatchObject({ clicks: 0, tickets: 0, voided: 1, byRiskGrade: { major: 0 } });
    expect(outbox.pending).toBe(0);
  });

  it('counts a ticket flag the agent cleared as no ticket (the newest version wins even when it is empty)', async () => {
    const outbox = new MemoryOutbox();
    const click = event({ day: DAY, categoryId: 'network', ticketRaised: true });
    outbox.write(click, at('11:00:00'));
    await uploadPending(outbox, target(), transport());
    const { ticketRaised: _cleared, ...withoutTicket } = click;
    outbox.write(withoutTicket, at('11:00:05'));
    await uploadPending(outbox, target(), transport());
    expect(await centreTotals()).toMatchObject({ clicks: 1, tickets: 0 });
  });

  it('sends a batch again when the answer was lost (service worker stopped) and still counts each click once', async () => {
    const outbox = new MemoryOutbox();
    for (let i = 0; i < 30; i += 1) outbox.write(event({ day: DAY, categoryId: 'billing', ticketRaised: i % 3 === 0 }), at('12:00:00') + i);
    outbox.failNextAcknowledge = true;
    await expect(uploadPending(outbox, target(), transport())).rejects.toThrow('service worker stopped');
    expect(outbox.pending).toBe(30);
    expect(await uploadPending(outbox, target(), transport())).toMatchObject({ sent: 30, failure: null });
    expect(await storedRows()).toBe(60);
    expect(await centreTotals()).toMatchObject({ clicks: 30, tickets: 10 });
  });

  it('ignores an old version replayed after a newer one', async () => {
    const outbox = new MemoryOutbox();
    const click = event({ day: DAY, categoryId: 'sms' });
    const first = outbox.write(click, at('13:00:00'));
    await uploadPending(outbox, target(), transport());
    outbox.write({ ...click, voided: true, voidedAt: `${DAY}T13:00:10.000+08:00` }, at('13:00:10'));
    await uploadPending(outbox, target(), transport());
    const replay = encodeBatch([uploadRowOf(click, first.version)], 1024 * 1024);
    expect(await insertJsonEachRow(target(), 'click_events', replay.body, transport())).toEqual({ ok: true, value: undefined });
    expect(await centreTotals()).toMatchObject({ clicks: 0, voided: 1 });
  });

  it('sends only the agent\'s own clicks, never events merged from other agents\' exports', async () => {
    const outbox = new MemoryOutbox();
    outbox.write(event({ day: DAY, categoryId: 'billing' }), at('14:00:00'));
    outbox.write(event({ day: DAY, categoryId: 'billing', source: 'import:qa-1' }), at('14:00:01'));
    expect(await uploadPending(outbox, target(), transport())).toMatchObject({ sent: 1, skipped: 1 });
    expect(outbox.pending).toBe(0);
  });

  it('splits what waits into batches of the configured size and byte limit', async () => {
    const outbox = new MemoryOutbox();
    for (let i = 0; i < 25; i += 1) outbox.write(event({ day: DAY, categoryId: 'plan' }), at('15:00:00') + i);
    const bySize = await uploadPending(outbox, target({ batching: { maxRows: 10, maxBytes: 1024 * 1024, maxWaitSeconds: 60 } }), transport());
    expect(bySize).toMatchObject({ sent: 25, batches: 3 });

    const rowBytes = encodeBatch([uploadRowOf(event({ day: DAY, categoryId: 'plan' }), at('15:00:00'))], 1024 * 1024).body.length;
    const perBatch = Math.floor(4096 / rowBytes);
    for (let i = 0; i < 25; i += 1) outbox.write(event({ day: DAY, categoryId: 'plan' }), at('15:10:00') + i);
    const byBytes = await uploadPending(outbox, target({ batching: { maxRows: 100, maxBytes: 4096, maxWaitSeconds: 60 } }), transport());
    expect(byBytes).toMatchObject({ sent: 25, batches: Math.ceil(25 / perBatch) });
    expect(await centreTotals()).toMatchObject({ clicks: 50 });
  });

  it('goes through the Buffer table into the events table', async () => {
    const outbox = new MemoryOutbox();
    for (let i = 0; i < 12; i += 1) outbox.write(event({ day: DAY, categoryId: 'device' }), at('16:00:00') + i);
    expect(await uploadPending(outbox, target({ table: 'click_events_buffer' }), transport())).toMatchObject({ sent: 12, failure: null });
    await server.query('OPTIMIZE TABLE iceberg.click_events_buffer');
    expect(await centreTotals()).toMatchObject({ clicks: 12 });
  });
});

describe('when the centre fails', () => {
  async function runWith(upload: UploadTarget, count = 3) {
    const outbox = new MemoryOutbox();
    for (let i = 0; i < count; i += 1) outbox.write(event({ day: DAY, categoryId: 'billing' }), at('17:00:00') + i);
    const run = await uploadPending(outbox, upload, transportFor(upload, fetch));
    return { run, outbox };
  }

  it.each([
    ['a wrong password', () => target({ key: 'not-the-key' }), 'wrong-credentials'],
    ['an unknown user', () => target({ user: 'nobody' }), 'wrong-credentials'],
    ['the read-only user', () => target({ user: server.report.user, key: server.report.key }), 'access-denied'],
    ['a missing table', () => target({ table: 'click_events_v9' }), 'missing-table'],
    ['a missing database', () => target({ database: 'iceberg_test' }), 'access-denied'],
    ['basic auth with a wrong password', () => target({ auth: 'basic', key: 'nope' }), 'wrong-credentials'],
  ] as const)('%s keeps every click pending and says why', async (_, upload, kind) => {
    const { run, outbox } = await runWith(upload());
    expect(run).toMatchObject({ sent: 0, failure: { kind } });
    expect(outbox.pending).toBe(3);
    expect(await storedRows()).toBe(0);
  });

  it('reports a table whose columns do not match as a schema mismatch', async () => {
    await server.query('CREATE TABLE IF NOT EXISTS iceberg.click_events_old (event_id UUID, version UInt64, day Date) ENGINE = MergeTree ORDER BY (day, event_id)');
    const { run } = await runWith(target({ table: 'click_events_old' }));
    expect(run.failure).toMatchObject({ kind: 'schema-mismatch', serverCode: 117 });
    expect(run.failure?.detail).toMatch(/Unknown field/);
  });

  it('reports a server that is down as unreachable', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { run, outbox } = await runWith(target({ url: `http://127.0.0.1:${port}/` }));
    expect(run.failure?.kind).toBe('unreachable');
    expect(outbox.pending).toBe(3);
  });

  it('gives up on a server that does not answer in time, as "slow"', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const upload = target({ url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, timeoutSeconds: 1 });
      const started = Date.now();
      const { run } = await runWith(upload);
      expect(run.failure?.kind).toBe('timeout');
      expect(Date.now() - started).toBeLessThan(5_000);
    } finally {
      silent.closeAllConnections();
      silent.close();
    }
  });

  it('loses nothing and duplicates nothing when the server dies half way and comes back', async () => {
    const outbox = new MemoryOutbox();
    const upload = target({ batching: { maxRows: 50, maxBytes: 1024 * 1024, maxWaitSeconds: 60 } });
    const clicks: EventLike[] = [];
    for (let i = 0; i < 250; i += 1) {
      const click = event({ day: DAY, categoryId: i % 2 ? 'billing' : 'network', ticketRaised: i % 5 === 0 });
      clicks.push(click);
      outbox.write(click, at('18:00:00') + i);
    }
    expect(await uploadPending(outbox, upload, transport(upload), { maxBatches: 2 })).toMatchObject({ sent: 100 });

    await server.kill();
    const down = await uploadPending(outbox, upload, transport(upload));
    expect(down.failure?.kind).toBe('unreachable');
    // Undo one already uploaded click and one still waiting while the server is away.
    for (const click of [clicks[10]!, clicks[200]!]) outbox.write({ ...click, voided: true, voidedAt: `${DAY}T18:30:00.000+08:00` }, at('18:30:00'));
    const status = statusAfterRun(INITIAL_UPLOAD_STATUS, down, outbox.pending, new Date(at('18:30:00')), () => 0.5);
    expect(status).toMatchObject({ pending: 151, consecutiveFailures: 1, lastError: { kind: 'unreachable' } });
    expect(uploadErrorMessage(status)?.en).toMatch(/151 changes are kept safely/);

    await server.restart();
    expect(await uploadPending(outbox, upload, transport(upload))).toMatchObject({ sent: 151, failure: null });
    const expectedTickets = clicks.filter((click, index) => click.ticketRaised && index !== 10 && index !== 200).length;
    expect(await centreTotals()).toMatchObject({ clicks: 248, voided: 2, tickets: expectedTickets });
  }, 60_000);
});
