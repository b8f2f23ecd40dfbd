import type { CategoryDirectory } from '../reports/category-directory';
import {
  COUNTING_RULE_KEYS,
  EMOTION_KEYS,
  RISK_GRADE_KEYS,
  type RollupCounts,
  type RollupRow,
  addCounts,
  emptyRollup,
} from '../reports/rollup';
import { BOM, csvLine } from './csv';

/**
 * The aggregated counts CSV (schema version 1): one row per day × category, summed over the
 * agents, sites and sources that pass the export's filters. Built from the daily rollups, so it
 * still holds days whose raw events were pruned. Same CSV conventions as the click log.
 */
export const COUNTS_SCHEMA_VERSION = 1;

const snake = (key: string) => key.replace(/-/g, '_');

export const COUNTS_COLUMNS = [
  'schema_version',
  'day',
  'category_id',
  'category_name_zh',
  'category_name_en',
  'parent_category_id',
  'clicks',
  'tickets',
  'voided',
  ...COUNTING_RULE_KEYS.map((key) => `rule_${snake(key)}`),
  ...RISK_GRADE_KEYS.map((key) => `risk_${snake(key)}`),
  ...EMOTION_KEYS.map((key) => `emotion_${snake(key)}`),
] as const;

export interface DayCategoryCounts extends RollupCounts {
  day: string;
  categoryId: string;
}

/** Sums rollup rows per day × category, sorted by day then category id. */
export function countsByDayAndCategory(rows: Iterable<RollupRow>, keep: (row: RollupRow) => boolean = () => true): DayCategoryCounts[] {
  const byKey = new Map<string, DayCategoryCounts>();
  for (const row of rows) {
    if (!keep(row)) continue;
    const key = `${row.day}\u0000${row.categoryId}`;
    let total = byKey.get(key);
    if (!total) {
      const { day, categoryId } = row;
      const empty = emptyRollup({ day, categoryId, agentId: '', site: '', source: '' });
      total = { day, categoryId, clicks: 0, tickets: 0, voided: 0, rules: empty.rules, risks: empty.risks, emotions: empty.emotions };
      byKey.set(key, total);
    }
    addCounts(total, row);
  }
  return [...byKey.values()].sort((a, b) => a.day.localeCompare(b.day) || a.categoryId.localeCompare(b.categoryId));
}

export function countsCsvLine(counts: DayCategoryCounts, directory: CategoryDirectory): string {
  const category = directory.get(counts.categoryId);
  return csvLine([
    String(COUNTS_SCHEMA_VERSION),
    counts.day,
    counts.categoryId,
    category.name.zh,
    category.name.en,
    category.parentId ?? '',
    String(counts.clicks),
    String(counts.tickets),
    String(counts.voided),
    ...COUNTING_RULE_KEYS.map((key) => String(counts.rules[key] ?? 0)),
    ...RISK_GRADE_KEYS.map((key) => String(counts.risks[key] ?? 0)),
    ...EMOTION_KEYS.map((key) => String(counts.emotions[key] ?? 0)),
  ]);
}

/** BOM + header, then one chunk per day. */
export function* countsCsvChunks(counts: Iterable<DayCategoryCounts>, directory: CategoryDirectory): Generator<string> {
  yield BOM + csvLine(COUNTS_COLUMNS);
  let day: string | null = null;
  let chunk = '';
  for (const row of counts) {
    if (row.day !== day && chunk) {
      yield chunk;
      chunk = '';
    }
    day = row.day;
    chunk += countsCsvLine(row, directory);
  }
  if (chunk) yield chunk;
}
