import { describe, expect, it } from 'vitest';
import { CaseLibrary, SCRIPT_LIMITS } from '@/knowledge/case-library/case-script';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { checkLibraryText } from '@/knowledge/case-library/library-check';
import { aliasFromQuery, attachQueryInLibrary, attachQueryToScript } from '@/knowledge/case-library/script-aliases';
import { RESULT_USE_WINDOW_MS, SearchSessionLog, summarizeMisses, unusedSearches, type SearchMiss, type SearchSessionEvent } from '@/knowledge/case-library/script-usage';
import { libraryToCsv } from '@/knowledge/files/library-files';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { buildScriptIndex, searchLibrary } from '@/knowledge/search/script-search';
import { searchMiss } from '../library/library-fixtures';

const TODAY = '2026-12-03';
const MISSED = '账上凭空多出一笔';

describe('attaching a missed search to the script that answers it', () => {
  it('makes the search find the script, first and saying why, and survives export and import', () => {
    expect(searchLibrary(buildScriptIndex(defaultLibrary().scripts), MISSED).matches[0]?.script.id).not.toBe('billing-001');
    const attached = attachQueryInLibrary(defaultLibrary(), 'billing-001', MISSED, TODAY);
    if (!attached.ok) throw new Error(attached.problem);
    expect(attached.script.aliases).toEqual([MISSED]);
    expect(attached.script.updatedAt).toBe(TODAY);
    expect(CaseLibrary.parse(attached.library)).toEqual(attached.library);
    expect(attached.library.scripts.filter((script, i) => script !== defaultLibrary().scripts[i]).map((script) => script.id)).toEqual(['billing-001']);

    const [first] = searchLibrary(buildScriptIndex(attached.library.scripts), MISSED).matches;
    expect(first?.script.id).toBe('billing-001');
    expect(first?.reasons).toContainEqual({ term: MISSED, how: 'alias', field: 'aliases', found: MISSED });

    const reimported = checkLibraryText(libraryToCsv(attached.library), { fileName: 'lib_v2.csv', taxonomy: DEFAULT_TAXONOMY, today: TODAY });
    expect(reimported.problems).toEqual([]);
    expect(reimported.valid.find((script) => script.id === 'billing-001')?.aliases).toEqual([MISSED]);
    expect(reimported.valid.find((script) => script.id === 'billing-002')?.aliases).toBeUndefined();
  });

  it('tidies a query into an alias: no list separators, one space, at most the alias length', () => {
    expect(aliasFromQuery('  钱对不上，要退  |  快点 ')).toBe('钱对不上 要退 快点');
    expect(aliasFromQuery('、，|')).toBeNull();
    const long = aliasFromQuery(`${'很长'.repeat(12)} ${'尾巴'.repeat(10)}`)!;
    expect(long.length).toBeLessThanOrEqual(SCRIPT_LIMITS.alias);
    expect(long).toBe('很长'.repeat(12));
  });

  it('says why it cannot attach: already there (as alias or keyword), full, unknown script', () => {
    const script = defaultLibrary().scripts[0]!;
    expect(attachQueryToScript(script, script.keywords[0]!, TODAY)).toEqual({ ok: false, problem: 'already-attached' });
    const once = attachQueryToScript(script, 'ABC 账单', TODAY);
    if (!once.ok) throw new Error(once.problem);
    expect(attachQueryToScript(once.script, 'abc  账单', TODAY)).toEqual({ ok: false, problem: 'already-attached' });
    const full = { ...script, aliases: Array.from({ length: SCRIPT_LIMITS.aliases }, (_, i) => `别名${i}`) };
    expect(attachQueryToScript(full, '新说法', TODAY)).toEqual({ ok: false, problem: 'too-many-aliases' });
    expect(attachQueryInLibrary(defaultLibrary(), 'no-such-id', '新说法', TODAY)).toEqual({ ok: false, problem: 'unknown-script' });
  });
});

describe('searches whose results went unused', () => {
  const search = (query: string, at: number, shownScriptIds: string[] = ['billing-001', 'billing-003']): SearchSessionEvent => ({ kind: 'search', query, categoryId: null, at, shownScriptIds });
  const use = (scriptId: string, at: number): SearchSessionEvent => ({ kind: 'use', scriptId, at });

  it('counts a search as used when a script it showed is used before the next search, within the window', () => {
    expect(unusedSearches([search('账单', 0), use('billing-003', 30_000)])).toEqual([]);
  });

  it('reports a search nobody used, and the script used after searching again', () => {
    const events = [search('钱对不上', 0, ['billing-004']), search('账单异常', 20_000), use('billing-001', 40_000)];
    expect(unusedSearches(events)).toEqual([
      { query: '钱对不上', categoryId: null, at: 0, outcome: 'not-used', shownScriptIds: ['billing-004'], usedInsteadScriptId: 'billing-001' },
    ]);
  });

  it('reports a search that showed nothing, and a use too late to count', () => {
    expect(unusedSearches([search('eSIM', 0, []), use('other-001', RESULT_USE_WINDOW_MS + 1)], Number.POSITIVE_INFINITY)).toEqual([
      { query: 'eSIM', categoryId: null, at: 0, outcome: 'no-results', shownScriptIds: [] },
    ]);
    expect(unusedSearches([search('账单', 0), use('billing-001', RESULT_USE_WINDOW_MS + 1)])).toEqual([
      { query: '账单', categoryId: null, at: 0, outcome: 'not-used', shownScriptIds: ['billing-001', 'billing-003'] },
    ]);
  });

  it('in a sidebar, hands each search to the team lead once, as soon as it is decided', () => {
    const log = new SearchSessionLog();
    expect(log.add(search('钱对不上', 0, []))).toEqual([]);
    expect(log.nextDecisionAt()).toBe(RESULT_USE_WINDOW_MS + 1);
    expect(log.add(search('账单异常', 10_000))).toEqual([]);
    expect(log.add(use('billing-001', 20_000)).map((miss) => [miss.query, miss.usedInsteadScriptId])).toEqual([['钱对不上', 'billing-001']]);
    expect(log.decided(RESULT_USE_WINDOW_MS * 3)).toEqual([]); // 账单异常 was used; 钱对不上 is not handed out twice
    expect(log.nextDecisionAt()).toBeNull();
  });

  it('in a sidebar, says what would be handed out if the tab closed now, without handing it out', () => {
    const log = new SearchSessionLog();
    log.add(search('钱对不上', 0, []));
    log.add(search('账单异常', 10_000));
    expect(log.undecided().map((miss) => [miss.query, miss.outcome])).toEqual([
      ['钱对不上', 'no-results'],
      ['账单异常', 'not-used'],
    ]);
    log.add(use('billing-001', 20_000)); // decides both: 账单异常 was used, 钱对不上 goes to the lead
    expect(log.undecided()).toEqual([]);
    log.add(search('网老断', 30_000));
    expect(log.undecided().map((miss) => miss.query)).toEqual(['网老断']);
    expect(log.undecided().map((miss) => miss.query)).toEqual(['网老断']); // still there: nothing handed out
  });

  it('leaves a search undecided while its window is open', () => {
    expect(unusedSearches([search('账单', 0)], 60_000)).toEqual([]);
    expect(unusedSearches([search('账单', 0)], RESULT_USE_WINDOW_MS + 1)).toHaveLength(1);
  });

  it('sums them up for the team lead with the scripts agents used instead', () => {
    const miss = (query: string, outcome: SearchMiss['outcome'], usedInsteadScriptId?: string) =>
      searchMiss(query, { occurredAt: '2026-12-03T10:00:00.000+08:00', day: '2026-12-03', agentId: 'A-1', ...(outcome ? { outcome } : {}), ...(usedInsteadScriptId ? { usedInsteadScriptId } : {}) });
    expect(summarizeMisses([miss('钱对不上', 'not-used', 'billing-001'), miss('钱对不上', undefined), miss('钱对不上', 'not-used', 'billing-001'), miss('钱对不上', 'not-used', 'billing-003')])).toEqual([
      { query: '钱对不上', count: 4, lastAt: '2026-12-03T10:00:00.000+08:00', noResults: 1, notUsed: 3, usedInsteadScriptIds: ['billing-001', 'billing-003'] },
    ]);
  });
});
