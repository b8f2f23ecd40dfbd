/**
 * CSV cells as Iceberg writes them (RFC 4180, documented in README.md ("Exports for QA")):
 *
 * - a cell is quoted when it contains a comma, a double quote, CR or LF, or starts or ends with
 *   a space or tab; quotes inside are doubled;
 * - **formula guard**: a cell that starts with = + - @ TAB or CR would run as a formula when the
 *   file is opened in Excel or another spreadsheet (CSV injection). Such a cell gets one leading
 *   apostrophe. So that the guard can be undone exactly, a cell that already starts with an
 *   apostrophe gets one more. Importers remove exactly one leading apostrophe from any cell
 *   that starts with one (see `unguardCell`), which restores the original text bit for bit.
 */

export const BOM = '\uFEFF';
export const CRLF = '\r\n';

const FORMULA_START = /^[=+\-@\t\r']/;
const NEEDS_QUOTES = /[",\r\n]|^[ \t]|[ \t]$/;

export function guardCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function unguardCell(value: string): string {
  return value.startsWith("'") ? value.slice(1) : value;
}

export function quoteCell(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** One cell as written: guard against formulas, then quote when needed. */
export function csvCell(value: string): string {
  return quoteCell(guardCell(value));
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + CRLF;
}

export interface CsvDocumentOptions {
  /** Start with a UTF-8 byte-order mark so Excel reads the file as UTF-8 (default true). */
  bom?: boolean;
}

/** A whole CSV file: header and rows, every cell written by `csvCell`. */
export function csvDocument(header: readonly string[], rows: readonly (readonly string[])[], options: CsvDocumentOptions = {}): string {
  return (options.bom === false ? '' : BOM) + csvLine(header) + rows.map(csvLine).join('');
}

// ---------------------------------------------------------------------------------------------
// Reading: one tokenizer for every CSV Iceberg reads (library, taxonomy, click logs).

export interface CsvRecordRead {
  cells: string[];
  /** The row as a spreadsheet counts it: the first record is row 1. */
  row: number;
  /** The text line the record starts on (LF, CRLF or a lone CR ends a line). */
  line: number;
  /** Whether a line break ended the record (the last record of a cut file has none). */
  terminated: boolean;
  /** A quote that broke the record: text after a closing quote, or a quote never closed. */
  quoteProblem?: { kind: 'stray-quote' | 'unclosed-quote'; cell: number; following?: number };
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

const enum State {
  CellStart,
  Unquoted,
  Quoted,
  QuoteInQuoted,
  AfterStray,
}

/**
 * RFC 4180 records from text given in chunks, whatever the line ends (CRLF, LF, lone CR, mixed).
 * A quote opens a quoted cell only at the start of a cell; elsewhere it is text. After a closing
 * quote only the delimiter or a line end may follow, else the record gets a stray-quote problem
 * (and the rest of the cell is read as text). A quote never closed swallows the rest of the file:
 * with `recoverUnclosedQuote` the record is given back broken and the lines after it are read
 * again, each line on its own, so one bad quote costs one row rather than the rest of the file.
 */
export class CsvTokenizer {
  private state = State.CellStart;
  private cells: string[] = [];
  private cell = '';
  private row = 0;
  private line = 1;
  private recordLine = 1;
  private pendingCr = false;
  private stray: CsvRecordRead['quoteProblem'];
  /** The raw text of the record being read, kept only while a quoted cell spans lines. */
  private raw = '';
  private lineMode = false;
  private readonly delimiter: number;

  constructor(
    delimiter = ',',
    private readonly options: { recoverUnclosedQuote?: boolean } = {},
  ) {
    this.delimiter = delimiter.charCodeAt(0);
  }

  push(text: string): CsvRecordRead[] {
    const out: CsvRecordRead[] = [];
    this.scan(text, out);
    return out;
  }

  end(): CsvRecordRead[] {
    const out: CsvRecordRead[] = [];
    if (this.pendingCr) this.pendingCr = false;
    if (this.state === State.Quoted) {
      const openedAt = this.cells.length;
      const startLine = this.recordLine;
      const raw = this.raw;
      const firstBreak = raw.search(/\r\n|\n|\r/);
      const rest = firstBreak < 0 ? '' : raw.slice(firstBreak + (raw.startsWith('\r\n', firstBreak) ? 2 : 1));
      const following = rest === '' ? 0 : rest.split(/\r\n|\n|\r/).filter((part, index, all) => index < all.length - 1 || part !== '').length;
      this.cells.push(this.cell);
      this.emit(out, false, { kind: 'unclosed-quote', cell: openedAt, following: this.options.recoverUnclosedQuote ? 0 : following });
      if (this.options.recoverUnclosedQuote && rest !== '') {
        this.line = startLine + 1;
        this.recordLine = this.line;
        this.lineMode = true;
        this.scan(rest, out);
        out.push(...this.end());
      }
      return out;
    }
    if (this.state !== State.CellStart || this.cells.length > 0) {
      this.cells.push(this.cell);
      this.emit(out, false, this.stray);
    }
    return out;
  }

  private emit(out: CsvRecordRead[], terminated: boolean, quoteProblem?: CsvRecordRead['quoteProblem']): void {
    this.row += 1;
    const record: CsvRecordRead = { cells: this.cells, row: this.row, line: this.recordLine, terminated };
    if (quoteProblem) record.quoteProblem = quoteProblem;
    out.push(record);
    this.cells = [];
    this.cell = '';
    this.state = State.CellStart;
    this.stray = undefined;
    this.raw = '';
    this.recordLine = this.line;
  }

  private scan(text: string, out: CsvRecordRead[]): void {
    const delimiter = this.delimiter;
    let index = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text.charCodeAt(0) === LF) index = 1;
    }
    let cellStart = index;
    const length = text.length;
    // Text of the current record in this chunk, kept while a quoted cell may span lines.
    let rawStart = this.state === State.CellStart && this.cells.length === 0 ? -1 : 0;
    const keepRaw = () => {
      if (rawStart >= 0) this.raw += text.slice(rawStart, index);
    };
    while (index < length) {
      const code = text.charCodeAt(index);
      switch (this.state) {
        case State.CellStart:
          if (rawStart < 0) rawStart = index;
          if (code === QUOTE) {
            this.state = State.Quoted;
            cellStart = index + 1;
            index += 1;
            continue;
          }
          this.state = State.Unquoted;
          cellStart = index;
          continue;
        case State.Unquoted:
        case State.AfterStray: {
          // Jump to the next delimiter or line end.
          let at = index;
          while (at < length) {
            const c = text.charCodeAt(at);
            if (c === delimiter || c === LF || c === CR) break;
            at += 1;
          }
          this.cell += text.slice(cellStart, at);
          index = at;
          if (at >= length) {
            cellStart = length;
            break;
          }
          const c = text.charCodeAt(at);
          this.cells.push(this.cell);
          this.cell = '';
          if (c === delimiter) {
            this.state = State.CellStart;
            index = at + 1;
            cellStart = index;
            continue;
          }
          index = this.lineEnd(text, at);
          this.emit(out, true, this.stray);
          rawStart = -1;
          cellStart = index;
          if (index < 0) return;
          continue;
        }
        case State.Quoted: {
          const next = text.indexOf('"', index);
          const stop = next < 0 ? length : next;
          // Count line breaks inside the quoted cell.
          if (this.lineMode) {
            const breakAt = firstLineBreak(text, index, stop);
            if (breakAt >= 0) {
              // A quote never closed within its line: in line mode the line is the record.
              this.cell += text.slice(cellStart, breakAt);
              this.cells.push(this.cell);
              const opened = this.cells.length - 1;
              index = this.lineEnd(text, breakAt);
              this.emit(out, true, { kind: 'unclosed-quote', cell: opened, following: 0 });
              rawStart = -1;
              cellStart = index;
              if (index < 0) return;
              continue;
            }
          } else this.countLines(text, index, stop);
          this.cell += text.slice(cellStart, stop);
          if (next < 0) {
            index = length;
            cellStart = length;
            break;
          }
          this.state = State.QuoteInQuoted;
          index = next + 1;
          cellStart = index;
          continue;
        }
        case State.QuoteInQuoted:
          if (code === QUOTE) {
            this.cell += '"';
            this.state = State.Quoted;
            index += 1;
            cellStart = index;
            continue;
          }
          if (code === delimiter || code === LF || code === CR) {
            this.state = State.Unquoted;
            cellStart = index;
            continue;
          }
          this.stray ??= { kind: 'stray-quote', cell: this.cells.length };
          this.state = State.AfterStray;
          cellStart = index;
          continue;
      }
    }
    keepRaw();
  }

  /** Past the line end at `at` (CRLF, LF or CR); -1 when a CR ends the chunk (an LF may follow). */
  private lineEnd(text: string, at: number): number {
    this.line += 1;
    if (text.charCodeAt(at) === CR) {
      if (at + 1 >= text.length) {
        this.pendingCr = true;
        return -1;
      }
      if (text.charCodeAt(at + 1) === LF) return at + 2;
    }
    return at + 1;
  }

  private countLines(text: string, from: number, to: number): void {
    for (let at = from; at < to; at += 1) {
      const code = text.charCodeAt(at);
      if (code === LF) this.line += 1;
      else if (code === CR && text.charCodeAt(at + 1) !== LF) this.line += 1;
    }
  }
}

function firstLineBreak(text: string, from: number, to: number): number {
  for (let at = from; at < to; at += 1) {
    const code = text.charCodeAt(at);
    if (code === LF || code === CR) return at;
  }
  return -1;
}
