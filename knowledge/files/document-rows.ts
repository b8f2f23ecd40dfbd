import { problem, type ImportProblem, type ProblemLocation } from './file-problems';
import { mapColumns, readCsvTable, rowShapeProblems, type ColumnSpec } from './library-files';
import { duplicateKeyProblem, isRecord, parseJson, typeName, unknownProperties, unsupportedVersion, type ImportFormat } from '../case-library/library-check';

/**
 * The rows of a JSON or CSV document that is imported whole (a taxonomy, a search lexicon): the
 * JSON object `{schemaVersion, name, version, <listKey>: [...]}`, or a CSV table with a header.
 * Each row comes back as raw values for the schema to check, with where it stands for problems.
 */

export interface PendingRow {
  raw: Record<string, unknown>;
  at: (field?: string) => ProblemLocation;
  problems: ImportProblem[];
}

export interface DocumentSpec<Field extends string> {
  /** Name and version when the document carries none (a CSV file). */
  fallback: { name: string; version: string };
  /** The most rows a document may hold. */
  maxRows: number;
  /** The JSON property holding the rows. */
  listKey: string;
  /** What `json-shape` says the JSON should have been (taxonomy, lexicon). */
  expected: string;
  schemaVersion: number;
  /** JSON properties a row may have; others are reported once and dropped. */
  rowProperties: readonly string[];
  columns: readonly ColumnSpec<Field>[];
  /** Raw values of a CSV row from its cells ('' when absent); problems found on the way go to `problems`. */
  fromCells: (cell: (field: Field) => string, at: PendingRow['at'], problems: ImportProblem[]) => Record<string, unknown>;
}

export type DocumentRows =
  | { ok: true; rows: PendingRow[]; problems: ImportProblem[]; name: string; version: string }
  | { ok: false; problems: ImportProblem[]; rowCount: number };

/** The rows, or the problems that stop the import (no rows, too many rows included). */
export function readDocumentRows<Field extends string>(text: string, format: ImportFormat, spec: DocumentSpec<Field>): DocumentRows {
  const read = readRows(text, format, spec);
  if (!read.ok) return read;
  const { rows, problems } = read;
  if (rows.length === 0) return { ok: false, problems: [...problems, problem('no-rows')], rowCount: 0 };
  if (rows.length > spec.maxRows) return { ok: false, problems: [...problems, problem('too-many-rows', { count: rows.length, limit: spec.maxRows })], rowCount: rows.length };
  return read;
}

function readRows<Field extends string>(text: string, format: ImportFormat, spec: DocumentSpec<Field>): DocumentRows {
  if (format === 'json') {
    const parsed = parseJson(text);
    if (!parsed.ok) return { ok: false, problems: [parsed.problem], rowCount: 0 };
    if (parsed.duplicateKeys.length > 0) {
      const problems = parsed.duplicateKeys.map((duplicate) => duplicateKeyProblem(duplicate, { column: [...duplicate.path, duplicate.key].join('.') }));
      return { ok: false, problems, rowCount: 0 };
    }
    const document = parsed.value;
    const list = isRecord(document) ? document[spec.listKey] : undefined;
    if (!isRecord(document) || !Array.isArray(list)) return { ok: false, problems: [problem('json-shape', { expected: spec.expected })], rowCount: 0 };
    if (document.schemaVersion !== spec.schemaVersion) return { ok: false, problems: [unsupportedVersion(document.schemaVersion, spec.schemaVersion)], rowCount: 0 };
    const rows = list.map((entry, index): PendingRow => {
      const at = (field?: string): ProblemLocation => ({ entry: index + 1, ...(field ? { field, column: field } : {}) });
      if (isRecord(entry)) return { raw: entry, at, problems: [] };
      return { raw: {}, at, problems: [problem('wrong-type', { column: spec.listKey, expected: 'object', found: typeName(entry) }, at())] };
    });
    return {
      ok: true,
      rows,
      problems: unknownProperties(list, spec.rowProperties),
      name: typeof document.name === 'string' ? document.name : spec.fallback.name,
      version: typeof document.version === 'string' ? document.version : spec.fallback.version,
    };
  }
  const read = readCsvTable(text);
  if (!read.ok) return { ok: false, problems: [read.problem], rowCount: 0 };
  const { mapping, problems } = mapColumns(read.table, spec.columns);
  if (!mapping) return { ok: false, problems, rowCount: read.table.records.length };
  const rows = read.table.records.map((record, index): PendingRow => {
    const at = (field?: string): ProblemLocation => ({
      row: record.row,
      line: read.table.lineOf(record),
      ...(field ? { field, column: mapping.headerOf.get(field as Field) ?? field } : {}),
    });
    const cell = (field: Field) => {
      const index = mapping.indexOf.get(field);
      return index === undefined ? '' : (record.cells[index] ?? '');
    };
    const rowProblems = rowShapeProblems(record, read.table, (column) => ({ ...at(), ...(column ? { column } : {}) }), {
      isLast: index === read.table.records.length - 1,
    });
    return { raw: spec.fromCells(cell, at, rowProblems), at, problems: rowProblems };
  });
  return { ok: true, rows, problems, ...spec.fallback };
}
