import { RELEVANCE_QUERIES, type RelevanceKind, type RelevanceQuery } from './relevance-queries';

export interface HitRates {
  queries: number;
  hitAt1: number;
  hitAt3: number;
}

export interface RelevanceReport {
  overall: HitRates;
  /** Only the kinds the measured set holds. */
  byKind: Partial<Record<RelevanceKind, HitRates>>;
  /** Queries that returned nothing at all. */
  empty: RelevanceQuery[];
  /** Queries whose expected script is not in the first 3, with what came instead. */
  misses: Array<{ query: RelevanceQuery; got: string[] }>;
}

/** hit@k: an expected id among the first k ids the search returned. */
export function measureRelevance(
  rankedIds: (query: string) => readonly string[],
  queries: readonly RelevanceQuery[] = RELEVANCE_QUERIES,
): RelevanceReport {
  const tally = new Map<RelevanceKind | 'all', { queries: number; at1: number; at3: number }>();
  const misses: RelevanceReport['misses'] = [];
  const empty: RelevanceQuery[] = [];
  for (const query of queries) {
    const got = rankedIds(query.query).slice(0, 3);
    if (got.length === 0) empty.push(query);
    const at1 = got.slice(0, 1).some((id) => query.expected.includes(id));
    const at3 = got.some((id) => query.expected.includes(id));
    if (!at3) misses.push({ query, got: [...got] });
    for (const key of ['all', query.kind] as const) {
      const counts = tally.get(key) ?? { queries: 0, at1: 0, at3: 0 };
      counts.queries += 1;
      counts.at1 += at1 ? 1 : 0;
      counts.at3 += at3 ? 1 : 0;
      tally.set(key, counts);
    }
  }
  const rates = (key: RelevanceKind | 'all'): HitRates => {
    const counts = tally.get(key) ?? { queries: 0, at1: 0, at3: 0 };
    return { queries: counts.queries, hitAt1: counts.at1 / (counts.queries || 1), hitAt3: counts.at3 / (counts.queries || 1) };
  };
  const kinds = [...new Set(queries.map((query) => query.kind))];
  return {
    overall: rates('all'),
    byKind: Object.fromEntries(kinds.map((kind) => [kind, rates(kind)])),
    empty,
    misses,
  };
}

export function formatRelevance(label: string, report: RelevanceReport): string {
  const percent = (value: number) => `${(value * 100).toFixed(1)}%`.padStart(6);
  const lines = [`${label}: hit@1 ${percent(report.overall.hitAt1)}  hit@3 ${percent(report.overall.hitAt3)}  (${report.overall.queries} queries)`];
  for (const [kind, rates] of Object.entries<HitRates | undefined>(report.byKind)) {
    if (!rates) continue;
    lines.push(`  ${kind.padEnd(12)} hit@1 ${percent(rates.hitAt1)}  hit@3 ${percent(rates.hitAt3)}  (${rates.queries})`);
  }
  return lines.join('\n');
}
