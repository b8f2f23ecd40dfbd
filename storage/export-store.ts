import Dexie from 'dexie';
import { type ClickLogFormat, clickLogChunks } from '@/knowledge/exchange/click-log-writers';
import { countsByDayAndCategory, countsCsvChunks } from '@/knowledge/exchange/counts-csv';
import { sourceMatches, type StoredClickEvent } from '@/knowledge/exchange/stored-event';
import { rowFilter } from '@/knowledge/reports/aggregate';
import type { IcebergDatabase } from './database';
import { categoryDirectory } from './reports-store';

/**
 * Streaming exports. Events are read from IndexedDB in pages (5,000 by default) in
 * (occurredAt, id) order, each page its own short read, and turned into one string chunk; the
 * caller writes each chunk out before the next page is read (see `toByteStream`), so memory
 * stays flat however many events there are.
 */

export interface ExportProgress {
  /** Events read so far (before the agent/site/… filters) and in total in the day range. */
  done: number;
  total: number;
  /** Events written to the file so far. */
  written: number;
}

export interface ExportFilters {
  /** Inclusive local days; open when left out. */
  from?: string;
  to?: string;
  agentIds?: readonly string[];
  sites?: readonly string[];
  categoryIds?: readonly string[];
  /** Exact sources or "imported" (see knowledge/exchange/stored-event.ts). */
  sources?: readonly string[];
  /** Voided events are exported by default (flagged voided=true) for audit. */
  includeVoided?: boolean;
}

export interface ClickLogExportOptions extends ExportFilters {
  format: ClickLogFormat;
  pageSize?: number;
  signal?: AbortSignal;
  onProgress?: (progress: ExportProgress) => void;
}

function occurredRange(filters: ExportFilters): [lower: unknown, upper: unknown] {
  // Keys are [occurredAt, id]; a one-element array sorts before every longer one that starts
  // the same, and every occurredAt of a day starts with the day itself ("2026-11-23T…").
  return [filters.from ? [filters.from] : Dexie.minKey, filters.to ? [`${filters.to}T\uffff`] : Dexie.maxKey];
}

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('The export was cancelled', 'AbortError');
}

/** Pages of stored events in (occurredAt, id) order, filtered. */
export async function* eventPages(
  db: IcebergDatabase,
  filters: ExportFilters,
  options: { pageSize?: number; signal?: AbortSignal; onPage?: (read: number, total: number) => void } = {},
): AsyncGenerator<StoredClickEvent[]> {
  const pageSize = options.pageSize ?? 5000;
  const [lower, upper] = occurredRange(filters);
  const index = db.events.where('[occurredAt+id]');
  const total = await index.between(lower, upper, true, true).count();
  const directory = filters.categoryIds?.length ? await categoryDirectory(db) : null;
  const keep = directory
    ? rowFilter({ agentIds: filters.agentIds, sites: filters.sites, categoryIds: filters.categoryIds, sources: filters.sources }, directory)
    : null;
  const agents = filters.agentIds?.length ? new Set(filters.agentIds) : null;
  const sites = filters.sites?.length ? new Set(filters.sites) : null;
  const matches = (event: StoredClickEvent) =>
    (filters.includeVoided !== false || !event.voided) &&
    (keep
      ? keep(event)
      : (!agents || agents.has(event.agentId)) && (!sites || sites.has(event.site)) && sourceMatches(event.source, filters.sources));

  let read = 0;
  let after: unknown[] | null = null;
  options.onPage?.(0, total);
  for (;;) {
    checkAbort(options.signal);
    const page: StoredClickEvent[] = await (after
      ? index.between(after, upper, false, true)
      : index.between(lower, upper, true, true)
    )
      .limit(pageSize)
      .toArray();
    if (page.length === 0) break;
    read += page.length;
    const last = page[page.length - 1]!;
    after = [last.occurredAt, last.id];
    options.onPage?.(read, Math.max(total, read));
    const kept = page.filter(matches);
    if (kept.length) yield kept;
    if (page.length < pageSize) break;
  }
}

/**
 * The click log as string chunks (CSV with BOM, or NDJSON). Progress is reported per page;
 * aborting the signal stops before the next page with the signal's reason.
 */
export async function* exportClickLog(db: IcebergDatabase, options: ClickLogExportOptions): AsyncGenerator<string> {
  const directory = await categoryDirectory(db);
  let written = 0;
  let progress = { done: 0, total: 0 };
  const pages = eventPages(db, options, {
    pageSize: options.pageSize,
    signal: options.signal,
    onPage: (done, total) => {
      progress = { done, total };
      options.onProgress?.({ ...progress, written });
    },
  });
  const counted = (async function* () {
    for await (const page of pages) {
      written += page.length;
      yield page;
    }
  })();
  for await (const chunk of clickLogChunks(counted, options.format, directory)) {
    checkAbort(options.signal);
    yield chunk;
  }
  options.onProgress?.({ ...progress, written });
}

/**
 * The counts CSV (day × category) from the rollups, so pruned days are included. Filters as
 * for the click log; voided events only ever appear in the `voided` column.
 */
export async function* exportCounts(db: IcebergDatabase, filters: Omit<ExportFilters, 'includeVoided'> & { signal?: AbortSignal } = {}): AsyncGenerator<string> {
  const directory = await categoryDirectory(db);
  const collection =
    filters.from || filters.to
      ? db.dailyRollups.where('day').between(filters.from ?? Dexie.minKey, filters.to ?? Dexie.maxKey, true, true)
      : db.dailyRollups.toCollection();
  checkAbort(filters.signal);
  const rows = await collection.toArray();
  const keep = rowFilter(filters, directory);
  for (const chunk of countsCsvChunks(countsByDayAndCategory(rows, keep), directory)) {
    checkAbort(filters.signal);
    yield chunk;
  }
}

/**
 * UTF-8 bytes of a chunk stream, pulled one chunk at a time: the next page is only read when
 * the consumer (a file writer, `new Response(stream).blob()`, …) asks for more. Cancelling the
 * stream stops the export.
 */
export function toByteStream(chunks: AsyncIterable<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel(reason) {
      await iterator.return?.(reason);
    },
  });
}
