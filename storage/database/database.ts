import Dexie, { type EntityTable, type Table } from 'dexie';
import type { CaseLibraryRecord, DailyCount, SearchLexiconRecord, SettingsRecord, TaxonomyRecord } from '@/knowledge/files/backup-tables';
import type { ScriptUse, SearchMiss } from '@/knowledge/case-library/script-usage';
import type { StoredClickEvent } from '@/knowledge/clicks/stored-event';
import type { ImportRecord } from '@/knowledge/clicks/import-record';
import type { RollupDay } from '@/knowledge/reports/rollup';
import type { ImportedEventIds, ImportedEventPage } from '@/knowledge/clicks/imported-pages';
import type { RetentionPolicy } from '@/knowledge/reports/retention-policy';
import type { ScriptIndexSnapshot } from '@/knowledge/search/script-search';
import { V3_STORES, upgradeToV3 } from './migrations/v002-to-v003';
import { V4_STORES, V5_STORES, upgradeToV4 } from './migrations/v003-to-v004';
import { V6_STORES, upgradeToV6 } from './migrations/v005-to-v006';
import { V7_STORES, upgradeToV7 } from './migrations/v006-to-v007';
import { V9_STORES } from './migrations/v008-to-v009';
import type { OutboxEntry } from '@/knowledge/centre/upload-queue';
import type { UploadStatus } from '@/knowledge/centre/upload-status';
import type { SubscriptionState } from '@/knowledge/centre/library-subscription';

/** A document the search reads (the case library, the lexicon), one record, so replacing it is one atomic write. */
export interface SearchInputRecord<T> {
  key: 'current';
  value: T;
  importedAt: string;
  /** The file the lead imported, for the library page; absent for the shipped one. */
  fileName?: string;
}

/**
 * What the search index was built from: the library and lexicon as they were when this changed.
 * Every write of either sets a new one, in the same transaction.
 */
export interface SearchInputsRevision {
  key: 'revision';
  revision: string;
}

/** A stored search index (see scriptIndexSnapshot), valid while `revision` is the one in force. */
export interface ScriptIndexRecord {
  key: 'naming' | 'full';
  revision: string;
  snapshot: ScriptIndexSnapshot;
}

export type SearchIndexRow = SearchInputsRevision | ScriptIndexRecord;
/** What a library subscription keeps up to date. */
export type SubscribedDocument = 'library' | 'taxonomy';

/** The browser's link to the centre, one record per key (schema v9). */
export type CentreStateRecord =
  /** The largest version acknowledged by the centre (ms since 1970); with the outbox's, the version clock. */
  | { key: 'versionClock'; value: number }
  | { key: 'uploadStatus'; value: UploadStatus }
  | { key: `subscription:${SubscribedDocument}`; value: SubscriptionState };

export const DATABASE_NAME = 'iceberg';

/**
 * The one database, opened only in the extension's own origin (background and extension pages),
 * never from a content script, so CRM pages can neither read nor clear it.
 */
export class IcebergDatabase extends Dexie {
  /** The agent's own clicks, one record each (source "own"); imported events are in `importedEvents`. */
  events!: EntityTable<StoredClickEvent, 'id'>;
  /** Merge-imported events, packed per import × day × chunk (knowledge/clicks/imported-pages.ts). */
  importedEvents!: EntityTable<ImportedEventPage, 'id'>;
  importedEventIds!: EntityTable<ImportedEventIds, 'pageId'>;
  dailyCounts!: Table<DailyCount, [string, string]>;
  settings!: EntityTable<SettingsRecord, 'key'>;
  taxonomy!: EntityTable<TaxonomyRecord, 'key'>;
  caseLibrary!: EntityTable<CaseLibraryRecord, 'key'>;
  scriptUses!: EntityTable<ScriptUse, 'id'>;
  searchMisses!: EntityTable<SearchMiss, 'id'>;
  /** Counts per day × category × agent × site × source, packed per day × source; kept in step with events, survive pruning. */
  rollupDays!: Table<RollupDay, [string, string]>;
  imports!: EntityTable<ImportRecord, 'id'>;
  retention!: EntityTable<RetentionPolicy, 'key'>;
  searchLexicon!: EntityTable<SearchLexiconRecord, 'key'>;
  /** Derived from the library and lexicon: left out of backups, rebuilt when missing. */
  searchIndex!: Table<SearchIndexRow, SearchIndexRow['key']>;
  /** Changes of own events not yet in the centre's ClickHouse, one entry per event. */
  outbox!: EntityTable<OutboxEntry, 'eventId'>;
  centreState!: EntityTable<CentreStateRecord, 'key'>;

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      events: 'id, occurredAt, day, [day+categoryId], categoryId, agentId, site',
      dailyCounts: '[day+categoryId], day, categoryId',
      settings: 'key',
      taxonomy: 'key',
    });
    // v2: the case library, its usage log and the searches that found nothing. New tables
    // only: v1 data is untouched, and an empty caseLibrary means "the shipped default".
    this.version(2).stores({
      caseLibrary: 'key',
      scriptUses: 'id, scriptId, day',
      searchMisses: 'id, day',
    });
    // v3: the dashboard (issue 5): event provenance, rollups for reports, merge imports and
    // the retention policy. See migrations/v002-to-v003.ts.
    this.version(3).stores(V3_STORES).upgrade(upgradeToV3);
    // v4/v5: packed rollups and imported events, for merge speed. See migrations/v003-to-v004.ts.
    this.version(4).stores(V4_STORES).upgrade(upgradeToV4);
    this.version(5).stores(V5_STORES);
    // v6: the CRM record is a work order: caseRef → workOrderRef. See migrations/v005-to-v006.ts.
    this.version(6).stores(V6_STORES).upgrade(upgradeToV6);
    // v7: data stored before the privacy gate passes through it. See migrations/v006-to-v007.ts.
    this.version(7).stores(V7_STORES).upgrade(upgradeToV7);
    // v8 (issue 11): the search lexicon a lead imports, and the stored search index a woken
    // service worker reads instead of building. New tables only: nothing older changes.
    this.version(8).stores({ searchLexicon: 'key', searchIndex: 'key' });
    // v9: the outbox and the centre's state (issue 12); new tables only. See migrations/v008-to-v009.ts.
    this.version(9).stores(V9_STORES);
  }
}

let opened: IcebergDatabase | undefined;

/**
 * The database of this context (background, an extension page or its worker): every context
 * of the extension's origin opens the same one, through here, and reads and writes it only
 * through the functions in storage/database/.
 */
export function openDatabase(): IcebergDatabase {
  return (opened ??= new IcebergDatabase());
}
