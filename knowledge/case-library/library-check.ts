import type { z } from 'zod';
import type { Taxonomy } from '../taxonomy/taxonomy';
import {
  CASE_LIBRARY_SCHEMA_VERSION,
  CASE_SCRIPT_FIELDS,
  CaseLibrary,
  CaseScript,
  SCRIPT_LIMITS,
  type CaseScriptField,
} from './case-script';
import { decodeImportBytes, type TextEncodingName } from '../files/text-decoding';
import { boundedList, inFile, isBlocking, maskedCellProblem, problem, type ImportProblem, type ProblemLocation, type ProblemParams } from '../files/file-problems';
import { MAX_JSON_DEPTH, scanJsonStructure, type DuplicateKey } from '../files/json-structure';
import { maskPhoneNumbers } from '../privacy/phone-numbers';
import {
  LIBRARY_COLUMNS,
  mapColumns,
  rowShapeProblems,
  nameAndVersionFromFileName,
  normalizeDateCell,
  readCsvTable,
  splitListCell,
} from '../files/library-files';

/**
 * Everything a library import checks before anything is written: decoding, the file's shape,
 * every row against the schema, ids unique, categories in the taxonomy. The result lists each
 * problem with its row, column and reason, and the scripts that have none, so the lead can fix
 * the file or knowingly import only the valid rows.
 */

export type ImportFormat = 'csv' | 'json';

export interface LibraryImportOptions {
  /** Picks the format (.json, else CSV) and supplies the name and version of a CSV file. */
  fileName?: string;
  /** Forces a format; otherwise from the file name, else from the first character. */
  format?: ImportFormat;
  /** The lead's choice of encoding; detected when absent. */
  encoding?: TextEncodingName;
  /** Category ids must exist in it (names of its categories are accepted too). */
  taxonomy: Taxonomy;
  /** The import date (YYYY-MM-DD): fills an empty updatedAt, and is the fallback version. */
  today: string;
  /** Name and version when the file carries none (CSV, a bare JSON array); beat the file name. */
  name?: string;
  version?: string;
}

export interface LibraryImportCheck {
  format: ImportFormat;
  /** The encoding the bytes were read with; null when text was given or the bytes were refused. */
  encoding: TextEncodingName | null;
  /** False when the lead's chosen encoding was used. */
  encodingDetected: boolean;
  name: string;
  version: string;
  /** Scripts without blocking problems, in file order: what "import only valid rows" writes. */
  valid: CaseScript[];
  problems: ImportProblem[];
  /** Data rows read (CSV, blank rows excluded) or entries of `scripts` (JSON). */
  rowCount: number;
  /** Rows or entries kept out by a blocking problem. */
  invalidRowCount: number;
  /** A problem with the whole file: nothing can be imported, whatever the lead chooses. */
  fileProblem: boolean;
}

/** The part of a check that an import writes. */
export interface IncomingLibrary {
  name: string;
  version: string;
  scripts: CaseScript[];
}

export function checkLibraryFile(bytes: Uint8Array, options: LibraryImportOptions): LibraryImportCheck {
  const decoded = decodeImportBytes(bytes, { canChoose: true, ...(options.encoding ? { encoding: options.encoding } : {}) });
  if (!decoded.ok) {
    const failed = fileFailure(emptyCheck(options.format ?? formatFromName(options.fileName) ?? 'csv', options), [decoded.problem]);
    return { ...failed, problems: failed.problems.map((found) => inFile(found, options.fileName)) };
  }
  const check = checkLibraryText(decoded.decoded.text, options);
  return {
    ...check,
    encoding: decoded.decoded.encoding,
    encodingDetected: decoded.decoded.detected,
    problems: [...decoded.decoded.warnings.map((found) => inFile(found, options.fileName)), ...check.problems],
  };
}

export function checkLibraryText(text: string, options: LibraryImportOptions): LibraryImportCheck {
  const format = options.format ?? formatFromName(options.fileName) ?? sniffFormat(text);
  const check = format === 'json' ? checkLibraryJson(text, options) : checkLibraryCsv(text, options);
  return { ...check, problems: check.problems.map((found) => inFile(found, options.fileName)) };
}

/** True when nothing blocks importing the whole file. */
export function isCleanImport(check: { problems: readonly ImportProblem[] }): boolean {
  return !check.problems.some(isBlocking);
}

/** What an import writes: the valid rows, with the file's name and version. */
export function incomingLibrary(check: LibraryImportCheck): IncomingLibrary {
  return { name: check.name, version: check.version, scripts: check.valid };
}

export function formatFromName(fileName: string | undefined): ImportFormat | undefined {
  if (!fileName) return undefined;
  return fileName.toLowerCase().endsWith('.json') ? 'json' : 'csv';
}

export function sniffFormat(text: string): ImportFormat {
  const first = text.replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' || first === '[' ? 'json' : 'csv';
}

/** Name and version for files that carry none: options, then the file name, then defaults. */
export function fallbackNameAndVersion(
  options: { fileName?: string; name?: string; version?: string; today: string },
  defaultName: string,
): { name: string; version: string } {
  const fromFile = options.fileName ? nameAndVersionFromFileName(options.fileName) : { name: '' };
  return {
    name: (options.name?.trim() || fromFile.name || defaultName).slice(0, 80),
    version: (options.version?.trim() || fromFile.version || options.today).slice(0, 40),
  };
}

function emptyCheck(format: ImportFormat, options: LibraryImportOptions): LibraryImportCheck {
  return {
    format,
    encoding: null,
    encodingDetected: true,
    ...fallbackNameAndVersion(options, '导入的案例库'),
    valid: [],
    problems: [],
    rowCount: 0,
    invalidRowCount: 0,
    fileProblem: false,
  };
}

function fileFailure(check: LibraryImportCheck, problems: ImportProblem[]): LibraryImportCheck {
  return { ...check, valid: [], problems: [...check.problems, ...problems], fileProblem: true };
}

// ---------------------------------------------------------------------------------------------
// CSV

function checkLibraryCsv(text: string, options: LibraryImportOptions): LibraryImportCheck {
  const check = emptyCheck('csv', options);
  const read = readCsvTable(text);
  if (!read.ok) return fileFailure(check, [read.problem]);
  const { table } = read;
  check.rowCount = table.records.length;
  const { mapping, problems: columnProblems } = mapColumns(table, LIBRARY_COLUMNS);
  if (!mapping) return fileFailure(check, columnProblems);
  check.problems.push(...columnProblems);
  if (table.records.length === 0) return fileFailure(check, [problem('no-rows')]);
  if (table.records.length > SCRIPT_LIMITS.scriptsPerLibrary) {
    return fileFailure(check, [problem('too-many-rows', { count: table.records.length, limit: SCRIPT_LIMITS.scriptsPerLibrary })]);
  }

  const rows = table.records.map((record, index): PendingRow => {
    const raw: Record<string, unknown> = {};
    for (const [field, index] of mapping.indexOf) {
      const cell = record.cells[index] ?? '';
      if (field === 'keywords' || field === 'categoryIds') raw[field] = splitListCell(cell);
      else if (field === 'aliases') {
        // Optional: an empty cell leaves the script without aliases, as in a JSON file.
        const aliases = splitListCell(cell);
        if (aliases.length > 0) raw[field] = aliases;
      } else if (field === 'updatedAt' || field === 'verifiedAt') {
        if (cell.trim() !== '') raw[field] = normalizeDateCell(cell);
      } else if (field === 'owner') {
        if (cell.trim() !== '') raw[field] = cell;
      } else raw[field] = cell;
    }
    const at = (field?: CaseScriptField): ProblemLocation => ({
      row: record.row,
      line: table.lineOf(record),
      ...(field ? { field, column: mapping.headerOf.get(field) ?? field } : {}),
    });
    const shape = rowShapeProblems(record, table, (column) => ({ ...at(), ...(column ? { column } : {}) }), {
      isLast: index === table.records.length - 1,
    });
    return { raw, at, problems: shape };
  });
  return checkRows(check, rows, options);
}

// ---------------------------------------------------------------------------------------------
// JSON

function checkLibraryJson(text: string, options: LibraryImportOptions): LibraryImportCheck {
  const check = emptyCheck('json', options);
  const parsed = parseJson(text);
  if (!parsed.ok) return fileFailure(check, [parsed.problem]);
  const document = parsed.value;
  // A key given twice: top-level ones spoil the file, those of one script spoil that script.
  const duplicatesOf = new Map<number, ImportProblem[]>();
  const topLevel: ImportProblem[] = [];
  for (const duplicate of parsed.duplicateKeys) {
    const index = Array.isArray(document) ? duplicate.path[0] : duplicate.path[0] === 'scripts' ? duplicate.path[1] : undefined;
    if (typeof index === 'number' && duplicate.path.length === (Array.isArray(document) ? 1 : 2)) {
      duplicatesOf.set(index, [...(duplicatesOf.get(index) ?? []), duplicateKeyProblem(duplicate, { entry: index + 1, column: duplicate.key })]);
    } else topLevel.push(duplicateKeyProblem(duplicate, { column: [...duplicate.path, duplicate.key].join('.') }));
  }
  if (topLevel.length > 0) return fileFailure(check, topLevel);

  let entries: unknown[];
  if (Array.isArray(document)) {
    entries = document;
  } else if (isRecord(document) && Array.isArray(document.scripts)) {
    if (document.schemaVersion !== CASE_LIBRARY_SCHEMA_VERSION) {
      return fileFailure(check, [unsupportedVersion(document.schemaVersion, CASE_LIBRARY_SCHEMA_VERSION)]);
    }
    const header = CaseLibrary.safeParse({ ...document, scripts: [] });
    if (!header.success) {
      return fileFailure(
        check,
        header.error.issues.map((issue) => {
          const field = String(issue.path[0] ?? '');
          return zodProblem(issue, document[field], { column: field, field });
        }),
      );
    }
    check.name = header.data.name;
    check.version = header.data.version;
    entries = document.scripts;
  } else {
    return fileFailure(check, [problem('json-shape', { expected: 'library' })]);
  }

  check.rowCount = entries.length;
  if (entries.length === 0) return fileFailure(check, [problem('no-rows')]);
  if (entries.length > SCRIPT_LIMITS.scriptsPerLibrary) {
    return fileFailure(check, [problem('too-many-rows', { count: entries.length, limit: SCRIPT_LIMITS.scriptsPerLibrary })]);
  }
  check.problems.push(...unknownProperties(entries, CASE_SCRIPT_FIELDS));
  const rows = entries.map((entry, index): PendingRow => {
    const at = (field?: CaseScriptField): ProblemLocation => ({ entry: index + 1, ...(field ? { field, column: field } : {}) });
    if (!isRecord(entry)) {
      const notAScript = problem('wrong-type', { column: 'scripts', expected: 'object', found: typeName(entry) }, { ...at(), column: 'scripts' });
      return { raw: null, at, problems: [notAScript] };
    }
    return { raw: entry, at, problems: duplicatesOf.get(index) ?? [] };
  });
  return checkRows(check, rows, options);
}

type JsonResult = { ok: true; value: unknown; duplicateKeys: DuplicateKey[] } | { ok: false; problem: ImportProblem };

/** JSON text as a value, refusing nesting no Iceberg file has, and listing keys given twice. */
export function parseJson(text: string): JsonResult {
  const source = text.replace(/^\uFEFF/, '');
  if (source.trim() === '') return { ok: false, problem: problem('empty-file') };
  const structure = scanJsonStructure(source);
  if (structure.tooDeep) return { ok: false, problem: problem('json-too-deep', { limit: MAX_JSON_DEPTH, ...structure.tooDeep }) };
  try {
    return { ok: true, value: JSON.parse(source), duplicateKeys: structure.duplicateKeys };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    // V8 says either "at position 42" or "(line 3 column 5)", depending on its version.
    const lineColumn = /line (\d+) column (\d+)/.exec(detail);
    if (lineColumn) return { ok: false, problem: problem('not-json', { line: Number(lineColumn[1]), column: Number(lineColumn[2]), detail }) };
    const position = Number(/position (\d+)/.exec(detail)?.[1] ?? source.length);
    const before = source.slice(0, position);
    const line = before.split('\n').length;
    return { ok: false, problem: problem('not-json', { line, column: position - before.lastIndexOf('\n'), detail }) };
  }
}

export function duplicateKeyProblem(duplicate: DuplicateKey, location: ProblemLocation): ImportProblem {
  return problem('duplicate-key', { key: duplicate.key, line: duplicate.line, column: duplicate.column }, location);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function unsupportedVersion(value: unknown, supported: number): ImportProblem {
  return problem('unsupported-schema-version', {
    value: value === undefined ? '(missing)' : JSON.stringify(value),
    supported,
  });
}

/** Properties the schema does not know (a typo like "keyword") are dropped: say so, once each. */
export function unknownProperties(entries: readonly unknown[], known: readonly string[]): ImportProblem[] {
  const knownSet = new Set(known);
  const firstEntry = new Map<string, number>();
  entries.forEach((entry, index) => {
    if (!isRecord(entry)) return;
    for (const key of Object.keys(entry)) if (!knownSet.has(key) && !firstEntry.has(key)) firstEntry.set(key, index + 1);
  });
  if (firstEntry.size === 0) return [];
  const [first] = firstEntry.values();
  return [problem('unknown-columns', { count: firstEntry.size, columns: boundedList([...firstEntry.keys()]), accepted: known.join(', ') }, { entry: first! })];
}

/** A short text for any value, never deeper than it needs to look. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  } catch {
    return typeName(value);
  }
}

export function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

// ---------------------------------------------------------------------------------------------
// Rows, whatever the format

interface PendingRow {
  /** Null when the entry is not even an object (its problem is already in `problems`). */
  raw: Record<string, unknown> | null;
  at: (field?: CaseScriptField) => ProblemLocation;
  /** Problems found while reading the row (extra cells, not an object). */
  problems: ImportProblem[];
}

function checkRows(check: LibraryImportCheck, rows: PendingRow[], options: LibraryImportOptions): LibraryImportCheck {
  const firstPlaceOfId = new Map<string, ProblemLocation>();
  const categoriesById = new Map(options.taxonomy.categories.map((category) => [category.id, category]));
  const categoryIdByName = categoryNames(options.taxonomy);
  const valid: CaseScript[] = [];
  const problems: ImportProblem[] = [];
  let invalidRowCount = 0;

  for (const row of rows) {
    if (!row.raw) {
      problems.push(...row.problems);
      invalidRowCount++;
      continue;
    }
    const raw = { ...row.raw };
    // An empty or absent updatedAt means "as of this import".
    if (raw.updatedAt === undefined || raw.updatedAt === null) raw.updatedAt = options.today;
    if (Array.isArray(raw.categoryIds)) raw.categoryIds = raw.categoryIds.map((item) => toCategoryId(item, categoryIdByName));
    const parsed = CaseScript.safeParse(raw);
    const rowProblems = [...row.problems];
    const id = typeof raw.id === 'string' ? raw.id.trim() : '';
    if (id !== '') {
      const earlier = firstPlaceOfId.get(id);
      if (earlier) rowProblems.push(duplicateId(id, earlier, row.at('id')));
      else firstPlaceOfId.set(id, row.at());
    }
    if (!parsed.success) {
      const reported = new Set<string>();
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '') as CaseScriptField;
        const item = issue.path[1];
        const key = `${field}/${String(item ?? '')}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const value = typeof item === 'number' && Array.isArray(raw[field]) ? (raw[field] as unknown[])[item] : raw[field];
        rowProblems.push(zodProblem(issue, value, row.at(field)));
      }
    }
    if (parsed.success) {
      for (const categoryId of parsed.data.categoryIds) {
        const category = categoriesById.get(categoryId);
        if (!category) rowProblems.push(problem('unknown-category', { value: categoryId }, row.at('categoryIds')));
        else if (category.retired) rowProblems.push(problem('retired-category', { value: categoryId }, row.at('categoryIds')));
      }
    }
    if (parsed.success) rowProblems.push(...maskedTextProblems(raw, row.at));
    problems.push(...rowProblems);
    if (parsed.success && !rowProblems.some(isBlocking)) valid.push(parsed.data);
    else invalidRowCount++;
  }
  return { ...check, name: maskPhoneNumbers(check.name), valid, invalidRowCount, problems: [...check.problems, ...problems] };
}

const MASKED_SCRIPT_FIELDS = ['title', 'scenario', 'solution', 'script', 'owner', 'keywords'] as const;

/**
 * The script schema masks phone numbers (a customer's number pasted from a real case); each cell
 * that held one gets a warning at its row and column. Service numbers (400/800 numbers, short
 * codes like 10086) are not phone numbers to the gate and stay.
 */
function maskedTextProblems(raw: Record<string, unknown>, at: (field?: CaseScriptField) => ProblemLocation): ImportProblem[] {
  return MASKED_SCRIPT_FIELDS.flatMap((field) => {
    const place = at(field);
    return maskedCellProblem(raw[field], { ...place, column: place.column ?? field }) ?? [];
  });
}

export function duplicateId(id: string, earlier: ProblemLocation, here: ProblemLocation): ImportProblem {
  const params: ProblemParams = earlier.row !== undefined ? { value: id, otherRow: earlier.row } : { value: id, otherEntry: earlier.entry ?? 0 };
  return problem('duplicate-id', params, here);
}

/** Leads may write a category's name (计费/资费争议, Billing & tariff dispute) instead of its id. */
function categoryNames(taxonomy: Taxonomy): Map<string, string> {
  const byName = new Map<string, string>();
  for (const category of taxonomy.categories) {
    byName.set(category.name.zh.trim(), category.id);
    byName.set(category.name.en.trim().toLowerCase(), category.id);
  }
  return byName;
}

function toCategoryId(item: unknown, byName: Map<string, string>): unknown {
  if (typeof item !== 'string' || /^[a-z][a-z0-9-]{1,39}$/.test(item)) return item; // already an id (CategoryId's pattern)
  return byName.get(item.trim()) ?? byName.get(item.trim().toLowerCase()) ?? item;
}

/** One Zod issue as a lead reads it. */
export function zodProblem(issue: z.core.$ZodIssue, value: unknown, location: ProblemLocation): ImportProblem {
  const column = location.column ?? location.field ?? issue.path.join('.');
  const field = location.field ?? '';
  const shown = typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : describeValue(value);
  const short = shown.length > 40 ? `${shown.slice(0, 40)}…` : shown;
  if (typeof value === 'string' && shown === '') return problem('missing-field', { column }, location);
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined || value === null) return problem('missing-field', { column }, location);
      return problem('wrong-type', { column, expected: issue.expected, found: typeName(value) }, location);
    case 'too_small':
      if (issue.origin === 'string') return problem('missing-field', { column }, location);
      return problem('invalid-value', { column, value: short, detail: issue.message }, location);
    case 'too_big':
      if (issue.origin === 'string') return problem('too-long', { column, length: shown.length, limit: Number(issue.maximum) }, location);
      return problem('too-many-items', { column, count: Array.isArray(value) ? value.length : 0, limit: Number(issue.maximum) }, location);
    case 'invalid_format':
      if (field === 'id') return problem('invalid-id', { column, value: short }, location);
      if (field === 'updatedAt' || field === 'verifiedAt') return problem('invalid-date', { column, value: short }, location);
      if (field === 'keywords') return problem('invalid-keyword', { column, value: short }, location);
      if (field === 'categoryIds' || field === 'parentId') return problem('invalid-category-id', { column, value: short }, location);
      if (field === 'color') return problem('invalid-color', { column, value: short }, location);
      if (field === 'shortcut') return problem('invalid-shortcut', { column, value: short }, location);
      return problem('invalid-value', { column, value: short, detail: issue.message }, location);
    default:
      return problem('invalid-value', { column, value: short, detail: issue.message }, location);
  }
}
