import { describe, expect, it } from 'vitest';
import { buildReportFromEvents, ratioOf, type ReportQuery } from '@/knowledge/reports/aggregate';
import { CategoryDirectory } from '@/knowledge/reports/category-directory';
import { detectAnomalies, DEFAULT_ANOMALY_RULE } from '@/knowledge/reports/anomalies';
import { generateEvents } from '@/knowledge/reports/sample-events';
import { addDays, eachDay, isoWeekKey } from '@/knowledge/reports/calendar';
import { rollupsFromEvents } from '@/knowledge/reports/rollup';
import { buildReport } from '@/knowledge/reports/aggregate';
import { TAXONOMY, event, many } from './fixtures';

const directory = new CategoryDirectory(TAXONOMY);
const report = (events: Parameters<typeof buildReportFromEvents>[0], query: Partial<ReportQuery> = {}) =>
  buildReportFromEvents(events, { from: '2026-11-16', to: '2026-11-22', grouping: 'day', ...query }, directory);

describe('iceberg ratio', () => {
  it('gives tickets per 100 clicks and clicks per ticket, null-safe', () => {
    expect(ratioOf(267_000, 22_000).ticketsPer100Clicks).toBeCloseTo(8.24, 2);
    expect(ratioOf(267_000, 22_000).clicksPerTicket).toBeCloseTo(12.14, 2);
    expect(ratioOf(0, 0)).toEqual({ ticketsPer100Clicks: null, clicksPerTicket: null });
    expect(ratioOf(5, 0)).toEqual({ ticketsPer100Clicks: 0, clicksPerTicket: null });
  });

  it('is computed from non-voided clicks and their tickets', () => {
    const events = [
      ...many(20, { day: '2026-11-17', categoryId: 'billing' }),
      ...many(5, { day: '2026-11-17', categoryId: 'billing', ticketRaised: true }),
      ...many(3, { day: '2026-11-17', categoryId: 'billing', ticketRaised: true, voided: true }),
    ];
    const { totals } = report(events);
    expect(totals).toEqual({ clicks: 25, tickets: 5, voided: 3, ticketsPer100Clicks: 20, clicksPerTicket: 5 });
  });
});

describe('voided and retired', () => {
  it('never counts voided events anywhere', () => {
    const events = [
      ...many(2, { day: '2026-11-18', categoryId: 'network' }),
      ...many(4, { day: '2026-11-18', categoryId: 'attitude', voided: true, riskGrade: 'major', emotion: 'angry' }),
    ];
    const result = report(events);
    expect(result.totals.clicks).toBe(2);
    expect(result.top.map((figure) => figure.categoryId)).toEqual(['network']);
    expect(result.byRiskGrade.major).toBe(0);
    expect(result.byEmotion.angry).toBe(0);
    expect(result.trend.series.map((series) => series.categoryId)).toEqual(['network']);
    expect(result.buckets.find((bucket) => bucket.key === '2026-11-18')).toMatchObject({ clicks: 2, voided: 4 });
  });

  it('keeps the name of retired categories, and falls back to the id for unknown ones', () => {
    const result = report([
      ...many(3, { day: '2026-11-19', categoryId: 'old-promo' }),
      ...many(1, { day: '2026-11-19', categoryId: 'gone-category' }),
    ]);
    expect(result.top[0]).toMatchObject({ categoryId: 'old-promo', name: { zh: '旧促销', en: 'Old promotion' }, retired: true, known: true });
    expect(result.top[1]).toMatchObject({ categoryId: 'gone-category', name: { zh: 'gone-category', en: 'gone-category' }, known: false });
  });

  it('uses names that imports brought for ids the taxonomy lacks', () => {
    const withImports = new CategoryDirectory(TAXONOMY, [['sms', { name: { zh: '短信', en: 'SMS' }, parentId: null }]]);
    const result = buildReportFromEvents(many(1, { day: '2026-11-19', categoryId: 'sms' }), { from: '2026-11-19', to: '2026-11-19', grouping: 'day' }, withImports);
    expect(result.top[0]?.name).toEqual({ zh: '短信', en: 'SMS' });
  });
});

describe('TOP-10 with change against the previous period', () => {
  const events = [
    // previous period: 2026-11-09 … 2026-11-15
    ...many(10, { day: '2026-11-10', categoryId: 'network' }),
    ...many(4, { day: '2026-11-12', categoryId: 'billing' }),
    // range: 2026-11-16 … 2026-11-22
    ...many(12, { day: '2026-11-16', categoryId: 'billing' }),
    ...many(3, { day: '2026-11-20', categoryId: 'billing', ticketRaised: true }),
    ...many(5, { day: '2026-11-21', categoryId: 'network' }),
    ...many(5, { day: '2026-11-21', categoryId: 'attitude', ticketRaised: true }),
  ];

  it('ranks by clicks with share, previous count, previous rank and change', () => {
    const { top, totals, previousTotals, previous } = report(events);
    expect(previous).toEqual({ from: '2026-11-09', to: '2026-11-15' });
    expect(totals.clicks).toBe(25);
    expect(previousTotals.clicks).toBe(14);
    expect(top.map((figure) => [figure.rank, figure.categoryId, figure.clicks])).toEqual([
      [1, 'billing', 15],
      [2, 'attitude', 5], // ties are broken by id, so the order is stable
      [3, 'network', 5],
    ]);
    expect(top[0]).toMatchObject({ share: 0.6, previousClicks: 4, previousRank: 2, change: 11, changeRatio: 2.75, tickets: 3 });
    expect(top[1]).toMatchObject({ previousClicks: 0, previousRank: null, change: 5, changeRatio: null });
    expect(top[2]).toMatchObject({ previousClicks: 10, previousRank: 1, change: -5, changeRatio: -0.5 });
  });

  it('also ranks by tickets', () => {
    const { topByTickets } = report(events);
    expect(topByTickets.map((figure) => [figure.categoryId, figure.tickets, figure.share])).toEqual([
      ['attitude', 5, 5 / 8],
      ['billing', 3, 3 / 8],
    ]);
  });

  it('holds at most ten categories', () => {
    const ids = Array.from({ length: 14 }, (_, index) => `cat-${String(index).padStart(2, '0')}`);
    const lots = ids.flatMap((id, index) => many(index + 1, { day: '2026-11-17', categoryId: id }));
    const result = report(lots);
    expect(result.top).toHaveLength(10);
    expect(result.top[0]?.categoryId).toBe('cat-13');
    expect(result.categories).toHaveLength(14);
    expect(result.top.reduce((sum, figure) => sum + (figure.share ?? 0), 0)).toBeLessThan(1);
  });

  it('sums sub-categories into their top-level group', () => {
    const result = report([
      ...many(6, { day: '2026-11-17', categoryId: 'billing-vas' }),
      ...many(2, { day: '2026-11-17', categoryId: 'billing' }),
      ...many(2, { day: '2026-11-17', categoryId: 'network' }),
    ]);
    expect(result.groups[0]).toMatchObject({ categoryId: 'billing', clicks: 8, share: 0.8 });
    expect(result.groups[0]?.members.map((member) => [member.categoryId, member.shareOfGroup])).toEqual([
      ['billing-vas', 0.75],
      ['billing', 0.25],
    ]);
  });
});

describe('grouping', () => {
  const events = eachDay('2026-11-01', '2026-12-10').flatMap((day) => many(1, { day, categoryId: 'network' }));

  it('buckets by ISO week (Monday first) and marks partial weeks', () => {
    const result = report(events, { from: '2026-11-18', to: '2026-12-02', grouping: 'week' });
    expect(result.buckets.map((bucket) => [bucket.key, bucket.from, bucket.to, bucket.clicks, bucket.partial])).toEqual([
      ['2026-W47', '2026-11-18', '2026-11-22', 5, true],
      ['2026-W48', '2026-11-23', '2026-11-29', 7, false],
      ['2026-W49', '2026-11-30', '2026-12-02', 3, true],
    ]);
    expect(result.trend.buckets).toEqual(['2026-W47', '2026-W48', '2026-W49']);
    expect(result.trend.series[0]?.clicks).toEqual([5, 7, 3]);
  });

  it('buckets by month', () => {
    const result = report(events, { from: '2026-11-01', to: '2026-12-10', grouping: 'month' });
    expect(result.buckets.map((bucket) => [bucket.key, bucket.clicks, bucket.partial])).toEqual([
      ['2026-11', 30, false],
      ['2026-12', 10, true],
    ]);
  });

  it('gives every day a bucket, empty ones included', () => {
    const result = report(many(2, { day: '2026-11-18', categoryId: 'billing' }), { grouping: 'day' });
    expect(result.buckets.map((bucket) => bucket.clicks)).toEqual([0, 0, 2, 0, 0, 0, 0]);
    expect(result.buckets[0]).toMatchObject({ ticketsPer100Clicks: null, clicksPerTicket: null });
  });
});

describe('breakdowns', () => {
  it('counts by counting rule, risk grade and emotion with "unspecified"', () => {
    const result = report([
      event({ day: '2026-11-17', categoryId: 'billing', countingRule: 'company-at-fault', riskGrade: 'major', emotion: 'angry' }),
      event({ day: '2026-11-17', categoryId: 'billing', countingRule: 'company-at-fault', riskGrade: 'ordinary' }),
      event({ day: '2026-11-17', categoryId: 'billing' }),
    ]);
    expect(result.byCountingRule).toEqual({
      'customer-dissatisfied': 0,
      'company-at-fault': 2,
      'explanation-not-accepted': 0,
      unspecified: 1,
    });
    expect(result.byRiskGrade).toEqual({ ordinary: 1, escalated: 0, major: 1, unspecified: 1 });
    expect(result.byEmotion).toEqual({ calm: 0, anxious: 0, doubting: 0, angry: 1, disappointed: 0, unspecified: 2 });
  });
});

describe('filters', () => {
  const events = [
    ...many(3, { day: '2026-11-17', categoryId: 'billing', agentId: 'a1', site: 'crm-a' }),
    ...many(2, { day: '2026-11-17', categoryId: 'billing-vas', agentId: 'a2', site: 'crm-a' }),
    ...many(4, { day: '2026-11-17', categoryId: 'network', agentId: 'a2', site: 'crm-b', source: 'import:x1' }),
    ...many(1, { day: '2026-11-17', categoryId: 'attitude', agentId: 'a3', site: 'crm-b', source: 'import:x2' }),
  ];
  it.each([
    [{ agentIds: ['a2'] }, 6],
    [{ sites: ['crm-b'] }, 5],
    [{ categoryIds: ['billing'] }, 5],
    [{ categoryIds: ['billing'], includeSubcategories: false }, 3],
    [{ sources: ['own'] }, 5],
    [{ sources: ['imported'] }, 5],
    [{ sources: ['import:x2'] }, 1],
    [{ agentIds: ['a2'], sources: ['own'] }, 2],
  ])('%j keeps %i clicks', (filters, clicks) => {
    expect(report(events, { filters }).totals.clicks).toBe(clicks);
  });
});

describe('anomalies', () => {
  const baseline = eachDay('2026-11-02', '2026-11-15').flatMap((day, index) => [
    ...many(3 + (index % 2), { day, categoryId: 'billing' }), // 3 or 4 a day
    ...many(1, { day, categoryId: 'network' }),
  ]);

  it('flags a category-day far above its trailing 14-day average', () => {
    const result = report([...baseline, ...many(12, { day: '2026-11-16', categoryId: 'billing' }), ...many(4, { day: '2026-11-17', categoryId: 'billing' })]);
    const flagged = result.anomalies.filter((anomaly) => anomaly.metric === 'clicks');
    expect(flagged).toHaveLength(1);
    expect(flagged[0]).toMatchObject({ day: '2026-11-16', categoryId: 'billing', count: 12, baselineDays: 14, name: { zh: '计费争议', en: 'Billing' } });
    expect(flagged[0]?.baselineMean).toBeCloseTo(3.5);
    expect(flagged[0]?.ratio).toBeCloseTo(12 / 3.5);
  });

  it('does not flag a small count even when it is many times the average', () => {
    const result = report([...baseline, ...many(4, { day: '2026-11-16', categoryId: 'network' })]);
    expect(result.anomalies).toEqual([]);
  });

  it('flags a category that appears from nothing with at least the minimum count', () => {
    const result = report([...baseline, ...many(5, { day: '2026-11-16', categoryId: 'attitude' })]);
    expect(result.anomalies.map((anomaly) => [anomaly.categoryId, anomaly.baselineMean])).toEqual([['attitude', 0]]);
  });

  it('gives no verdict without 7 active baseline days (days off do not count as zero)', () => {
    const sparse = ['2026-11-03', '2026-11-05', '2026-11-09', '2026-11-12'].flatMap((day) => many(3, { day, categoryId: 'billing' }));
    const result = report([...sparse, ...many(20, { day: '2026-11-16', categoryId: 'billing' })]);
    expect(result.anomalies).toEqual([]);
  });

  it('flags ticket spikes too, even when the clicks stay within their usual range', () => {
    const tickets = eachDay('2026-11-02', '2026-11-15').flatMap((day) => many(1, { day, categoryId: 'billing', ticketRaised: true }));
    const result = report([...baseline, ...tickets, ...many(6, { day: '2026-11-18', categoryId: 'billing', ticketRaised: true })]);
    // billing clicks: 4.5 a day, so 6 is not a jump; billing tickets: 1 a day, so 6 is.
    expect(result.anomalies.map((anomaly) => [anomaly.metric, anomaly.day, anomaly.count])).toEqual([['tickets', '2026-11-18', 6]]);
  });

  it('applies max(mean + 3σ, 2 × mean, minimum) as the threshold', () => {
    const daily = new Map([['x', new Map(eachDay('2026-11-01', '2026-11-14').map((day, i) => [day, { clicks: i % 2 ? 10 : 2, tickets: 0 }]))]]);
    const active = new Set(eachDay('2026-11-01', '2026-11-15'));
    const check = (count: number) => {
      daily.get('x')!.set('2026-11-15', { clicks: count, tickets: 0 });
      return detectAnomalies({ daily, activeDays: active, from: '2026-11-15', to: '2026-11-15', rule: DEFAULT_ANOMALY_RULE });
    };
    // mean 6, σ 4: threshold max(18, 12, 5) = 18
    expect(check(17)).toEqual([]);
    expect(check(18)[0]).toMatchObject({ threshold: 18, zScore: 3 });
  });
});

describe('aggregation over generated data', () => {
  it('agrees with a direct count of the events', () => {
    const events = generateEvents(20_000, 7, { endDay: '2026-11-30', days: 60, agents: 12 });
    const query = { from: '2026-11-01', to: '2026-11-30', grouping: 'week' as const };
    const result = buildReport(rollupsFromEvents(events), query, directory);
    const inRange = events.filter((e) => !e.voided && e.day >= query.from && e.day <= query.to);
    expect(result.totals.clicks).toBe(inRange.length);
    expect(result.totals.tickets).toBe(inRange.filter((e) => e.ticketRaised).length);
    expect(result.totals.voided).toBe(events.filter((e) => e.voided && e.day >= query.from && e.day <= query.to).length);
    const byCategory = new Map<string, number>();
    for (const e of inRange) byCategory.set(e.categoryId, (byCategory.get(e.categoryId) ?? 0) + 1);
    for (const figure of result.categories) expect(figure.clicks).toBe(byCategory.get(figure.categoryId) ?? 0);
    const perWeek = new Map<string, number>();
    for (const e of inRange) perWeek.set(isoWeekKey(e.day), (perWeek.get(isoWeekKey(e.day)) ?? 0) + 1);
    for (const bucket of result.buckets) expect(bucket.clicks).toBe(perWeek.get(bucket.key) ?? 0);
    const previousFrom = addDays(query.from, -30);
    expect(result.previousTotals.clicks).toBe(events.filter((e) => !e.voided && e.day >= previousFrom && e.day < query.from).length);
  });
});
