import Dexie, { type Table } from 'dexie';
import { BACKUP_FORMAT, BACKUP_VERSION, BackupChecksum, backupEndLine, backupHeaderLine, backupSectionLine } from '@/knowledge/files/backup-format';
import { BackupError, readBackup } from '@/knowledge/files/backup-reader';
import { CENTRE_LINK_TABLES, DERIVED_TABLES } from '@/knowledge/files/backup-tables';
import { inFile, type ImportProblem } from '@/knowledge/files/file-problems';
import type { TextEncodingName } from '@/knowledge/files/text-decoding';
import { OWN_SOURCE, type StoredClickEvent } from '@/knowledge/clicks/stored-event';
import type { RetentionPolicy } from '@/knowledge/reports/retention-policy';
import { RollupAccumulator, type RollupDay, type RollupRow, packRollupDays, rowsOfRollupDays } from '@/knowledge/reports/rollup';
import { type ImportedEventPage, idsOfPage, packImportedEventsBySource } from '@/knowledge/clicks/imported-pages';
import type { IcebergDatabase } from './database';
import { fileContent, type FileContent } from './file-content';
import { changeSearchInputs } from './search-index';

/**
 * Backup and restore of the whole database (format: knowledge/files/backup-format.ts).
 *
 * Backup streams every table in primary-key pages, with a running checksum in the closing line.
 * Restore reads and checks the whole file first with the reader the CLI uses
 * (knowledge/files/backup-reader.ts: strict decoding, header, versions, every row against its
 * table's schema, unique keys, the closing counts and checksum) and only then replaces every
 * table in one transaction; a bad file changes nothing. Rows pass the privacy gate through their
 * schemas, as on every other path into storage. Because one
 * IndexedDB transaction cannot wait for file reads, the file's rows are held in memory between
 * the check and the write.
 */

function backedUpTables(db: IcebergDatabase): Table[] {
  return db.tables
    .filter((table) => !DERIVED_TABLES.includes(table.name) && !CENTRE_LINK_TABLES.includes(table.name))
    .sort((a, b) => a.name.localeCompare(b.name));
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

export interface RestoreSummary {
  databaseVersion: number;
  createdAt: string;
  rows: Record<string, number>;
  /** The encoding the file was read in (null when given as text). */
  encoding: TextEncodingName | null;
  /** Doubts that stopped nothing: another encoding than UTF-8, no checksum, masked phone numbers. */
  warnings: ImportProblem[];
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
  // Counts of pruned days are kept from the backup (their agent and site keys passed the privacy gate in their schemas).
  const storedRows = [...rowsOfRollupDays((rows.get('rollupDays') ?? []) as RollupDay[]), ...((rows.get('dailyRollups') ?? []) as RollupRow[])];
  rows.delete('dailyRollups');
  rows.set('rollupDays', packRollupDays([...storedRows.filter((row) => !detailed(row.day)), ...rollups.rows()]));
  const keptDaily = ((rows.get('dailyCounts') ?? []) as Array<{ day: string }>).filter((row) => !detailed(row.day));
  rows.set('dailyCounts', [...keptDaily, ...daily.values()]);
}

/** Checks the whole file, then replaces every table in one transaction. */
export async function restoreBackup(db: IcebergDatabase, source: FileContent, options: { chunkSize?: number } = {}): Promise<RestoreSummary> {
  // A File from the picker names itself; its problems then name it too.
  const fileName = source instanceof File ? source.name : undefined;
  const read = await readBackup(await fileContent(source)).catch((error: unknown) => {
    throw error instanceof BackupError ? new BackupError(error.problems.map((found) => inFile(found, fileName))) : error;
  });
  const { header, rows, encoding } = read;
  const warnings = read.warnings.map((found) => inFile(found, fileName));
  reconcileCounts(rows);
  const chunkSize = options.chunkSize ?? 10_000;
  const tables = db.tables.filter((table) => !CENTRE_LINK_TABLES.includes(table.name));
  await db.transaction('rw', tables, async () => {
    for (const table of tables) await table.clear();
    for (const table of tables) {
      const tableRows = rows.get(table.name) ?? [];
      for (let at = 0; at < tableRows.length; at += chunkSize) await table.bulkAdd(tableRows.slice(at, at + chunkSize));
    }
    // A search index being built from the library before the restore must not be stored after it.
    await changeSearchInputs(db);
  });
  return {
    databaseVersion: header.databaseVersion,
    createdAt: header.createdAt,
    rows: Object.fromEntries(tables.map((table) => [table.name, rows.get(table.name)?.length ?? 0])),
    encoding,
    warnings,
  };
}
