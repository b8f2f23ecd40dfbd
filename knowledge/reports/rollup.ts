import { z } from 'zod';
import { CountingRule, Emotion, RiskGrade } from '../clicks/click-event';
import { type EventLike, sourceOf } from '../clicks/stored-event';
import { containsPhoneNumber, maskPhoneNumbers } from '../privacy/phone-numbers';

/**
 * Daily rollups: one row per day × category × agent × site × source with the counts reports
 * need. They are kept in step with every event write (same transaction), so a 30-day report
 * reads days × categories × agents rows instead of every event, and they survive the pruning
 * of raw events (retention).
 *
 * Voided events add only to `voided`; they never count as clicks, tickets or breakdowns.
 */

export const UNSPECIFIED = 'unspecified';

export const COUNTING_RULE_KEYS = [...CountingRule.options, UNSPECIFIED] as const;
export const RISK_GRADE_KEYS = [...RiskGrade.options, UNSPECIFIED] as const;
export const EMOTION_KEYS = [...Emotion.options, UNSPECIFIED] as const;
export type CountingRuleKey = (typeof COUNTING_RULE_KEYS)[number];
export type RiskGradeKey = (typeof RISK_GRADE_KEYS)[number];
export type EmotionKey = (typeof EMOTION_KEYS)[number];

export interface RollupDimensions {
  day: string;
  categoryId: string;
  agentId: string;
  site: string;
  source: string;
}

export interface RollupCounts {
  /** Non-voided events: the generalized-complaint count. */
  clicks: number;
  /** Non-voided events with "ticket raised". */
  tickets: number;
  /** Voided (undone) events, kept for audit only. */
  voided: number;
  /** Non-voided clicks per counting rule / risk grade / emotion; sparse, "unspecified" when unset. */
  rules: Partial<Record<CountingRuleKey, number>>;
  risks: Partial<Record<RiskGradeKey, number>>;
  emotions: Partial<Record<EmotionKey, number>>;
}

export type RollupRow = RollupDimensions & RollupCounts;
export type RollupKey = [day: string, categoryId: string, agentId: string, site: string, source: string];

const Count = z.number().int().nonnegative();
const Sparse = <K extends string>(keys: readonly K[]) =>
  z.partialRecord(z.enum(keys as unknown as [K, ...K[]]), Count);

export const RollupRowSchema = z.object({
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  categoryId: z.string().min(1),
  // Agent and site keys pass the privacy gate, as the events they count do.
  agentId: z.string().overwrite(maskPhoneNumbers).min(1),
  site: z.string().overwrite(maskPhoneNumbers).min(1),
  source: z.string().min(1),
  clicks: Count,
  tickets: Count,
  voided: Count,
  rules: Sparse(COUNTING_RULE_KEYS),
  risks: Sparse(RISK_GRADE_KEYS),
  emotions: Sparse(EMOTION_KEYS),
});

export function rollupKey(row: RollupDimensions): RollupKey {
  return [row.day, row.categoryId, row.agentId, row.site, row.source];
}

/** A string form of the key for Maps; NUL cannot occur in any dimension. */
export function rollupKeyString(row: RollupDimensions): string {
  return `${row.day}\u0000${row.categoryId}\u0000${row.agentId}\u0000${row.site}\u0000${row.source}`;
}

export function emptyRollup(dimensions: RollupDimensions): RollupRow {
  return { ...dimensions, clicks: 0, tickets: 0, voided: 0, rules: {}, risks: {}, emotions: {} };
}

function dimensionsOf(event: EventLike): RollupDimensions {
  return { day: event.day, categoryId: event.categoryId, agentId: event.agentId, site: event.site, source: sourceOf(event) };
}

function bump<K extends string>(record: Partial<Record<K, number>>, key: K, delta: number): void {
  const next = (record[key] ?? 0) + delta;
  if (next === 0) delete record[key];
  else record[key] = next;
}

/** Adds `sign` × one event's contribution to a row with the same dimensions. */
export function addEvent(row: RollupCounts, event: EventLike, sign: 1 | -1): void {
  if (event.voided) {
    row.voided += sign;
    return;
  }
  row.clicks += sign;
  if (event.ticketRaised) row.tickets += sign;
  bump(row.rules, event.countingRule ?? UNSPECIFIED, sign);
  bump(row.risks, event.riskGrade ?? UNSPECIFIED, sign);
  bump(row.emotions, event.emotion ?? UNSPECIFIED, sign);
}

/** Adds `sign` × another row's counts. */
export function addCounts(row: RollupCounts, other: RollupCounts, sign: 1 | -1 = 1): void {
  row.clicks += sign * other.clicks;
  row.tickets += sign * other.tickets;
  row.voided += sign * other.voided;
  for (const [key, value] of Object.entries(other.rules)) bump(row.rules, key as CountingRuleKey, sign * (value ?? 0));
  for (const [key, value] of Object.entries(other.risks)) bump(row.risks, key as RiskGradeKey, sign * (value ?? 0));
  for (const [key, value] of Object.entries(other.emotions)) bump(row.emotions, key as EmotionKey, sign * (value ?? 0));
}

export function isZero(row: RollupCounts): boolean {
  return (
    row.clicks === 0 &&
    row.tickets === 0 &&
    row.voided === 0 &&
    Object.keys(row.rules).length === 0 &&
    Object.keys(row.risks).length === 0 &&
    Object.keys(row.emotions).length === 0
  );
}

/** True when any counter went below zero (a delta removed more than was there). */
export function hasNegative(row: RollupCounts): boolean {
  return (
    row.clicks < 0 ||
    row.tickets < 0 ||
    row.voided < 0 ||
    [row.rules, row.risks, row.emotions].some((record) => Object.values(record).some((value) => (value ?? 0) < 0))
  );
}

/**
 * Sums events (or rows) by rollup key. Deltas may be negative: `add(before, -1)` and
 * `add(after, +1)` describe one event write.
 */
export class RollupAccumulator {
  private readonly rowsByKey = new Map<string, RollupRow>();

  private rowFor(dimensions: RollupDimensions): RollupRow {
    const key = rollupKeyString(dimensions);
    let row = this.rowsByKey.get(key);
    if (!row) {
      row = emptyRollup(dimensions);
      this.rowsByKey.set(key, row);
    }
    return row;
  }

  addEvent(event: EventLike, sign: 1 | -1 = 1): this {
    addEvent(this.rowFor(dimensionsOf(event)), event, sign);
    return this;
  }

  /** One write: the event as it was (null when new) and as it is now (null when deleted). */
  addChange(before: EventLike | null | undefined, after: EventLike | null | undefined): this {
    if (before) this.addEvent(before, -1);
    if (after) this.addEvent(after, 1);
    return this;
  }

  addRow(row: RollupRow, sign: 1 | -1 = 1): this {
    addCounts(this.rowFor(row), row, sign);
    return this;
  }

  get size(): number {
    return this.rowsByKey.size;
  }

  /** The summed rows, leaving out those that net to nothing. */
  rows(): RollupRow[] {
    return [...this.rowsByKey.values()].filter((row) => !isZero(row));
  }
}

/** Rollups rebuilt from raw events (e.g. after a migration, or to check the stored ones). */
export function rollupsFromEvents(events: Iterable<EventLike>): RollupRow[] {
  const accumulator = new RollupAccumulator();
  for (const event of events) accumulator.addEvent(event);
  return accumulator.rows();
}

/** The rollup rows one event write changes, as signed deltas. */
export function rollupDeltas(before: EventLike | null | undefined, after: EventLike | null | undefined): RollupRow[] {
  return new RollupAccumulator().addChange(before, after).rows();
}

// ---------------------------------------------------------------------------------------------
// Storage packs the rows of one day and one source into one record (a "rollup day"): a merge of
// 100,000 events touches ~90 records instead of ~50,000 rows, and IndexedDB's cost is per record.

export interface RollupDay {
  day: string;
  source: string;
  /** The agents and sites of the rows, indexed so the dashboard's filters read keys only. */
  agentIds: string[];
  sites: string[];
  /**
   * The rows, compact: reading back objects with nested counters cost ~1 µs each, and a 30-day
   * report reads hundreds of thousands of rows. `keys[i]` is "category NUL agent NUL site";
   * `counts[i * ROLLUP_WIDTH …]` are its clicks, tickets, voided, then the counting rules, risk
   * grades and emotions in the order of COUNTING_RULE_KEYS, RISK_GRADE_KEYS, EMOTION_KEYS.
   */
  keys: string[];
  counts: number[];
}

export const ROLLUP_WIDTH = 3 + COUNTING_RULE_KEYS.length + RISK_GRADE_KEYS.length + EMOTION_KEYS.length;

export const RollupDaySchema = z
  .object({
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    source: z.string().min(1),
    agentIds: z.array(z.string()),
    sites: z.array(z.string()),
    keys: z.array(z.string().regex(/^[^\u0000]+\u0000[^\u0000]+\u0000[^\u0000]+$/, 'a key is category, agent and site')),
    counts: z.array(Count),
  })
  .refine((day) => day.counts.length === day.keys.length * ROLLUP_WIDTH, { error: `counts must hold ${ROLLUP_WIDTH} numbers per key` })
  .overwrite((day) => gatedRollupDay(day));

/**
 * A rollup day whose agent and site keys passed the privacy gate, as the events they count do;
 * rows the gate gives the same key are summed.
 */
export function gatedRollupDay(stored: RollupDay): RollupDay {
  if (!stored.agentIds.some(containsPhoneNumber) && !stored.sites.some(containsPhoneNumber)) return stored;
  const rows = new RollupAccumulator();
  for (const row of rowsOfRollupDay(stored)) rows.addRow({ ...row, agentId: maskPhoneNumbers(row.agentId), site: maskPhoneNumbers(row.site) });
  return rollupDayOf(stored.day, stored.source, rows.rows());
}

function encodeRows(rows: readonly RollupRow[]): { keys: string[]; counts: number[] } {
  const keys: string[] = [];
  const counts: number[] = [];
  for (const row of rows) {
    keys.push(`${row.categoryId}\u0000${row.agentId}\u0000${row.site}`);
    counts.push(row.clicks, row.tickets, row.voided);
    for (const key of COUNTING_RULE_KEYS) counts.push(row.rules[key] ?? 0);
    for (const key of RISK_GRADE_KEYS) counts.push(row.risks[key] ?? 0);
    for (const key of EMOTION_KEYS) counts.push(row.emotions[key] ?? 0);
  }
  return { keys, counts };
}

function sparse<K extends string>(keys: readonly K[], counts: readonly number[], at: number): Partial<Record<K, number>> {
  const record: Partial<Record<K, number>> = {};
  keys.forEach((key, index) => {
    const value = counts[at + index]!;
    if (value !== 0) record[key] = value;
  });
  return record;
}

/** The rows of one rollup day. */
export function rowsOfRollupDay(stored: RollupDay): RollupRow[] {
  const rows: RollupRow[] = [];
  const rulesAt = 3;
  const risksAt = rulesAt + COUNTING_RULE_KEYS.length;
  const emotionsAt = risksAt + RISK_GRADE_KEYS.length;
  stored.keys.forEach((key, index) => {
    const [categoryId, agentId, site] = key.split('\u0000') as [string, string, string];
    const at = index * ROLLUP_WIDTH;
    const { counts } = stored;
    rows.push({
      day: stored.day,
      categoryId,
      agentId,
      site,
      source: stored.source,
      clicks: counts[at]!,
      tickets: counts[at + 1]!,
      voided: counts[at + 2]!,
      rules: sparse(COUNTING_RULE_KEYS, counts, at + rulesAt),
      risks: sparse(RISK_GRADE_KEYS, counts, at + risksAt),
      emotions: sparse(EMOTION_KEYS, counts, at + emotionsAt),
    });
  });
  return rows;
}

/** Adds one row's counts into a stored (or new) row, never storing a negative counter. */
export function combineRollup(stored: RollupRow | undefined, delta: RollupRow): RollupRow {
  const next: RollupRow = stored
    ? { ...stored, rules: { ...stored.rules }, risks: { ...stored.risks }, emotions: { ...stored.emotions } }
    : emptyRollup(delta);
  addCounts(next, delta);
  if (hasNegative(next)) {
    // Only possible if the rollups were already out of step with the events; `rebuildRollups` puts them right.
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

function rollupDayOf(day: string, source: string, rows: RollupRow[]): RollupDay {
  // Rows in key order, so the same counts always make the same record.
  const sorted = rows.map((row) => [rollupKeyString(row), row] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    day,
    source,
    agentIds: [...new Set(rows.map((row) => row.agentId))].sort(),
    sites: [...new Set(rows.map((row) => row.site))].sort(),
    ...encodeRows(sorted.map(([, row]) => row)),
  };
}

/** The day × source key of a rollup day, as a Map key. */
export function rollupDayKeyString(day: string, source: string): string {
  return `${day}\u0000${source}`;
}

/** Groups rows (deltas or whole rows) by the rollup day they belong to. */
export function groupByRollupDay(rows: readonly RollupRow[]): Map<string, { day: string; source: string; rows: RollupRow[] }> {
  const groups = new Map<string, { day: string; source: string; rows: RollupRow[] }>();
  for (const row of rows) {
    const key = rollupDayKeyString(row.day, row.source);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { day: row.day, source: row.source, rows: [] }));
    group.rows.push(row);
  }
  return groups;
}

/** Whole rows packed into rollup days (for migrations and restores); rows with the same key are summed. */
export function packRollupDays(rows: readonly RollupRow[]): RollupDay[] {
  const summed = new RollupAccumulator();
  for (const row of rows) summed.addRow(row);
  return [...groupByRollupDay(summed.rows()).values()].map(({ day, source, rows: dayRows }) => rollupDayOf(day, source, dayRows));
}

/**
 * A stored rollup day with deltas of the same day and source added; null when nothing is left
 * (the record should be deleted).
 */
export function applyDeltasToRollupDay(stored: RollupDay | undefined, day: string, source: string, deltas: readonly RollupRow[]): RollupDay | null {
  const rows = new Map<string, RollupRow>();
  for (const row of stored ? rowsOfRollupDay(stored) : []) rows.set(rollupKeyString(row), row);
  for (const delta of deltas) {
    const key = rollupKeyString(delta);
    const next = combineRollup(rows.get(key), delta);
    if (isZero(next)) rows.delete(key);
    else rows.set(key, next);
  }
  return rows.size === 0 ? null : rollupDayOf(day, source, [...rows.values()]);
}

/** The rows of rollup days, flattened. */
export function rowsOfRollupDays(days: readonly RollupDay[]): RollupRow[] {
  return days.flatMap(rowsOfRollupDay);
}

/**
 * The rows of rollup days for a report, summed over agents and sites: only rows of the wanted
 * agents and sites (all when none are given) count, and each day × source × category becomes one
 * row (agent and site "*"), so a report over a team's month builds a few thousand rows, not
 * hundreds of thousands. Reports filter agents and sites here, not again afterwards.
 */
export function reportRowsOfRollupDays(
  days: readonly RollupDay[],
  wanted: { agentIds?: readonly string[]; sites?: readonly string[] } = {},
): RollupRow[] {
  const agents = wanted.agentIds?.length ? new Set(wanted.agentIds) : null;
  const sites = wanted.sites?.length ? new Set(wanted.sites) : null;
  const rows: RollupRow[] = [];
  for (const stored of days) {
    const sums = new Map<string, number[]>();
    stored.keys.forEach((key, index) => {
      const [categoryId, agentId, site] = key.split('\u0000') as [string, string, string];
      if ((agents && !agents.has(agentId)) || (sites && !sites.has(site))) return;
      let sum = sums.get(categoryId);
      if (!sum) sums.set(categoryId, (sum = new Array<number>(ROLLUP_WIDTH).fill(0)));
      const at = index * ROLLUP_WIDTH;
      for (let offset = 0; offset < ROLLUP_WIDTH; offset += 1) sum[offset]! += stored.counts[at + offset]!;
    });
    const keys: string[] = [];
    const counts: number[] = [];
    for (const [categoryId, sum] of sums) {
      keys.push(`${categoryId}\u0000*\u0000*`);
      counts.push(...sum);
    }
    rows.push(...rowsOfRollupDay({ ...stored, keys, counts }));
  }
  return rows;
}

/** Raw events the rollup days count (clicks and voided), read straight from the counters. */
export function eventCountOfRollupDays(days: readonly RollupDay[]): number {
  let events = 0;
  for (const day of days) {
    for (let at = 0; at < day.counts.length; at += ROLLUP_WIDTH) events += day.counts[at]! + day.counts[at + 2]!;
  }
  return events;
}
