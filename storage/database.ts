import Dexie, { type EntityTable, type Table } from 'dexie';
import type { ClickEvent } from '@/knowledge/click-event';
import type { Taxonomy } from '@/knowledge/taxonomy';
import type { AgentSettings } from '@/knowledge/settings';
import type { CaseLibrary } from '@/knowledge/library/case-script';
import type { ScriptUse, SearchMiss } from '@/knowledge/library/script-usage';

/** Per-day, per-category counters, updated in the same transaction as the events they count. */
export interface DailyCount {
  day: string;
  categoryId: string;
  clicks: number;
  tickets: number;
}

export interface SettingsRecord {
  key: 'agent';
  value: AgentSettings;
}

export interface TaxonomyRecord {
  key: 'current';
  value: Taxonomy;
  importedAt: string;
}

/** The imported case library, one record, so replacing it is one atomic write. */
export interface CaseLibraryRecord {
  key: 'current';
  value: CaseLibrary;
  importedAt: string;
  /** The file the lead imported, for the library page; absent for the shipped default. */
  fileName?: string;
}

export const DATABASE_NAME = 'iceberg';

/**
 * The one database, opened only in the extension's own origin (background and extension pages),
 * never from a content script, so CRM pages can neither read nor clear it.
 */
export class IcebergDatabase extends Dexie {
  events!: EntityTable<ClickEvent, 'id'>;
  dailyCounts!: Table<DailyCount, [string, string]>;
  settings!: EntityTable<SettingsRecord, 'key'>;
  taxonomy!: EntityTable<TaxonomyRecord, 'key'>;
  caseLibrary!: EntityTable<CaseLibraryRecord, 'key'>;
  scriptUses!: EntityTable<ScriptUse, 'id'>;
  searchMisses!: EntityTable<SearchMiss, 'id'>;

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
  }
}
