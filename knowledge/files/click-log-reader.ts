import Papa from 'papaparse';
import { BOM, unguardCell } from './csv';
import { CLICK_LOG_COLUMNS, type ParsedClickLogRow, type RowProblem, clickLogRowParser } from './click-log-format';

/**
 * Reads click-log exports (ours, from other agents' browsers) a batch at a time, so a large file
 * is parsed and written in steps: CSV through papaparse, fed whole records only; NDJSON line by
 * line. Problems with the file as a whole throw a ClickLogFileError before any row is returned;
 * problems with single rows come back with the row, column and reason, and the rest is kept.
 */

export type ImportFormat = 'csv' | 'ndjson';

export class ClickLogFileError extends Error {
  constructor(
    readonly code: 'empty' | 'not-a-click-log' | 'missing-columns' | 'duplicate-columns' | 'backup-file',
    message: string,
  ) {
    super(message);
    this.name = 'ClickLogFileError';
  }
}

export interface ClickLogBatch {
  format: ImportFormat;
  rows: ParsedClickLogRow[];
  problems: RowProblem[];
  /** Data rows read so far in the file (valid or not). */
  rowsRead: number;
  /** Columns the file has that version 1 does not know; they are ignored. */
  ignoredColumns: string[];
}

export type TextSource = string | Iterable<string> | AsyncIterable<string>;

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
}

export async function* readClickLog(source: TextSource, options: ReadOptions = {}): AsyncGenerator<ClickLogBatch> {
  const batchSize = options.batchSize ?? 5000;
  const chunks = textChunks(source);
  let first = await chunks.next();
  while (!first.done && first.value.length === 0) first = await chunks.next();
  if (first.done) throw new ClickLogFileError('empty', 'The file is empty.');
  let head = first.value;
  if (head.startsWith(BOM)) head = head.slice(1);
  const format = options.format ?? detectFormat(options.fileName ?? '', head);
  const rest = (async function* () {
    yield head;
    for await (const chunk of chunks) yield chunk;
  })();
  if (format === 'ndjson') yield* readNdjson(rest, batchSize);
  else yield* readCsv(rest, batchSize);
}

interface CsvColumns {
  /** Where each of CLICK_LOG_COLUMNS is in a record, in that order. */
  positions: number[];
  ignored: string[];
}

function columnMap(header: string[]): CsvColumns {
  const names = header.map((name) => name.trim());
  const seen = new Set<string>();
  const duplicates = names.filter((name) => (seen.has(name) ? true : (seen.add(name), false)));
  if (duplicates.length) {
    throw new ClickLogFileError('duplicate-columns', `The header names these columns twice: ${[...new Set(duplicates)].join(', ')}.`);
  }
  const missing = CLICK_LOG_COLUMNS.filter((column) => !seen.has(column));
  if (missing.length === CLICK_LOG_COLUMNS.length || (missing.includes('event_id') && missing.includes('schema_version'))) {
    throw new ClickLogFileError(
      'not-a-click-log',
      `This is not an Iceberg click-log export: its first line should name the columns ${CLICK_LOG_COLUMNS.slice(0, 4).join(', ')}, ….`,
    );
  }
  if (missing.length) {
    throw new ClickLogFileError('missing-columns', `The file lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}.`);
  }
  const known = new Set<string>(CLICK_LOG_COLUMNS);
  return {
    positions: CLICK_LOG_COLUMNS.map((column) => names.indexOf(column)),
    ignored: names.filter((name) => !known.has(name)),
  };
}

/**
 * Splits CSV text into runs of whole records: a LF outside quotes ends a record (RFC 4180
 * doubles quotes inside quoted fields, so counting quotes tells inside from outside). Goes from
 * quote to newline with indexOf rather than a character at a time.
 */
async function* wholeRecords(chunks: AsyncIterable<string>): AsyncGenerator<string> {
  let buffer = '';
  let scanned = 0;
  let inQuotes = false;
  for await (const chunk of chunks) {
    buffer += chunk;
    let boundary = -1;
    let quote = buffer.indexOf('"', scanned);
    let newline = buffer.indexOf('\n', scanned);
    while (newline >= 0) {
      if (quote >= 0 && quote < newline) {
        inQuotes = !inQuotes;
        quote = buffer.indexOf('"', quote + 1);
      } else {
        if (!inQuotes) boundary = newline + 1;
        newline = buffer.indexOf('\n', newline + 1);
      }
    }
    for (; quote >= 0; quote = buffer.indexOf('"', quote + 1)) inQuotes = !inQuotes;
    scanned = buffer.length;
    if (boundary > 0) {
      yield buffer.slice(0, boundary);
      buffer = buffer.slice(boundary);
      scanned -= boundary;
    }
  }
  if (buffer.length) yield buffer;
}

async function* readCsv(chunks: AsyncIterable<string>, batchSize: number): AsyncGenerator<ClickLogBatch> {
  let columns: CsvColumns | null = null;
  let width = 0;
  let newline: '\r\n' | '\n' = '\r\n';
  let rowNumber = 0; // spreadsheet row: the header is row 1
  let rows: ParsedClickLogRow[] = [];
  let problems: RowProblem[] = [];
  let rowsRead = 0;
  const parseRow = clickLogRowParser();

  const flush = (): ClickLogBatch => {
    const batch = { format: 'csv' as const, rows, problems, rowsRead, ignoredColumns: columns?.ignored ?? [] };
    rows = [];
    problems = [];
    return batch;
  };

  for await (const text of wholeRecords(chunks)) {
    if (!columns) newline = /\r\n/.test(text.slice(0, text.indexOf('\n') + 1)) ? '\r\n' : '\n';
    const parsed = Papa.parse<string[]>(text, { delimiter: ',', newline, quoteChar: '"', escapeChar: '"', skipEmptyLines: false });
    const records = parsed.data;
    // A run ends with its newline, which papaparse reports as one more, empty record.
    const last = records[records.length - 1];
    if (text.endsWith('\n') && last && last.length === 1 && last[0] === '') records.pop();
    const brokenRows = new Map<number, string>();
    for (const error of parsed.errors) if (error.row !== undefined) brokenRows.set(error.row, error.message);

    for (let index = 0; index < records.length; index += 1) {
      const cells = records[index]!;
      rowNumber += 1;
      if (!columns) {
        columns = columnMap(cells.map((cell, i) => (i === 0 ? cell.replace(BOM, '') : cell)));
        width = cells.length;
        continue;
      }
      if (cells.length === 1 && (cells[0] ?? '').trim() === '') continue; // a blank line
      rowsRead += 1;
      const broken = brokenRows.get(index);
      if (broken) {
        problems.push({ row: rowNumber, column: null, reason: `unreadable CSV: ${broken}` });
      } else if (cells.length !== width) {
        problems.push({ row: rowNumber, column: null, reason: `has ${cells.length} fields; the header has ${width}` });
      } else {
        const result = parseRow(columns.positions.map((at) => unguardCell(cells[at] ?? '')), rowNumber);
        if (result.ok) rows.push(result.value);
        else problems.push(...result.problems);
      }
      if (rows.length + problems.length >= batchSize) yield flush();
    }
  }
  if (!columns) throw new ClickLogFileError('empty', 'The file is empty.');
  yield flush();
}

function ndjsonCell(value: unknown): string | null {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

async function* readNdjson(chunks: AsyncIterable<string>, batchSize: number): AsyncGenerator<ClickLogBatch> {
  let buffer = '';
  let lineNumber = 0;
  let rowsRead = 0;
  let sawObject = false;
  let rows: ParsedClickLogRow[] = [];
  let problems: RowProblem[] = [];
  const ignored = new Set<string>();
  const known = new Set<string>(CLICK_LOG_COLUMNS);
  const parseRow = clickLogRowParser();

  const flush = (): ClickLogBatch => {
    const batch = { format: 'ndjson' as const, rows, problems, rowsRead, ignoredColumns: [...ignored] };
    rows = [];
    problems = [];
    return batch;
  };

  const handle = (line: string) => {
    lineNumber += 1;
    const text = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (text.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      rowsRead += 1;
      problems.push({ row: lineNumber, column: null, reason: `not valid JSON (${(error as Error).message})` });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      rowsRead += 1;
      problems.push({ row: lineNumber, column: null, reason: 'is not a JSON object' });
      return;
    }
    const object = value as Record<string, unknown>;
    if (!sawObject) {
      sawObject = true;
      if (object.format === 'iceberg-backup') {
        throw new ClickLogFileError('backup-file', 'This is an Iceberg backup, not a click-log export: restore it from the backup section instead.');
      }
      if (!('event_id' in object) && !('schema_version' in object)) {
        throw new ClickLogFileError('not-a-click-log', 'This is not an Iceberg click-log export: its lines lack event_id and schema_version.');
      }
    }
    rowsRead += 1;
    for (const key of Object.keys(object)) if (!known.has(key)) ignored.add(key);
    const cells: string[] = [];
    const missing: string[] = [];
    for (const column of CLICK_LOG_COLUMNS) {
      if (!(column in object)) {
        missing.push(column);
        continue;
      }
      const cell = ndjsonCell(object[column]);
      if (cell === null) {
        problems.push({ row: lineNumber, column, reason: 'must be a string, number, boolean or null' });
        return;
      }
      cells.push(cell);
    }
    if (missing.length) {
      problems.push({ row: lineNumber, column: missing[0] ?? null, reason: `is missing (${missing.join(', ')})` });
      return;
    }
    const result = parseRow(cells, lineNumber);
    if (result.ok) rows.push(result.value);
    else problems.push(...result.problems);
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
      if (rows.length + problems.length >= batchSize) yield flush();
      start = newline + 1;
      newline = buffer.indexOf('\n', start);
    }
    buffer = buffer.slice(start);
  }
  if (buffer.length) handle(buffer);
  if (!sawObject && rowsRead === 0) throw new ClickLogFileError('empty', 'The file holds no events.');
  yield flush();
}
