import { DEFAULT_LEXICON, SearchLexicon } from '@/knowledge/search/lexicon';
import type { IcebergDatabase, SearchLexiconRecord } from './database';
import { changeSearchInputs, type BuiltSearchIndex } from './search-index';
import { guardStorage } from './storage-errors';

/** The lexicon in force: the imported one, or the shipped one until a lead imports one. */
export async function currentLexiconRecord(db: IcebergDatabase): Promise<Omit<SearchLexiconRecord, 'key'> & { isDefault: boolean }> {
  const record = await db.searchLexicon.get('current');
  return record
    ? { value: record.value, importedAt: record.importedAt, fileName: record.fileName, isDefault: false }
    : { value: DEFAULT_LEXICON, importedAt: '', isDefault: true };
}

/**
 * Replaces the lexicon whole (a half-read lexicon would make the search behave in ways nobody
 * checked); the stored search index changes with it, in the same transaction.
 */
export async function replaceLexicon(
  db: IcebergDatabase,
  next: SearchLexicon,
  source: { importedAt: Date; fileName?: string },
  built?: BuiltSearchIndex,
): Promise<SearchLexicon> {
  const lexicon = SearchLexicon.parse(next);
  await guardStorage(() =>
    db.transaction('rw', db.searchLexicon, db.searchIndex, async () => {
      await db.searchLexicon.put({ key: 'current', value: lexicon, importedAt: source.importedAt.toISOString(), fileName: source.fileName });
      await changeSearchInputs(db, built);
    }),
  );
  return lexicon;
}

/** Back to the shipped lexicon. */
export async function restoreDefaultLexicon(db: IcebergDatabase, built?: BuiltSearchIndex): Promise<void> {
  await guardStorage(() =>
    db.transaction('rw', db.searchLexicon, db.searchIndex, async () => {
      await db.searchLexicon.delete('current');
      await changeSearchInputs(db, built);
    }),
  );
}
