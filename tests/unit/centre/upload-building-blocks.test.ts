import { describe, expect, it } from 'vitest';
import { UploadRow, VersionClock, instantOf, uploadRowOf } from '@/knowledge/centre/upload-row';
import { DEFAULT_BATCHING, encodeBatch, nextUploadAt } from '@/knowledge/centre/upload-queue';
import { DEFAULT_BACKOFF, INITIAL_UPLOAD_STATUS, retryDelayMs, statusAfterRun, uploadErrorMessage, uploadHealth } from '@/knowledge/centre/upload-status';
import { classifyErrorResponse, failureMessage } from '@/knowledge/centre/clickhouse-failure';
import { bindParameters, queryParameters } from '@/knowledge/centre/sql-parameters';
import { event } from '../reports/fixtures';

describe('upload rows', () => {
  it('carry the click instant in UTC with its milliseconds and offset, and the agent\'s own day', () => {
    const row = uploadRowOf(
      event({ day: '2026-11-23', categoryId: 'billing', occurredAt: '2026-11-23T07:05:09.045+08:00', emotion: 'angry', ticketRaised: false }),
      1_795_000_000_123,
    );
    expect(row).toMatchObject({
      occurred_at: '2026-11-22 23:05:09',
      occurred_ms: 45,
      utc_offset_minutes: 480,
      day: '2026-11-23',
      voided: 0,
      voided_at: null,
      ticket_raised: 0,
      emotion: 'angry',
      counting_rule: '',
      version: 1_795_000_000_123,
    });
  });

  it('mark an undo with its time, and leave an unanswered ticket question empty', () => {
    const row = uploadRowOf(
      event({ day: '2026-11-23', categoryId: 'sms', occurredAt: '2026-11-23T10:00:00.000-05:30', voided: true, voidedAt: '2026-11-23T10:00:12.900-05:30' }),
      2,
    );
    expect(row).toMatchObject({ utc_offset_minutes: -330, voided: 1, voided_at: '2026-11-23 15:30:12', voided_ms: 900, ticket_raised: null });
  });

  it('refuse what the table would not take', () => {
    expect(() => uploadRowOf(event({ day: '2026-11-23', categoryId: 'sms', occurredAt: 'yesterday' }), 1)).toThrow(RangeError);
    expect(UploadRow.safeParse({ ...uploadRowOf(event({ day: '2026-11-23', categoryId: 'sms' }), 1), version: 0 }).success).toBe(false);
    expect(instantOf('2026-11-23T00:00:00Z')).toEqual({ utc: '2026-11-23 00:00:00', ms: 0, offsetMinutes: 0 });
  });
});

describe('versions', () => {
  it('grow with every change, even within one millisecond or when the clock is set back', () => {
    const clock = new VersionClock(1_000);
    expect([clock.next(5_000), clock.next(5_000), clock.next(4_000), clock.next(9_000.7)]).toEqual([5_000, 5_001, 5_002, 9_000]);
    expect(new VersionClock(clock.last).next(100)).toBe(9_001);
  });
});

describe('batches', () => {
  const queue = (pending: number, oldestQueuedAt: number | null) => ({ pending, oldestQueuedAt });

  it('wait for a full batch or the oldest change\'s maximum wait, never inside a backoff', () => {
    const now = 1_000_000;
    expect(nextUploadAt(queue(0, null), INITIAL_UPLOAD_STATUS, DEFAULT_BATCHING, now)).toBeNull();
    expect(nextUploadAt(queue(3, now - 10_000), INITIAL_UPLOAD_STATUS, DEFAULT_BATCHING, now)).toBe(now + 50_000);
    expect(nextUploadAt(queue(3, now - 90_000), INITIAL_UPLOAD_STATUS, DEFAULT_BATCHING, now)).toBe(now);
    expect(nextUploadAt(queue(500, now), INITIAL_UPLOAD_STATUS, DEFAULT_BATCHING, now)).toBe(now);
    const backingOff = { retryAfter: new Date(now + 120_000).toISOString() };
    expect(nextUploadAt(queue(500, now - 90_000), backingOff, DEFAULT_BATCHING, now)).toBe(now + 120_000);
  });

  it('are JSONEachRow lines within the byte limit, but never empty', () => {
    const rows = [{ a: 'x'.repeat(40) }, { a: '汉字' }, { a: 'y'.repeat(40) }];
    const all = encodeBatch(rows, 1_000);
    expect(all.count).toBe(3);
    expect(all.body.split('\n')).toEqual([...rows.map((row) => JSON.stringify(row)), '']);
    // Lines of 49 and 15 bytes (each hanzi is 3 in UTF-8): 64 bytes hold two, 63 only one.
    expect(encodeBatch(rows, 64).count).toBe(2);
    expect(encodeBatch(rows, 63).count).toBe(1);
    expect(encodeBatch(rows, 1).count).toBe(1);
    // An emoji is 4 bytes, é 2: each line is measured as the server receives it.
    const mixed = [{ a: '😀é' }, { a: 'b' }];
    const exact = new TextEncoder().encode(encodeBatch(mixed, 1_000).body).length;
    expect(encodeBatch(mixed, exact).count).toBe(2);
    expect(encodeBatch(mixed, exact - 1).count).toBe(1);
  });
});

describe('backoff and status', () => {
  it('doubles the wait after each failure up to the cap, with jitter of at most half', () => {
    expect(retryDelayMs(0, () => 0.5)).toBe(0);
    expect([1, 2, 3, 4].map((failures) => retryDelayMs(failures, () => 0))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(retryDelayMs(3, () => 1)).toBe(40_000);
    expect(retryDelayMs(40, () => 1)).toBe(DEFAULT_BACKOFF.maxDelayMs);
    expect(retryDelayMs(40, () => 0)).toBe(DEFAULT_BACKOFF.maxDelayMs / 2);
  });

  it('shows pending changes, the last success and the last error until the next success', () => {
    const at = (minute: number) => new Date(Date.UTC(2026, 10, 23, 2, minute));
    const failure = classifyErrorResponse(401, 'Code: 193, e.displayText() = DB::Exception: Wrong password for user iceberg_agent');
    let status = statusAfterRun(INITIAL_UPLOAD_STATUS, { sent: 40, failure: null }, 0, at(0), () => 0);
    expect(uploadHealth(status, true)).toBe('up-to-date');
    status = statusAfterRun(status, { sent: 0, failure }, 12, at(1), () => 0);
    status = statusAfterRun(status, { sent: 0, failure }, 15, at(2), () => 0);
    expect(status).toMatchObject({
      pending: 15,
      uploaded: 40,
      lastSuccessAt: at(0).toISOString(),
      lastAttemptAt: at(2).toISOString(),
      consecutiveFailures: 2,
      retryAfter: new Date(at(2).getTime() + 10_000).toISOString(),
      lastError: { kind: 'wrong-credentials', serverCode: 193, httpStatus: 401, at: at(2).toISOString() },
    });
    expect(uploadHealth(status, true)).toBe('retrying');
    expect(uploadErrorMessage(status)?.zh).toMatch(/密码错误.*15 条记录安全保存在本机/);
    status = statusAfterRun(status, { sent: 15, failure: null }, 0, at(3), () => 0);
    expect(status).toMatchObject({ lastError: null, consecutiveFailures: 0, retryAfter: null, uploaded: 55, pending: 0 });
    expect(uploadHealth(status, false)).toBe('off');
  });
});

describe('what a ClickHouse error means', () => {
  it.each([
    [401, 'Code: 516. DB::Exception: iceberg_agent: Authentication failed: password is incorrect, or there is no user with such name. (AUTHENTICATION_FAILED)', 'wrong-credentials'],
    [500, 'Code: 164, e.displayText() = DB::Exception: Cannot insert into table in readonly mode', 'access-denied'],
    [404, 'Code: 60. DB::Exception: Table iceberg.click_events does not exist. (UNKNOWN_TABLE)', 'missing-table'],
    [500, 'Code: 117, e.displayText() = DB::Exception: Unknown field found while parsing JSONEachRow format: emotion', 'schema-mismatch'],
    [500, 'Code: 252, e.displayText() = DB::Exception: Too many parts (300). Merges are processing significantly slower than inserts', 'server-busy'],
    [503, 'Service Unavailable', 'server-busy'],
    [502, '<html>Bad Gateway</html>', 'server-error'],
    [403, 'Forbidden by proxy', 'wrong-credentials'],
    [400, 'Bad request', 'rejected'],
  ] as const)('HTTP %i "%s" is %s', (status, body, kind) => {
    const failure = classifyErrorResponse(status, body);
    expect(failure.kind).toBe(kind);
    expect(failure.detail).toBe(body.split('\n')[0]);
    expect(failureMessage(failure).zh.length).toBeGreaterThan(5);
  });

  it('prefers the code header of current versions', () => {
    expect(classifyErrorResponse(500, 'something', '60')).toMatchObject({ kind: 'missing-table', serverCode: 60 });
  });
});

describe('query parameters', () => {
  const sql = 'SELECT 1 WHERE d >= {from:Date} AND has({agents:Array(String)}, a) AND s = {site:String} AND n < {limit:UInt32} -- {from:Date}';

  it('are found once each', () => {
    expect(queryParameters(sql)).toEqual(['from', 'agents', 'site', 'limit']);
  });

  it('become ClickHouse literals, strings escaped', () => {
    expect(bindParameters(sql, { from: '2026-11-01', agents: ["o'brien", 'a\\b'], site: "x'; DROP TABLE t; --", limit: 10 })).toBe(
      "SELECT 1 WHERE d >= toDate('2026-11-01') AND has(CAST(['o\\'brien', 'a\\\\b'] AS Array(String)), a) AND s = 'x\\'; DROP TABLE t; --' AND n < 10 -- toDate('2026-11-01')",
    );
  });

  it('drop an optional list filter whose list is empty, and keep it otherwise', () => {
    const filtered = 'WHERE d > 0 AND (empty({agents:Array(String)}) OR has({agents:Array(String)}, agent_id))';
    expect(bindParameters(filtered, { agents: [] })).toBe('WHERE d > 0 AND 1');
    expect(bindParameters(filtered, { agents: ['8001'] })).toBe(
      "WHERE d > 0 AND (empty(CAST(['8001'] AS Array(String))) OR has(CAST(['8001'] AS Array(String)), agent_id))",
    );
  });

  it('refuse a missing or ill-typed value', () => {
    expect(() => bindParameters('{from:Date}', {})).toThrow(/no value/);
    expect(() => bindParameters('{from:Date}', { from: '2026-02-30' })).toThrow(/not a valid Date/);
    expect(() => bindParameters('{n:UInt32}', { n: -1 })).toThrow(/not a valid UInt32/);
    expect(() => bindParameters('{x:Float64}', { x: 1 })).toThrow(/does not bind/);
  });
});
