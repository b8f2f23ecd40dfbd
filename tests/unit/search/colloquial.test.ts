import { beforeAll, describe, expect, it } from 'vitest';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { suggestFromNotes } from '@/knowledge/search/notes-suggestion';
import { buildScriptIndex, searchScripts, type ScriptIndex } from '@/knowledge/search/script-search';
import { COLLOQUIAL_QUERIES, NOTES_TEXTS } from './colloquial-queries';
import { RELEVANCE_QUERIES } from './relevance-queries';
import { formatRelevance, measureRelevance, type RelevanceReport } from './relevance-metrics';
import type { RelevanceQuery } from './relevance-queries';
import { foldText } from '@/knowledge/search/text-folding';

/** The target for the way customers talk; a little below what the engine scores (printed). */
const COLLOQUIAL_HIT_AT_3 = 0.9;
const NOTES_HIT_AT_3 = 0.85;

/** True when some two characters of the query stand together in an expected script's text. */
function sharesWord(query: RelevanceQuery): boolean {
  const texts = query.expected.map((id) => {
    const script = defaultLibrary().scripts.find((candidate) => candidate.id === id)!;
    return foldText([script.title, ...script.keywords, script.scenario, script.solution, script.script].join(' '));
  });
  const folded = foldText(query.query);
  for (let i = 0; i + 1 < folded.length; i++) if (texts.some((text) => text.includes(folded.slice(i, i + 2)))) return true;
  return false;
}

describe('search relevance on everyday Chinese (default library)', () => {
  let index: ScriptIndex;
  let colloquial: RelevanceReport;
  let notes: RelevanceReport;

  beforeAll(() => {
    index = buildScriptIndex(defaultLibrary().scripts);
    colloquial = measureRelevance((query) => searchScripts(index, query, { limit: 3 }).map((match) => match.script.id), COLLOQUIAL_QUERIES);
    notes = measureRelevance((text) => suggestFromNotes(index, text, { limit: 3 }).map((match) => match.script.id), NOTES_TEXTS);
    for (const [label, report] of [['Colloquial queries', colloquial], ['Notes suggestions', notes]] as const) {
      console.log(formatRelevance(label, report));
      for (const { query, got } of report.misses) {
        console.log(`  miss (${query.kind}) "${query.query}": expected ${query.expected.join(' / ')}, got ${got.join(', ') || 'nothing'}`);
      }
    }
  });

  it('has at least 80 colloquial queries and 20 notes, each naming scripts that exist, none repeated', () => {
    expect(COLLOQUIAL_QUERIES.length).toBeGreaterThanOrEqual(80);
    expect(NOTES_TEXTS.length).toBeGreaterThanOrEqual(20);
    const ids = new Set(defaultLibrary().scripts.map((script) => script.id));
    for (const query of [...COLLOQUIAL_QUERIES, ...NOTES_TEXTS]) {
      expect(query.expected.length, query.query).toBeGreaterThan(0);
      for (const id of query.expected) expect(ids.has(id), `${query.query} expects ${id}`).toBe(true);
    }
    const all = [...RELEVANCE_QUERIES, ...COLLOQUIAL_QUERIES, ...NOTES_TEXTS].map((query) => query.query);
    expect(new Set(all).size).toBe(all.length);
  });

  it(`finds the script in the first three for at least ${COLLOQUIAL_HIT_AT_3 * 100}% of colloquial queries`, () => {
    expect(colloquial.overall.hitAt3).toBeGreaterThanOrEqual(COLLOQUIAL_HIT_AT_3);
  });

  it(`suggests the script in the first three for at least ${NOTES_HIT_AT_3 * 100}% of notes`, () => {
    expect(notes.overall.hitAt3).toBeGreaterThanOrEqual(NOTES_HIT_AT_3);
  });

  it('never answers with nothing a labeled query that shares a word (two characters or more) with its script', () => {
    const everyQuery = [...RELEVANCE_QUERIES, ...COLLOQUIAL_QUERIES];
    const empty = everyQuery.filter(({ query }) => searchScripts(index, query).length === 0);
    // Only a look-alike typo sharing no two characters with its script may find nothing (投拆 for 投诉).
    expect(empty.filter((query) => sharesWord(query))).toEqual([]);
    expect(empty.length).toBeLessThanOrEqual(1);
    expect(notes.empty.map(({ query }) => query)).toEqual([]);
  });
});
