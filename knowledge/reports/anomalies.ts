import { addDays } from './calendar';

/**
 * When a category-day is flagged as an anomaly (documented in README.md ("Exports for QA") too):
 *
 * - the baseline is the category's count on the *active* days among the `baselineDays` (14)
 *   calendar days before it. An active day is one with at least one click in any category
 *   (under the same filters): days off and days before the data begins are not "zero
 *   complaints" and would drag the average down;
 * - with fewer than `minBaselineDays` (7) active days there is no verdict;
 * - with mean μ and population standard deviation σ of the baseline, the day is flagged when
 *   count ≥ max(μ + 3σ, 2μ, minCount) — well above the usual spread *and* at least double the
 *   usual level *and* big enough to matter (5 clicks, 3 tickets). A category that had none for
 *   two weeks and suddenly has 5 is therefore flagged.
 *
 * It runs for both generalized-complaint clicks and tickets ("the anomalies for both").
 */
export interface AnomalyRule {
  baselineDays: number;
  minBaselineDays: number;
  sigmas: number;
  ratio: number;
  minCount: { clicks: number; tickets: number };
}

export const DEFAULT_ANOMALY_RULE: AnomalyRule = {
  baselineDays: 14,
  minBaselineDays: 7,
  sigmas: 3,
  ratio: 2,
  minCount: { clicks: 5, tickets: 3 },
};

export type AnomalyMetric = 'clicks' | 'tickets';

export interface Anomaly {
  metric: AnomalyMetric;
  day: string;
  categoryId: string;
  count: number;
  baselineMean: number;
  baselineStdDev: number;
  /** How many active days the baseline had. */
  baselineDays: number;
  threshold: number;
  /** count / mean; null when the category had none in the baseline. */
  ratio: number | null;
  /** (count − mean) / σ; null when σ is 0. */
  zScore: number | null;
}

export interface DailyCounts {
  clicks: number;
  tickets: number;
}

export function detectAnomalies(input: {
  /** categoryId → day → counts, covering at least `baselineDays` before `from`. */
  daily: ReadonlyMap<string, ReadonlyMap<string, DailyCounts>>;
  activeDays: ReadonlySet<string>;
  from: string;
  to: string;
  rule?: AnomalyRule;
}): Anomaly[] {
  const rule = input.rule ?? DEFAULT_ANOMALY_RULE;
  const anomalies: Anomaly[] = [];
  const baselineCache = new Map<string, string[]>();
  const baselineOf = (day: string) => {
    let days = baselineCache.get(day);
    if (!days) {
      days = [];
      for (let back = rule.baselineDays; back >= 1; back -= 1) {
        const candidate = addDays(day, -back);
        if (input.activeDays.has(candidate)) days.push(candidate);
      }
      baselineCache.set(day, days);
    }
    return days;
  };

  for (const [categoryId, byDay] of input.daily) {
    for (const [day, counts] of byDay) {
      if (day < input.from || day > input.to) continue;
      for (const metric of ['clicks', 'tickets'] as const) {
        const count = counts[metric];
        const minCount = rule.minCount[metric];
        if (count < minCount) continue;
        const baselineDays = baselineOf(day);
        if (baselineDays.length < rule.minBaselineDays) continue;
        const values = baselineDays.map((baselineDay) => byDay.get(baselineDay)?.[metric] ?? 0);
        const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
        const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length;
        const stdDev = Math.sqrt(variance);
        const threshold = Math.max(mean + rule.sigmas * stdDev, rule.ratio * mean, minCount);
        if (count >= threshold && count > mean) {
          anomalies.push({
            metric,
            day,
            categoryId,
            count,
            baselineMean: mean,
            baselineStdDev: stdDev,
            baselineDays: values.length,
            threshold,
            ratio: mean > 0 ? count / mean : null,
            zScore: stdDev > 0 ? (count - mean) / stdDev : null,
          });
        }
      }
    }
  }
  return anomalies.sort(
    (a, b) => b.day.localeCompare(a.day) || a.metric.localeCompare(b.metric) || b.count - a.count || a.categoryId.localeCompare(b.categoryId),
  );
}
