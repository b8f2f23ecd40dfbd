import { ComplaintCategory, TAXONOMY_SCHEMA_VERSION, Taxonomy } from './taxonomy';
import { decodeImportBytes, type TextEncodingName } from '../files/text-decoding';
import { duplicateId, fallbackNameAndVersion, formatFromName, isRecord, sniffFormat, zodProblem, type ImportFormat } from '../case-library/library-check';
import { readDocumentRows } from '../files/document-rows';
import { inFile, isBlocking, maskedCellProblem, problem, type ImportProblem, type ProblemLocation } from '../files/file-problems';
import { TAXONOMY_COLUMNS, type TaxonomyCsvField } from '../files/library-files';

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
  const decoded = decodeImportBytes(bytes, { canChoose: true, ...(options.encoding ? { encoding: options.encoding } : {}) });
  if (!decoded.ok) {
    const format = options.format ?? formatFromName(options.fileName) ?? 'csv';
    return { format, encoding: null, taxonomy: null, problems: [inFile(decoded.problem, options.fileName)], rowCount: 0 };
  }
  const check = checkTaxonomyText(decoded.decoded.text, options);
  return {
    ...check,
    encoding: decoded.decoded.encoding,
    problems: [...decoded.decoded.warnings.map((found) => inFile(found, options.fileName)), ...check.problems],
  };
}

export function checkTaxonomyText(text: string, options: TaxonomyImportOptions): TaxonomyImportCheck {
  const check = checkTaxonomyTextIn(text, options);
  return { ...check, problems: check.problems.map((found) => inFile(found, options.fileName)) };
}

function checkTaxonomyTextIn(text: string, options: TaxonomyImportOptions): TaxonomyImportCheck {
  const format = options.format ?? formatFromName(options.fileName) ?? sniffFormat(text);
  const failed = (problems: ImportProblem[], rowCount = 0): TaxonomyImportCheck => ({
    format,
    encoding: null,
    taxonomy: null,
    problems,
    rowCount,
  });
  const read = readDocumentRows<TaxonomyCsvField>(text, format, {
    fallback: fallbackNameAndVersion(options, '导入的分类表'),
    maxRows: MAX_CATEGORIES,
    listKey: 'categories',
    expected: 'taxonomy',
    schemaVersion: TAXONOMY_SCHEMA_VERSION,
    rowProperties: CATEGORY_FIELDS,
    columns: TAXONOMY_COLUMNS,
    fromCells: (cellText, at, problems) => {
      const cell = (field: TaxonomyCsvField) => cellText(field).trim();
      const raw: Record<string, unknown> = { id: cell('id'), name: { zh: cell('nameZh'), en: cell('nameEn') }, color: cell('color') };
      if (cell('parentId')) raw.parentId = cell('parentId');
      if (cell('shortcut')) raw.shortcut = cell('shortcut').toLowerCase();
      if (cell('description')) raw.description = cell('description');
      const retired = parseRetired(cell('retired'));
      if (retired === undefined) {
        problems.push(problem('invalid-boolean', { column: at('retired').column ?? 'retired', value: cell('retired') }, at('retired')));
      } else raw.retired = retired;
      return raw;
    },
  });
  if (!read.ok) return failed(read.problems, read.rowCount);
  const { name, version, rows } = read;
  const found: ImportProblem[] = [...read.problems];

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
    reportMaskedText(row.raw, row.at, found);
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

/** The category schema masks phone numbers in names and descriptions; say where it did. */
function reportMaskedText(raw: Record<string, unknown>, at: (field?: string) => ProblemLocation, found: ImportProblem[]): void {
  const name = isRecord(raw.name) ? raw.name : {};
  const csv = at().row !== undefined;
  const texts: Array<[string, unknown]> = [
    [csv ? 'nameZh' : 'name.zh', name.zh],
    [csv ? 'nameEn' : 'name.en', name.en],
    ['description', raw.description],
  ];
  for (const [field, text] of texts) {
    const place = at(field);
    const masked = maskedCellProblem(text, { ...place, column: place.column ?? field });
    if (masked) found.push(masked);
  }
}

/** Empty means "in use"; leads write true/false, yes/no, 1/0 or 是/否. */
function parseRetired(cell: string): boolean | undefined {
  const value = cell.trim().toLowerCase();
  if (['', 'false', 'no', 'n', '0', '否'].includes(value)) return false;
  if (['true', 'yes', 'y', '1', '是'].includes(value)) return true;
  return undefined;
}
