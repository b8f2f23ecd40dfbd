import Dexie, { type Table } from 'dexie';
import { z } from 'zod';
import { AgentSettings } from '@/knowledge/settings/settings';
import { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { CaseLibrary } from '@/knowledge/case-library/case-script';
import { ScriptUse, SearchMiss } from '@/knowledge/case-library/script-usage';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BackupEnd,
  BackupHeader,
  BackupSection,
  backupEndLine,
  backupHeaderLine,
  backupSectionLine,
} from '@/knowledge/files/backup-format';
import type { TextSource } from '@/knowledge/files/click-log-reader';
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
 * Backup streams every table in primary-key pages. Restore reads and checks the whole file
 * first (header, versions, every row against its table's schema, unique keys, the closing
 * counts) and only then replaces every table in one transaction; a bad file changes nothing.
 * Because one IndexedDB transaction cannot wait for file reads, the file's rows are held in
 * memory between the check and the write.
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

/**
 * This browser's link to the centre (outbox, version clock, upload and subscription state):
 * not the agent's data, so left out of backups and kept as it is by a restore. The version
 * clock must never go back; an outbox entry whose event a restore removed is dropped unsent.
 */
const CENTRE_LINK_TABLES = new Set(['outbox', 'centreState']);

/** Tables of older databases a restore still reads (and converts): name → row schema and key. */
const LEGACY_TABLES: Record<string, { before: number; schema: z.ZodType; key: (row: never) => string }> = {
  // Before v4, rollups were one row per day × category × agent × site × source.
  dailyRollups: { before: 4, schema: RollupRowSchema, key: (row: RollupRow) => rollupKeyString(row) },
};

function backedUpTables(db: IcebergDatabase): Table[] {
  return db.tables.filter((table) => !DERIVED_TABLES.has(table.name) && !CENTRE_LINK_TABLES.has(table.name)).sort((a, b) => a.name.localeCompare(b.name));
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
  yield backupHeaderLine({
    format: BACKUP_FORMAT,
    backupVersion: BACKUP_VERSION,
    databaseVersion: db.verno,
    createdAt: (options.now ?? new Date()).toISOString(),
    tables: tables.map((table) => table.name),
  });
  const written: Record<string, number> = {};
  let done = 0;
  for (const table of tables) {
    yield backupSectionLine(table.name);
    written[table.name] = 0;
    let lastKey: unknown = undefined;
    for (;;) {
      if (options.signal?.aborted) throw options.signal.reason ?? new DOMException('The backup was cancelled', 'AbortError');
      const collection = lastKey === undefined ? table.orderBy(':id') : table.where(':id').above(lastKey);
      const page = await collection.limit(pageSize).toArray();
      if (page.length === 0) break;
      let chunk = '';
      for (const row of page) chunk += JSON.stringify(row) + '\n';
      yield chunk;
      written[table.name] = (written[table.name] ?? 0) + page.length;
      done += page.length;
      options.onProgress?.({ table: table.name, done, total: Math.max(total, done) });
      lastKey = keyOf(table, page[page.length - 1]);
      if (page.length < pageSize) break;
    }
  }
  yield backupEndLine(written);
}

export interface BackupProblem {
  line: number;
  table?: string;
  reason: string;
}

export class BackupError extends Error {
  constructor(readonly problems: BackupProblem[]) {
    super(
      `The backup cannot be restored; nothing was changed. ${problems
        .slice(0, 3)
        .map((problem) => `Line ${problem.line}${problem.table ? ` (${problem.table})` : ''}: ${problem.reason}`)
        .join(' ')}${problems.length > 3 ? ` … and ${problems.length - 3} more.` : ''}`,
    );
    this.name = 'BackupError';
  }
}

export interface RestoreSummary {
  databaseVersion: number;
  createdAt: string;
  rows: Record<string, number>;
}

async function* lines(source: TextSource | Blob): AsyncGenerator<string> {
  let chunks: AsyncIterable<string> | Iterable<string>;
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    const reader = source.stream().pipeThrough(new TextDecoderStream('utf-8')).getReader();
    chunks = (async function* () {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    })();
  } else chunks = typeof source === 'string' ? [source] : (source as AsyncIterable<string>);
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

/** Reads and checks a backup; returns the rows per table, or throws a BackupError. */
export async function readBackup(
  db: IcebergDatabase,
  source: TextSource | Blob,
): Promise<{ header: BackupHeader; rows: Map<string, unknown[]> }> {
  const problems: BackupProblem[] = [];
  const fail = (problem: BackupProblem) => {
    if (problems.length < MAX_PROBLEMS) problems.push(problem);
  };
  const known = new Map(backedUpTables(db).map((table) => [table.name, table]));
  const rows = new Map<string, unknown[]>();
  const keys = new Map<string, Set<string>>();
  let header: BackupHeader | null = null;
  let current: string | null = null;
  let end: Record<string, number> | null = null;
  let lineNumber = 0;

  for await (const raw of lines(source)) {
    lineNumber += 1;
    const text = lineNumber === 1 ? raw.replace(/^\uFEFF/, '') : raw;
    if (text.trim() === '') continue;
    if (end) {
      fail({ line: lineNumber, reason: 'text after the closing line' });
      break;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      fail({ line: lineNumber, table: current ?? undefined, reason: 'not valid JSON' });
      if (!header) break;
      continue;
    }
    if (!header) {
      const parsed = BackupHeader.safeParse(value);
      if (!parsed.success) {
        fail({ line: lineNumber, reason: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'header'}: ${issue.message}`).join('; ') });
        break;
      }
      header = parsed.data;
      if (header.databaseVersion > db.verno) {
        fail({ line: 1, reason: `the backup comes from a newer Iceberg (database version ${header.databaseVersion}; this one has ${db.verno})` });
        break;
      }
      continue;
    }
    if (value && typeof value === 'object' && '$table' in value) {
      const section = BackupSection.safeParse(value);
      if (!section.success) {
        fail({ line: lineNumber, reason: 'malformed table line' });
        continue;
      }
      current = section.data.$table;
      const legacy = LEGACY_TABLES[current];
      if (!known.has(current) && !(legacy && header.databaseVersion < legacy.before)) fail({ line: lineNumber, table: current, reason: `this Iceberg has no table "${current}"` });
      if (rows.has(current)) fail({ line: lineNumber, table: current, reason: 'the table appears twice' });
      rows.set(current, []);
      keys.set(current, new Set());
      continue;
    }
    if (value && typeof value === 'object' && '$end' in value) {
      const parsed = BackupEnd.safeParse(value);
      if (!parsed.success) fail({ line: lineNumber, reason: 'malformed closing line' });
      else end = parsed.data.$end.rows;
      continue;
    }
    if (current === null) {
      fail({ line: lineNumber, reason: 'a row before any table line' });
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
        fail({ line: lineNumber, table: current, reason: `${issue.path.join('.') || 'row'}: ${issue.message}` });
        continue;
      }
      row = parsed.data;
    } else if (!row || typeof row !== 'object' || Array.isArray(row)) {
      fail({ line: lineNumber, table: current, reason: 'a row must be a JSON object' });
      continue;
    }
    const key = table ? keyOf(table, row) : legacy!.key(row as never);
    if (key === undefined || key === null) {
      fail({ line: lineNumber, table: current, reason: 'the row has no primary key' });
      continue;
    }
    const keyText = JSON.stringify(key);
    const seen = keys.get(current)!;
    if (seen.has(keyText)) {
      fail({ line: lineNumber, table: current, reason: `duplicate primary key ${keyText}` });
      continue;
    }
    seen.add(keyText);
    rows.get(current)!.push(row);
  }

  if (!header) {
    if (problems.length === 0) fail({ line: 1, reason: 'the file is empty' });
  } else if (!end) {
    fail({ line: lineNumber, reason: 'the closing line is missing: the file is cut short' });
  } else {
    for (const [table, count] of Object.entries(end)) {
      const got = rows.get(table)?.length ?? 0;
      if ((known.has(table) || table in LEGACY_TABLES) && got !== count) fail({ line: lineNumber, table, reason: `the closing line says ${count} rows, the file holds ${got}` });
    }
    for (const table of header.tables) {
      if (!rows.has(table) && known.has(table)) fail({ line: lineNumber, table, reason: 'the header lists this table but it has no section' });
    }
  }
  if (problems.length) throw new BackupError(problems);
  return { header: header!, rows };
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
  const storedRows = [...rowsOfRollupDays((rows.get('rollupDays') ?? []) as RollupDay[]), ...((rows.get('dailyRollups') ?? []) as RollupRow[])];
  rows.delete('dailyRollups');
  rows.set('rollupDays', packRollupDays([...storedRows.filter((row) => !detailed(row.day)), ...rollups.rows()]));
  const keptDaily = ((rows.get('dailyCounts') ?? []) as Array<{ day: string }>).filter((row) => !detailed(row.day));
  rows.set('dailyCounts', [...keptDaily, ...daily.values()]);
}

/** Checks the whole file, then replaces every table in one transaction. */
export async function restoreBackup(db: IcebergDatabase, source: TextSource | Blob, options: { chunkSize?: number } = {}): Promise<RestoreSummary> {
  const { header, rows } = await readBackup(db, source);
  reconcileCounts(rows);
  const chunkSize = options.chunkSize ?? 10_000;
  const tables = db.tables.filter((table) => !CENTRE_LINK_TABLES.has(table.name));
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
  };
}
