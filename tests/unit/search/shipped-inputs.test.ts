import { describe, expect, it, vi } from 'vitest';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { defaultSearchLexicon } from '@/knowledge/search/lexicon';
import { ScriptLibraryService } from '@/storage/background/script-library-service';
import { buildSearchIndex, replaceLibrary } from '@/storage/database/case-library';
import { readIndexSnapshot, saveIndexSnapshots } from '@/storage/database/search-index';
import { dropDatabase, newDatabase } from '../helpers';

// What this build ships, changed by a test the way an update of Iceberg would change it.
const shipped = vi.hoisted(() => ({ inputs: 'library v1 · lexicon v1' }));
vi.mock('@/knowledge/search/shipped-inputs', () => ({ shippedSearchInputs: () => shipped.inputs }));

/** FNV-1a over the JSON: enough to notice an edit. */
function contentOf(value: unknown): string {
  const text = JSON.stringify(value);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return `${text.length}:${(hash >>> 0).toString(16)}`;
}

describe('the shipped library and lexicon', () => {
  // A stored search index is kept across an update unless the shipped name or version changes.
  // Edited default-library.json or default-lexicon.json? Give it a new version, then record here
  // the version and the content this test prints as received.
  it('get a new version whenever their content changes', () => {
    expect({ version: defaultLibrary().version, content: contentOf(defaultLibrary()) }).toEqual({ version: '2026.12-1', content: '60827:17f15a43' });
    expect({ version: defaultSearchLexicon().version, content: contentOf(defaultSearchLexicon()) }).toEqual({ version: '2026.12-3', content: '12445:ef57c1a' });
  });
});

describe('a stored search index after an update of Iceberg', () => {
  const custom = { ...defaultLibrary(), scripts: [{ ...defaultLibrary().scripts[0]!, id: 'only-one', title: '只此一条：机顶盒' }] };

  it('built from the shipped library and lexicon, is not used once an update ships others: the next search rebuilds and stores it again', async () => {
    shipped.inputs = 'library v1 · lexicon v1';
    const db = newDatabase();
    const { built } = await buildSearchIndex(db);
    expect(await saveIndexSnapshots(db, built)).toBe(true);
    expect(await readIndexSnapshot(db, 'full')).toBeDefined();

    shipped.inputs = 'library v2 · lexicon v1';
    expect(await readIndexSnapshot(db, 'naming')).toBeUndefined();
    expect(await readIndexSnapshot(db, 'full')).toBeUndefined();
    const answer = await new ScriptLibraryService(db).search('机顶盒', {});
    expect(answer.provisional).toBe(false); // built, not restored
    await vi.waitFor(async () => expect(await readIndexSnapshot(db, 'full')).toBeDefined());
    await dropDatabase(db);
  });

  it('of an imported library, is not used once an update ships another lexicon (the shipped one is still in force)', async () => {
    shipped.inputs = 'library v1 · lexicon v1';
    const db = newDatabase();
    const { built } = await buildSearchIndex(db, { library: custom });
    await replaceLibrary(db, custom, { importedAt: new Date() }, built);
    expect(await readIndexSnapshot(db, 'full')).toBeDefined();

    shipped.inputs = 'library v1 · lexicon v2';
    expect(await readIndexSnapshot(db, 'full')).toBeUndefined();
    // A snapshot built before the update cannot be stored after it either.
    expect(await saveIndexSnapshots(db, built)).toBe(false);
    await dropDatabase(db);
  });
});
