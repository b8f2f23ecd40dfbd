import { BackupChecksum, BackupEnd, BackupHeader, BackupSection, READABLE_BACKUP_VERSIONS } from './backup-format';
import { BACKUP_TABLES, DATABASE_VERSION, LEGACY_TABLES, isBackupTable, keyAt, rowAsToday } from './backup-tables';
import { maskedColumnProblem, problem, type ImportProblem, type ProblemCode, type ProblemParams } from './file-problems';
import { contentText, type TextEncodingName, type TextSource } from './text-decoding';
import { describeValue } from '../case-library/library-check';
import { findPhoneNumbers } from '../privacy/phone-numbers';

/**
 * Reads and checks a whole backup without a database: the restore runs it before it writes
 * anything, and `iceberg validate` runs it on QA's files. Bytes are decoded strictly; the header,
 * the versions, every row against its table's schema (which masks phone numbers), unique keys,
 * the closing counts and the checksum are checked. Rows of an older database version are first
 * renamed as today's database stores them.
 */

/** A problem with a backup, at its line. */
export type BackupProblem = ImportProblem & { line: number };

export class BackupError extends Error {
  constructor(readonly problems: BackupProblem[]) {
    super(
      `The backup cannot be restored; nothing was changed. ${problems
        .slice(0, 3)
        .map((found) => `Line ${found.line}${found.table ? ` (${found.table})` : ''}: ${found.message.en}`)
        .join(' ')}${problems.length > 3 ? ` … and ${problems.length - 3} more.` : ''}`,
    );
    this.name = 'BackupError';
  }
}

export interface BackupRead {
  header: BackupHeader;
  /** The checked rows of every table, as today's database stores them. */
  rows: Map<string, unknown[]>;
  /** The encoding the file was read in (null when given as text). */
  encoding: TextEncodingName | null;
  /** Doubts that stop nothing: another encoding than UTF-8, no checksum, masked phone numbers. */
  warnings: ImportProblem[];
}

function backupProblem(code: ProblemCode, params: ProblemParams, where: { line: number; table?: string | null; column?: string }): BackupProblem {
  const found = problem(code, params, { line: where.line, ...(where.table ? { table: where.table } : {}), ...(where.column ? { column: where.column } : {}) });
  return { ...found, line: where.line };
}

async function* lines(chunks: TextSource): AsyncGenerator<string> {
  if (typeof chunks === 'string') chunks = [chunks];
  let buffer = '';
  for await (const chunk of chunks) {
    buffer += chunk;
    let start = 0;
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      yield buffer.slice(start, newline);
      start = newline + 1;
      newline = buffer.indexOf('\n', start);
    }
    buffer = buffer.slice(start);
  }
  if (buffer.length) yield buffer;
}

const MAX_PROBLEMS = 50;

/**
 * Phone numbers a row's schema masked: every string of the parsed row that differs from the
 * file's and held a number. Counted per table and field, for one warning each.
 */
function countMasked(raw: unknown, parsed: unknown, path: string, found: Map<string, { count: number; line: number; value: string }>, line: number): void {
  if (typeof parsed === 'string') {
    if (typeof raw === 'string' && raw !== parsed) {
      const numbers = findPhoneNumbers(raw);
      if (numbers.length > 0) {
        const seen = found.get(path);
        if (seen) seen.count += 1;
        else found.set(path, { count: 1, line, value: numbers[0]!.masked });
      }
    }
    return;
  }
  if (Array.isArray(parsed)) {
    parsed.forEach((item, index) => countMasked(Array.isArray(raw) ? raw[index] : undefined, item, path, found, line));
    return;
  }
  if (parsed && typeof parsed === 'object') {
    const from = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
    for (const [key, value] of Object.entries(parsed)) countMasked(from[key], value, path ? `${path}.${key}` : key, found, line);
  }
}

/** Reads and checks a backup; returns the rows per table, or throws a BackupError. */
export async function readBackup(source: TextSource | Uint8Array): Promise<BackupRead> {
  const text = contentText(source);
  if (!text.ok) throw new BackupError([{ ...text.problem, line: Number(text.problem.params.line ?? 1) }]);
  const problems: BackupProblem[] = [];
  const fail = (code: ProblemCode, params: ProblemParams, where: { line: number; table?: string | null; column?: string }) => {
    if (problems.length < MAX_PROBLEMS) problems.push(backupProblem(code, params, where));
  };
  const warnings: ImportProblem[] = [...text.warnings];
  const rows = new Map<string, unknown[]>();
  const keys = new Map<string, Map<string, number>>();
  const masked = new Map<string, { count: number; line: number; value: string }>();
  const checksum = new BackupChecksum();
  let header: BackupHeader | null = null;
  let current: string | null = null;
  let end: { rows: Record<string, number>; sha256?: string } | null = null;
  let lineNumber = 0;

  for await (const raw of lines(text.chunks)) {
    lineNumber += 1;
    let line = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (line.endsWith('\r')) line = line.slice(0, -1);
    if (line.trim() === '') continue;
    if (end) {
      fail('text-after-end', {}, { line: lineNumber });
      break;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      if (!header) fail('not-a-backup', {}, { line: lineNumber });
      else fail('not-json', { line: lineNumber, column: 1, detail: error instanceof Error ? error.message : String(error) }, { line: lineNumber, table: current });
      if (!header) break;
      checksum.addLine(line);
      continue;
    }
    if (value && typeof value === 'object' && '$end' in value) {
      const parsed = BackupEnd.safeParse(value);
      if (!parsed.success) fail('malformed-line', { kind: 'end' }, { line: lineNumber });
      else end = parsed.data.$end;
      continue;
    }
    checksum.addLine(line);
    if (!header) {
      const parsed = BackupHeader.safeParse(value);
      if (!parsed.success) {
        const format = value && typeof value === 'object' ? (value as Record<string, unknown>).format : undefined;
        fail('not-a-backup', { detail: format === undefined ? '' : `format ${describeValue(format)}` }, { line: lineNumber });
        break;
      }
      header = parsed.data;
      if (!(READABLE_BACKUP_VERSIONS as readonly number[]).includes(header.backupVersion)) {
        fail('unsupported-backup-version', { value: header.backupVersion, supported: READABLE_BACKUP_VERSIONS.join(', ') }, { line: 1 });
        break;
      }
      if (header.databaseVersion > DATABASE_VERSION) {
        fail('backup-from-newer-iceberg', { value: header.databaseVersion, supported: DATABASE_VERSION }, { line: 1 });
        break;
      }
      continue;
    }
    if (value && typeof value === 'object' && '$table' in value) {
      const section = BackupSection.safeParse(value);
      if (!section.success) {
        fail('malformed-line', { kind: 'table' }, { line: lineNumber });
        continue;
      }
      current = section.data.$table;
      const legacy = LEGACY_TABLES[current];
      if (!isBackupTable(current) && !(legacy && header.databaseVersion < legacy.before)) fail('unknown-table', { table: current }, { line: lineNumber, table: current });
      if (rows.has(current)) fail('duplicate-table', { table: current }, { line: lineNumber, table: current });
      rows.set(current, []);
      keys.set(current, new Map());
      continue;
    }
    if (current === null) {
      fail('row-before-table', {}, { line: lineNumber });
      continue;
    }
    const table = isBackupTable(current) ? BACKUP_TABLES[current] : undefined;
    const legacy = LEGACY_TABLES[current];
    if (!table && !legacy) continue;
    let row = rowAsToday(current, value, header.databaseVersion);
    const parsed = (table?.schema ?? legacy!.schema).safeParse(row);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      const path = issue.path.join('.') || '(row)';
      const found = issue.path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[key] : undefined), row);
      const params = { column: path, value: found === undefined ? '' : describeValue(found), detail: issue.message };
      fail(found === undefined || found === '' ? 'missing-field' : 'invalid-value', params, { line: lineNumber, table: current, column: path });
      continue;
    }
    countMasked(row, parsed.data, current, masked, lineNumber);
    row = parsed.data;
    const key = table ? keyAt(row, table.key) : legacy!.key(row as never);
    if (key === undefined || key === null) {
      fail('missing-field', { column: String(table?.key ?? 'key') }, { line: lineNumber, table: current });
      continue;
    }
    const keyText = JSON.stringify(key);
    const seen = keys.get(current)!;
    const earlier = seen.get(keyText);
    if (earlier !== undefined) {
      fail('duplicate-id', { value: keyText, otherLine: earlier }, { line: lineNumber, table: current });
      continue;
    }
    seen.set(keyText, lineNumber);
    rows.get(current)!.push(row);
  }

  if (!header) {
    if (problems.length === 0) fail('empty-file', {}, { line: 1 });
  } else if (!end) {
    fail('backup-cut-short', {}, { line: lineNumber });
  } else {
    for (const [table, count] of Object.entries(end.rows)) {
      const got = rows.get(table)?.length ?? 0;
      if ((isBackupTable(table) || table in LEGACY_TABLES) && got !== count) fail('backup-row-count', { table, expected: count, found: got }, { line: lineNumber, table });
    }
    for (const table of header.tables) {
      if (!rows.has(table) && isBackupTable(table)) fail('table-missing', { table }, { line: lineNumber, table });
    }
    if (end.sha256 !== undefined ? end.sha256 !== checksum.hex() : header.backupVersion >= 2) fail('backup-modified', {}, { line: lineNumber });
    else if (end.sha256 === undefined) warnings.push(problem('backup-unverified'));
  }
  if (problems.length || !header) throw new BackupError(problems);
  for (const [path, { count, line, value }] of masked) {
    const [table, ...field] = path.split('.');
    warnings.push(maskedColumnProblem(path, { count, value }, { line }, { table: table!, column: field.join('.') }));
  }
  return { header, rows, encoding: text.encoding, warnings };
}
