import Dexie from 'dexie';
import { type ClickLogFormat, clickLogChunks } from '@/knowledge/files/click-log-writer';
import { countsByDayAndCategory, countsCsvChunks } from '@/knowledge/files/counts-csv';
import { OWN_SOURCE, sourceMatches, type StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { compareEventTime } from '@/knowledge/clicks/imported-pages';
import { rowFilter } from '@/knowledge/reports/aggregate';
import { eventCountOfRollupDays } from '@/knowledge/reports/rollup';
import { maxDay } from '@/knowledge/reports/calendar';
import type { IcebergDatabase } from './database';
import { categoryDirectory, rollupsBetween } from './reports';
import { importedEventsOfDay } from './imported-events';
import { rawDetailStartsAt } from './retention';

/**
 * Streaming exports. Events are read from IndexedDB a local day at a time, in (occurredAt, id)
 * order, and turned into string chunks of up to 5,000 events; the caller writes each chunk out
 * before the next day is read (see `toByteStream`), so memory stays flat however many events
 * there are.
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
  /** Exact sources or "imported" (see knowledge/clicks/stored-event.ts). */
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

function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw signal.reason ?? new DOMException('The export was cancelled', 'AbortError');
}

/** The local days in [from, to] that have raw events (own or imported), in order. */
async function daysWithEvents(db: IcebergDatabase, filters: ExportFilters): Promise<string[]> {
  const lower = filters.from ?? Dexie.minKey;
  const upper = filters.to ?? Dexie.maxKey;
  const [own, imported] = await Promise.all([
    db.events.where('day').between(lower, upper, true, true).uniqueKeys(),
    db.importedEvents.where('day').between(lower, upper, true, true).uniqueKeys(),
  ]);
  return [...new Set([...own, ...imported].map(String))].sort();
}

/** Raw events in the range, as the rollups count them (clicks and voided), for progress. */
async function eventsInRange(db: IcebergDatabase, filters: ExportFilters, horizon: string | null): Promise<number> {
  // Before the horizon only counts remain, no events to export.
  const from = horizon && filters.from ? maxDay(horizon, filters.from) : (horizon ?? filters.from ?? Dexie.minKey);
  return eventCountOfRollupDays(await db.rollupDays.where('day').between(from, filters.to ?? Dexie.maxKey, true, true).toArray());
}

/**
 * Pages of stored events in (occurredAt, id) order, filtered. Read a local day at a time (the
 * agent's own clicks and every import's pages of that day), so memory holds one day at most.
 */
export async function* eventPages(
  db: IcebergDatabase,
  filters: ExportFilters,
  options: { pageSize?: number; signal?: AbortSignal; onPage?: (read: number, total: number) => void } = {},
): AsyncGenerator<StoredClickEvent[]> {
  const pageSize = options.pageSize ?? 5000;
  const [days, total, directory] = await Promise.all([
    daysWithEvents(db, filters),
    rawDetailStartsAt(db).then((horizon) => eventsInRange(db, filters, horizon)),
    filters.categoryIds?.length ? categoryDirectory(db) : null,
  ]);
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
  const wantsOwn = sourceMatches(OWN_SOURCE, filters.sources);
  const wantsImported = !filters.sources?.length || filters.sources.some((source) => source !== OWN_SOURCE);

  const readDay = (day: string) =>
    db.transaction('r', [db.events, db.importedEvents], () =>
      Promise.all([wantsOwn ? db.events.where('day').equals(day).toArray() : [], wantsImported ? importedEventsOfDay(db, day) : []]),
    );
  let read = 0;
  options.onPage?.(0, total);
  // The next day is read while this one is written out: IndexedDB works off this thread.
  let nextDay = days.length ? readDay(days[0]!) : null;
  for (let index = 0; index < days.length; index += 1) {
    checkAbort(options.signal);
    const [own, imported] = await nextDay!;
    nextDay = index + 1 < days.length ? readDay(days[index + 1]!) : null;
    nextDay?.catch(() => undefined); // if the export stops first, nobody awaits it
    // Each imported page is in time order, but a day has a page per import and chunk: merge them
    // (Array.prototype.sort merges already-ordered runs cheaply).
    const events = [...own, ...imported].sort(compareEventTime);
    read += events.length;
    options.onPage?.(read, Math.max(total, read));
    const kept = events.filter(matches);
    for (let at = 0; at < kept.length; at += pageSize) yield kept.slice(at, at + pageSize);
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
  checkAbort(filters.signal);
  const rows = await rollupsBetween(db, filters.from ?? '0000-00-00', filters.to ?? '9999-99-99');
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
