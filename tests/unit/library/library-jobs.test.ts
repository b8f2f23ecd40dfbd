import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { defaultSearchLexicon, type SearchLexicon } from '@/knowledge/search/lexicon';
import { ScriptLibraryService } from '@/storage/background/script-library-service';
import { currentLibrary, recordSearchMiss } from '@/storage/database/case-library';
import type { IcebergDatabase } from '@/storage/database/database';
import { readIndexSnapshot } from '@/storage/database/search-index';
import { currentLexiconRecord } from '@/storage/database/search-lexicon';
import { LibraryJobs } from '@/storage/pages/library-jobs';
import type { ImportWorkerReply, ImportWorkerRequest } from '@/storage/pages/library-worker-protocol';
import { createLibraryPageBackend } from '@/storage/pages/case-library';
import { PublishedDocumentLocked } from '@/storage/pages/published-lock';
import { updateStoredSettings } from '@/storage/database/settings';
import { currentTaxonomy } from '@/storage/database/taxonomy';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { dropDatabase, newDatabase } from '../helpers';
import { HEADER, TODAY, csv, searchMiss } from './library-fixtures';

/** The library page's worker, run in the test's thread over a real (fake-indexeddb) database. */
function worker(db: IcebergDatabase) {
  const replies: ImportWorkerReply[] = [];
  const jobs = new LibraryJobs(db, (reply) => replies.push(reply));
  const run = async (request: ImportWorkerRequest) => {
    replies.length = 0;
    await jobs.handle(request);
    return replies.at(-1)!;
  };
  return { run };
}

const firstIds = async (db: IcebergDatabase, query: string) => {
  const answer = await new ScriptLibraryService(db).search(query, {});
  return { provisional: answer.provisional, ids: answer.hits.map((hit) => hit.script.id) };
};

let db: IcebergDatabase;
afterEach(() => dropDatabase(db));

describe('the library page’s worker', () => {
  it('stores the search index with an imported library, so a woken service worker answers from it at once', async () => {
    db = newDatabase();
    const { run } = worker(db);
    const file = csv(HEADER, 'tv-001,机顶盒遥控器失灵,客户反映遥控器没反应。,更换电池后重试。,您好，我来帮您排查。,遥控器,device,2026-11-20,,');
    const bytes = new TextEncoder().encode(file).buffer;
    expect(await run({ type: 'check', bytes, fileName: 'lib_v2.csv', today: TODAY })).toMatchObject({ type: 'checked' });
    expect(await run({ type: 'apply', mode: 'replace' })).toEqual({ type: 'applied', scriptCount: 1 });

    expect(await readIndexSnapshot(db, 'naming')).toBeDefined();
    expect(await firstIds(db, '遥控器')).toEqual({ provisional: true, ids: ['tv-001'] });
  });

  it('attaches a missed search to a script: the search finds it, as an alias, and the library keeps its import record', async () => {
    db = newDatabase();
    const { run } = worker(db);
    expect((await firstIds(db, '账上凭空多出一笔')).ids[0]).not.toBe('billing-001');

    expect(await run({ type: 'attach', query: '账上凭空多出一笔', scriptId: 'billing-001', today: TODAY })).toEqual({ type: 'attached', alias: '账上凭空多出一笔' });
    expect(await run({ type: 'attach', query: '账上凭空多出一笔', scriptId: 'billing-001', today: TODAY })).toEqual({ type: 'attach-refused', problem: 'already-attached' });

    expect((await currentLibrary(db)).scripts.find((script) => script.id === 'billing-001')?.aliases).toEqual(['账上凭空多出一笔']);
    expect(await firstIds(db, '账上凭空多出一笔')).toMatchObject({ ids: expect.arrayContaining(['billing-001']) as unknown });
    const answer = await new ScriptLibraryService(db).search('账上凭空多出一笔', {});
    expect(answer.hits[0]).toMatchObject({ script: { id: 'billing-001' }, reasons: [{ how: 'alias' }] });
  });

  it('replaces the search lexicon whole, and goes back to the shipped one', async () => {
    db = newDatabase();
    const { run } = worker(db);
    const own: SearchLexicon = { ...defaultSearchLexicon(), name: '华东口语词典', version: '3', entries: [{ libraryTerms: ['机顶盒'], spokenPhrases: ['小方块'] }] };
    expect((await firstIds(db, '小方块')).ids).not.toContain('device-003');

    expect(await run({ type: 'lexicon', lexicon: own, fileName: '华东口语词典_v3.csv' })).toEqual({ type: 'done' });
    expect((await currentLexiconRecord(db)).value.name).toBe('华东口语词典');
    expect((await firstIds(db, '小方块')).ids[0]).toBe('device-003');

    expect(await run({ type: 'lexicon', lexicon: null })).toEqual({ type: 'done' });
    expect((await currentLexiconRecord(db)).isDefault).toBe(true);
    expect((await firstIds(db, '小方块')).ids).not.toContain('device-003');
  });
});

describe('while the centre publishes the library and taxonomy', () => {
  afterEach(() => fakeBrowser.reset());

  it('the page backend writes neither an imported file, nor the default, nor an alias under IT’s policy, and says why (its worker cannot read the policy)', async () => {
    db = newDatabase();
    await fakeBrowser.storage.managed.set({ libraryUrl: 'https://files.centre.example/iceberg/case-library.json' });
    const backend = createLibraryPageBackend(db, inlineWorker(db));
    const before = await currentLibrary(db);
    const file = csv(HEADER, 'tv-001,机顶盒遥控器失灵,客户反映遥控器没反应。,更换电池后重试。,您好，我来帮您排查。,遥控器,device,2026-11-20,,');
    // Checking a file writes nothing and stays allowed: the lead can see what the file would change.
    expect((await backend.checkLibraryFile(new File([file], 'lib_v2.csv'), undefined, () => undefined)).check.validCount).toBe(1);

    await expect(backend.applyLibraryImport('replace')).rejects.toEqual(new PublishedDocumentLocked('library'));
    await expect(backend.restoreDefaultLibrary()).rejects.toBeInstanceOf(PublishedDocumentLocked);
    expect(await backend.attachSearch('账上凭空多出一笔', 'billing-001')).toEqual({ ok: false, problem: 'library-published' });
    expect(await currentLibrary(db)).toEqual(before);
  });

  it('refuses a taxonomy import while the taxonomy is published, whether IT or the lead set its address', async () => {
    db = newDatabase();
    await updateStoredSettings(db, { taxonomyUrl: 'https://files.centre.example/iceberg/taxonomy.json' });
    const backend = createLibraryPageBackend(db, inlineWorker(db));
    const refused = await backend.importTaxonomy({ ...DEFAULT_TAXONOMY, name: '自编分类表', version: '9' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(PublishedDocumentLocked);
    expect((refused as PublishedDocumentLocked).document).toBe('taxonomy');
    expect((await currentTaxonomy(db)).name).toBe(DEFAULT_TAXONOMY.name);
  });
});

describe('the library page’s missed searches', () => {
  it('lists searches not attached yet, with the script agents used instead, and drops one once it is an alias', async () => {
    db = newDatabase();
    const backend = createLibraryPageBackend(db, inlineWorker(db));
    const miss = (query: string) => recordSearchMiss(db, searchMiss(query, { outcome: 'not-used', usedInsteadScriptId: 'billing-001' }));
    await miss('钱对不上');
    await miss('嘤嘤嘤');
    const queries = async () => (await backend.load()).misses.map((row) => row.query).sort();
    expect(await queries()).toEqual(['嘤嘤嘤', '钱对不上']);
    expect((await backend.load()).misses[0]!.usedInsteadScriptIds).toEqual(['billing-001']);

    expect(await backend.attachSearch('钱对不上', 'billing-001')).toEqual({ ok: true, alias: '钱对不上' });

    expect(await queries()).toEqual(['嘤嘤嘤']);
  });
});

/** A Worker-shaped object that runs the worker's jobs in this thread. */
function inlineWorker(database: IcebergDatabase): Worker {
  const fake = { onmessage: null as ((event: MessageEvent) => void) | null, postMessage: (request: ImportWorkerRequest) => void jobs.handle(request) };
  const jobs = new LibraryJobs(database, (reply) => fake.onmessage?.({ data: reply } as MessageEvent));
  return fake as unknown as Worker;
}
