import { z } from 'zod';
import { OWN_SOURCE } from '../clicks/stored-event';
import { type Report, type ReportBreakdowns, type ReportQuery, buildReportFromSummedRows, categoriesOfFilter, rowsNeededFor } from '../reports/aggregate';
import { addDays, isValidDay } from '../reports/calendar';
import type { CategoryDirectory } from '../reports/category-directory';
import { COUNTING_RULE_KEYS, EMOTION_KEYS, RISK_GRADE_KEYS, type RollupRow } from '../reports/rollup';
import { type ClickHouseConnection, type ClickHouseResult, type SelectAnswer, type Transport, selectJson } from './clickhouse-http';
import { bindParameters } from './sql-parameters';

/**
 * The dashboard's "centre" source: ClickHouse counts the uploaded events (each once, as its
 * latest version) with the read-only user, in day × category rows (report-rows.sql) and
 * breakdown totals (report-breakdowns.sql), and the same report engine as for the browser's own
 * log turns them into the figures. One engine, so the centre's TOP-10, changes, trends and
 * anomalies follow the same rules as the local ones. Three queries run at once: the rows of the
 * range, the rows before it (previous period and anomaly baseline) and the breakdowns, so a
 * multi-core server reads them in parallel (18.16 reads one FINAL query on one core).
 */

/** The documented SQL texts (bundled by storage/pages/centre-queries.ts, read from docs/ by Node scripts). */
export interface CentreQueries {
  reportRows: string;
  reportBreakdowns: string;
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
  { prefix: 'rule', keys: COUNTING_RULE_KEYS, field: 'byCountingRule' },
  { prefix: 'risk', keys: RISK_GRADE_KEYS, field: 'byRiskGrade' },
  { prefix: 'emotion', keys: EMOTION_KEYS, field: 'byEmotion' },
] as const;

/** One answer row of report-rows.sql. */
export const CentreReportRow = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  category_id: z.string().min(1),
  clicks: Count,
  tickets: Count,
  voided_clicks: Count,
});

/** The answer of report-breakdowns.sql; a missing column is a schema mismatch, caught here. */
export const CentreBreakdownsAnswer = z.object(
  Object.fromEntries(BREAKDOWNS.flatMap(({ prefix, keys }) => keys.map((key) => [breakdownColumn(prefix, key), Count]))),
);

/** Rows of report-rows.sql as the report engine's rows: summed over agents and sites ("*"), the agents' own clicks. */
export function rollupRowsOfAnswer(data: readonly unknown[]): RollupRow[] {
  return data.map((raw) => {
    const answer = CentreReportRow.parse(raw);
    return {
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
  });
}

/** The answer of report-breakdowns.sql as the report's breakdowns (every key, zeros included). */
export function breakdownsOfAnswer(data: readonly unknown[]): ReportBreakdowns {
  const answer = CentreBreakdownsAnswer.parse(data[0]) as Record<string, number>;
  const of = (prefix: string, keys: readonly string[]) => Object.fromEntries(keys.map((key) => [key, answer[breakdownColumn(prefix, key)]!]));
  return Object.fromEntries(BREAKDOWNS.map(({ prefix, keys, field }) => [field, of(prefix, keys)])) as unknown as ReportBreakdowns;
}

/** The three queries of a report, bound: rows of the range, rows before it (previous period and anomaly baseline), breakdowns. */
export function centreReportSql(
  query: ReportQuery,
  directory: CategoryDirectory,
  queries: Pick<CentreQueries, 'reportRows' | 'reportBreakdowns'>,
): { rangeRows: string; earlierRows: string; breakdowns: string } {
  const filters = query.filters ?? {};
  const filter = {
    agent_ids: filters.agentIds ?? [],
    sites: filters.sites ?? [],
    category_ids: [...(categoriesOfFilter(filters, directory) ?? [])].sort(),
  };
  const range = { ...filter, from: query.from, to: query.to };
  return {
    rangeRows: bindParameters(queries.reportRows, range),
    earlierRows: bindParameters(queries.reportRows, { ...filter, from: rowsNeededFor(query).from, to: addDays(query.from, -1) }),
    breakdowns: bindParameters(queries.reportBreakdowns, range),
  };
}

export interface CentreReport extends Report {
  /** ClickHouse's own time for the slowest of the queries (they run at once), in ms. */
  serverElapsedMs: number | null;
  /** Stored rows ClickHouse read (every version of every event in the days asked). */
  rowsRead: number | null;
}

function unexpected(error: unknown): ClickHouseResult<never> {
  const detail = error instanceof z.ZodError ? error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') : String(error);
  return { ok: false, failure: { kind: 'schema-mismatch', httpStatus: 200, serverCode: null, detail: `unexpected answer: ${detail}`.slice(0, 500) } };
}

/** The dashboard's report over the centre's data, in the same shape as the browser's own. */
export async function centreReport(
  query: ReportQuery,
  directory: CategoryDirectory,
  select: CentreSelect,
  queries: Pick<CentreQueries, 'reportRows' | 'reportBreakdowns'>,
): Promise<ClickHouseResult<CentreReport>> {
  if (!isValidDay(query.from) || !isValidDay(query.to) || query.from > query.to) throw new RangeError(`not a day range: ${query.from} – ${query.to}`);
  const sql = centreReportSql(query, directory, queries);
  const answers = await Promise.all([select(sql.rangeRows), select(sql.earlierRows), select(sql.breakdowns)]);
  const failed = answers.find((answer) => !answer.ok);
  if (failed && !failed.ok) return failed;
  const [range, earlier, breakdowns] = answers.map((answer) => (answer as { ok: true; value: SelectAnswer }).value) as [SelectAnswer, SelectAnswer, SelectAnswer];
  let report: Report;
  try {
    report = buildReportFromSummedRows(
      [...rollupRowsOfAnswer(earlier.data), ...rollupRowsOfAnswer(range.data)],
      query,
      directory,
      breakdownsOfAnswer(breakdowns.data),
    );
  } catch (error) {
    return unexpected(error);
  }
  const statistics = [range, earlier, breakdowns].map((answer) => answer.statistics);
  return {
    ok: true,
    value: {
      ...report,
      serverElapsedMs: statistics.every(Boolean) ? Math.max(...statistics.map((found) => found!.elapsed * 1000)) : null,
      rowsRead: statistics.every(Boolean) ? statistics.reduce((sum, found) => sum + found!.rows_read, 0) : null,
    },
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
  if (!parsed.success) return unexpected(parsed.error);
  const { agent_ids, sites, first_day, last_day, events } = parsed.data;
  return {
    ok: true,
    value: { agentIds: agent_ids, sites, firstDay: events > 0 ? first_day : null, lastDay: events > 0 ? last_day : null },
  };
}
