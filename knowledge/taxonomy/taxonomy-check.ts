import { ComplaintCategory, TAXONOMY_SCHEMA_VERSION, Taxonomy } from './taxonomy';
import { decodeImportBytes, type TextEncodingName } from '../files/text-decoding';
import {
  duplicateId,
  fallbackNameAndVersion,
  formatFromName,
  isRecord,
  parseJson,
  sniffFormat,
  unknownProperties,
  unsupportedVersion,
  zodProblem,
  type ImportFormat,
} from '../case-library/library-check';
import { isBlocking, problem, type ImportProblem, type ProblemLocation } from '../files/file-problems';
import { TAXONOMY_COLUMNS, extraCells, mapColumns, readCsvTable, type TaxonomyCsvField } from '../files/library-files';

/**
 * The complaint taxonomy imports like the library (same decoding, formats and problem list), but
 * whole or not at all: clicks and scripts refer to its ids, so half a taxonomy is no use.
 */

export interface TaxonomyImportOptions {
  fileName?: string;
  format?: ImportFormat;
  encoding?: TextEncodingName;
  /** Fallback version for a CSV file whose name carries none. */
  today: string;
  name?: string;
  version?: string;
}

export interface TaxonomyImportCheck {
  format: ImportFormat;
  encoding: TextEncodingName | null;
  /** The taxonomy when nothing blocks; null otherwise. */
  taxonomy: Taxonomy | null;
  problems: ImportProblem[];
  rowCount: number;
}

/** The most categories a taxonomy holds (the schema's limit). */
const MAX_CATEGORIES = 200;
const CATEGORY_FIELDS = ['id', 'name', 'parentId', 'color', 'shortcut', 'description', 'retired'] as const;

export function checkTaxonomyFile(bytes: Uint8Array, options: TaxonomyImportOptions): TaxonomyImportCheck {
  const decoded = decodeImportBytes(bytes, options.encoding ? { encoding: options.encoding } : {});
  if (!decoded.ok) {
    const format = options.format ?? formatFromName(options.fileName) ?? 'csv';
    return { format, encoding: null, taxonomy: null, problems: [decoded.problem], rowCount: 0 };
  }
  const check = checkTaxonomyText(decoded.decoded.text, options);
  return { ...check, encoding: decoded.decoded.encoding, problems: [...decoded.decoded.warnings, ...check.problems] };
}

interface PendingCategory {
  raw: Record<string, unknown>;
  at: (field?: string) => ProblemLocation;
  problems: ImportProblem[];
}

export function checkTaxonomyText(text: string, options: TaxonomyImportOptions): TaxonomyImportCheck {
  const format = options.format ?? formatFromName(options.fileName) ?? sniffFormat(text);
  const failed = (problems: ImportProblem[], rowCount = 0): TaxonomyImportCheck => ({
    format,
    encoding: null,
    taxonomy: null,
    problems,
    rowCount,
  });
  let { name, version } = fallbackNameAndVersion(options, '导入的分类表');
  const found: ImportProblem[] = [];
  let rows: PendingCategory[];

  if (format === 'json') {
    const parsed = parseJson(text);
    if (!parsed.ok) return failed([parsed.problem]);
    const document = parsed.value;
    if (!isRecord(document) || !Array.isArray(document.categories)) return failed([problem('json-shape', { expected: 'taxonomy' })]);
    if (document.schemaVersion !== TAXONOMY_SCHEMA_VERSION) return failed([unsupportedVersion(document.schemaVersion, TAXONOMY_SCHEMA_VERSION)]);
    if (typeof document.name === 'string') name = document.name;
    if (typeof document.version === 'string') version = document.version;
    found.push(...unknownProperties(document.categories, CATEGORY_FIELDS));
    rows = document.categories.map((entry, index) => {
      const at = (field?: string): ProblemLocation => ({ entry: index + 1, ...(field ? { field, column: field } : {}) });
      if (isRecord(entry)) return { raw: entry, at, problems: [] };
      return { raw: {}, at, problems: [problem('wrong-type', { column: 'categories', expected: 'object', value: typeof entry }, at())] };
    });
  } else {
    const read = readCsvTable(text);
    if (!read.ok) return failed([read.problem]);
    const { mapping, problems: columnProblems } = mapColumns(read.table, TAXONOMY_COLUMNS);
    if (!mapping) return failed(columnProblems, read.table.records.length);
    found.push(...columnProblems);
    rows = read.table.records.map((record) => {
      const at = (field?: string): ProblemLocation => ({
        row: record.row,
        line: read.table.lineOf(record),
        ...(field ? { field, column: mapping.headerOf.get(field as TaxonomyCsvField) ?? field } : {}),
      });
      const cell = (field: TaxonomyCsvField) => {
        const index = mapping.indexOf.get(field);
        return index === undefined ? '' : (record.cells[index] ?? '').trim();
      };
      const extra = extraCells(record, mapping);
      const problems = extra > 0 ? [problem('extra-cells', { count: extra }, at())] : [];
      const raw: Record<string, unknown> = { id: cell('id'), name: { zh: cell('nameZh'), en: cell('nameEn') }, color: cell('color') };
      if (cell('parentId')) raw.parentId = cell('parentId');
      if (cell('shortcut')) raw.shortcut = cell('shortcut').toLowerCase();
      if (cell('description')) raw.description = cell('description');
      const retired = parseRetired(cell('retired'));
      if (retired === undefined) {
        problems.push(problem('invalid-boolean', { column: at('retired').column ?? 'retired', value: cell('retired') }, at('retired')));
      } else raw.retired = retired;
      return { raw, at, problems };
    });
  }

  if (rows.length === 0) return failed([...found, problem('no-rows')]);
  if (rows.length > MAX_CATEGORIES) return failed([...found, problem('too-many-rows', { count: rows.length, limit: MAX_CATEGORIES })], rows.length);

  const categories: ComplaintCategory[] = [];
  const placeOfId = new Map<string, ProblemLocation>();
  const holderOfShortcut = new Map<string, string>();
  for (const row of rows) {
    const parsed = ComplaintCategory.safeParse(row.raw);
    found.push(...row.problems);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path = issue.path.map(String);
        // The CSV splits name into two columns; JSON keeps the path.
        const field = path[0] === 'name' && row.at().row !== undefined ? (path[1] === 'en' ? 'nameEn' : 'nameZh') : path.join('.');
        const value = path.reduce<unknown>((node, key) => (isRecord(node) ? node[key] : undefined), row.raw);
        const located = row.at(field);
        found.push(
          issue.code === 'invalid_format' && field === 'id'
            ? problem('invalid-category-id', { column: located.column ?? field, value: typeof value === 'string' ? value : JSON.stringify(value ?? '') }, located)
            : zodProblem(issue, value, located),
        );
      }
      continue;
    }
    const category = parsed.data;
    const earlier = placeOfId.get(category.id);
    if (earlier) found.push(duplicateId(category.id, earlier, row.at('id')));
    else placeOfId.set(category.id, row.at());
    if (category.shortcut && !category.retired) {
      const holder = holderOfShortcut.get(category.shortcut);
      if (holder) found.push(problem('duplicate-shortcut', { value: category.shortcut, other: holder }, row.at('shortcut')));
      else holderOfShortcut.set(category.shortcut, category.id);
    }
    categories.push(category);
  }

  const byId = new Map(categories.map((category) => [category.id, category]));
  rows.forEach((row) => {
    const parentId = row.raw.parentId;
    if (typeof parentId !== 'string' || !byId.has(String(row.raw.id))) return;
    const parent = byId.get(parentId);
    if (!parent) found.push(problem('invalid-parent', { value: parentId, reason: 'missing' }, row.at('parentId')));
    else if (parent.parentId) found.push(problem('invalid-parent', { value: parentId, reason: 'nested' }, row.at('parentId')));
  });

  if (found.some(isBlocking)) return failed(found, rows.length);
  const whole = Taxonomy.safeParse({ schemaVersion: TAXONOMY_SCHEMA_VERSION, name, version, categories });
  if (!whole.success) {
    // Only the name or version can still be wrong here: the rows passed every check above.
    return failed(
      whole.error.issues.map((issue) => zodProblem(issue, issue.path[0] === 'name' ? name : version, { column: String(issue.path[0]), field: String(issue.path[0]) })),
      rows.length,
    );
  }
  return { format, encoding: null, taxonomy: whole.data, problems: found, rowCount: rows.length };
}

/** Empty means "in use"; leads write true/false, yes/no, 1/0 or 是/否. */
function parseRetired(cell: string): boolean | undefined {
  const value = cell.trim().toLowerCase();
  if (['', 'false', 'no', 'n', '0', '否'].includes(value)) return false;
  if (['true', 'yes', 'y', '1', '是'].includes(value)) return true;
  return undefined;
}
