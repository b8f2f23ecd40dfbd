import type { EntityTable } from 'dexie';
import type { ScriptIndexSnapshots } from '@/knowledge/search/script-search';
import type { IcebergDatabase, ScriptIndexRecord, SearchIndexRow, SearchInputRecord } from './database';
import { shippedSearchInputs } from '@/knowledge/search/shipped-inputs';
import { guardStorage } from './storage-errors';

/**
 * The stored search index: two snapshots (the naming index a woken service worker answers from
 * first, and the full one), valid only for the library and lexicon they were built from. A
 * revision stands for those inputs: every write of the library or the lexicon sets a new one in
 * the same transaction, so a snapshot of an older library is never taken for the current one.
 */

/** Before any library or lexicon write (the shipped ones in force). */
const FIRST_REVISION = 'shipped';

/**
 * A stored revision as the snapshots carry it: with the shipped library and lexicon of this
 * build, which are in force until a lead replaces them. An update of Iceberg that ships others
 * leaves the stored snapshots stale, and the next search rebuilds (once per update).
 */
function withShippedInputs(revision: string): string {
  return `${revision}@${shippedSearchInputs()}`;
}

export type IndexPart = ScriptIndexRecord['key'];

/** Snapshots built from the library and lexicon as they were at `revision`. */
export interface BuiltSearchIndex {
  revision: string;
  snapshots: ScriptIndexSnapshots;
}

/** The revision in force; call inside a transaction that covers `searchIndex` to read it with other data. */
export async function searchInputsRevision(db: IcebergDatabase): Promise<string> {
  return revisionInForce(await db.searchIndex.get('revision'));
}

/** The revision the snapshots must carry, from the stored revision row (none before any write). */
function revisionInForce(row: SearchIndexRow | undefined): string {
  return withShippedInputs(row?.key === 'revision' ? row.revision : FIRST_REVISION);
}

/** The stored snapshot of one part, when it was built from the library and lexicon in force. */
export async function readIndexSnapshot(db: IcebergDatabase, part: IndexPart): Promise<unknown> {
  return db.transaction('r', db.searchIndex, async () => {
    const [revision, record] = await db.searchIndex.bulkGet(['revision', part]);
    return record?.key === part && record.revision === revisionInForce(revision) ? record.snapshot : undefined;
  });
}

/** Stores snapshots unless the library or lexicon changed since they were built; true when stored. */
export async function saveIndexSnapshots(db: IcebergDatabase, built: BuiltSearchIndex): Promise<boolean> {
  return guardStorage(() =>
    db.transaction('rw', db.searchIndex, async () => {
      if ((await searchInputsRevision(db)) !== built.revision) return false;
      await putSnapshots(db, built);
      return true;
    }),
  );
}

/**
 * For writes of the library or the lexicon, inside their transaction (which must cover
 * `searchIndex`): a new revision, with the snapshots built for the new inputs when given and
 * still based on the revision they were built against, else none (the service worker builds).
 */
export async function changeSearchInputs(db: IcebergDatabase, built?: BuiltSearchIndex): Promise<void> {
  const basedOnCurrent = built !== undefined && built.revision === (await searchInputsRevision(db));
  const revision = crypto.randomUUID();
  await db.searchIndex.put({ key: 'revision', revision });
  if (basedOnCurrent) await putSnapshots(db, { ...built, revision: withShippedInputs(revision) });
  else await db.searchIndex.bulkDelete(['naming', 'full']);
}

async function putSnapshots(db: IcebergDatabase, { revision, snapshots }: BuiltSearchIndex): Promise<void> {
  await db.searchIndex.bulkPut([
    { key: 'naming', revision, snapshot: snapshots.naming },
    { key: 'full', revision, snapshot: snapshots.full },
  ]);
}

/** The document in force: the imported one, or the shipped one (read only then) until a lead imports one. */
export function inForce<T>(record: SearchInputRecord<T> | undefined, shipped: () => T): Omit<SearchInputRecord<T>, 'key'> & { isDefault: boolean } {
  return record
    ? { value: record.value, importedAt: record.importedAt, fileName: record.fileName, isDefault: false }
    : { value: shipped(), importedAt: '', isDefault: true };
}

/**
 * Replaces the library or the lexicon in one write (null: back to the shipped one), the stored
 * search index changing with it: a failure, or the lead closing the tab, leaves both as they were.
 */
export async function replaceSearchInput<T>(
  db: IcebergDatabase,
  table: EntityTable<SearchInputRecord<T>, 'key'>,
  record: SearchInputRecord<T> | null,
  built?: BuiltSearchIndex,
): Promise<void> {
  await guardStorage(() =>
    db.transaction('rw', table, db.searchIndex, async () => {
      if (record) await table.put(record);
      else await table.delete('current');
      await changeSearchInputs(db, built);
    }),
  );
}
