import Dexie, { type EntityTable, type Table } from 'dexie';
import type { ClickEvent } from '@/knowledge/click-event';
import type { Taxonomy } from '@/knowledge/taxonomy';
import type { AgentSettings } from '@/knowledge/settings';

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

  constructor(name = DATABASE_NAME) {
    super(name);
    this.version(1).stores({
      events: 'id, occurredAt, day, [day+categoryId], categoryId, agentId, site',
      dailyCounts: '[day+categoryId], day, categoryId',
      settings: 'key',
      taxonomy: 'key',
    });
  }
}
