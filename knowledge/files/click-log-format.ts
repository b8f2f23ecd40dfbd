import { z } from 'zod';
import { AgentId, WorkOrderReference, type ClickEvent, CountingRule, Emotion, RiskGrade, SiteHost } from '../clicks/click-event';
import { CategoryId, type LocalizedName } from '../taxonomy/taxonomy';
import { isValidDay } from '../reports/calendar';
import type { CategoryDirectory } from '../reports/category-directory';
import { BOM, CRLF, csvCell, csvLine } from './csv';
import { problem, type ImportProblem, type ProblemCode, type ProblemParams } from './file-problems';
import { findPhoneNumbers, maskPhoneNumbers } from '../privacy/phone-numbers';
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
// into the same text (NDJSON), so both formats share one Zod schema and one set of problems.

const blankToUndefined = (value: string) => (value.trim() === '' ? undefined : value);

const OFFSET_DATE_TIME = /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,3})?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

function isOffsetDateTime(value: string): boolean {
  return OFFSET_DATE_TIME.test(value) && isValidDay(value.slice(0, 10));
}

const offsetDateTime = z.string().refine(isOffsetDateTime, 'must be an ISO-8601 time with its offset on a real date, e.g. 2026-11-23T09:31:05.120+08:00');

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

/** Each column on its own: every schema here reads one cell and nothing else. */
const ClickLogCells = z.object({
  schema_version: z.string().refine((value) => value.trim() === String(CLICK_LOG_SCHEMA_VERSION), 'unknown schema version'),
  // UUIDs compare case-insensitively: an id in upper case is the same event.
  event_id: z.uuid({ error: 'must be a UUID' }).transform((value) => value.toLowerCase()),
  occurred_at: offsetDateTime,
  day: z.string().refine(isValidDay, 'must be a day, YYYY-MM-DD'),
  agent_id: requiredText(AgentId),
  category_id: requiredText(CategoryId),
  category_name_zh: z.string().overwrite(maskPhoneNumbers).max(200),
  category_name_en: z.string().overwrite(maskPhoneNumbers).max(200),
  parent_category_id: optional(CategoryId),
  case_ref: z
    .string()
    .transform((value) => (value === '' ? null : value))
    .pipe(WorkOrderReference.nullable()),
  site: requiredText(SiteHost),
  counting_rule: optional(z.enum(CountingRule.options)),
  emotion: optional(z.enum(Emotion.options)),
  risk_grade: optional(z.enum(RiskGrade.options)),
  ticket_raised: booleanCell(false),
  voided: booleanCell(true),
  voided_at: optional(offsetDateTime),
  source: z.string(),
});
type ClickLogCellValues = z.output<typeof ClickLogCells>;

/** A time more than this after the import cannot have been clicked yet (clocks drift, not by days). */
export const FUTURE_MARGIN_MS = 24 * 60 * 60 * 1000;

interface CrossProblem {
  column: ClickLogColumn;
  code: ProblemCode;
  params: ProblemParams;
}

/**
 * Problems between columns of a row, and times that cannot be: after the import (beyond a day's
 * margin), before 1970, an undo before its click.
 */
function acrossColumnProblems(row: ClickLogCellValues, now: number): CrossProblem[] {
  const problems: CrossProblem[] = [];
  // Only when both are well-formed, so one bad time is reported once.
  if (isOffsetDateTime(row.occurred_at) && isValidDay(row.day) && row.occurred_at.slice(0, 10) !== row.day) {
    problems.push({ column: 'day', code: 'day-mismatch', params: { value: row.day, expected: row.occurred_at.slice(0, 10) } });
  }
  const occurred = Date.parse(row.occurred_at);
  for (const [column, text] of [['occurred_at', row.occurred_at], ['voided_at', row.voided_at]] as const) {
    if (text === undefined || !isOffsetDateTime(text)) continue;
    const at = Date.parse(text);
    if (at > now + FUTURE_MARGIN_MS) problems.push({ column, code: 'implausible-time', params: { column, value: text, reason: 'future', margin: '1 天', marginEn: 'a day' } });
    else if (at < 0) problems.push({ column, code: 'implausible-time', params: { column, value: text, reason: 'before-1970' } });
  }
  if (row.voided_at !== undefined && !row.voided) problems.push({ column: 'voided_at', code: 'voided-at-without-undo', params: {} });
  else if (row.voided_at !== undefined && isOffsetDateTime(row.voided_at) && Date.parse(row.voided_at) < occurred) {
    problems.push({ column: 'voided_at', code: 'voided-before-click', params: { value: row.voided_at, occurredAt: row.occurred_at } });
  }
  return problems;
}

function rowSchemaAt(now: () => number) {
  return ClickLogCells.superRefine((row, context) => {
    for (const found of acrossColumnProblems(row, now())) context.addIssue({ code: 'custom', path: [found.column], message: found.code });
  });
}

const ROW_SCHEMA_NOW = rowSchemaAt(() => Date.now());
let lastRowSchema: { at: number; schema: typeof ROW_SCHEMA_NOW } | undefined;

/** The row schema: each cell, then the checks across cells, judged against the import time (now). */
export function clickLogRowSchema(now?: Date): typeof ROW_SCHEMA_NOW {
  if (!now) return ROW_SCHEMA_NOW;
  const at = now.getTime();
  if (lastRowSchema?.at !== at) lastRowSchema = { at, schema: rowSchemaAt(() => at) };
  return lastRowSchema.schema;
}

/** A problem with one row of a click log, at its row. */
export type RowProblem = ImportProblem & { row: number };

export function rowProblem(code: ProblemCode, params: ProblemParams, where: { row: number; line?: number; column?: string }, severity?: ImportProblem['severity']): RowProblem {
  const found = problem(code, params, where, severity);
  return { ...found, row: where.row };
}

export interface ParsedClickLogRow {
  row: number;
  event: ClickEvent;
  categoryName: LocalizedName;
  parentCategoryId: string | null;
  /** Columns whose phone numbers the privacy gate masked, with the masked form of the first. */
  masked?: Partial<Record<ClickLogColumn, string>>;
}

export type RowResult = { ok: true; value: ParsedClickLogRow } | { ok: false; problems: RowProblem[] };

const CHOICES: Partial<Record<ClickLogColumn, readonly string[]>> = {
  counting_rule: CountingRule.options,
  emotion: Emotion.options,
  risk_grade: RiskGrade.options,
};
const REQUIRED = new Set<ClickLogColumn>(['schema_version', 'event_id', 'occurred_at', 'day', 'agent_id', 'category_id', 'site', 'voided']);
const TIME_COLUMNS = new Set<ClickLogColumn>(['occurred_at', 'voided_at']);

/** One cell's Zod issue as a problem a QA reviewer can act on. */
function cellProblem(column: ClickLogColumn, value: string, issue: z.core.$ZodIssue, row: number): RowProblem {
  const where = { row, column };
  if (value.trim() === '' && REQUIRED.has(column)) return rowProblem('missing-field', { column }, where);
  if (issue.code === 'too_big') return rowProblem('too-long', { column, length: value.length, limit: Number(issue.maximum) }, where);
  if (column === 'schema_version') return rowProblem('unsupported-schema-version', { value, supported: CLICK_LOG_SCHEMA_VERSION }, where);
  if (column === 'event_id') return rowProblem('invalid-id', { kind: 'event', value }, where);
  if (TIME_COLUMNS.has(column)) return rowProblem('invalid-time', { column, value }, where);
  if (column === 'day') return rowProblem('invalid-date', { column, value }, where);
  if (column === 'category_id' || column === 'parent_category_id') return rowProblem('invalid-category-id', { column, value }, where);
  if (column === 'ticket_raised' || column === 'voided') return rowProblem('invalid-boolean', { column, value }, where);
  const choices = CHOICES[column];
  if (choices) return rowProblem('invalid-choice', { column, value, options: choices.join(', ') }, where);
  return rowProblem('invalid-value', { column, value, detail: issue.message }, where);
}

const CROSS_CODES = new Set<string>(['day-mismatch', 'implausible-time', 'voided-at-without-undo', 'voided-before-click']);

/** Columns of free text whose phone numbers the gate masks (and the reader reports). */
const MASKED_COLUMNS = ['case_ref', 'agent_id', 'site', 'category_name_zh', 'category_name_en'] as const;

/**
 * The row as an event. ClickLogCells checks every field with ClickEvent's own schema or a
 * stricter one (AgentId also trims), so the event needs no second parse. Its keys follow
 * ClickEvent's order, details first, as that parse used to return them.
 */
function acceptedRow(data: ClickLogCellValues, row: number, cells: (column: ClickLogColumn) => string): RowResult {
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
  const value: ParsedClickLogRow = {
    row,
    event,
    categoryName: { zh: data.category_name_zh.trim() || fallback, en: data.category_name_en.trim() || fallback },
    parentCategoryId: data.parent_category_id ?? null,
  };
  const stored: Record<(typeof MASKED_COLUMNS)[number], string | null> = {
    case_ref: data.case_ref,
    agent_id: data.agent_id,
    site: data.site,
    category_name_zh: data.category_name_zh,
    category_name_en: data.category_name_en,
  };
  for (const column of MASKED_COLUMNS) {
    const cell = cells(column);
    // Only a cell the gate changed can have held a number (the schemas trim some, too).
    if (cell === (stored[column] ?? '')) continue;
    const numbers = findPhoneNumbers(cell);
    if (numbers.length > 0) (value.masked ??= {})[column] = numbers[0]!.masked;
  }
  return { ok: true, value };
}

export interface RowParseOptions {
  /** The import time, against which future times are judged (now). */
  now?: Date;
}

/** Validates one row given as column → cell text. */
export function parseClickLogRow(cells: Readonly<Record<ClickLogColumn, string>>, row: number, options: RowParseOptions = {}): RowResult {
  return parseWith(clickLogRowSchema(options.now), options.now?.getTime() ?? Date.now(), cells, row);
}

function parseWith(schema: ReturnType<typeof clickLogRowSchema>, now: number, cells: Readonly<Record<ClickLogColumn, string>>, row: number): RowResult {
  const parsed = schema.safeParse(cells);
  if (parsed.success) return acceptedRow(parsed.data, row, (column) => cells[column]);
  const seen = new Set<string>();
  const problems: RowProblem[] = [];
  let cross: CrossProblem[] | undefined;
  for (const issue of parsed.error.issues) {
    const column = typeof issue.path[0] === 'string' ? (issue.path[0] as ClickLogColumn) : null;
    if (column === null) continue;
    const key = `${column}/${issue.code === 'custom' ? issue.message : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (issue.code === 'custom' && CROSS_CODES.has(issue.message)) {
      // Zod issues carry only the code: the values come from the checks themselves.
      if (!cross) {
        const values = ClickLogCells.safeParse(cells);
        cross = values.success ? acrossColumnProblems(values.data, now) : [];
      }
      const found = cross.find((candidate) => candidate.code === issue.message && candidate.column === column);
      if (found) problems.push(rowProblem(found.code, found.params, { row, column }));
    } else problems.push(cellProblem(column, cells[column] ?? '', issue, row));
  }
  return { ok: false, problems };
}

const REMEMBERED_CELLS_PER_COLUMN = 2000;

/** Cells that differ from event to event: remembering them would only cost time. */
const PER_EVENT_COLUMNS: ReadonlySet<ClickLogColumn> = new Set(['event_id', 'occurred_at', 'case_ref']);

type CellOutcome = { valid: true; value: unknown } | { valid: false };
const INVALID_CELL: CellOutcome = { valid: false };

/**
 * parseClickLogRow for the rows of one file, given as cell texts in CLICK_LOG_COLUMNS order.
 * Most cells repeat from row to row (the version, day, agent, category, blank details), so each
 * column's schema outcome is remembered per cell text. A row whose cells are all valid and agree
 * with each other is exactly a row the row schema accepts, with the same values; any other row
 * goes through the row schema itself for its problems.
 */
export function clickLogRowParser(options: RowParseOptions = {}): (cells: readonly string[], row: number) => RowResult {
  const now = (options.now ?? new Date()).getTime();
  const schema = clickLogRowSchema(new Date(now));
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
      if (!outcome.valid) return parseWith(schema, now, recordOf(cells), row);
      values[CLICK_LOG_COLUMNS[at]!] = outcome.value;
    }
    const data = values as ClickLogCellValues;
    if (acrossColumnProblems(data, now).length) return parseWith(schema, now, recordOf(cells), row);
    return acceptedRow(data, row, (column) => cells[CLICK_LOG_COLUMNS.indexOf(column)]!);
  };
}

function recordOf(cells: readonly string[]): Record<ClickLogColumn, string> {
  const record = {} as Record<ClickLogColumn, string>;
  CLICK_LOG_COLUMNS.forEach((column, at) => (record[column] = cells[at]!));
  return record;
}
