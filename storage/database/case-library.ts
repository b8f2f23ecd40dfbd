import { validCaseLibrary, type CaseLibrary } from '@/knowledge/case-library/case-script';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import {
  ScriptUse,
  SearchMiss,
  missKey,
  summarizeMisses,
  summarizeUses,
  type ScriptUsageSummary,
  type SearchMissSummary,
} from '@/knowledge/case-library/script-usage';
import type { CaseLibraryRecord } from '@/knowledge/files/backup-tables';
import type { SearchLexicon } from '@/knowledge/search/lexicon';
import { searchIndexSnapshots, type ScriptIndex } from '@/knowledge/search/script-search';
import type { IcebergDatabase } from './database';
import { inForce, replaceSearchInput, searchInputsRevision, type BuiltSearchIndex } from './search-index';
import { currentLexiconRecord } from './search-lexicon';
import { guardStorage } from './storage-errors';

/** A repeated miss of the same query by the same agent within this window is logged once. */
const MISS_REPEAT_WINDOW_MS = 10 * 60_000;

/** The library in force: the imported one, or the shipped default until a lead imports one. */
export async function currentLibraryRecord(db: IcebergDatabase): Promise<Omit<CaseLibraryRecord, 'key'> & { isDefault: boolean }> {
  return inForce(await db.caseLibrary.get('current'), defaultLibrary);
}

export async function currentLibrary(db: IcebergDatabase): Promise<CaseLibrary> {
  return (await currentLibraryRecord(db)).value;
}

/**
 * Replaces the library in one write: a failure, or the lead closing the tab, leaves the previous
 * library whole. Validated again here, whoever prepared it. The stored search index changes in
 * the same transaction: to `built` (see `buildSearchIndex`), or to none.
 */
export async function replaceLibrary(
  db: IcebergDatabase,
  next: CaseLibrary,
  source: { importedAt: Date; fileName?: string },
  built?: BuiltSearchIndex,
): Promise<CaseLibrary> {
  const library = validCaseLibrary(next);
  await replaceSearchInput(db, db.caseLibrary, { key: 'current', value: library, importedAt: source.importedAt.toISOString(), fileName: source.fileName }, built);
  return library;
}

/** Back to the shipped default library (the usage log is kept). */
export async function restoreDefaultLibrary(db: IcebergDatabase, built?: BuiltSearchIndex): Promise<void> {
  await replaceSearchInput(db, db.caseLibrary, null, built);
}

/**
 * Builds the search index of the library and lexicon in force, or of `next` ones about to
 * replace them: the full index, and the snapshots to store (with `replaceLibrary`,
 * `replaceLexicon` or `saveIndexSnapshots`). Hundreds of milliseconds at 10,000 scripts: run it
 * off the agents' keystrokes (the library page's worker, the background when it takes a published
 * library), or when no snapshot is stored.
 */
export async function buildSearchIndex(
  db: IcebergDatabase,
  next: { library?: CaseLibrary; lexicon?: SearchLexicon } = {},
): Promise<{ index: ScriptIndex; built: BuiltSearchIndex }> {
  const { library, lexicon, revision } = await db.transaction('r', db.caseLibrary, db.searchLexicon, db.searchIndex, async () => ({
    library: next.library ?? (await currentLibrary(db)),
    lexicon: next.lexicon ?? (await currentLexiconRecord(db)).value,
    revision: await searchInputsRevision(db),
  }));
  const { full, snapshots } = searchIndexSnapshots(library.scripts, { lexicon });
  return { index: full, built: { revision, snapshots } };
}

export async function recordScriptUse(db: IcebergDatabase, use: ScriptUse): Promise<void> {
  const valid = ScriptUse.parse(use);
  await guardStorage(() => db.scriptUses.put(valid));
}

/** Logs a search that found nothing, once per query and agent within a few minutes. */
export async function recordSearchMiss(db: IcebergDatabase, miss: SearchMiss): Promise<boolean> {
  const valid = SearchMiss.parse(miss);
  return guardStorage(() =>
    db.transaction('rw', db.searchMisses, async () => {
      const key = missKey(valid.query);
      const at = Date.parse(valid.occurredAt);
      const repeated = await db.searchMisses
        .where('day')
        .equals(valid.day)
        .filter(
          (earlier) =>
            earlier.agentId === valid.agentId &&
            missKey(earlier.query) === key &&
            Math.abs(at - Date.parse(earlier.occurredAt)) < MISS_REPEAT_WINDOW_MS,
        )
        .count();
      if (repeated > 0) return false;
      await db.searchMisses.add(valid);
      return true;
    }),
  );
}

/** Uses per script over the whole log: the search ranks frequent and recent scripts higher. */
export async function scriptUsage(db: IcebergDatabase): Promise<Map<string, ScriptUsageSummary>> {
  return summarizeUses(await db.scriptUses.toArray());
}

/** The queries that found nothing since `sinceDay` (inclusive), most frequent first. */
export async function searchMissSummary(db: IcebergDatabase, sinceDay = '0000-00-00'): Promise<SearchMissSummary[]> {
  return summarizeMisses(await db.searchMisses.where('day').aboveOrEqual(sinceDay).toArray());
}
