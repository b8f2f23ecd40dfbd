import Papa from 'papaparse';
import type { Taxonomy } from '../taxonomy/taxonomy';
import {
  CASE_SCRIPT_FIELDS,
  LIST_ITEM_SEPARATORS,
  LIST_SEPARATOR,
  type CaseLibrary,
  type CaseScript,
  type CaseScriptField,
} from '../case-library/case-script';
import { csvDocument, type CsvDocumentOptions } from './csv';
import { problem, type ImportProblem } from './file-problems';

/**
 * The file formats of the case library and the taxonomy (docs/library-format.md).
 *
 * JSON is the library (or taxonomy) object itself. CSV is one header row and one row per script
 * (or category). List fields hold their items in one cell, separated by `|` on export; import
 * also accepts ; ； 、 ， , and line breaks. Cells are RFC 4180 (quoted when they hold a comma,
 * quote or line break), rows end with CRLF, and the file starts with a UTF-8 BOM so that Excel
 * opens it as UTF-8. As in Iceberg's other exports, a cell that starts with = + - @ TAB CR or '
 * gets one extra leading apostrophe so that Excel never runs it as a formula; import removes
 * exactly one leading apostrophe from any cell, which restores the text.
 *
 * CSV carries no library name or version: `documentFileName` (file-names.ts) puts them in the file name
 * (`电信客服默认案例库_v2026.11-1.csv`) and import reads them back from it.
 */


// ---------------------------------------------------------------------------------------------
// Columns

export interface ColumnSpec<Field extends string> {
  field: Field;
  required: boolean;
  /** Header names accepted on import (English or Chinese), compared after `headerKey`. */
  aliases: readonly string[];
}

export const LIBRARY_COLUMNS: readonly ColumnSpec<CaseScriptField>[] = [
  { field: 'id', required: true, aliases: ['id', '编号', '话术编号'] },
  { field: 'title', required: true, aliases: ['title', '标题'] },
  { field: 'scenario', required: true, aliases: ['scenario', '场景'] },
  { field: 'solution', required: true, aliases: ['solution', '方案', '解决方案'] },
  { field: 'script', required: true, aliases: ['script', '话术'] },
  { field: 'keywords', required: false, aliases: ['keywords', '关键词', '标签'] },
  { field: 'categoryIds', required: false, aliases: ['categoryIds', 'categories', '分类', '投诉分类'] },
  { field: 'updatedAt', required: false, aliases: ['updatedAt', '更新日期'] },
  { field: 'owner', required: false, aliases: ['owner', '负责人'] },
  { field: 'verifiedAt', required: false, aliases: ['verifiedAt', '核验日期'] },
];

export const TAXONOMY_CSV_FIELDS = ['id', 'nameZh', 'nameEn', 'parentId', 'color', 'shortcut', 'retired', 'description'] as const;
export type TaxonomyCsvField = (typeof TAXONOMY_CSV_FIELDS)[number];

export const TAXONOMY_COLUMNS: readonly ColumnSpec<TaxonomyCsvField>[] = [
  { field: 'id', required: true, aliases: ['id', '编号', '分类编号'] },
  { field: 'nameZh', required: true, aliases: ['nameZh', '中文名称'] },
  { field: 'nameEn', required: true, aliases: ['nameEn', '英文名称'] },
  { field: 'parentId', required: false, aliases: ['parentId', '上级分类'] },
  { field: 'color', required: true, aliases: ['color', '颜色'] },
  { field: 'shortcut', required: false, aliases: ['shortcut', '快捷键'] },
  { field: 'retired', required: false, aliases: ['retired', '停用'] },
  { field: 'description', required: false, aliases: ['description', '说明'] },
];

/**
 * How a header cell is compared: case, spaces, "_" and "-" ignored, and a trailing note in
 * brackets or a required-marker dropped, so "标题（必填）", "Title *" and "updated_at" all match.
 */
export function headerKey(header: string): string {
  return header
    .replace(/[（(][^）)]*[）)]\s*$/, '')
    .replace(/[*＊]/g, '')
    .replace(/[\s_-]+/g, '')
    .toLowerCase();
}

// ---------------------------------------------------------------------------------------------
// Export

/** Canonical key order and no undefined keys, so equal libraries give equal bytes. */
function canonicalScript(script: CaseScript): CaseScript {
  const ordered: Record<string, unknown> = {};
  for (const field of CASE_SCRIPT_FIELDS) {
    if (script[field] !== undefined) ordered[field] = script[field];
  }
  return ordered as CaseScript;
}

export function libraryToJson(library: CaseLibrary): string {
  const ordered = {
    schemaVersion: library.schemaVersion,
    name: library.name,
    version: library.version,
    scripts: library.scripts.map(canonicalScript),
  };
  return `${JSON.stringify(ordered, null, 2)}\n`;
}


export function libraryToCsv(library: CaseLibrary, options: CsvDocumentOptions = {}): string {
  const rows = library.scripts.map((script) =>
    CASE_SCRIPT_FIELDS.map((field) => {
      const value = script[field];
      if (value === undefined) return '';
      return Array.isArray(value) ? value.join(LIST_SEPARATOR) : value;
    }),
  );
  return csvDocument([...CASE_SCRIPT_FIELDS], rows, options);
}

export function taxonomyToJson(taxonomy: Taxonomy): string {
  return `${JSON.stringify(taxonomy, null, 2)}\n`;
}

export function taxonomyToCsv(taxonomy: Taxonomy, options: CsvDocumentOptions = {}): string {
  const rows = taxonomy.categories.map((category) => [
    category.id,
    category.name.zh,
    category.name.en,
    category.parentId ?? '',
    category.color,
    category.shortcut ?? '',
    category.retired ? 'true' : 'false',
    category.description ?? '',
  ]);
  return csvDocument([...TAXONOMY_CSV_FIELDS], rows, options);
}


/**
 * Name and version from a file name written by `documentFileName` (file-names.ts), tolerating the " (1)" a
 * browser adds to a repeated download. Other file names give their base name and no version.
 */
export function nameAndVersionFromFileName(fileName: string): { name: string; version?: string } {
  const base = fileName
    .replace(/^.*[\\/]/, '')
    .replace(/\.[^.]+$/, '')
    .replace(/\s*\(\d+\)$/, '')
    .trim();
  const match = /^(.+)_v([^_]+)$/.exec(base);
  return match ? { name: match[1]!, version: match[2]! } : { name: base };
}

const NOT_BLANK = /\S/;


// ---------------------------------------------------------------------------------------------
// Import: reading a CSV table

export interface CsvRecord {
  cells: string[];
  /** The row as a spreadsheet counts it: the header is row 1. */
  row: number;
  /** Where the record starts in the text (see `CsvTable.lineOf`). */
  offset: number;
}

export interface CsvTable {
  header: CsvRecord;
  /** Data rows; wholly empty rows (Excel leaves some at the end) are skipped. */
  records: CsvRecord[];
  /**
   * The text line a record starts on; differs from its row after cells with line breaks.
   * Computed on first use, as only rows with problems need it.
   */
  lineOf: (record: CsvRecord) => number;
}

export type CsvTableResult = { ok: true; table: CsvTable } | { ok: false; problem: ImportProblem };

/**
 * Splits CSV text into records, keeping where each starts. The delimiter is taken from the
 * header line: a comma normally, a tab for Excel's "Unicode text", a semicolon where the
 * system's list separator is one. A broken quote makes everything after it unreliable, so it
 * fails the whole file, pointing at the row where it starts.
 */
export function readCsvTable(text: string): CsvTableResult {
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') return { ok: false, problem: problem('empty-file') };
  const records: CsvRecord[] = [];
  const lineOf = lineCounter(source);
  let header: CsvRecord | undefined;
  let offset = 0;
  let row = 0;
  let syntaxProblem: ImportProblem | undefined;

  Papa.parse<string[]>(source, {
    delimiter: guessDelimiter(source),
    skipEmptyLines: false,
    step: (result, parser) => {
      row += 1;
      const quoteError = result.errors.find((error) => error.code === 'MissingQuotes' || error.code === 'InvalidQuotes');
      if (quoteError) {
        const detail = quoteError.code === 'MissingQuotes' ? 'unclosed-quote' : 'stray-quote';
        syntaxProblem = problem('csv-syntax', { detail }, { row, line: lineOf(offset) });
        parser.abort();
        return;
      }
      const cells = result.data;
      let blank = true;
      for (let index = 0; index < cells.length; index++) {
        const cell = cells[index]!;
        if (cell.charCodeAt(0) === 39) cells[index] = cell.slice(1); // the formula guard: '
        if (blank && NOT_BLANK.test(cell)) blank = false;
      }
      const record: CsvRecord = { cells, row, offset };
      offset = result.meta.cursor;
      if (!header) header = record;
      else if (!blank) records.push(record);
    },
  });

  if (syntaxProblem) return { ok: false, problem: syntaxProblem };
  if (!header) return { ok: false, problem: problem('empty-file') };
  return { ok: true, table: { header, records, lineOf: (record) => lineOf(record.offset) } };
}

/** Offset → 1-based line number (LF, CRLF or a lone CR ends a line), indexed on first call. */
function lineCounter(text: string): (offset: number) => number {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let index = 0; index < text.length; index++) {
        const code = text.charCodeAt(index);
        if (code === 10 || (code === 13 && text.charCodeAt(index + 1) !== 10)) starts.push(index + 1);
      }
    }
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };
}

function guessDelimiter(text: string): string {
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const counts = [',', '\t', ';'].map((delimiter) => ({ delimiter, count: firstLine.split(delimiter).length - 1 }));
  counts.sort((a, b) => b.count - a.count);
  return counts[0]!.count > 0 ? counts[0]!.delimiter : ',';
}

// ---------------------------------------------------------------------------------------------
// Import: matching the header to columns

export interface ColumnMapping<Field extends string> {
  /** Cell index of each field present in the file. */
  indexOf: Map<Field, number>;
  /** The header as the file wrote it, for messages ("标题" rather than "title"). */
  headerOf: Map<Field, string>;
  /** Cells beyond this many have no header at all (see `extraCells`). */
  width: number;
}

export interface ColumnMappingResult<Field extends string> {
  /** Null when a blocking problem (missing or duplicate column) stops the import. */
  mapping: ColumnMapping<Field> | null;
  /** Blocking problems and warnings (unknown columns are not imported, but do not block). */
  problems: ImportProblem[];
}

export function mapColumns<Field extends string>(
  table: CsvTable,
  columns: readonly ColumnSpec<Field>[],
): ColumnMappingResult<Field> {
  const byAlias = new Map<string, ColumnSpec<Field>>();
  for (const column of columns) for (const alias of column.aliases) byAlias.set(headerKey(alias), column);

  const indexOf = new Map<Field, number>();
  const headerOf = new Map<Field, string>();
  const unknown: string[] = [];
  const blocking: ImportProblem[] = [];
  const width = table.header.cells.length;
  const headerAt = { row: 1, line: 1 };

  for (let index = 0; index < width; index++) {
    const written = (table.header.cells[index] ?? '').trim();
    if (written === '') {
      // Excel keeps blank columns to the right of the data: harmless unless something is in them.
      if (table.records.some((record) => (record.cells[index] ?? '').trim() !== '')) unknown.push(`(${index + 1})`);
      continue;
    }
    const column = byAlias.get(headerKey(written));
    if (!column) {
      unknown.push(written);
      continue;
    }
    const earlier = indexOf.get(column.field);
    if (earlier !== undefined) {
      blocking.push(problem('duplicate-columns', { column: written, first: earlier + 1, second: index + 1 }, { ...headerAt, column: written }));
      continue;
    }
    indexOf.set(column.field, index);
    headerOf.set(column.field, written);
  }

  const missing = columns.filter((column) => column.required && !indexOf.has(column.field));
  if (missing.length > 0) {
    blocking.unshift(problem('missing-columns', { columns: missing.map((column) => column.field).join(', ') }, headerAt));
  }
  const problems = [...blocking];
  if (unknown.length > 0) {
    problems.push(
      problem('unknown-columns', { columns: unknown.join(', '), accepted: columns.map((column) => column.field).join(', ') }, headerAt),
    );
  }
  return { mapping: blocking.length > 0 ? null : { indexOf, headerOf, width }, problems };
}

/** Non-empty cells right of the header: usually a comma in a cell that was not quoted. */
export function extraCells(record: CsvRecord, mapping: ColumnMapping<string>): number {
  return record.cells.slice(mapping.width).filter((cell) => cell.trim() !== '').length;
}

/** Items of a list cell, trimmed, without empties. */
export function splitListCell(cell: string): string[] {
  return cell
    .split(LIST_ITEM_SEPARATORS)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Dates as spreadsheets write them back: Excel in a Chinese locale saves 2026-11-23 as
 * 2026/11/23 (or 2026/1/5); people type 2026年11月23日. All become YYYY-MM-DD; anything else is
 * left for the schema to reject.
 */
export function normalizeDateCell(cell: string): string {
  const trimmed = cell.trim();
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(trimmed);
  if (!match) return trimmed;
  return `${match[1]}-${match[2]!.padStart(2, '0')}-${match[3]!.padStart(2, '0')}`;
}
