import type { ClickEvent } from '@/knowledge/clicks/click-event';
import { ClickLogFileError, type ClickLogBatch, type ImportFormat, readClickLog } from '@/knowledge/files/click-log-reader';
import { type ParsedClickLogRow, type RowProblem, rowProblem } from '@/knowledge/files/click-log-format';
import { reconcileEvent } from '@/knowledge/clicks/event-reconciliation';
import { inFile, type ImportProblem } from '@/knowledge/files/file-problems';
import { contentText, type TextEncodingName } from '@/knowledge/files/text-decoding';
import type { ImportRecord } from '@/knowledge/clicks/import-record';
import { importSource, type StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { RollupAccumulator } from '@/knowledge/reports/rollup';
import type { IcebergDatabase } from './database';
import { fileContent, type FileContent } from './file-content';
import { applyRollupDeltas } from './reports';
import { rawDetailStartsAt } from './retention';
import { addImportedEvents, changeImportedEvents, deleteImportedSource, knownEventIds } from './imported-events';

/**
 * Merge import of other agents' click-log exports (CSV or NDJSON), for the team view.
 *
 * - Idempotent: the event id (compared case-insensitively, as UUIDs are) is the key. A row whose
 *   event is already stored (own or imported, from this file or any other) adds nothing. The
 *   agent's own events are never changed. An event an earlier import (or an earlier row of this
 *   file) brought in is *completed* from a later export of the same agent: a later undo voids it,
 *   and details (rule, emotion, risk grade, ticket) it lacked are filled in, never overwritten.
 *   Rows of one event fold in file order, so a chunk boundary between them changes nothing.
 *   A row that contradicts the stored event (another time, agent, category, reference, detail,
 *   or an undo of the agent's own click) is a conflict: reported, the stored event kept.
 * - Read strictly: the bytes' encoding is detected (UTF-8, else GB18030/Big5/EUC-KR with a
 *   warning, else refused) before anything is written; no byte becomes "�".
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
  /** The encoding the file was read in (null when it was given as text). */
  encoding: TextEncodingName | null;
  /** Problems with the file as a whole that stopped nothing: encoding, unknown columns, masked phone numbers. */
  fileWarnings: ImportProblem[];
  ignoredColumns: string[];
  agentIds: string[];
  status: ImportRecord['status'];
}

function newImportId(now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15); // 20261123T013105
  const random = crypto.getRandomValues(new Uint32Array(1))[0]!.toString(36).padStart(7, '0').slice(0, 6);
  return `${stamp}-${random}`;
}

/** The imported event completed from a newer export of it; null when nothing changes (or they conflict). */
export function completeImportedEvent(stored: StoredClickEvent, incoming: ClickEvent): StoredClickEvent | null {
  const result = reconcileEvent(stored, incoming, { knownIsOwn: false });
  return result.kind === 'completed' ? { ...(result.event as StoredClickEvent), source: stored.source } : null;
}

export async function importClickLog(db: IcebergDatabase, content: FileContent, options: ImportOptions): Promise<ImportSummary> {
  const now = options.now ?? new Date();
  const chunkSize = options.chunkSize ?? 10_000;
  const maxProblems = options.maxProblems ?? 1000;
  const importId = newImportId(now);
  const source = importSource(importId);
  const horizon = await rawDetailStartsAt(db);

  // Bytes are decoded strictly before anything is read; a file that cannot be read is refused
  // (ClickLogFileError) before anything is written.
  const decoded = contentText(await fileContent(content));
  if (!decoded.ok) throw new ClickLogFileError(decoded.problem);
  const batches = readClickLog(decoded.chunks, { fileName: options.fileName, format: options.format, batchSize: chunkSize, now });
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
  const fileWarnings: ImportProblem[] = [...decoded.warnings];
  let problemCount = 0;
  let ignoredColumns: string[] = [];
  const report = (found: RowProblem) => {
    problemCount += 1;
    if (problems.length < maxProblems) problems.push(inFile(found, record.fileName));
  };

  // Every id already stored, and where: read once, then kept up to date chunk by chunk.
  const known = await knownEventIds(db);
  const pageOf = (id: string) => known.get(id);
  const ownPage = `${source}|`;
  let chunk = 0;

  const writeChunk = async (rows: ParsedClickLogRow[]) => {
    chunk += 1;
    // Rows of ids not stored yet fold here, in file order; rows of stored ids fold onto the stored event.
    const fresh = new Map<string, { event: ClickEvent; row: number }>();
    const ontoStored = new Map<string, ParsedClickLogRow[]>();
    const counts = { added: 0, updated: 0, duplicates: 0, beforeRetention: 0, rejected: 0 };
    const chunkProblems: RowProblem[] = [];
    const outcome = (row: ParsedClickLogRow, result: ReturnType<typeof reconcileEvent>, against: 'file' | 'stored' | 'own', otherRow?: number) => {
      if (result.kind === 'conflict') {
        counts.rejected += 1;
        const params = { value: row.event.id, columns: result.columns.join(', '), against, ...(otherRow !== undefined ? { otherRow } : {}) };
        chunkProblems.push(rowProblem('conflicting-event', params, { row: row.row, column: result.columns[0]! }));
      } else if (result.kind === 'completed') counts.updated += 1;
      else {
        counts.duplicates += 1;
        if (against === 'file') {
          chunkProblems.push(rowProblem('duplicate-event', { value: row.event.id, otherRow: otherRow ?? '?' }, { row: row.row, column: 'event_id' }));
        }
      }
    };
    for (const row of rows) {
      const id = row.event.id;
      if (known.has(id)) {
        ontoStored.set(id, [...(ontoStored.get(id) ?? []), row]);
        continue;
      }
      const earlier = fresh.get(id);
      if (earlier) {
        const result = reconcileEvent(earlier.event, row.event, { knownIsOwn: false });
        if (result.kind === 'completed') earlier.event = result.event;
        outcome(row, result, 'file', earlier.row);
      } else if (horizon && row.event.day < horizon) counts.beforeRetention += 1;
      else fresh.set(id, { event: row.event, row: row.row });
    }
    const added: StoredClickEvent[] = [...fresh.values()].map(({ event }) => ({ ...event, source }));
    counts.added = added.length;
    const written = await db.transaction('rw', [db.events, db.importedEvents, db.importedEventIds, db.rollupDays, db.imports], async () => {
      const rollups = new RollupAccumulator();
      const ownIds = [...ontoStored.keys()].filter((id) => known.get(id) === null);
      const ownEvents = new Map((await db.events.bulkGet(ownIds)).flatMap((event) => (event ? [[event.id, event] as const] : [])));
      for (const id of ownIds) {
        const own = ownEvents.get(id);
        for (const row of ontoStored.get(id)!) {
          if (own) outcome(row, reconcileEvent(own, row.event, { knownIsOwn: true }), 'own');
          else counts.duplicates += 1;
        }
      }
      const importedIds = [...ontoStored.keys()].filter((id) => known.get(id) !== null);
      const reached = new Set<string>();
      const completed = await changeImportedEvents(db, importedIds, pageOf, (stored) => {
        reached.add(stored.id);
        const thisFile = known.get(stored.id)?.startsWith(ownPage) ?? false;
        let current: ClickEvent = stored;
        let changed = false;
        for (const row of ontoStored.get(stored.id)!) {
          const result = reconcileEvent(current, row.event, { knownIsOwn: false });
          if (result.kind === 'completed') {
            current = result.event;
            changed = true;
          }
          outcome(row, result, thisFile ? 'file' : 'stored');
        }
        return changed ? { ...(current as StoredClickEvent), source: stored.source } : null;
      });
      // Events pruned meanwhile: their rows bring nothing.
      for (const id of importedIds) if (!reached.has(id)) counts.duplicates += ontoStored.get(id)!.length;
      for (const { before, after } of completed) rollups.addChange(before, after);
      for (const event of added) rollups.addEvent(event);
      const pages = await addImportedEvents(db, source, chunk, added);
      await applyRollupDeltas(db, rollups.rows());
      await db.imports.put({ ...withCounts(record, counts), agentIds: [...agents].sort() });
      return { pages };
    });
    // Only once the chunk is committed do its numbers, ids and problems count.
    for (const page of written.pages) for (const event of page.events) known.set(event.id, page.id);
    Object.assign(record, withCounts(record, counts));
    for (const found of chunkProblems) report(found);
  };

  const handleBatch = async (batch: ClickLogBatch) => {
    ignoredColumns = batch.ignoredColumns;
    fileWarnings.push(...batch.warnings);
    for (const row of batch.rows) {
      agents.add(row.event.agentId);
      if (!(row.event.categoryId in record.categoryNames)) {
        record.categoryNames[row.event.categoryId] = { name: row.categoryName, parentId: row.parentCategoryId };
      }
    }
    record.rowCount = batch.rowsRead;
    record.rejectedCount += batch.rejected;
    for (const found of batch.problems) report(found);
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
    encoding: decoded.encoding,
    fileWarnings: fileWarnings.map((found) => inFile(found, record.fileName)),
    ignoredColumns,
    agentIds: [...agents].sort(),
    status: record.status,
  };
}

function withCounts(
  record: ImportRecord,
  counts: { added: number; updated: number; duplicates: number; beforeRetention: number; rejected?: number },
): ImportRecord {
  return {
    ...record,
    rejectedCount: record.rejectedCount + (counts.rejected ?? 0),
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
