import type { LocalizedName } from '../taxonomy/taxonomy';
import { sourceMatches, type EventLike } from '../clicks/stored-event';
import { type BucketSpan, type Grouping, addDays, bucketOf, bucketsOf, isValidDay, maxDay, minDay, previousPeriod, rangeLength } from './calendar';
import { type Anomaly, type AnomalyRule, type DailyCounts, DEFAULT_ANOMALY_RULE, detectAnomalies } from './anomalies';
import type { CategoryDirectory } from './category-directory';
import {
  COUNTING_RULE_KEYS,
  EMOTION_KEYS,
  RISK_GRADE_KEYS,
  type CountingRuleKey,
  type EmotionKey,
  type RiskGradeKey,
  type RollupRow,
  rollupsFromEvents,
} from './rollup';

export interface ReportFilters {
  agentIds?: readonly string[];
  sites?: readonly string[];
  /** Category ids; a top-level id also selects its sub-categories unless includeSubcategories is false. */
  categoryIds?: readonly string[];
  includeSubcategories?: boolean;
  /** Exact sources ("own", "import:<id>") or the alias "imported" for every import. */
  sources?: readonly string[];
}

export interface ReportQuery {
  /** Inclusive local days, "YYYY-MM-DD". */
  from: string;
  to: string;
  grouping: Grouping;
  filters?: ReportFilters;
  /** How many categories the TOP list holds (10). */
  topN?: number;
  anomalyRule?: AnomalyRule;
}

export interface IcebergRatio {
  /** Tickets per 100 generalized complaints; null without clicks. */
  ticketsPer100Clicks: number | null;
  /** Generalized complaints per ticket; null without tickets. */
  clicksPerTicket: number | null;
}

export interface Totals extends IcebergRatio {
  clicks: number;
  tickets: number;
  voided: number;
}

export interface CategoryFigure extends IcebergRatio {
  rank: number;
  categoryId: string;
  name: LocalizedName;
  parentId: string | null;
  retired: boolean;
  known: boolean;
  color: string | null;
  clicks: number;
  tickets: number;
  /** Share of all clicks in the range (0–1; of all tickets in the by-tickets list); null when none. */
  share: number | null;
  previousClicks: number;
  previousTickets: number;
  /** Rank in the previous period by the same measure; null when absent there. */
  previousRank: number | null;
  /** clicks − previousClicks (tickets for the by-tickets list). */
  change: number;
  /** change / previous; null when the previous period had none. */
  changeRatio: number | null;
}

export interface CategoryGroup {
  categoryId: string;
  name: LocalizedName;
  clicks: number;
  tickets: number;
  share: number | null;
  /** Recorded categories inside the group (the top-level id itself included), by clicks. */
  members: Array<{ categoryId: string; name: LocalizedName; clicks: number; shareOfGroup: number | null }>;
}

export interface Bucket extends Totals {
  key: string;
  /** The part of the bucket inside the range. */
  from: string;
  to: string;
  /** True when the week or month overhangs the range. */
  partial: boolean;
}

export interface TrendSeries {
  categoryId: string;
  name: LocalizedName;
  color: string | null;
  total: number;
  /** Clicks (and tickets) per bucket, aligned with `trend.buckets`. */
  clicks: number[];
  tickets: number[];
}

export interface Report {
  query: Required<Pick<ReportQuery, 'from' | 'to' | 'grouping' | 'topN'>> & { filters: ReportFilters };
  days: number;
  previous: { from: string; to: string };
  totals: Totals;
  previousTotals: Totals;
  /** TOP-N by generalized-complaint clicks, with change against the previous period. */
  top: CategoryFigure[];
  /** TOP-N by tickets raised. */
  topByTickets: CategoryFigure[];
  /** Every category with clicks in the range or the previous period, by clicks. */
  categories: CategoryFigure[];
  /** Clicks summed per top-level category ("billing is 30%, within it …"). */
  groups: CategoryGroup[];
  byCountingRule: Record<CountingRuleKey, number>;
  byRiskGrade: Record<RiskGradeKey, number>;
  byEmotion: Record<EmotionKey, number>;
  buckets: Bucket[];
  trend: { buckets: string[]; series: TrendSeries[] };
  anomalies: Array<Anomaly & { name: LocalizedName }>;
}

export function ratioOf(clicks: number, tickets: number): IcebergRatio {
  return {
    ticketsPer100Clicks: clicks > 0 ? (tickets / clicks) * 100 : null,
    clicksPerTicket: tickets > 0 ? clicks / tickets : null,
  };
}

function totalsOf(clicks: number, tickets: number, voided: number): Totals {
  return { clicks, tickets, voided, ...ratioOf(clicks, tickets) };
}

function zeroes<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((key) => [key, 0])) as Record<K, number>;
}

/** The day range a report needs rows for: the range, the previous period and the anomaly baseline. */
export function rowsNeededFor(query: Pick<ReportQuery, 'from' | 'to' | 'anomalyRule'>): { from: string; to: string } {
  const baseline = (query.anomalyRule ?? DEFAULT_ANOMALY_RULE).baselineDays;
  return { from: minDay(previousPeriod(query.from, query.to).from, addDays(query.from, -baseline)), to: query.to };
}

/** The category ids a category filter selects (sub-categories included unless turned off); null selects all. */
export function categoriesOfFilter(filters: ReportFilters, directory: CategoryDirectory): Set<string> | null {
  if (!filters.categoryIds?.length) return null;
  return filters.includeSubcategories === false ? new Set(filters.categoryIds) : directory.withSubcategories(filters.categoryIds);
}

/** A predicate for rows (or events) under the filters. */
export function rowFilter(filters: ReportFilters, directory: CategoryDirectory): (row: { agentId: string; site: string; categoryId: string; source: string }) => boolean {
  const agents = filters.agentIds?.length ? new Set(filters.agentIds) : null;
  const sites = filters.sites?.length ? new Set(filters.sites) : null;
  const categories = categoriesOfFilter(filters, directory);
  const sources = filters.sources?.length ? filters.sources : undefined;
  return (row) =>
    (!agents || agents.has(row.agentId)) &&
    (!sites || sites.has(row.site)) &&
    (!categories || categories.has(row.categoryId)) &&
    sourceMatches(row.source, sources);
}

interface CategoryTally {
  clicks: number;
  tickets: number;
  previousClicks: number;
  previousTickets: number;
}

/**
 * Builds every dashboard figure from rollup rows. Rows outside [from, to] feed the previous
 * period and the anomaly baseline; pass rows for `rowsNeededFor(query)`.
 */
export function buildReport(rows: Iterable<RollupRow>, query: ReportQuery, directory: CategoryDirectory): Report {
  if (!isValidDay(query.from) || !isValidDay(query.to)) throw new RangeError('from and to must be days (YYYY-MM-DD)');
  if (query.from > query.to) throw new RangeError(`from (${query.from}) is after to (${query.to})`);
  const filters = query.filters ?? {};
  const topN = query.topN ?? 10;
  const { from, to, grouping } = query;
  const previous = previousPeriod(from, to);
  const baselineFrom = rowsNeededFor(query).from;
  const matches = rowFilter(filters, directory);

  const spans = bucketsOf(from, to, grouping);
  const bucketIndex = new Map(spans.map((span, index) => [span.key, index]));
  const bucketTotals = spans.map(() => ({ clicks: 0, tickets: 0, voided: 0 }));
  const seriesByCategory = new Map<string, { clicks: number[]; tickets: number[] }>();
  const tallies = new Map<string, CategoryTally>();
  const daily = new Map<string, Map<string, DailyCounts>>();
  const activeDays = new Set<string>();
  const byCountingRule = zeroes(COUNTING_RULE_KEYS);
  const byRiskGrade = zeroes(RISK_GRADE_KEYS);
  const byEmotion = zeroes(EMOTION_KEYS);
  let clicks = 0;
  let tickets = 0;
  let voided = 0;
  let previousClicks = 0;
  let previousTickets = 0;
  let previousVoided = 0;
  const bucketKeyOfDay = new Map<string, number>();

  for (const row of rows) {
    if (row.day < baselineFrom || row.day > to || !matches(row)) continue;
    const inRange = row.day >= from;
    const inPrevious = row.day >= previous.from && row.day <= previous.to;

    if (row.clicks > 0) {
      activeDays.add(row.day);
      let byDay = daily.get(row.categoryId);
      if (!byDay) daily.set(row.categoryId, (byDay = new Map<string, DailyCounts>()));
      const counts = byDay.get(row.day) ?? { clicks: 0, tickets: 0 };
      counts.clicks += row.clicks;
      counts.tickets += row.tickets;
      byDay.set(row.day, counts);
    }

    if (!inRange && !inPrevious) continue;
    let tally = tallies.get(row.categoryId);
    if (!tally) tallies.set(row.categoryId, (tally = { clicks: 0, tickets: 0, previousClicks: 0, previousTickets: 0 }));

    if (inPrevious) {
      tally.previousClicks += row.clicks;
      tally.previousTickets += row.tickets;
      previousClicks += row.clicks;
      previousTickets += row.tickets;
      previousVoided += row.voided;
    }
    if (!inRange) continue;

    tally.clicks += row.clicks;
    tally.tickets += row.tickets;
    clicks += row.clicks;
    tickets += row.tickets;
    voided += row.voided;
    for (const [key, value] of Object.entries(row.rules)) byCountingRule[key as CountingRuleKey] += value ?? 0;
    for (const [key, value] of Object.entries(row.risks)) byRiskGrade[key as RiskGradeKey] += value ?? 0;
    for (const [key, value] of Object.entries(row.emotions)) byEmotion[key as EmotionKey] += value ?? 0;

    let index = bucketKeyOfDay.get(row.day);
    if (index === undefined) {
      index = bucketIndex.get(bucketOf(row.day, grouping).key)!;
      bucketKeyOfDay.set(row.day, index);
    }
    const bucket = bucketTotals[index]!;
    bucket.clicks += row.clicks;
    bucket.tickets += row.tickets;
    bucket.voided += row.voided;
    if (row.clicks > 0) {
      let series = seriesByCategory.get(row.categoryId);
      if (!series) seriesByCategory.set(row.categoryId, (series = { clicks: spans.map(() => 0), tickets: spans.map(() => 0) }));
      series.clicks[index]! += row.clicks;
      series.tickets[index]! += row.tickets;
    }
  }

  const figures = rankCategories(tallies, directory, clicks, 'clicks');
  const figuresByTickets = rankCategories(tallies, directory, tickets, 'tickets');

  return {
    query: { from, to, grouping, topN, filters },
    days: rangeLength(from, to),
    previous,
    totals: totalsOf(clicks, tickets, voided),
    previousTotals: totalsOf(previousClicks, previousTickets, previousVoided),
    top: figures.filter((figure) => figure.clicks > 0).slice(0, topN),
    topByTickets: figuresByTickets.filter((figure) => figure.tickets > 0).slice(0, topN),
    categories: figures,
    groups: groupCategories(figures, directory, clicks),
    byCountingRule,
    byRiskGrade,
    byEmotion,
    buckets: spans.map((span, index) => bucketFigure(span, from, to, bucketTotals[index]!)),
    trend: {
      buckets: spans.map((span) => span.key),
      series: [...seriesByCategory.entries()]
        .map(([categoryId, series]) => {
          const info = directory.get(categoryId);
          return { categoryId, name: info.name, color: info.color, total: tallies.get(categoryId)!.clicks, ...series };
        })
        .sort((a, b) => b.total - a.total || a.categoryId.localeCompare(b.categoryId)),
    },
    anomalies: detectAnomalies({ daily, activeDays, from, to, rule: query.anomalyRule }).map((anomaly) => ({
      ...anomaly,
      name: directory.get(anomaly.categoryId).name,
    })),
  };
}

function bucketFigure(span: BucketSpan, from: string, to: string, totals: { clicks: number; tickets: number; voided: number }): Bucket {
  const clippedFrom = maxDay(span.start, from);
  const clippedTo = minDay(span.end, to);
  return {
    key: span.key,
    from: clippedFrom,
    to: clippedTo,
    partial: clippedFrom !== span.start || clippedTo !== span.end,
    ...totalsOf(totals.clicks, totals.tickets, totals.voided),
  };
}

function rankCategories(
  tallies: Map<string, CategoryTally>,
  directory: CategoryDirectory,
  total: number,
  by: 'clicks' | 'tickets',
): CategoryFigure[] {
  const current = by === 'clicks' ? (t: CategoryTally) => t.clicks : (t: CategoryTally) => t.tickets;
  const previous = by === 'clicks' ? (t: CategoryTally) => t.previousClicks : (t: CategoryTally) => t.previousTickets;
  const entries = [...tallies.entries()];
  const order = (measure: (t: CategoryTally) => number) =>
    [...entries].sort(([idA, a], [idB, b]) => measure(b) - measure(a) || idA.localeCompare(idB));
  const previousRanks = new Map(
    order(previous)
      .filter(([, tally]) => previous(tally) > 0)
      .map(([id], index) => [id, index + 1]),
  );
  return order(current).map(([categoryId, tally], index) => {
    const info = directory.get(categoryId);
    const change = current(tally) - previous(tally);
    return {
      rank: index + 1,
      categoryId,
      name: info.name,
      parentId: info.parentId,
      retired: info.retired,
      known: info.known,
      color: info.color,
      clicks: tally.clicks,
      tickets: tally.tickets,
      share: total > 0 ? current(tally) / total : null,
      previousClicks: tally.previousClicks,
      previousTickets: tally.previousTickets,
      previousRank: previousRanks.get(categoryId) ?? null,
      change,
      changeRatio: previous(tally) > 0 ? change / previous(tally) : null,
      ...ratioOf(tally.clicks, tally.tickets),
    };
  });
}

function groupCategories(figures: CategoryFigure[], directory: CategoryDirectory, totalClicks: number): CategoryGroup[] {
  const groups = new Map<string, CategoryGroup>();
  for (const figure of figures) {
    if (figure.clicks === 0) continue;
    const groupId = directory.topLevelOf(figure.categoryId);
    let group = groups.get(groupId);
    if (!group) {
      group = { categoryId: groupId, name: directory.get(groupId).name, clicks: 0, tickets: 0, share: null, members: [] };
      groups.set(groupId, group);
    }
    group.clicks += figure.clicks;
    group.tickets += figure.tickets;
    group.members.push({ categoryId: figure.categoryId, name: figure.name, clicks: figure.clicks, shareOfGroup: null });
  }
  return [...groups.values()]
    .map((group) => ({
      ...group,
      share: totalClicks > 0 ? group.clicks / totalClicks : null,
      members: group.members.map((member) => ({ ...member, shareOfGroup: group.clicks > 0 ? member.clicks / group.clicks : null })),
    }))
    .sort((a, b) => b.clicks - a.clicks || a.categoryId.localeCompare(b.categoryId));
}

/** The counting rule, risk grade and emotion totals of a report's range. */
export type ReportBreakdowns = Pick<Report, 'byCountingRule' | 'byRiskGrade' | 'byEmotion'>;

/**
 * A report from rows already summed over agents and sites (agent and site "*"), read with the
 * agent and site filters applied at the source (the browser's rollups, or the centre's SQL).
 * Those two filters are not applied again; the report still states them as asked. A source that
 * counts the breakdowns separately passes them as `breakdowns` and leaves them out of the rows.
 */
export function buildReportFromSummedRows(
  rows: Iterable<RollupRow>,
  query: ReportQuery,
  directory: CategoryDirectory,
  breakdowns?: ReportBreakdowns,
): Report {
  const { agentIds: _agentIds, sites: _sites, ...otherFilters } = query.filters ?? {};
  const report = buildReport(rows, { ...query, filters: otherFilters }, directory);
  return { ...report, ...breakdowns, query: { ...report.query, filters: query.filters ?? report.query.filters } };
}

/** The same report straight from events (small sets, tests, the export check). */
export function buildReportFromEvents(events: Iterable<EventLike>, query: ReportQuery, directory: CategoryDirectory): Report {
  return buildReport(rollupsFromEvents(events), query, directory);
}
