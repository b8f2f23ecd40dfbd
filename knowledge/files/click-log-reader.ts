import { BOM, CsvTokenizer, unguardCell, type CsvRecordRead } from './csv';
import { CLICK_LOG_COLUMNS, type ClickLogColumn, type ParsedClickLogRow, type RowProblem, clickLogRowParser, rowProblem } from './click-log-format';
import { boundedList, maskedColumnProblem, problem, type ImportProblem } from './file-problems';
import { scanJsonStructure } from './json-structure';
import type { TextSource } from './text-decoding';

/**
 * Reads click-log exports (ours, from other agents' browsers) a batch at a time, so a large file
 * is parsed and written in steps: CSV through the shared tokenizer, NDJSON line by line. Problems
 * with the file as a whole throw a ClickLogFileError before any row is returned; problems with
 * single rows come back with the row, column and a message, and the rest is kept. Every data row
 * is counted: read, refused or accepted, none vanishes.
 */

export type ImportFormat = 'csv' | 'ndjson';

export class ClickLogFileError extends Error {
  readonly code: ImportProblem['code'];
  constructor(readonly problem: ImportProblem) {
    super(problem.message.en);
    this.name = 'ClickLogFileError';
    this.code = problem.code;
  }
}

export interface ClickLogBatch {
  format: ImportFormat;
  rows: ParsedClickLogRow[];
  problems: RowProblem[];
  /** Data rows read so far in the file (valid or not). */
  rowsRead: number;
  /** Rows of this batch refused for their problems. */
  rejected: number;
  /** Columns the file has that version 1 does not know; they are ignored (at most 20 named). */
  ignoredColumns: string[];
  /** Problems with the file as a whole that do not stop it (unknown columns, masked phone numbers): in the last batch. */
  warnings: ImportProblem[];
}


async function* textChunks(source: TextSource): AsyncGenerator<string> {
  if (typeof source === 'string') {
    // Hand big strings over in slices so batches still come out while parsing.
    for (let at = 0; at < source.length; at += 1 << 20) yield source.slice(at, at + (1 << 20));
    return;
  }
  for await (const chunk of source) yield chunk;
}

/** "csv" or "ndjson" from the file name, else from the first character. */
export function detectFormat(fileName: string, firstText: string): ImportFormat {
  if (/\.(nd)?jsonl?$/i.test(fileName) || /\.ndjson$/i.test(fileName)) return 'ndjson';
  if (/\.csv$/i.test(fileName)) return 'csv';
  return firstText.replace(BOM, '').trimStart().startsWith('{') ? 'ndjson' : 'csv';
}

export interface ReadOptions {
  fileName?: string;
  format?: ImportFormat;
  /** Rows per batch (5,000). */
  batchSize?: number;
  /** The import time: later times (beyond a day) are impossible. */
  now?: Date;
}

export async function* readClickLog(source: TextSource, options: ReadOptions = {}): AsyncGenerator<ClickLogBatch> {
  const batchSize = options.batchSize ?? 5000;
  const chunks = textChunks(source);
  let first = await chunks.next();
  while (!first.done && first.value.length === 0) first = await chunks.next();
  if (first.done) throw new ClickLogFileError(problem('empty-file'));
  let head = first.value;
  if (head.startsWith(BOM)) head = head.slice(1);
  const format = options.format ?? detectFormat(options.fileName ?? '', head);
  const rest = (async function* () {
    yield head;
    for await (const chunk of chunks) yield chunk;
  })();
  const parseRow = clickLogRowParser(options.now ? { now: options.now } : {});
  if (format === 'ndjson') yield* readNdjson(rest, batchSize, parseRow);
  else yield* readCsv(rest, batchSize, parseRow);
}

interface CsvColumns {
  /** Where each of CLICK_LOG_COLUMNS is in a record, in that order. */
  positions: number[];
  ignored: string[];
}

const OTHER_DELIMITERS = [';', '\t', '|'];

function columnMap(header: string[]): CsvColumns {
  const names = header.map((name) => name.trim());
  const known = new Set<string>(CLICK_LOG_COLUMNS);
  if (names.length === 1) {
    // One column: perhaps the right columns with another delimiter (a file re-saved from Excel).
    for (const delimiter of OTHER_DELIMITERS) {
      const parts = names[0]!.split(delimiter).map((part) => part.trim());
      if (parts.filter((part) => known.has(part)).length >= 3) throw new ClickLogFileError(problem('wrong-delimiter', { delimiter }));
    }
  }
  const seen = new Set<string>();
  const duplicates = names.filter((name) => (seen.has(name) ? true : (seen.add(name), false)));
  if (duplicates.length) {
    const column = duplicates[0]!;
    throw new ClickLogFileError(
      problem('duplicate-columns', { column, first: names.indexOf(column) + 1, second: names.indexOf(column, names.indexOf(column) + 1) + 1 }, { row: 1, column }),
    );
  }
  const missing = CLICK_LOG_COLUMNS.filter((column) => !seen.has(column));
  if (missing.length === CLICK_LOG_COLUMNS.length || (missing.includes('event_id') && missing.includes('schema_version'))) {
    throw new ClickLogFileError(problem('not-a-click-log', { kind: 'csv', columns: CLICK_LOG_COLUMNS.slice(0, 4).join(', ') }, { row: 1 }));
  }
  if (missing.length) throw new ClickLogFileError(problem('missing-columns', { kind: 'click-log', columns: missing.join(', ') }, { row: 1 }));
  return {
    positions: CLICK_LOG_COLUMNS.map((column) => names.indexOf(column)),
    ignored: names.filter((name) => !known.has(name)),
  };
}

/** Masked phone numbers, gathered per column: one warning each, with the count and the first place. */
class MaskedNumbers {
  private readonly columns = new Map<ClickLogColumn, { count: number; row: number; value: string }>();

  add(row: ParsedClickLogRow): void {
    if (!row.masked) return;
    for (const [column, value] of Object.entries(row.masked) as [ClickLogColumn, string][]) {
      const seen = this.columns.get(column);
      if (seen) seen.count += 1;
      else this.columns.set(column, { count: 1, row: row.row, value });
    }
  }

  warnings(unit: 'row' | 'line'): ImportProblem[] {
    return [...this.columns].map(([column, { count, row, value }]) => maskedColumnProblem(column, { count, value }, unit === 'row' ? { row } : { line: row }));
  }
}

function ignoredWarning(ignored: readonly string[]): ImportProblem[] {
  if (ignored.length === 0) return [];
  return [problem('unknown-columns', { count: ignored.length, columns: boundedList(ignored), accepted: CLICK_LOG_COLUMNS.join(', ') }, { row: 1 })];
}

type RowResult = ReturnType<ReturnType<typeof clickLogRowParser>>;

/** What a reader has gathered since its last batch (rows, problems), and over the whole file (rows read, masked numbers). */
class ClickLogBatcher {
  rowsRead = 0;
  private rows: ParsedClickLogRow[] = [];
  private problems: RowProblem[] = [];
  private rejected = 0;
  private readonly masked = new MaskedNumbers();

  constructor(
    private readonly format: ImportFormat,
    private readonly batchSize: number,
  ) {}

  get full(): boolean {
    return this.rows.length + this.problems.length >= this.batchSize;
  }

  refuse(...found: RowProblem[]): void {
    this.problems.push(...found);
    this.rejected += 1;
  }

  /** A parsed row: kept, or refused with its problems (placed on the text line when given). */
  add(result: RowResult, line?: number): void {
    if (result.ok) {
      this.rows.push(result.value);
      this.masked.add(result.value);
    } else {
      this.refuse(...(line === undefined ? result.problems : result.problems.map((found) => ({ ...found, line }))));
    }
  }

  flush(last: boolean, ignored: readonly string[]): ClickLogBatch {
    const batch: ClickLogBatch = {
      format: this.format,
      rows: this.rows,
      problems: this.problems,
      rowsRead: this.rowsRead,
      rejected: this.rejected,
      ignoredColumns: ignored.slice(0, 20),
      warnings: last ? [...ignoredWarning(ignored), ...this.masked.warnings(this.format === 'csv' ? 'row' : 'line')] : [],
    };
    this.rows = [];
    this.problems = [];
    this.rejected = 0;
    return batch;
  }
}

async function* readCsv(
  chunks: AsyncIterable<string>,
  batchSize: number,
  parseRow: ReturnType<typeof clickLogRowParser>,
): AsyncGenerator<ClickLogBatch> {
  let columns: CsvColumns | null = null;
  let width = 0;
  const batch = new ClickLogBatcher('csv', batchSize);
  const tokenizer = new CsvTokenizer(',', { recoverUnclosedQuote: true });
  const refuse = (found: RowProblem) => batch.refuse(found);
  const flush = (last: boolean) => batch.flush(last, columns?.ignored ?? []);

  const handle = (record: CsvRecordRead, isLast: boolean) => {
    if (!columns) {
      const header = record.cells.map((cell, index) => (index === 0 ? cell.replace(BOM, '') : cell));
      columns = columnMap(header);
      width = header.length;
      return;
    }
    if (record.cells.length === 1 && (record.cells[0] ?? '').trim() === '' && !record.quoteProblem) return; // a blank line
    batch.rowsRead += 1;
    const at = { row: record.row, line: record.line };
    if (record.quoteProblem) {
      const { kind, cell } = record.quoteProblem;
      const column = columnNameAt(columns, cell);
      refuse(rowProblem('csv-syntax', { detail: kind, columnNumber: cell + 1, following: 0 }, { ...at, ...(column ? { column } : {}) }));
    } else if (record.cells.length !== width) {
      const more = record.cells.length > width;
      const column = more ? `(${width + 1})` : columnNameAt(columns, record.cells.length) ?? `(${record.cells.length + 1})`;
      const missing = CLICK_LOG_COLUMNS.filter((_, index) => columns!.positions[index]! >= record.cells.length);
      refuse(
        more
          ? rowProblem('extra-cells', { count: record.cells.length, extra: record.cells.length - width }, { ...at, column })
          : rowProblem('short-row', { count: record.cells.length, expected: width, columns: boundedList(missing) }, { ...at, column }),
      );
    } else if (isLast && !record.terminated) {
      const column = columnNameAt(columns, record.cells.length - 1);
      refuse(rowProblem('last-row-unterminated', { imported: 'no', column: column ?? '' }, { ...at, ...(column ? { column } : {}) }));
    } else {
      const result = parseRow(
        columns.positions.map((position) => unguardCell(record.cells[position] ?? '')),
        record.row,
      );
      batch.add(result, record.line);
    }
  };

  // One record is held back, as only the end of the file says whether it is the last.
  let pending: CsvRecordRead | null = null;
  for await (const text of chunks) {
    for (const record of tokenizer.push(text)) {
      if (pending) handle(pending, false);
      pending = record;
      if (batch.full) yield flush(false);
    }
  }
  const tail = tokenizer.end();
  for (const record of tail) {
    if (pending) handle(pending, false);
    pending = record;
  }
  if (pending) handle(pending, true);
  if (!columns) throw new ClickLogFileError(problem('empty-file'));
  yield flush(true);
}

function columnNameAt(columns: CsvColumns, cell: number): string | undefined {
  const index = columns.positions.indexOf(cell);
  return index >= 0 ? CLICK_LOG_COLUMNS[index] : undefined;
}

function ndjsonCell(value: unknown): string | null {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

async function* readNdjson(
  chunks: AsyncIterable<string>,
  batchSize: number,
  parseRow: ReturnType<typeof clickLogRowParser>,
): AsyncGenerator<ClickLogBatch> {
  let buffer = '';
  let lineNumber = 0;
  let sawObject = false;
  const ignored = new Set<string>();
  const known = new Set<string>(CLICK_LOG_COLUMNS);
  const batch = new ClickLogBatcher('ndjson', batchSize);
  const refuse = (found: RowProblem) => batch.refuse(found);
  const flush = (last: boolean) => batch.flush(last, [...ignored]);

  const handle = (line: string) => {
    lineNumber += 1;
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.trim() === '') return;
    const at = { row: lineNumber, line: lineNumber };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      batch.rowsRead += 1;
      refuse(rowProblem('not-json', { line: lineNumber, column: jsonErrorColumn(error, text), detail: (error as Error).message }, at));
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      batch.rowsRead += 1;
      refuse(rowProblem('wrong-type', { column: '(line)', expected: 'object', found: Array.isArray(value) ? 'array' : typeof value }, at));
      return;
    }
    const object = value as Record<string, unknown>;
    if (!sawObject) {
      sawObject = true;
      if (object.format === 'iceberg-backup') throw new ClickLogFileError(problem('backup-given'));
      if (!('event_id' in object) && !('schema_version' in object)) throw new ClickLogFileError(problem('not-a-click-log', { kind: 'ndjson' }, { line: lineNumber }));
    }
    batch.rowsRead += 1;
    const duplicate = scanJsonStructure(text, { maxDuplicates: 1 }).duplicateKeys[0];
    if (duplicate) {
      refuse(rowProblem('duplicate-key', { key: duplicate.key, line: lineNumber, column: duplicate.column }, { ...at, column: duplicate.key }));
      return;
    }
    for (const key of Object.keys(object)) if (!known.has(key) && ignored.size < 1000) ignored.add(key);
    const cells: string[] = [];
    const missing: string[] = [];
    for (const column of CLICK_LOG_COLUMNS) {
      if (!(column in object)) {
        missing.push(column);
        continue;
      }
      const cell = ndjsonCell(object[column]);
      if (cell === null) {
        const found = object[column];
        refuse(rowProblem('wrong-type', { column, expected: 'string', found: Array.isArray(found) ? 'array' : typeof found }, { ...at, column }));
        return;
      }
      cells.push(cell);
    }
    if (missing.length) {
      refuse(rowProblem('missing-field', { column: missing.join(', ') }, { ...at, column: missing[0]! }));
      return;
    }
    batch.add(parseRow(cells, lineNumber));
  };

  let firstChunk = true;
  for await (let chunk of chunks) {
    if (firstChunk && chunk.startsWith(BOM)) chunk = chunk.slice(1);
    firstChunk = false;
    buffer += chunk;
    let newline = buffer.indexOf('\n');
    let start = 0;
    while (newline >= 0) {
      handle(buffer.slice(start, newline));
      if (batch.full) yield flush(false);
      start = newline + 1;
      newline = buffer.indexOf('\n', start);
    }
    buffer = buffer.slice(start);
  }
  if (buffer.length) handle(buffer);
  if (!sawObject && batch.rowsRead === 0) throw new ClickLogFileError(problem('empty-file'));
  yield flush(true);
}

/** V8 says "at position 42" or "(line 1 column 43)", depending on its version. */
function jsonErrorColumn(error: unknown, text: string): number {
  const message = error instanceof Error ? error.message : '';
  const column = /column (\d+)/.exec(message)?.[1];
  if (column) return Number(column);
  const position = /position (\d+)/.exec(message)?.[1];
  return position ? Number(position) + 1 : text.length;
}
