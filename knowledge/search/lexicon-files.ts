import { BOM, csvLine } from '../files/csv';
import { readDocumentRows } from '../files/document-rows';
import { isBlocking, maskedCellProblem, problem, type ImportProblem } from '../files/file-problems';
import { splitListCell, type ColumnSpec } from '../files/library-files';
import { decodeImportBytes, type TextEncodingName } from '../files/text-decoding';
import { fallbackNameAndVersion, formatFromName, isRecord, sniffFormat, zodProblem, type ImportFormat } from '../case-library/library-check';
import { LEXICON_COLUMNS } from './lexicon-columns';
import { LEXICON_ENTRY_FIELDS, LEXICON_LIMITS, LEXICON_SCHEMA_VERSION, LexiconEntry, SearchLexicon } from './lexicon';

/**
 * The search lexicon's files (docs/search-lexicon.md), read and checked like the case library's:
 * the same decoding (UTF-8, GB18030, UTF-16 with a BOM), CSV rules and problem list. A lexicon
 * is imported whole or not at all, like the taxonomy: a half-read lexicon would make the search
 * behave in ways nobody checked.
 *
 * JSON is the SearchLexicon object. CSV has one row per entry: `libraryTerms` (书面用语) and
 * `spokenPhrases` (口语说法) hold lists separated by | (or ; ； 、 ， , on import), `note` (说明)
 * is free text. A row without library terms lists filler words.
 */

type LexiconField = (typeof LEXICON_ENTRY_FIELDS)[number];

/** The columns, checked against the lexicon's entry fields. */
const COLUMNS: readonly ColumnSpec<LexiconField>[] = LEXICON_COLUMNS;

export interface LexiconImportOptions {
  fileName?: string;
  format?: ImportFormat;
  encoding?: TextEncodingName;
  /** Fallback version for a CSV file whose name carries none. */
  today: string;
}

export interface LexiconImportCheck {
  format: ImportFormat;
  encoding: TextEncodingName | null;
  /** The lexicon when nothing blocks; null otherwise. */
  lexicon: SearchLexicon | null;
  problems: ImportProblem[];
  rowCount: number;
}

export function checkLexiconFile(bytes: Uint8Array, options: LexiconImportOptions): LexiconImportCheck {
  const decoded = decodeImportBytes(bytes, options.encoding ? { encoding: options.encoding } : {});
  if (!decoded.ok) {
    return { format: options.format ?? formatFromName(options.fileName) ?? 'csv', encoding: null, lexicon: null, problems: [decoded.problem], rowCount: 0 };
  }
  const check = checkLexiconText(decoded.decoded.text, options);
  return { ...check, encoding: decoded.decoded.encoding, problems: [...decoded.decoded.warnings, ...check.problems] };
}

export function checkLexiconText(text: string, options: LexiconImportOptions): LexiconImportCheck {
  const format = options.format ?? formatFromName(options.fileName) ?? sniffFormat(text);
  const failed = (problems: ImportProblem[], rowCount = 0): LexiconImportCheck => ({ format, encoding: null, lexicon: null, problems, rowCount });
  const read = readDocumentRows<LexiconField>(text, format, {
    fallback: fallbackNameAndVersion(options, '导入的口语词典'),
    maxRows: LEXICON_LIMITS.entries,
    listKey: 'entries',
    expected: 'lexicon',
    schemaVersion: LEXICON_SCHEMA_VERSION,
    rowProperties: LEXICON_ENTRY_FIELDS,
    columns: COLUMNS,
    fromCells: (cell) => {
      const raw: Record<string, unknown> = { libraryTerms: splitListCell(cell('libraryTerms')), spokenPhrases: splitListCell(cell('spokenPhrases')) };
      if (cell('note').trim() !== '') raw.note = cell('note');
      return raw;
    },
  });
  if (!read.ok) return failed(read.problems, read.rowCount);
  const { name, version, rows } = read;
  const found: ImportProblem[] = [...read.problems];

  const entries: LexiconEntry[] = [];
  for (const row of rows) {
    found.push(...row.problems);
    const parsed = LexiconEntry.safeParse(row.raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? '');
        const value = issue.path.reduce<unknown>((node, key) => (isRecord(node) || Array.isArray(node) ? (node as Record<string, unknown>)[String(key)] : undefined), row.raw);
        const located = row.at(field);
        // An empty list of spoken phrases is an empty required cell.
        if (issue.code === 'too_small' && issue.path.length === 1) found.push(problem('missing-field', { column: located.column ?? field }, located));
        else found.push(zodProblem(issue, value, located));
      }
      continue;
    }
    // The entry schema masks phone numbers (a customer's number pasted as a phrase); say where it did, as the library's check does.
    for (const field of LEXICON_ENTRY_FIELDS) {
      const place = row.at(field);
      const masked = maskedCellProblem(row.raw[field], { ...place, column: place.column ?? field });
      if (masked) found.push(masked);
    }
    entries.push(parsed.data);
  }
  const lexicon = SearchLexicon.safeParse({ schemaVersion: LEXICON_SCHEMA_VERSION, name, version, entries });
  if (!lexicon.success) for (const issue of lexicon.error.issues) found.push(zodProblem(issue, undefined, { field: String(issue.path[0] ?? '') }));
  const blocking = found.some(isBlocking);
  return { format, encoding: null, lexicon: blocking || !lexicon.success ? null : lexicon.data, problems: found, rowCount: rows.length };
}

export function lexiconToJson(lexicon: SearchLexicon): string {
  const entries = lexicon.entries.map((entry) => ({ libraryTerms: entry.libraryTerms, spokenPhrases: entry.spokenPhrases, ...(entry.note ? { note: entry.note } : {}) }));
  return `${JSON.stringify({ schemaVersion: lexicon.schemaVersion, name: lexicon.name, version: lexicon.version, entries }, null, 2)}\n`;
}

/** CSV for Excel: UTF-8 with a BOM, CRLF, lists joined with |, the formula guard on every cell. */
export function lexiconToCsv(lexicon: SearchLexicon): string {
  const lines = [csvLine([...LEXICON_ENTRY_FIELDS])];
  for (const entry of lexicon.entries) lines.push(csvLine([entry.libraryTerms.join('|'), entry.spokenPhrases.join('|'), entry.note ?? '']));
  return BOM + lines.join('');
}
