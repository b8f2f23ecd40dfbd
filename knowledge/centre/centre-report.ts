import { z } from 'zod';
import { OWN_SOURCE } from '../clicks/stored-event';
import { type Report, type ReportQuery, buildReportFromSummedRows, categoriesOfFilter, rowsNeededFor } from '../reports/aggregate';
import type { CategoryDirectory } from '../reports/category-directory';
import { COUNTING_RULE_KEYS, EMOTION_KEYS, RISK_GRADE_KEYS, type RollupRow } from '../reports/rollup';
import { type ClickHouseConnection, type ClickHouseResult, type SelectAnswer, type Transport, selectJson } from './clickhouse-http';
import { bindParameters } from './sql-parameters';

/**
 * The dashboard's "centre" source: ClickHouse sums the uploaded events (each once, as its latest
 * version) into day × category rows (docs/centre/queries/report-rows.sql, with a read-only
 * user), and the same report engine as
 * for the browser's own log turns them into the figures. One engine, so the centre's TOP-10,
 * changes, trends and anomalies follow the same rules as the local ones.
 */

/** The documented SQL texts (bundled by centre-queries.ts, read from docs/ by Node scripts). */
export interface CentreQueries {
  reportRows: string;
  reportChoices: string;
}

export type CentreSelect = (sql: string) => Promise<ClickHouseResult<SelectAnswer>>;

/** SELECTs over a connection, for the report functions below. */
export function centreSelect(connection: ClickHouseConnection, transport: Transport): CentreSelect {
  return (sql) => selectJson(connection, sql, transport);
}

const Count = z.coerce.number().int().nonnegative();

/** "customer-dissatisfied" → "rule_customer_dissatisfied", the query's column for that count. */
function breakdownColumn(prefix: string, key: string): string {
  return `${prefix}_${key.replace(/-/g, '_')}`;
}

const BREAKDOWNS = [
  { prefix: 'rule', keys: COUNTING_RULE_KEYS, field: 'rules' },
  { prefix: 'risk', keys: RISK_GRADE_KEYS, field: 'risks' },
  { prefix: 'emotion', keys: EMOTION_KEYS, field: 'emotions' },
] as const;

/** One answer row of report-rows.sql; a missing column is a schema mismatch, caught here. */
export const CentreReportRow = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  category_id: z.string().min(1),
  clicks: Count,
  tickets: Count,
  voided_clicks: Count,
  ...Object.fromEntries(BREAKDOWNS.flatMap(({ prefix, keys }) => keys.map((key) => [breakdownColumn(prefix, key), Count]))),
});

function sparse(keys: readonly string[], prefix: string, answer: Record<string, unknown>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const key of keys) {
    const value = answer[breakdownColumn(prefix, key)] as number;
    if (value !== 0) counts[key] = value;
  }
  return counts;
}

/** Rows of report-rows.sql as the report engine's rows: summed over agents and sites ("*"), the agents' own clicks. */
export function rollupRowsOfAnswer(data: readonly unknown[]): RollupRow[] {
  return data.map((raw) => {
    const answer = CentreReportRow.parse(raw) as Record<string, unknown> & { day: string; category_id: string; clicks: number; tickets: number; voided_clicks: number };
    const row: RollupRow = {
      day: answer.day,
      categoryId: answer.category_id,
      agentId: '*',
      site: '*',
      source: OWN_SOURCE,
      clicks: answer.clicks,
      tickets: answer.tickets,
      voided: answer.voided_clicks,
      rules: {},
      risks: {},
      emotions: {},
    };
    for (const { prefix, keys, field } of BREAKDOWNS) Object.assign(row[field], sparse(keys, prefix, answer));
    return row;
  });
}

/** report-rows.sql with the query's days and filters bound: the range, its previous period and the anomaly baseline. */
export function reportRowsSql(query: ReportQuery, directory: CategoryDirectory, queries: Pick<CentreQueries, 'reportRows'>): string {
  const needed = rowsNeededFor(query);
  const filters = query.filters ?? {};
  return bindParameters(queries.reportRows, {
    from: needed.from,
    to: needed.to,
    agent_ids: filters.agentIds ?? [],
    sites: filters.sites ?? [],
    category_ids: [...(categoriesOfFilter(filters, directory) ?? [])].sort(),
  });
}

export interface CentreReport extends Report {
  /** ClickHouse's own time for the query, in ms. */
  serverElapsedMs: number | null;
  /** Stored rows ClickHouse read (every version of every event in the days asked). */
  rowsRead: number | null;
}

/** The dashboard's report over the centre's data, in the same shape as the browser's own. */
export async function centreReport(
  query: ReportQuery,
  directory: CategoryDirectory,
  select: CentreSelect,
  queries: Pick<CentreQueries, 'reportRows'>,
): Promise<ClickHouseResult<CentreReport>> {
  const answer = await select(reportRowsSql(query, directory, queries));
  if (!answer.ok) return answer;
  let rows: RollupRow[];
  try {
    rows = rollupRowsOfAnswer(answer.value.data);
  } catch (error) {
    const detail = error instanceof z.ZodError ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') : String(error);
    return { ok: false, failure: { kind: 'schema-mismatch', httpStatus: 200, serverCode: null, detail: `unexpected answer: ${detail}`.slice(0, 500) } };
  }
  const report = buildReportFromSummedRows(rows, query, directory);
  const statistics = answer.value.statistics;
  return {
    ok: true,
    value: { ...report, serverElapsedMs: statistics ? statistics.elapsed * 1000 : null, rowsRead: statistics?.rows_read ?? null },
  };
}

export interface CentreChoices {
  agentIds: string[];
  sites: string[];
  firstDay: string | null;
  lastDay: string | null;
}

const ChoicesAnswer = z.object({
  agent_ids: z.array(z.string()),
  sites: z.array(z.string()),
  first_day: z.string(),
  last_day: z.string(),
  events: Count,
});

/** The agents, sites and days the centre has data for, for the dashboard's filters. */
export async function centreChoices(select: CentreSelect, queries: Pick<CentreQueries, 'reportChoices'>): Promise<ClickHouseResult<CentreChoices>> {
  const answer = await select(queries.reportChoices);
  if (!answer.ok) return answer;
  const parsed = ChoicesAnswer.safeParse(answer.value.data[0]);
  if (!parsed.success) return { ok: false, failure: { kind: 'schema-mismatch', httpStatus: 200, serverCode: null, detail: `unexpected answer: ${parsed.error.message}`.slice(0, 500) } };
  const { agent_ids, sites, first_day, last_day, events } = parsed.data;
  return {
    ok: true,
    value: { agentIds: agent_ids, sites, firstDay: events > 0 ? first_day : null, lastDay: events > 0 ? last_day : null },
  };
}
