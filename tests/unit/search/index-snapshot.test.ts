import { describe, expect, it, vi } from 'vitest';
import { buildSearchIndex, replaceLibrary, restoreDefaultLibrary } from '@/storage/database/case-library';
import { readIndexSnapshot, saveIndexSnapshots } from '@/storage/database/search-index';
import { ScriptLibraryService } from '@/storage/background/script-library-service';
import { dropDatabase, newDatabase } from '../helpers';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { suggestFromNotes } from '@/knowledge/search/notes-suggestion';
import { buildScriptIndex, restoreScriptIndex, scriptIndexSnapshot, searchScripts } from '@/knowledge/search/script-search';
import { RELEVANCE_QUERIES } from './relevance-queries';

describe('a stored index', () => {
  const built = buildScriptIndex(defaultLibrary().scripts);
  // structuredClone is what IndexedDB does to a stored value.
  const stored = structuredClone(scriptIndexSnapshot(built));
  const restored = restoreScriptIndex(stored)!;

  it('answers every labeled query exactly like the index it was taken from, scripts and highlights included', () => {
    expect(restored.scriptCount).toBe(defaultLibrary().scripts.length);
    for (const { query } of RELEVANCE_QUERIES) {
      expect(searchScripts(restored, query), query).toEqual(searchScripts(built, query));
    }
    const notes = '客户反映宽带每晚断网，已报修两次，要求赔偿';
    expect(suggestFromNotes(restored, notes)).toEqual(suggestFromNotes(built, notes));
  });

  it('gives back scripts equal to the library, optional properties as they were', () => {
    const all = searchScripts(restored, '', { categoryFilter: defaultLibrary().scripts.flatMap((script) => script.categoryIds), limit: 1000 });
    const byId = new Map(all.map((match) => [match.script.id, match.script]));
    for (const script of defaultLibrary().scripts) expect(byId.get(script.id)).toEqual(script);
  });

  it('is refused when it is not a snapshot of this version, so the caller rebuilds', () => {
    expect(restoreScriptIndex(undefined)).toBeNull();
    expect(restoreScriptIndex({ ...stored, version: stored.version + 1 })).toBeNull();
    expect(restoreScriptIndex({ format: 'something else' })).toBeNull();
  });
});

describe('the background keeps the index between wakes', () => {
  const custom = { ...defaultLibrary(), scripts: [{ ...defaultLibrary().scripts[0]!, id: 'only-one', title: '只此一条：机顶盒' }] };
  const ids = (answer: { hits: Array<{ script: { id: string } }> }) => answer.hits.map((hit) => hit.script.id);
  /** A service worker woken after an import that stored the index; `ready` is its searchIndexReady. */
  async function wokenAfterImport() {
    const db = newDatabase();
    const { built } = await buildSearchIndex(db, { library: custom });
    await replaceLibrary(db, custom, { importedAt: new Date() }, built);
    const ready = vi.fn();
    return { db, ready, woken: new ScriptLibraryService(db, ready) };
  }

  it('after an import that stored the index, a woken worker answers from titles first, then in full', async () => {
    const { db, ready, woken } = await wokenAfterImport();

    const first = await woken.search('机顶盒', {});
    expect(ids(first)).toEqual(['only-one']);
    expect(first.provisional).toBe(true);
    expect(first.hits[0]!.script.script).toBe(''); // the text comes with the full index
    await vi.waitFor(() => expect(ready).toHaveBeenCalledTimes(1));

    const next = await woken.search('机顶盒', {});
    expect(next.provisional).toBe(false);
    expect(next.hits[0]!.script).toEqual(custom.scripts[0]);
    await dropDatabase(db);
  });

  it('told the agent is about to search (the cursor went into the box), a woken worker answers the first keystroke in full', async () => {
    const { db, ready, woken } = await wokenAfterImport();

    await woken.prepare();
    const first = await woken.search('机顶盒', {});
    expect(first.provisional).toBe(false);
    expect(first.hits[0]!.script).toEqual(custom.scripts[0]);
    expect(ready).not.toHaveBeenCalled(); // no sidebar has a provisional answer to replace
    await woken.prepare(); // in memory: nothing is read again
    expect((await woken.search('机顶盒', {})).hits[0]!.script).toEqual(custom.scripts[0]);
    await dropDatabase(db);
  });

  it('with no stored index it builds one and stores it, so the next wake restores instead of building', async () => {
    const db = newDatabase();
    await replaceLibrary(db, custom, { importedAt: new Date() });
    expect(await readIndexSnapshot(db, 'full')).toBeUndefined();

    const first = await new ScriptLibraryService(db).search('机顶盒', {});
    expect(ids(first)).toEqual(['only-one']);
    expect(first.provisional).toBe(false);
    await vi.waitFor(async () => expect(await readIndexSnapshot(db, 'naming')).toBeDefined());
    const again = await new ScriptLibraryService(db).search('机顶盒', {});
    expect(again.provisional).toBe(true);
    await dropDatabase(db);
  });

  it('never stores or uses an index of a library that was replaced meanwhile', async () => {
    const db = newDatabase();
    const { built: ofDefault } = await buildSearchIndex(db);
    await replaceLibrary(db, custom, { importedAt: new Date() });
    expect(await saveIndexSnapshots(db, ofDefault)).toBe(false);

    const { built: ofCustom } = await buildSearchIndex(db);
    await restoreDefaultLibrary(db);
    expect(await saveIndexSnapshots(db, ofCustom)).toBe(false);
    const answer = await new ScriptLibraryService(db).search('机顶盒', {});
    expect(ids(answer)).not.toContain('only-one');
    expect(ids(answer)).toContain('device-003');
    await dropDatabase(db);
  });
});
