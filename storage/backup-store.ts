import Dexie, { type Table } from 'dexie';
import { z } from 'zod';
import { AgentSettings } from '@/knowledge/settings/settings';
import { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { CaseLibrary } from '@/knowledge/case-library/case-script';
import { ScriptUse, SearchMiss } from '@/knowledge/case-library/script-usage';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupChecksum,
  BackupEnd,
  BackupHeader,
  BackupSection,
  READABLE_BACKUP_VERSIONS,
  backupEndLine,
  backupHeaderLine,
  backupSectionLine,
} from '@/knowledge/files/backup-format';
import type { TextSource } from '@/knowledge/files/click-log-reader';
import { inFile, maskedColumnProblem, problem, type ImportProblem, type ProblemCode, type ProblemParams } from '@/knowledge/files/file-problems';
import { fileText, type TextEncodingName } from '@/knowledge/files/text-decoding';
import { describeValue } from '@/knowledge/case-library/library-check';
import { findPhoneNumbers, maskPhoneNumbers } from '@/knowledge/privacy/phone-numbers';
import { ImportRecord } from '@/knowledge/clicks/import-record';
import { OWN_SOURCE, StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { RetentionPolicy } from '@/knowledge/reports/retention-policy';
import {
  RollupAccumulator,
  RollupDaySchema,
  RollupRowSchema,
  type RollupDay,
  type RollupRow,
  packRollupDays,
  rollupKeyString,
  rowsOfRollupDays,
} from '@/knowledge/reports/rollup';
import { ImportedEventPage, idsOfPage, packImportedEventsBySource } from '@/knowledge/clicks/imported-pages';
import type { IcebergDatabase } from './database';
import { migrateEventRow } from './migrations/v002-to-v003';
import { withWorkOrderNames } from './migrations/v005-to-v006';

/**
 * Backup and restore of the whole database (format: knowledge/files/backup-format.ts).
 *
 * Backup streams every table in primary-key pages, with a running checksum in the closing line.
 * Restore decodes the bytes strictly, then reads and checks the whole file first (header,
 * versions, every row against its table's schema, unique keys, the closing counts and checksum)
 * and only then replaces every table in one transaction; a bad file changes nothing. Rows pass
 * the privacy gate through their schemas, as on every other path into storage. Because one
 * IndexedDB transaction cannot wait for file reads, the file's rows are held in memory between
 * the check and the write.
 */

/** Row shapes of the known tables; a table without one must hold plain objects. */
export const BACKUP_ROW_SCHEMAS: Record<string, z.ZodType> = {
  events: StoredClickEvent,
  dailyCounts: z.object({
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    categoryId: z.string().min(1),
    clicks: z.number().int().nonnegative(),
    tickets: z.number().int().nonnegative(),
  }),
  settings: z.object({ key: z.literal('agent'), value: AgentSettings }),
  taxonomy: z.object({ key: z.literal('current'), value: Taxonomy, importedAt: z.string() }),
  caseLibrary: z.object({ key: z.literal('current'), value: CaseLibrary, importedAt: z.string(), fileName: z.string().optional() }),
  scriptUses: ScriptUse,
  searchMisses: SearchMiss,
  rollupDays: RollupDaySchema,
  importedEvents: ImportedEventPage,
  imports: ImportRecord,
  retention: RetentionPolicy,
};

/** Tables derived from others: left out of backups and rebuilt on restore. */
const DERIVED_TABLES = new Set(['importedEventIds']);

/** Tables of older databases a restore still reads (and converts): name → row schema and key. */
const LEGACY_TABLES: Record<string, { before: number; schema: z.ZodType; key: (row: never) => string }> = {
  // Before v4, rollups were one row per day × category × agent × site × source.
  dailyRollups: { before: 4, schema: RollupRowSchema, key: (row: RollupRow) => rollupKeyString(row) },
};

function backedUpTables(db: IcebergDatabase): Table[] {
  return db.tables.filter((table) => !DERIVED_TABLES.has(table.name)).sort((a, b) => a.name.localeCompare(b.name));
}

export interface BackupProgress {
  table: string;
  done: number;
  total: number;
}

function keyOf(table: Table, row: unknown): unknown {
  return Dexie.getByKeyPath(row as object, table.schema.primKey.keyPath as string | string[]);
}

export async function* backupChunks(
  db: IcebergDatabase,
  options: { pageSize?: number; now?: Date; signal?: AbortSignal; onProgress?: (progress: BackupProgress) => void } = {},
): AsyncGenerator<string> {
  const pageSize = options.pageSize ?? 5000;
  const tables = backedUpTables(db);
  for (const table of tables) {
    if (!table.schema.primKey.keyPath) throw new Error(`table ${table.name} has outbound keys, which backups do not support`);
  }
  const counts = await Promise.all(tables.map((table) => table.count()));
  const total = counts.reduce((sum, count) => sum + count, 0);
  const checksum = new BackupChecksum();
  const hashed = (text: string) => {
    checksum.addText(text);
    return text;
  };
  yield hashed(backupHeaderLine({
    format: BACKUP_FORMAT,
    backupVersion: BACKUP_VERSION,
    databaseVersion: db.verno,
    createdAt: (options.now ?? new Date()).toISOString(),
    tables: tables.map((table) => table.name),
  }));
  const written: Record<string, number> = {};
  let done = 0;
  for (const table of tables) {
    yield hashed(backupSectionLine(table.name));
    written[table.name] = 0;
    let lastKey: unknown = undefined;
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason ?? new DOMException('The backup was cancelled', 'AbortError');
      const collection = lastKey === undefined ? table.orderBy(':id') : table.where(':id').above(lastKey);
      const page = await collection.limit(pageSize).toArray();
      if (page.length === 0) break;
      let chunk = '';
      for (const row of page) chunk += JSON.stringify(row) + '\n';
      yield hashed(chunk);
      written[table.name] = (written[table.name] ?? 0) + page.length;
      done += page.length;
      options.onProgress?.({ table: table.name, done, total: Math.max(total, done) });
      lastKey = keyOf(table, page[page.length - 1]);
      if (page.length < pageSize) break;
    }
  }
  yield backupEndLine(written, checksum.hex());
}

/** A problem with a backup, at its line; `reason` is the English message, for today's dashboard. */
export type BackupProblem = ImportProblem & { line: number; reason: string };

function backupProblem(code: ProblemCode, params: ProblemParams, where: { line: number; table?: string | null; column?: string }): BackupProblem {
  const found = problem(code, params, { line: where.line, ...(where.table ? { table: where.table } : {}), ...(where.column ? { column: where.column } : {}) });
  return { ...found, line: where.line, reason: found.message.en };
}

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

export interface RestoreSummary {
  databaseVersion: number;
  createdAt: string;
  rows: Record<string, number>;
  /** The encoding the file was read in (null when given as text). */
  encoding: TextEncodingName | null;
  /** Doubts that stopped nothing: another encoding than UTF-8, no checksum, masked phone numbers. */
  warnings: ImportProblem[];
}

export type BackupContent = TextSource | Blob | Uint8Array;

/** The backup's text, decoded strictly: bytes in another encoding are read right or refused. */
async function backupText(source: BackupContent): Promise<{ chunks: AsyncIterable<string> | Iterable<string>; encoding: TextEncodingName | null; warnings: ImportProblem[] }> {
  const bytes =
    source instanceof Uint8Array ? source : typeof Blob !== 'undefined' && source instanceof Blob ? new Uint8Array(await source.arrayBuffer()) : null;
  if (!bytes) return { chunks: typeof source === 'string' ? [source] : (source as AsyncIterable<string>), encoding: null, warnings: [] };
  const read = fileText(bytes, { expectUtf8: true });
  if (!read.ok) throw new BackupError([{ ...read.problem, line: Number(read.problem.params.line ?? 1), reason: read.problem.message.en }]);
  return { chunks: read.chunks, encoding: read.encoding, warnings: read.warnings };
}

async function* lines(chunks: AsyncIterable<string> | Iterable<string>): AsyncGenerator<string> {
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
export async function readBackup(
  db: IcebergDatabase,
  source: BackupContent,
): Promise<{ header: BackupHeader; rows: Map<string, unknown[]>; encoding: TextEncodingName | null; warnings: ImportProblem[] }> {
  const problems: BackupProblem[] = [];
  const fail = (code: ProblemCode, params: ProblemParams, where: { line: number; table?: string | null; column?: string }) => {
    if (problems.length < MAX_PROBLEMS) problems.push(backupProblem(code, params, where));
  };
  const text = await backupText(source);
  const warnings: ImportProblem[] = [...text.warnings];
  const known = new Map(backedUpTables(db).map((table) => [table.name, table]));
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
      if (header.databaseVersion > db.verno) {
        fail('backup-from-newer-iceberg', { value: header.databaseVersion, supported: db.verno }, { line: 1 });
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
      if (!known.has(current) && !(legacy && header.databaseVersion < legacy.before)) fail('unknown-table', { table: current }, { line: lineNumber, table: current });
      if (rows.has(current)) fail('duplicate-table', { table: current }, { line: lineNumber, table: current });
      rows.set(current, []);
      keys.set(current, new Map());
      continue;
    }
    if (current === null) {
      fail('row-before-table', {}, { line: lineNumber });
      continue;
    }
    const table = known.get(current);
    const legacy = LEGACY_TABLES[current];
    if (!table && !legacy) continue;
    let row = value;
    if (header.databaseVersion < 3 && current === 'events' && row && typeof row === 'object') {
      row = migrateEventRow(row as StoredClickEvent);
    }
    if (header.databaseVersion < 6) row = withWorkOrderNames(current, row);
    const schema = table ? BACKUP_ROW_SCHEMAS[current] : legacy!.schema;
    if (schema) {
      const parsed = schema.safeParse(row);
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
    } else if (!row || typeof row !== 'object' || Array.isArray(row)) {
      fail('wrong-type', { column: '(row)', expected: 'object', found: Array.isArray(row) ? 'array' : typeof row }, { line: lineNumber, table: current });
      continue;
    }
    const key = table ? keyOf(table, row) : legacy!.key(row as never);
    if (key === undefined || key === null) {
      fail('missing-field', { column: String(table?.schema.primKey.keyPath ?? 'key') }, { line: lineNumber, table: current });
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
  } else if (end) {
    for (const [table, count] of Object.entries(end.rows)) {
      const got = rows.get(table)?.length ?? 0;
      if ((known.has(table) || table in LEGACY_TABLES) && got !== count) fail('backup-row-count', { table, expected: count, found: got }, { line: lineNumber, table });
    }
    for (const table of header.tables) {
      if (!rows.has(table) && known.has(table)) fail('table-missing', { table }, { line: lineNumber, table });
    }
    if (end.sha256 !== undefined ? end.sha256 !== checksum.hex() : header.backupVersion >= 2) fail('backup-modified', {}, { line: lineNumber });
    else if (end.sha256 === undefined) warnings.push(problem('backup-unverified'));
  }
  if (problems.length) throw new BackupError(problems);
  for (const [path, { count, line, value }] of masked) {
    const [table, ...field] = path.split('.');
    warnings.push(maskedColumnProblem(path, { count, value }, { line }, { table: table!, column: field.join('.') }));
  }
  return { header: header!, rows, encoding: text.encoding, warnings };
}

/**
 * Brings the rows of an older backup to this schema (imported events into pages, rollup rows
 * into rollup days), then recomputes the counters of days that still have raw events, so a
 * backup taken while clicks were coming in (each table read at a slightly different moment)
 * restores consistent; days before `rawDetailStartsAt` keep the backup's counts, the only ones
 * left. Finally derives the tables backups leave out.
 */
function reconcileCounts(rows: Map<string, unknown[]>): void {
  const allEvents = (rows.get('events') ?? []) as StoredClickEvent[];
  const own = allEvents.filter((event) => event.source === OWN_SOURCE);
  const pages = [
    ...((rows.get('importedEvents') ?? []) as ImportedEventPage[]),
    ...packImportedEventsBySource(0, allEvents.filter((event) => event.source !== OWN_SOURCE)),
  ];
  rows.set('events', own);
  rows.set('importedEvents', pages);
  rows.set('importedEventIds', pages.map(idsOfPage));

  const policy = (rows.get('retention') ?? []).find((row) => (row as { key?: string }).key === 'policy') as RetentionPolicy | undefined;
  const horizon = policy?.rawDetailStartsAt ?? null;
  const detailed = (day: string) => horizon === null || day >= horizon;

  const rollups = new RollupAccumulator();
  const daily = new Map<string, { day: string; categoryId: string; clicks: number; tickets: number }>();
  for (const event of own) {
    if (!detailed(event.day)) continue;
    rollups.addEvent(event);
    if (event.voided) continue;
    const key = `${event.day}\u0000${event.categoryId}`;
    const count = daily.get(key) ?? { day: event.day, categoryId: event.categoryId, clicks: 0, tickets: 0 };
    count.clicks += 1;
    if (event.ticketRaised) count.tickets += 1;
    daily.set(key, count);
  }
  for (const page of pages) if (detailed(page.day)) for (const event of page.events) rollups.addEvent(event);
  // Counts of pruned days are kept from the backup: their agent and site keys pass the privacy gate like the events'.
  const storedRows = [...rowsOfRollupDays((rows.get('rollupDays') ?? []) as RollupDay[]), ...((rows.get('dailyRollups') ?? []) as RollupRow[])].map(
    (row) => ({ ...row, agentId: maskPhoneNumbers(row.agentId), site: maskPhoneNumbers(row.site) }),
  );
  rows.delete('dailyRollups');
  rows.set('rollupDays', packRollupDays([...storedRows.filter((row) => !detailed(row.day)), ...rollups.rows()]));
  const keptDaily = ((rows.get('dailyCounts') ?? []) as Array<{ day: string }>).filter((row) => !detailed(row.day));
  rows.set('dailyCounts', [...keptDaily, ...daily.values()]);
}

/** Checks the whole file, then replaces every table in one transaction. */
export async function restoreBackup(db: IcebergDatabase, source: BackupContent, options: { chunkSize?: number } = {}): Promise<RestoreSummary> {
  // A File from the picker names itself; its problems then name it too.
  const fileName = typeof Blob !== 'undefined' && source instanceof Blob && 'name' in source ? String(source.name) : undefined;
  const read = await readBackup(db, source).catch((error: unknown) => {
    throw error instanceof BackupError ? new BackupError(error.problems.map((found) => inFile(found, fileName))) : error;
  });
  const { header, rows, encoding } = read;
  const warnings = read.warnings.map((found) => inFile(found, fileName));
  reconcileCounts(rows);
  const chunkSize = options.chunkSize ?? 10_000;
  const tables = [...db.tables];
  await db.transaction('rw', tables, async () => {
    for (const table of tables) await table.clear();
    for (const table of tables) {
      const tableRows = rows.get(table.name) ?? [];
      for (let at = 0; at < tableRows.length; at += chunkSize) await table.bulkAdd(tableRows.slice(at, at + chunkSize));
    }
  });
  return {
    databaseVersion: header.databaseVersion,
    createdAt: header.createdAt,
    rows: Object.fromEntries(tables.map((table) => [table.name, rows.get(table.name)?.length ?? 0])),
    encoding,
    warnings,
  };
}
