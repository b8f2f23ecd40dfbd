import { z } from 'zod';
import { type ClickHouseFailure, classifyErrorResponse, networkFailure, noHostPermissionFailure, timeoutFailure } from './clickhouse-failure';
import { withTimeLimit } from './time-limit';

/**
 * ClickHouse's HTTP interface, with fetch injected (the background's fetch, Node's in tests).
 * Only what works from 18.16 to current versions: the query in the URL or the body, the
 * database as a URL parameter, credentials in X-ClickHouse-User/Key headers or basic auth, and
 * no settings in the URL (a read-only user may not change settings).
 */

export const ClickHouseIdentifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'letters, digits and "_" only');

export const ClickHouseConnection = z.object({
  /** The HTTP interface, e.g. https://clickhouse.centre.example:8443/ */
  url: z.url({ protocol: /^https?$/ }).max(500),
  user: z.string().min(1).max(64),
  /** The password; chrome://policy masks it (sensitiveValue). */
  key: z.string().max(256).meta({ sensitiveValue: true }),
  database: ClickHouseIdentifier.default('iceberg'),
  /** Headers fit ClickHouse itself; basic auth fits a reverse proxy that checks it. */
  auth: z.enum(['headers', 'basic']).default('headers'),
});
export type ClickHouseConnection = z.infer<typeof ClickHouseConnection>;

/** The part of fetch the transport uses, so tests and the background can hand in their own. */
export type HttpFetch = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string; signal: AbortSignal },
) => Promise<{ ok: boolean; status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface Transport {
  fetch: HttpFetch;
  /** Whole request, answer included; past it the attempt counts as "slow". */
  timeoutMs: number;
  /** Whether the browser lets Iceberg reach this address (host permission); absent: it does. */
  mayReach?: (url: string) => Promise<boolean>;
}

export type ClickHouseResult<T> = { ok: true; value: T } | { ok: false; failure: ClickHouseFailure };

function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function credentials(connection: ClickHouseConnection): Record<string, string> {
  return connection.auth === 'basic'
    ? { Authorization: `Basic ${base64(`${connection.user}:${connection.key}`)}` }
    : { 'X-ClickHouse-User': connection.user, 'X-ClickHouse-Key': connection.key };
}

/** One request; `query` goes in the URL when the body carries data. */
export async function requestClickHouse(
  connection: ClickHouseConnection,
  request: { query?: string; body: string },
  transport: Transport,
): Promise<ClickHouseResult<string>> {
  if (transport.mayReach && !(await transport.mayReach(connection.url))) return { ok: false, failure: noHostPermissionFailure(connection.url) };
  const url = new URL(connection.url);
  url.searchParams.set('database', connection.database);
  if (request.query !== undefined) url.searchParams.set('query', request.query);
  const answer = await withTimeLimit(transport.timeoutMs, async (signal) => {
    const response = await transport.fetch(url.toString(), {
      method: 'POST',
      headers: { ...credentials(connection), 'Content-Type': 'text/plain; charset=utf-8' },
      body: request.body,
      signal,
    });
    return { response, text: await response.text() };
  });
  if (!answer.done) return { ok: false, failure: answer.timedOut ? timeoutFailure(transport.timeoutMs) : networkFailure(answer.error) };
  const { response, text } = answer.value;
  if (!response.ok) return { ok: false, failure: classifyErrorResponse(response.status, text, response.headers.get('X-ClickHouse-Exception-Code')) };
  return { ok: true, value: text };
}

/** `INSERT INTO <table> FORMAT JSONEachRow` with rows already encoded (one JSON object per line). */
export async function insertJsonEachRow(
  connection: ClickHouseConnection,
  table: string,
  body: string,
  transport: Transport,
): Promise<ClickHouseResult<void>> {
  const result = await requestClickHouse(connection, { query: `INSERT INTO ${ClickHouseIdentifier.parse(table)} FORMAT JSONEachRow`, body }, transport);
  return result.ok ? { ok: true, value: undefined } : result;
}

export interface SelectAnswer {
  /** Rows as ClickHouse's JSON format gives them (64-bit integers arrive as strings). */
  data: Array<Record<string, unknown>>;
  rows: number;
  statistics: { elapsed: number; rows_read: number; bytes_read: number } | null;
}

/** A SELECT answered in ClickHouse's JSON format (with its timing), ";" and any FORMAT of the text replaced. */
export async function selectJson(connection: ClickHouseConnection, sql: string, transport: Transport): Promise<ClickHouseResult<SelectAnswer>> {
  const statement = sql.trim().replace(/;\s*$/, '').replace(/\s+FORMAT\s+\w+\s*$/i, '');
  const result = await requestClickHouse(connection, { body: `${statement}\nFORMAT JSON` }, transport);
  if (!result.ok) return result;
  try {
    const parsed = JSON.parse(result.value) as SelectAnswer;
    return { ok: true, value: { data: parsed.data, rows: parsed.rows, statistics: parsed.statistics ?? null } };
  } catch {
    return { ok: false, failure: { kind: 'rejected', httpStatus: 200, serverCode: null, detail: `not ClickHouse JSON: ${result.value.slice(0, 200)}` } };
  }
}
