import { describe, expect, it, vi } from 'vitest';
import { replaceLibrary } from '@/storage/database/case-library';
import { ScriptLibraryService } from '@/storage/background/script-library-service';
import { dropDatabase, newDatabase } from '../helpers';
import { DEFAULT_LIBRARY } from '@/knowledge/case-library/default-library';
import { suggestFromNotes } from '@/knowledge/search/notes-suggestion';
import { buildScriptIndex, restoreScriptIndex, scriptIndexSnapshot, searchScripts } from '@/knowledge/search/script-search';
import { RELEVANCE_QUERIES } from './relevance-queries';

describe('a stored index', () => {
  const built = buildScriptIndex(DEFAULT_LIBRARY.scripts);
  // structuredClone is what IndexedDB does to a stored value.
  const stored = structuredClone(scriptIndexSnapshot(built));
  const restored = restoreScriptIndex(stored)!;

  it('answers every labeled query exactly like the index it was taken from, scripts and highlights included', () => {
    expect(restored.scriptCount).toBe(DEFAULT_LIBRARY.scripts.length);
    for (const { query } of RELEVANCE_QUERIES) {
      expect(searchScripts(restored, query), query).toEqual(searchScripts(built, query));
    }
    const notes = '客户反映宽带每晚断网，已报修两次，要求赔偿';
    expect(suggestFromNotes(restored, notes)).toEqual(suggestFromNotes(built, notes));
  });

  it('gives back scripts equal to the library, optional properties as they were', () => {
    const all = searchScripts(restored, '', { categoryFilter: DEFAULT_LIBRARY.scripts.flatMap((script) => script.categoryIds), limit: 1000 });
    const byId = new Map(all.map((match) => [match.script.id, match.script]));
    for (const script of DEFAULT_LIBRARY.scripts) expect(byId.get(script.id)).toEqual(script);
  });

  it('is refused when it is not a snapshot of this version, so the caller rebuilds', () => {
    expect(restoreScriptIndex(undefined)).toBeNull();
    expect(restoreScriptIndex({ ...stored, version: stored.version + 1 })).toBeNull();
    expect(restoreScriptIndex({ format: 'something else' })).toBeNull();
  });
});

describe('the background keeps the index between wakes', () => {
  function memoryStore() {
    let stored: unknown;
    return {
      saves: 0,
      load: async () => stored,
      async save(snapshot: unknown) {
        stored = structuredClone(snapshot);
        this.saves += 1;
      },
      clear: async () => {
        stored = undefined;
      },
    };
  }

  it('builds once and stores a snapshot; a woken worker restores it instead of reading the library', async () => {
    const store = memoryStore();
    const db = newDatabase();
    const custom = { ...DEFAULT_LIBRARY, scripts: [{ ...DEFAULT_LIBRARY.scripts[0]!, id: 'only-one', title: '只此一条：机顶盒' }] };
    await replaceLibrary(db, custom, { importedAt: new Date() });
    const first = new ScriptLibraryService(db, store);
    expect((await first.search('机顶盒', {})).hits.map((hit) => hit.script.id)).toEqual(['only-one']);
    await vi.waitFor(() => expect(store.saves).toBe(1));

    // Another database holding the default library: only the snapshot can answer with only-one.
    const otherDb = newDatabase();
    const woken = new ScriptLibraryService(otherDb, store);
    expect((await woken.search('机顶盒', {})).hits.map((hit) => hit.script.id)).toEqual(['only-one']);

    woken.forgetLibrary();
    await vi.waitFor(async () => expect(await store.load()).toBeUndefined());
    expect((await woken.search('机顶盒', {})).hits.map((hit) => hit.script.id)).toContain('device-003');
    await Promise.all([dropDatabase(db), dropDatabase(otherDb)]);
  });
});
