import type { EventLike } from '@/knowledge/clicks/stored-event';
import type { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { type Report, type ReportQuery, buildReport, rowsNeededFor } from '@/knowledge/reports/aggregate';
import { CategoryDirectory, type CategoryInfo } from '@/knowledge/reports/category-directory';
import {
  RollupAccumulator,
  type RollupDay,
  type RollupRow,
  applyDeltasToRollupDay,
  groupByRollupDay,
  packRollupDays,
  reportRowsOfRollupDays,
  rollupDeltas,
  rowsOfRollupDays,
} from '@/knowledge/reports/rollup';
import type { IcebergDatabase } from './database';
import { currentTaxonomy } from './taxonomy';

/**
 * Rollups and reports over them. `applyEventToRollups` and `applyRollupDeltas` must run inside
 * the caller's read-write transaction, which has to include `db.rollupDays`: that is what keeps
 * the counts and the events atomic (Dexie refuses a table outside the transaction's scope).
 */

/** Keeps the rollups in step with one event write: `before` as stored (null if new), `after` as written (null if deleted). */
export async function applyEventToRollups(
  db: IcebergDatabase,
  before: EventLike | null | undefined,
  after: EventLike | null | undefined,
): Promise<void> {
  await applyRollupDeltas(db, rollupDeltas(before, after));
}

/** Adds signed deltas (from a RollupAccumulator) to the stored rows: one read and one write per day × source. */
export async function applyRollupDeltas(db: IcebergDatabase, deltas: readonly RollupRow[]): Promise<void> {
  if (deltas.length === 0) return;
  const groups = [...groupByRollupDay(deltas).values()];
  const keys = groups.map(({ day, source }): [string, string] => [day, source]);
  const stored = groups.length === 1 ? [await db.rollupDays.get(keys[0]!)] : await db.rollupDays.bulkGet(keys);
  const puts: RollupDay[] = [];
  const deletes: Array<[string, string]> = [];
  groups.forEach(({ day, source, rows }, index) => {
    const next = applyDeltasToRollupDay(stored[index], day, source, rows);
    if (next) puts.push(next);
    else if (stored[index]) deletes.push(keys[index]!);
  });
  if (puts.length === 1) await db.rollupDays.put(puts[0]!);
  else if (puts.length) await db.rollupDays.bulkPut(puts);
  if (deletes.length) await db.rollupDays.bulkDelete(deletes);
}

/**
 * Recomputes the rollups of the days that still have raw events (from `rawDetailStartsAt` on)
 * from those events, and keeps the rows of pruned days as they are. Use it after a bug, or to
 * check the stored rows.
 */
export async function rebuildRollups(db: IcebergDatabase): Promise<{ rows: number; events: number }> {
  return db.transaction('rw', [db.events, db.importedEvents, db.rollupDays, db.retention], async () => {
    const horizon = (await db.retention.get('policy'))?.rawDetailStartsAt ?? null;
    const accumulator = new RollupAccumulator();
    let count = 0;
    const add = (event: EventLike) => {
      accumulator.addEvent(event);
      count += 1;
    };
    await (horizon ? db.events.where('day').aboveOrEqual(horizon) : db.events.toCollection()).each(add);
    await (horizon ? db.importedEvents.where('day').aboveOrEqual(horizon) : db.importedEvents.toCollection()).each((page) =>
      page.events.forEach(add),
    );
    if (horizon) await db.rollupDays.where('day').aboveOrEqual(horizon).delete();
    else await db.rollupDays.clear();
    const rows = accumulator.rows();
    await db.rollupDays.bulkPut(packRollupDays(rows));
    return { rows: rows.length, events: count };
  });
}

/** Rollup rows for an inclusive day range. */
export async function rollupsBetween(db: IcebergDatabase, from: string, to: string): Promise<RollupRow[]> {
  return rowsOfRollupDays(await db.rollupDays.where('day').between(from, to, true, true).toArray());
}

/** Names for reports and exports: the taxonomy, then the names merged imports brought along. */
export async function categoryDirectory(db: IcebergDatabase, taxonomy?: Taxonomy): Promise<CategoryDirectory> {
  const [current, imports] = await Promise.all([taxonomy ?? currentTaxonomy(db), db.imports.toArray()]);
  const extra = new Map<string, { name: { zh: string; en: string }; parentId: string | null }>();
  for (const record of imports.sort((a, b) => a.importedAt.localeCompare(b.importedAt))) {
    for (const [id, entry] of Object.entries(record.categoryNames)) extra.set(id, entry);
  }
  return new CategoryDirectory(current, extra);
}

export interface ReportView extends Report {
  /** First day whose raw events are all kept; before it only counts remain. null: nothing pruned. */
  rawDetailStartsAt: string | null;
}

/**
 * The dashboard's figures for a range. Reads only rollup rows (days × categories × agents ×
 * sites × sources) for the range, the previous period and the anomaly baseline.
 */
export async function loadReport(db: IcebergDatabase, query: ReportQuery, options: { taxonomy?: Taxonomy } = {}): Promise<ReportView> {
  const needed = rowsNeededFor(query);
  const [days, directory, policy] = await db.transaction('r', [db.rollupDays, db.imports, db.taxonomy, db.retention], () =>
    Promise.all([
      db.rollupDays.where('day').between(needed.from, needed.to, true, true).toArray(),
      categoryDirectory(db, options.taxonomy),
      db.retention.get('policy'),
    ]),
  );
  // Agents and sites are filtered while the rows are summed, so the report needs no second pass.
  const { agentIds, sites, ...otherFilters } = query.filters ?? {};
  const rows = reportRowsOfRollupDays(days, { agentIds, sites });
  const report = buildReport(rows, { ...query, filters: otherFilters }, directory);
  return { ...report, query: { ...report.query, filters: query.filters ?? report.query.filters }, rawDetailStartsAt: policy?.rawDetailStartsAt ?? null };
}

export interface ReportChoices {
  /** Categories the category filter can offer: the taxonomy (retired included) and names imports brought. */
  categories: CategoryInfo[];
  agentIds: string[];
  sites: string[];
  sources: string[];
  /** First and last day with any counts. */
  firstDay: string | null;
  lastDay: string | null;
}

/** What the dashboard's filters can offer, read from index keys only. */
export async function reportChoices(db: IcebergDatabase): Promise<ReportChoices> {
  return db.transaction('r', [db.rollupDays, db.imports, db.taxonomy], async () => {
    const [directory, agentIds, sites, sources, first, last] = await Promise.all([
      categoryDirectory(db),
      db.rollupDays.orderBy('agentIds').uniqueKeys(),
      db.rollupDays.orderBy('sites').uniqueKeys(),
      db.rollupDays.orderBy('source').uniqueKeys(),
      db.rollupDays.orderBy('day').first(),
      db.rollupDays.orderBy('day').last(),
    ]);
    return {
      categories: directory.all(),
      agentIds: agentIds.map(String),
      sites: sites.map(String),
      sources: sources.map(String),
      firstDay: first?.day ?? null,
      lastDay: last?.day ?? null,
    };
  });
}
