import { z } from 'zod';
import { AgentId, WorkOrderReference, type ClickEvent, CountingRule, Emotion, RiskGrade, SiteHost } from '../clicks/click-event';
import { CategoryId, type LocalizedName } from '../taxonomy/taxonomy';
import { isValidDay } from '../reports/calendar';
import type { CategoryDirectory } from '../reports/category-directory';
import { BOM, CRLF, csvCell, csvLine } from './csv';
import { type EventLike, sourceOf } from '../clicks/stored-event';

/**
 * The click-log exchange format, version 1: one row (CSV) or one line (NDJSON) per event, with
 * the columns below in this order. Column meanings are in README.md ("Exports for QA"). Adding a column
 * or changing a meaning means a new schema version; importers refuse versions they do not know.
 */
export const CLICK_LOG_SCHEMA_VERSION = 1;

export const CLICK_LOG_COLUMNS = [
  'schema_version',
  'event_id',
  'occurred_at',
  'day',
  'agent_id',
  'category_id',
  'category_name_zh',
  'category_name_en',
  'parent_category_id',
  'case_ref',
  'site',
  'counting_rule',
  'emotion',
  'risk_grade',
  'ticket_raised',
  'voided',
  'voided_at',
  'source',
] as const;
export type ClickLogColumn = (typeof CLICK_LOG_COLUMNS)[number];

/** One exported event; `null` is an empty CSV cell. */
export interface ClickLogRecord {
  schema_version: number;
  event_id: string;
  occurred_at: string;
  day: string;
  agent_id: string;
  category_id: string;
  category_name_zh: string;
  category_name_en: string;
  parent_category_id: string | null;
  case_ref: string | null;
  site: string;
  counting_rule: string | null;
  emotion: string | null;
  risk_grade: string | null;
  ticket_raised: boolean | null;
  voided: boolean;
  voided_at: string | null;
  source: string;
}

export function toClickLogRecord(event: EventLike, directory: CategoryDirectory): ClickLogRecord {
  const category = directory.get(event.categoryId);
  return {
    schema_version: CLICK_LOG_SCHEMA_VERSION,
    event_id: event.id,
    occurred_at: event.occurredAt,
    day: event.day,
    agent_id: event.agentId,
    category_id: event.categoryId,
    category_name_zh: category.name.zh,
    category_name_en: category.name.en,
    parent_category_id: category.parentId,
    case_ref: event.workOrderRef === '' ? null : event.workOrderRef,
    site: event.site,
    counting_rule: event.countingRule ?? null,
    emotion: event.emotion ?? null,
    risk_grade: event.riskGrade ?? null,
    ticket_raised: event.ticketRaised ?? null,
    voided: event.voided,
    voided_at: event.voidedAt ?? null,
    source: sourceOf(event),
  };
}

function cellOf(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return String(value);
}

export function clickLogCsvHeader(): string {
  return BOM + csvLine(CLICK_LOG_COLUMNS);
}

/** Columns whose values repeat from row to row (agents, days, categories, flags …). */
const REPEATING_COLUMNS = new Set<ClickLogColumn>(
  CLICK_LOG_COLUMNS.filter((column) => !['event_id', 'occurred_at', 'case_ref', 'voided_at'].includes(column)),
);

/**
 * A CSV line writer for one export. The written cell of a repeating column's value is kept
 * (guarding and quoting it once, not once per row): a million-row export spends much of its
 * time there otherwise.
 */
export function clickLogCsvWriter(): (record: ClickLogRecord) => string {
  const written = new Map<string, string>();
  return (record) => {
    let line = '';
    let first = true;
    for (const column of CLICK_LOG_COLUMNS) {
      const text = cellOf(record[column]);
      let cell = REPEATING_COLUMNS.has(column) ? written.get(text) : undefined;
      if (cell === undefined) {
        cell = csvCell(text);
        if (REPEATING_COLUMNS.has(column) && written.size < 100_000) written.set(text, cell);
      }
      line += first ? cell : `,${cell}`;
      first = false;
    }
    return line + CRLF;
  };
}

export function clickLogNdjsonLine(record: ClickLogRecord): string {
  return JSON.stringify(record) + '\n';
}

export { CRLF };

// ---------------------------------------------------------------------------------------------
// Reading one row back. Cells arrive as text (CSV, already un-guarded) or as JSON values turned
// into the same text (NDJSON), so both formats share one Zod schema and one set of messages.

const blankToUndefined = (value: string) => (value.trim() === '' ? undefined : value);

const OFFSET_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

function isOffsetDateTime(value: string): boolean {
  return OFFSET_DATE_TIME.test(value) && isValidDay(value.slice(0, 10));
}

const offsetDateTime = z.string().superRefine((value, context) => {
  if (!OFFSET_DATE_TIME.test(value)) {
    context.addIssue({ code: 'custom', message: 'must be an ISO-8601 time with its offset, e.g. 2026-11-23T09:31:05.120+08:00' });
  } else if (!isValidDay(value.slice(0, 10))) {
    context.addIssue({ code: 'custom', message: 'is not a real calendar date' });
  }
});

const requiredText = <T extends z.ZodType<unknown, string>>(schema: T) => z.string().pipe(schema);
const optional = <T extends z.ZodType<unknown, string>>(schema: T) => z.string().transform(blankToUndefined).pipe(schema.optional());

const booleanCell = (required: boolean) =>
  z.string().transform((value, context) => {
    const text = value.trim().toLowerCase();
    if (text === 'true' || text === '1') return true;
    if (text === 'false' || text === '0') return false;
    if (text === '' && !required) return undefined;
    context.addIssue({ code: 'custom', message: text === '' ? 'is required (true or false)' : `must be true or false, not "${value}"` });
    return z.NEVER;
  });

const enumMessage = (options: readonly string[]) => ({ error: `must be empty or one of ${options.join(', ')}` });

/** Each column on its own: every schema here reads one cell and nothing else. */
const ClickLogCells = z.object({
  schema_version: z.string().refine((value) => value.trim() === String(CLICK_LOG_SCHEMA_VERSION), {
    error: (issue) =>
      `unknown schema version "${String(issue.input)}" (this Iceberg reads version ${CLICK_LOG_SCHEMA_VERSION})`,
  }),
  event_id: z.uuid({ error: 'must be a UUID' }),
  occurred_at: offsetDateTime,
  day: z.string().refine(isValidDay, 'must be a day, YYYY-MM-DD'),
  agent_id: requiredText(AgentId),
  category_id: requiredText(CategoryId),
  category_name_zh: z.string().max(200),
  category_name_en: z.string().max(200),
  parent_category_id: optional(CategoryId),
  case_ref: z
    .string()
    .transform((value) => (value === '' ? null : value))
    .pipe(WorkOrderReference.nullable()),
  site: requiredText(SiteHost),
  counting_rule: optional(z.enum(CountingRule.options, enumMessage(CountingRule.options))),
  emotion: optional(z.enum(Emotion.options, enumMessage(Emotion.options))),
  risk_grade: optional(z.enum(RiskGrade.options, enumMessage(RiskGrade.options))),
  ticket_raised: booleanCell(false),
  voided: booleanCell(true),
  voided_at: optional(offsetDateTime),
  source: z.string(),
});
type ClickLogCellValues = z.output<typeof ClickLogCells>;

/** Problems between columns of a row: ClickLogRow's own check, which clickLogRowParser runs too. */
function acrossColumnProblems(row: ClickLogCellValues): { column: ClickLogColumn; message: string }[] {
  const problems: { column: ClickLogColumn; message: string }[] = [];
  // Only when both are well-formed, so one bad time is reported once.
  if (isOffsetDateTime(row.occurred_at) && isValidDay(row.day) && row.occurred_at.slice(0, 10) !== row.day) {
    problems.push({ column: 'day', message: `"${row.day}" is not the local date of occurred_at (${row.occurred_at.slice(0, 10)})` });
  }
  if (row.voided_at !== undefined && !row.voided) problems.push({ column: 'voided_at', message: 'is set but voided is false' });
  return problems;
}

export const ClickLogRow = ClickLogCells.superRefine((row, context) => {
  for (const { column, message } of acrossColumnProblems(row)) context.addIssue({ code: 'custom', path: [column], message });
});

export interface RowProblem {
  /** CSV: the spreadsheet row (header = row 1). NDJSON: the line number. */
  row: number;
  /** The column at fault; null when the whole row is (wrong field count, not JSON, …). */
  column: string | null;
  reason: string;
  /** The offending value, shortened. */
  value?: string;
}

export interface ParsedClickLogRow {
  row: number;
  event: ClickEvent;
  categoryName: LocalizedName;
  parentCategoryId: string | null;
}

export type RowResult = { ok: true; value: ParsedClickLogRow } | { ok: false; problems: RowProblem[] };

function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}…` : value;
}

/**
 * The row as an event. ClickLogCells checks every field with ClickEvent's own schema or a
 * stricter one (AgentId also trims), so the event needs no second parse. Its keys follow
 * ClickEvent's order, details first, as that parse used to return them.
 */
function acceptedRow(data: ClickLogCellValues, row: number): RowResult {
  const event = {} as ClickEvent;
  if (data.counting_rule) event.countingRule = data.counting_rule;
  if (data.emotion) event.emotion = data.emotion;
  if (data.risk_grade) event.riskGrade = data.risk_grade;
  if (data.ticket_raised !== undefined) event.ticketRaised = data.ticket_raised;
  event.id = data.event_id;
  event.occurredAt = data.occurred_at;
  event.day = data.day;
  event.agentId = data.agent_id;
  event.categoryId = data.category_id;
  event.workOrderRef = data.case_ref;
  event.site = data.site;
  event.voided = data.voided === true;
  if (data.voided_at) event.voidedAt = data.voided_at;
  const fallback = data.category_id;
  return {
    ok: true,
    value: {
      row,
      event,
      categoryName: { zh: data.category_name_zh.trim() || fallback, en: data.category_name_en.trim() || fallback },
      parentCategoryId: data.parent_category_id ?? null,
    },
  };
}

/** Validates one row given as column → cell text. */
export function parseClickLogRow(cells: Readonly<Record<ClickLogColumn, string>>, row: number): RowResult {
  const parsed = ClickLogRow.safeParse(cells);
  if (parsed.success) return acceptedRow(parsed.data, row);
  const problems = parsed.error.issues.map((issue) => {
    const column = typeof issue.path[0] === 'string' ? issue.path[0] : null;
    const value = column && column in cells ? cells[column as ClickLogColumn] : undefined;
    return { row, column, reason: issue.message, ...(value !== undefined ? { value: shorten(value) } : {}) };
  });
  return { ok: false, problems };
}

type CellOutcome = { valid: true; value: unknown } | { valid: false };
const INVALID_CELL: CellOutcome = { valid: false };

/** Cells that differ from event to event: remembering them would only cost time. */
const PER_EVENT_COLUMNS: ReadonlySet<ClickLogColumn> = new Set(['event_id', 'occurred_at', 'case_ref']);

/** Enough for every day, agent and category of a large export. */
const REMEMBERED_CELLS_PER_COLUMN = 2000;

/**
 * parseClickLogRow for the rows of one file, given as cell texts in CLICK_LOG_COLUMNS order.
 * Most cells repeat from row to row (the version, day, agent, category, blank details), so each
 * column's schema outcome is remembered per cell text. A row whose cells are all valid and agree
 * with each other is exactly a row ClickLogRow accepts, with the same values; any other row goes
 * through ClickLogRow itself for its problems.
 */
export function clickLogRowParser(): (cells: readonly string[], row: number) => RowResult {
  const schemas = CLICK_LOG_COLUMNS.map((column) => ClickLogCells.shape[column]);
  const remembered = CLICK_LOG_COLUMNS.map((column) => (PER_EVENT_COLUMNS.has(column) ? null : new Map<string, CellOutcome>()));
  const outcomeOf = (at: number, cell: string): CellOutcome => {
    const seen = remembered[at];
    let outcome = seen?.get(cell);
    if (!outcome) {
      const parsed = schemas[at]!.safeParse(cell);
      outcome = parsed.success ? { valid: true, value: parsed.data } : INVALID_CELL;
      if (seen && seen.size < REMEMBERED_CELLS_PER_COLUMN) seen.set(cell, outcome);
    }
    return outcome;
  };
  return (cells, row) => {
    const values: Partial<Record<ClickLogColumn, unknown>> = {};
    for (let at = 0; at < CLICK_LOG_COLUMNS.length; at += 1) {
      const outcome = outcomeOf(at, cells[at]!);
      if (!outcome.valid) return parseClickLogRow(recordOf(cells), row);
      values[CLICK_LOG_COLUMNS[at]!] = outcome.value;
    }
    const data = values as ClickLogCellValues;
    return acrossColumnProblems(data).length ? parseClickLogRow(recordOf(cells), row) : acceptedRow(data, row);
  };
}

function recordOf(cells: readonly string[]): Record<ClickLogColumn, string> {
  const record = {} as Record<ClickLogColumn, string>;
  CLICK_LOG_COLUMNS.forEach((column, at) => (record[column] = cells[at]!));
  return record;
}
