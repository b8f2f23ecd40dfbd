import { z } from 'zod';
import { CountingRule, Emotion, RiskGrade } from '../click-event';
import { type EventLike, sourceOf } from '../exchange/stored-event';

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
  agentId: z.string().min(1),
  site: z.string().min(1),
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
