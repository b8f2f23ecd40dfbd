import type { ClickEvent } from '@/knowledge/clicks/click-event';
import { type ImportFormat, type TextSource, readClickLog } from '@/knowledge/files/click-log-reader';
import type { ParsedClickLogRow, RowProblem } from '@/knowledge/files/click-log-format';
import type { ImportRecord } from '@/knowledge/clicks/import-record';
import { importSource, type StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { RollupAccumulator } from '@/knowledge/reports/rollup';
import type { IcebergDatabase } from './database';
import { applyRollupDeltas } from './reports';
import { rawDetailStartsAt } from './retention';
import { addImportedEvents, changeImportedEvents, deleteImportedSource, knownEventIds } from './imported-events';

/**
 * Merge import of other agents' click-log exports (CSV or NDJSON), for the team view.
 *
 * - Idempotent: the event id is the key. A row whose event is already stored (own or imported,
 *   from this file or any other) adds nothing. The agent's own events are never changed.
 *   An event an earlier import brought in is *completed* from a later export of the same
 *   agent: a later undo voids it, and details (rule, emotion, risk grade, ticket) it lacked are
 *   filled in, never overwritten. That keeps the merged counts equal to the agent's own after
 *   re-importing a newer, overlapping export.
 * - Atomic per chunk: each chunk (10,000 rows) is written with its rollup changes and the
 *   import's running totals in one transaction. A cancelled or failed import keeps the chunks
 *   already written, and its record says so; removing the import takes them out again.
 * - Provenance: added events carry source "import:<id>", recorded in `imports`.
 * - Rows from before `rawDetailStartsAt` (pruned days) are skipped, since their ids can no
 *   longer be checked for duplicates.
 */

export interface ImportOptions {
  fileName: string;
  format?: ImportFormat;
  /** Rows per transaction (10,000): big bulk writes keep a 100,000-row merge fast. */
  chunkSize?: number;
  now?: Date;
  signal?: AbortSignal;
  onProgress?: (progress: { rowsRead: number; added: number; duplicates: number; problems: number }) => void;
  /** At most this many problems are listed (1,000); `problemCount` has them all. */
  maxProblems?: number;
}

export interface ImportSummary {
  importId: string;
  source: string;
  fileName: string;
  format: ImportFormat;
  rowsRead: number;
  added: number;
  duplicates: number;
  updated: number;
  beforeRetention: number;
  /** Rows refused; rowsRead = added + duplicates + updated + beforeRetention + rejected. */
  rejected: number;
  /** Problems found (a row may have several); `problems` lists the first `maxProblems`. */
  problemCount: number;
  problems: RowProblem[];
  ignoredColumns: string[];
  agentIds: string[];
  status: ImportRecord['status'];
}

export type ImportContent = TextSource | Blob;

function textOf(content: ImportContent): TextSource {
  if (typeof Blob !== 'undefined' && content instanceof Blob) {
    return (async function* () {
      const reader = content.stream().pipeThrough(new TextDecoderStream('utf-8')).getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield value;
      }
    })();
  }
  return content as TextSource;
}

function newImportId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15); // 20261123T013105
  const random = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36).padStart(7, '0').slice(0, 6);
  return `${stamp}-${random}`;
}

/** The imported event completed from a newer export of it; null when nothing changes. */
export function completeImportedEvent(stored: StoredClickEvent, incoming: ClickEvent): StoredClickEvent | null {
  const next: StoredClickEvent = { ...stored };
  let changed = false;
  if (incoming.voided && !stored.voided) {
    next.voided = true;
    if (incoming.voidedAt) next.voidedAt = incoming.voidedAt;
    changed = true;
  }
  for (const field of ['countingRule', 'emotion', 'riskGrade', 'ticketRaised'] as const) {
    if (stored[field] === undefined && incoming[field] !== undefined) {
      (next as Record<string, unknown>)[field] = incoming[field];
      changed = true;
    }
  }
  return changed ? next : null;
}

export async function importClickLog(db: IcebergDatabase, content: ImportContent, options: ImportOptions): Promise<ImportSummary> {
  const now = options.now ?? new Date();
  const chunkSize = options.chunkSize ?? 10_000;
  const maxProblems = options.maxProblems ?? 1000;
  const importId = newImportId(now);
  const source = importSource(importId);
  const horizon = await rawDetailStartsAt(db);

  const batches = readClickLog(textOf(content), { fileName: options.fileName, format: options.format, batchSize: chunkSize });
  // The first batch decides whether the file is readable at all: a file-level error throws here,
  // before the import is recorded or anything is written.
  const first = await batches.next();

  const record: ImportRecord = {
    id: importId,
    fileName: options.fileName.slice(0, 260),
    format: first.done ? 'csv' : first.value.format,
    importedAt: now.toISOString(),
    agentIds: [],
    rowCount: 0,
    eventCount: 0,
    duplicateCount: 0,
    updatedCount: 0,
    beforeRetentionCount: 0,
    rejectedCount: 0,
    categoryNames: {},
    status: 'running',
  };
  const agents = new Set<string>();
  const problems: RowProblem[] = [];
  let problemCount = 0;
  let ignoredColumns: string[] = [];

  // Every id already stored, and where: read once, then kept up to date chunk by chunk.
  const known = await knownEventIds(db);
  const pageOf = (id: string) => known.get(id);
  let chunk = 0;

  const writeChunk = async (rows: ParsedClickLogRow[]) => {
    chunk += 1;
    // Within one chunk the first row of an id wins; later ones are duplicates.
    const unique = new Map<string, ParsedClickLogRow>();
    let duplicates = 0;
    for (const row of rows) {
      if (unique.has(row.event.id)) duplicates += 1;
      else unique.set(row.event.id, row);
    }
    const added: StoredClickEvent[] = [];
    const storedBefore: ParsedClickLogRow[] = [];
    let skipped = duplicates;
    let beforeRetention = 0;
    for (const row of unique.values()) {
      const where = known.get(row.event.id);
      if (where === null) skipped += 1; // the agent's own click: never changed by an import
      else if (where !== undefined) storedBefore.push(row);
      else if (horizon && row.event.day < horizon) beforeRetention += 1;
      else added.push({ ...row.event, source });
    }
    const written = await db.transaction('rw', [db.importedEvents, db.importedEventIds, db.rollupDays, db.imports], async () => {
      const rollups = new RollupAccumulator();
      const incoming = new Map(storedBefore.map((row) => [row.event.id, row.event]));
      const completed = await changeImportedEvents(db, [...incoming.keys()], pageOf, (stored) =>
        completeImportedEvent(stored, incoming.get(stored.id)!),
      );
      for (const { before, after } of completed) rollups.addChange(before, after);
      for (const event of added) rollups.addEvent(event);
      const pages = await addImportedEvents(db, source, chunk, added);
      await applyRollupDeltas(db, rollups.rows());
      const counts = { added: added.length, updated: completed.length, duplicates: skipped + storedBefore.length - completed.length, beforeRetention };
      await db.imports.put({ ...withCounts(record, counts), agentIds: [...agents].sort() });
      return { counts, pages };
    });
    // Only once the chunk is committed do its numbers and ids count.
    for (const page of written.pages) for (const event of page.events) known.set(event.id, page.id);
    Object.assign(record, withCounts(record, written.counts));
  };

  const handleBatch = async (batch: { rows: ParsedClickLogRow[]; problems: RowProblem[]; rowsRead: number; ignoredColumns: string[] }) => {
    ignoredColumns = batch.ignoredColumns;
    for (const row of batch.rows) {
      agents.add(row.event.agentId);
      if (!(row.event.categoryId in record.categoryNames)) {
        record.categoryNames[row.event.categoryId] = { name: row.categoryName, parentId: row.parentCategoryId };
      }
    }
    record.rowCount = batch.rowsRead;
    problemCount += batch.problems.length;
    record.rejectedCount += new Set(batch.problems.map((problem) => problem.row)).size;
    for (const problem of batch.problems) if (problems.length < maxProblems) problems.push(problem);
    await writeChunk(batch.rows);
    options.onProgress?.({
      rowsRead: record.rowCount,
      added: record.eventCount,
      duplicates: record.duplicateCount,
      problems: problemCount,
    });
  };

  try {
    if (!first.done) await handleBatch(first.value);
    for (;;) {
      if (options.signal?.aborted) {
        record.status = 'cancelled';
        break;
      }
      const next = await batches.next();
      if (next.done) break;
      await handleBatch(next.value);
    }
    if (record.status === 'running') record.status = 'complete';
  } catch (error) {
    record.status = 'failed';
    await db.imports.put({ ...record, agentIds: [...agents].sort() }).catch(() => undefined);
    throw error;
  } finally {
    if (record.status !== 'failed') await db.imports.put({ ...record, agentIds: [...agents].sort() });
    await batches.return(undefined);
  }

  return {
    importId,
    source,
    fileName: record.fileName,
    format: record.format,
    rowsRead: record.rowCount,
    added: record.eventCount,
    duplicates: record.duplicateCount,
    updated: record.updatedCount,
    beforeRetention: record.beforeRetentionCount,
    rejected: record.rejectedCount,
    problemCount,
    problems,
    ignoredColumns,
    agentIds: [...agents].sort(),
    status: record.status,
  };
}

function withCounts(
  record: ImportRecord,
  counts: { added: number; updated: number; duplicates: number; beforeRetention: number },
): ImportRecord {
  return {
    ...record,
    eventCount: record.eventCount + counts.added,
    updatedCount: record.updatedCount + counts.updated,
    duplicateCount: record.duplicateCount + counts.duplicates,
    beforeRetentionCount: record.beforeRetentionCount + counts.beforeRetention,
  };
}

export async function listImports(db: IcebergDatabase): Promise<ImportRecord[]> {
  return db.imports.orderBy('importedAt').reverse().toArray();
}

/**
 * Removes everything one import brought in: its events and its rollup rows (which also hold the
 * counts of its events that retention already pruned), and its record. One transaction.
 */
export async function removeImportedSource(db: IcebergDatabase, importId: string): Promise<{ events: number; rollupDays: number }> {
  const source = importSource(importId);
  return db.transaction('rw', [db.importedEvents, db.importedEventIds, db.rollupDays, db.imports], async () => {
    const events = await deleteImportedSource(db, source);
    const rollupDays = await db.rollupDays.where('source').equals(source).delete();
    await db.imports.delete(importId);
    return { events, rollupDays };
  });
}
