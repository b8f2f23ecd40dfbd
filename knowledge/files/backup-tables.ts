import { z } from 'zod';
import { AgentSettings } from '../settings/settings';
import { Taxonomy } from '../taxonomy/taxonomy';
import { CaseLibrary } from '../case-library/case-script';
import { ScriptUse, SearchMiss } from '../case-library/script-usage';
import { ImportRecord } from '../clicks/import-record';
import { OWN_SOURCE, StoredClickEvent } from '../clicks/stored-event';
import { ImportedEventPage } from '../clicks/imported-pages';
import { RetentionPolicy } from '../reports/retention-policy';
import { RollupDaySchema, RollupRowSchema, rollupKeyString, type RollupRow } from '../reports/rollup';
import { containsPhoneNumber } from '../privacy/phone-numbers';
import { SearchLexicon } from '../search/lexicon';

/**
 * The database's tables as backups carry them and restores and migrations check them: each
 * table's row schema (free text passes the privacy gate in it) and primary key. The Dexie schema
 * in storage/ declares the same tables and keys; a unit test keeps the two in step, so the CLI
 * checks a backup exactly as a restore does without opening a database.
 */

/** The schema version of the database this Iceberg writes (Dexie's `verno`). */
export const DATABASE_VERSION = 9;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** Per-day, per-category counters, updated in the same transaction as the events they count. */
export const DailyCount = z.object({
  day: Day,
  categoryId: z.string().min(1),
  clicks: z.number().int().nonnegative(),
  tickets: z.number().int().nonnegative(),
});
export type DailyCount = z.infer<typeof DailyCount>;

export const SettingsRecord = z.object({ key: z.literal('agent'), value: AgentSettings });
export type SettingsRecord = z.infer<typeof SettingsRecord>;

export const TaxonomyRecord = z.object({ key: z.literal('current'), value: Taxonomy, importedAt: z.string() });
export type TaxonomyRecord = z.infer<typeof TaxonomyRecord>;

/** The imported case library, one record, so replacing it is one atomic write. */
export const CaseLibraryRecord = z.object({
  key: z.literal('current'),
  value: CaseLibrary,
  importedAt: z.string(),
  /** The file the lead imported, for the library page; absent for the shipped default. */
  fileName: z.string().optional(),
});
export type CaseLibraryRecord = z.infer<typeof CaseLibraryRecord>;

/** The search lexicon a lead imported; absent while the shipped one is in force. */
export const SearchLexiconRecord = CaseLibraryRecord.extend({ value: SearchLexicon });
export type SearchLexiconRecord = z.infer<typeof SearchLexiconRecord>;

/** A primary key path, as Dexie declares it: one property or a compound of several. */
export type KeyPath = string | readonly string[];

interface StoredTable {
  schema: z.ZodType;
  key: KeyPath;
}

/** Every table a backup carries; the derived tables (`DERIVED_TABLES`) are rebuilt instead. */
export const BACKUP_TABLES = {
  caseLibrary: { schema: CaseLibraryRecord, key: 'key' },
  dailyCounts: { schema: DailyCount, key: ['day', 'categoryId'] },
  events: { schema: StoredClickEvent, key: 'id' },
  importedEvents: { schema: ImportedEventPage, key: 'id' },
  imports: { schema: ImportRecord, key: 'id' },
  retention: { schema: RetentionPolicy, key: 'key' },
  rollupDays: { schema: RollupDaySchema, key: ['day', 'source'] },
  scriptUses: { schema: ScriptUse, key: 'id' },
  searchLexicon: { schema: SearchLexiconRecord, key: 'key' },
  searchMisses: { schema: SearchMiss, key: 'id' },
  settings: { schema: SettingsRecord, key: 'key' },
  taxonomy: { schema: TaxonomyRecord, key: 'key' },
} as const satisfies Record<string, StoredTable>;
export type BackupTableName = keyof typeof BACKUP_TABLES;

/**
 * Tables derived from others: left out of backups and rebuilt on restore (the id lists at once,
 * the stored search index when first searched).
 */
export const DERIVED_TABLES: readonly string[] = ['importedEventIds', 'searchIndex'];

/**
 * This browser's link to the centre (outbox, version clock, upload and subscription state): not
 * the agent's data, so left out of backups and kept by a restore. The version clock must never go
 * back; an outbox entry whose event a restore removed is dropped unsent. A published library or
 * taxonomy the restore replaced is taken again at the next check (see `stateToCheckWith`).
 */
export const CENTRE_LINK_TABLES: readonly string[] = ['outbox', 'centreState'];

/** Tables of older databases a restore still reads (and converts): the version that dropped them, row schema and key. */
export const LEGACY_TABLES: Readonly<Record<string, { before: number; schema: z.ZodType; key: (row: never) => string }>> = {
  // Before v4, rollups were one row per day × category × agent × site × source.
  dailyRollups: { before: 4, schema: RollupRowSchema, key: (row: RollupRow) => rollupKeyString(row) },
};

export function isBackupTable(table: string): table is BackupTableName {
  return Object.hasOwn(BACKUP_TABLES, table);
}

/** A row's primary key at a key path; undefined when a part is missing. */
export function keyAt(row: unknown, keyPath: KeyPath): unknown {
  const part = (name: string) => (row && typeof row === 'object' ? (row as Record<string, unknown>)[name] : undefined);
  if (typeof keyPath === 'string') return part(keyPath);
  const parts = keyPath.map(part);
  return parts.some((value) => value === undefined) ? undefined : parts;
}

// ---------------------------------------------------------------------------------------------
// Rows written by older versions, brought to today's shape before their schema checks them.
// Database upgrades (storage/database/migrations/) and restores of older backups use the same
// functions, so a row reaches today's shape the same way whichever path it takes.

type Row = Record<string, unknown>;

/** v3: every event has a source; events stored before v3 are all the agent's own clicks. */
export function withEventSource<T extends { source?: string }>(row: T): T & { source: string } {
  return { ...row, source: row.source ?? OWN_SOURCE };
}

function renamedRef(row: Row): Row {
  if (!('caseRef' in row)) return row;
  const { caseRef, ...rest } = row;
  return { ...rest, workOrderRef: caseRef };
}

function renamedSite(site: Row): Row {
  if (!('caseContext' in site)) return site;
  const { caseContext, ...rest } = site;
  const { caseRefSelector, caseRefUrlPattern } = (caseContext ?? {}) as Row;
  const workOrderRule: Row = {};
  if (caseRefSelector !== undefined) workOrderRule.selector = caseRefSelector;
  if (caseRefUrlPattern !== undefined) workOrderRule.urlPattern = caseRefUrlPattern;
  return { ...rest, workOrderRule };
}

/**
 * v6: the CRM record is a work order: `caseRef` → `workOrderRef` (own events, imported events
 * inside their pages, script uses), a site's `caseContext` → `workOrderRule`. Rows already
 * renamed pass unchanged.
 */
export function withWorkOrderNames(table: string, row: unknown): unknown {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return row;
  const record = row as Row;
  switch (table) {
    case 'events':
    case 'scriptUses':
      return renamedRef(record);
    case 'importedEvents':
      return Array.isArray(record.events) ? { ...record, events: record.events.map((event: unknown) => withWorkOrderNames('events', event)) } : record;
    case 'settings': {
      const value = record.value as Row | undefined;
      if (!value || !Array.isArray(value.crmSites)) return record;
      return { ...record, value: { ...value, crmSites: value.crmSites.map((site: Row) => renamedSite(site)) } };
    }
    default:
      return record;
  }
}

/** A row of a backup written by database version `version`, renamed as today's database stores it. */
export function rowAsToday(table: string, row: unknown, version: number): unknown {
  let today = row;
  if (version < 3 && table === 'events' && today && typeof today === 'object') today = withEventSource(today as Row);
  if (version < 6) today = withWorkOrderNames(table, today);
  return today;
}

function someText(value: unknown, test: (text: string) => boolean): boolean {
  if (typeof value === 'string') return test(value);
  if (Array.isArray(value)) return value.some((item) => someText(item, test));
  if (value && typeof value === 'object') return Object.values(value).some((item) => someText(item, test));
  return false;
}

/**
 * v7: a row stored before the privacy gate, through it. The gate is the table's schema, the one a
 * restore checks every row with, so a database upgraded in place and an older backup restored
 * mask the same numbers the same way. Returns the masked row, or null when the row holds no phone
 * number; a row its schema refuses was not written by Iceberg and is left as it is (null).
 */
export function gatedRow(table: BackupTableName, row: unknown): unknown {
  if (!someText(row, containsPhoneNumber)) return null;
  const parsed = BACKUP_TABLES[table].schema.safeParse(row);
  return parsed.success ? parsed.data : null;
}
