import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { buildScriptIndex, searchScripts, type ScriptIndex } from '@/knowledge/search/script-search';
import { RELEVANCE_QUERIES, type RelevanceKind } from './relevance-queries';
import { formatRelevance, measureRelevance, type RelevanceReport } from './relevance-metrics';

/**
 * Floors a little below what the engine scores today (see the printed figures), so that a change
 * losing a query or two fails loudly. Exact, traditional, pinyin and mixed queries are matched by
 * rule and stay all but perfect; partial and typo queries include known misses (synonyms,
 * paraphrase, a 2-character look-alike: see relevance-queries.ts). The issue asks hit@3 ≥ 0.9.
 */
const OVERALL = { hitAt1: 0.9, hitAt3: 0.93 };
const BY_KIND: Partial<Record<RelevanceKind, { hitAt1: number; hitAt3: number }>> = {
  exact: { hitAt1: 0.9, hitAt3: 0.95 },
  partial: { hitAt1: 0.8, hitAt3: 0.85 },
  typo: { hitAt1: 0.85, hitAt3: 0.85 },
  traditional: { hitAt1: 0.9, hitAt3: 0.95 },
  pinyin: { hitAt1: 0.9, hitAt3: 0.95 },
  initials: { hitAt1: 0.85, hitAt3: 0.95 },
  mixed: { hitAt1: 0.9, hitAt3: 0.95 },
};

describe('search relevance on the default library', () => {
  let index: ScriptIndex;
  let report: RelevanceReport;

  beforeAll(() => {
    index = buildScriptIndex(defaultLibrary().scripts);
    report = measureRelevance((query) => searchScripts(index, query, { limit: 3 }).map((match) => match.script.id));
    console.log(formatRelevance('Search relevance (default library)', report));
    for (const { query, got } of report.misses) {
      console.log(`  miss (${query.kind}) "${query.query}": expected ${query.expected.join(' / ')}, got ${got.join(', ') || 'nothing'}`);
    }
  });

  it('has at least 60 labeled queries covering every kind, each naming scripts that exist', () => {
    expect(RELEVANCE_QUERIES.length).toBeGreaterThanOrEqual(60);
    const ids = new Set(defaultLibrary().scripts.map((script) => script.id));
    for (const query of RELEVANCE_QUERIES) {
      expect(query.expected.length, query.query).toBeGreaterThan(0);
      for (const id of query.expected) expect(ids.has(id), `${query.query} expects ${id}`).toBe(true);
    }
    for (const kind of Object.keys(BY_KIND)) {
      expect(RELEVANCE_QUERIES.filter((query) => query.kind === kind).length, kind).toBeGreaterThanOrEqual(8);
    }
    expect(new Set(RELEVANCE_QUERIES.map((query) => query.query)).size).toBe(RELEVANCE_QUERIES.length);
  });

  it(`reaches hit@1 ≥ ${OVERALL.hitAt1} and hit@3 ≥ ${OVERALL.hitAt3} overall`, () => {
    expect(report.overall.hitAt1).toBeGreaterThanOrEqual(OVERALL.hitAt1);
    expect(report.overall.hitAt3).toBeGreaterThanOrEqual(OVERALL.hitAt3);
  });

  it.each(Object.entries(BY_KIND) as Array<[string, { hitAt1: number; hitAt3: number }]>)('keeps %s queries above their floors', (kind, floor) => {
    const rates = report.byKind[kind as RelevanceKind]!;
    expect(rates.hitAt1, `${kind} hit@1`).toBeGreaterThanOrEqual(floor.hitAt1);
    expect(rates.hitAt3, `${kind} hit@3`).toBeGreaterThanOrEqual(floor.hitAt3);
  });
});
