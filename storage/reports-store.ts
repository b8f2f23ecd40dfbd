import { type EventLike } from '@/knowledge/exchange/stored-event';
import type { Taxonomy } from '@/knowledge/taxonomy';
import { type Report, type ReportQuery, buildReport, rowsNeededFor } from '@/knowledge/reports/aggregate';
import { CategoryDirectory, type CategoryInfo } from '@/knowledge/reports/category-directory';
import { RollupAccumulator, type RollupRow, addCounts, hasNegative, isZero, rollupKey } from '@/knowledge/reports/rollup';
import type { IcebergDatabase } from './database';
import { currentTaxonomy } from './taxonomy-store';

/**
 * Rollups and reports over them. `applyEventToRollups` and `applyRollupDeltas` must run inside
 * the caller's read-write transaction, which has to include `db.dailyRollups`: that is what keeps
 * the counts and the events atomic (Dexie refuses a table outside the transaction's scope).
 */

/** Keeps the rollups in step with one event write: `before` as stored (null if new), `after` as written (null if deleted). */
export async function applyEventToRollups(
  db: IcebergDatabase,
  before: EventLike | null | undefined,
  after: EventLike | null | undefined,
): Promise<void> {
  const deltas = new RollupAccumulator().addChange(before, after).rows();
  if (deltas.length === 1) {
    // The click path: one row, one read and one write.
    const delta = deltas[0]!;
    const key = rollupKey(delta);
    const stored = await db.dailyRollups.get(key);
    await writeRow(db, stored, delta);
    return;
  }
  await applyRollupDeltas(db, deltas);
}

/** Adds signed deltas (from a RollupAccumulator) to the stored rows, in bulk. */
export async function applyRollupDeltas(db: IcebergDatabase, deltas: readonly RollupRow[]): Promise<void> {
  if (deltas.length === 0) return;
  const stored = await db.dailyRollups.bulkGet(deltas.map(rollupKey));
  const puts: RollupRow[] = [];
  const deletes: RollupRow[] = [];
  deltas.forEach((delta, index) => {
    const next = combine(stored[index], delta);
    if (isZero(next)) {
      if (stored[index]) deletes.push(next);
    } else puts.push(next);
  });
  if (puts.length) await db.dailyRollups.bulkPut(puts);
  if (deletes.length) await db.dailyRollups.bulkDelete(deletes.map(rollupKey));
}

function combine(stored: RollupRow | undefined, delta: RollupRow): RollupRow {
  const next: RollupRow = stored
    ? { ...stored, rules: { ...stored.rules }, risks: { ...stored.risks }, emotions: { ...stored.emotions } }
    : { ...delta, clicks: 0, tickets: 0, voided: 0, rules: {}, risks: {}, emotions: {} };
  addCounts(next, delta);
  if (hasNegative(next)) {
    // Only possible if the rollups were already out of step with the events; never store a
    // negative count. `rebuildRollups` puts them right.
    console.warn('Iceberg: a rollup went below zero; run rebuildRollups', rollupKey(delta));
    next.clicks = Math.max(0, next.clicks);
    next.tickets = Math.max(0, next.tickets);
    next.voided = Math.max(0, next.voided);
    for (const record of [next.rules, next.risks, next.emotions] as Array<Record<string, number>>) {
      for (const key of Object.keys(record)) if ((record[key] ?? 0) <= 0) delete record[key];
    }
  }
  return next;
}

async function writeRow(db: IcebergDatabase, stored: RollupRow | undefined, delta: RollupRow): Promise<void> {
  const next = combine(stored, delta);
  if (!isZero(next)) await db.dailyRollups.put(next);
  else if (stored) await db.dailyRollups.delete(rollupKey(delta));
}

/**
 * Recomputes the rollups of the days that still have raw events (from `rawDetailStartsAt` on)
 * from those events, and keeps the rows of pruned days as they are. Use it after a bug, or to
 * check the stored rows.
 */
export async function rebuildRollups(db: IcebergDatabase): Promise<{ rows: number; events: number }> {
  return db.transaction('rw', [db.events, db.dailyRollups, db.retention], async () => {
    const horizon = (await db.retention.get('policy'))?.rawDetailStartsAt ?? null;
    const accumulator = new RollupAccumulator();
    const events = horizon ? db.events.where('day').aboveOrEqual(horizon) : db.events.toCollection();
    let count = 0;
    await events.each((event) => {
      accumulator.addEvent(event);
      count += 1;
    });
    if (horizon) await db.dailyRollups.where('day').aboveOrEqual(horizon).delete();
    else await db.dailyRollups.clear();
    const rows = accumulator.rows();
    await db.dailyRollups.bulkPut(rows);
    return { rows: rows.length, events: count };
  });
}

/** Rollup rows for an inclusive day range. */
export async function rollupsBetween(db: IcebergDatabase, from: string, to: string): Promise<RollupRow[]> {
  return db.dailyRollups.where('day').between(from, to, true, true).toArray();
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
  const [rows, directory, policy] = await db.transaction('r', [db.dailyRollups, db.imports, db.taxonomy, db.retention], () =>
    Promise.all([rollupsBetween(db, needed.from, needed.to), categoryDirectory(db, options.taxonomy), db.retention.get('policy')]),
  );
  return { ...buildReport(rows, query, directory), rawDetailStartsAt: policy?.rawDetailStartsAt ?? null };
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
  return db.transaction('r', [db.dailyRollups, db.imports, db.taxonomy], async () => {
    const [directory, agentIds, sites, sources, first, last] = await Promise.all([
      categoryDirectory(db),
      db.dailyRollups.orderBy('agentId').uniqueKeys(),
      db.dailyRollups.orderBy('site').uniqueKeys(),
      db.dailyRollups.orderBy('source').uniqueKeys(),
      db.dailyRollups.orderBy('day').first(),
      db.dailyRollups.orderBy('day').last(),
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
