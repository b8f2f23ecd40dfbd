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
