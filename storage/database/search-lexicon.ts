import { defaultSearchLexicon, SearchLexicon } from '@/knowledge/search/lexicon';
import type { IcebergDatabase } from './database';
import { inForce, replaceSearchInput, type BuiltSearchIndex } from './search-index';

/** The lexicon in force: the imported one, or the shipped one until a lead imports one. */
export async function currentLexiconRecord(db: IcebergDatabase) {
  return inForce(await db.searchLexicon.get('current'), defaultSearchLexicon);
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
  await replaceSearchInput(db, db.searchLexicon, { key: 'current', value: lexicon, importedAt: source.importedAt.toISOString(), fileName: source.fileName }, built);
  return lexicon;
}

/** Back to the shipped lexicon. */
export async function restoreDefaultLexicon(db: IcebergDatabase, built?: BuiltSearchIndex): Promise<void> {
  await replaceSearchInput(db, db.searchLexicon, null, built);
}
