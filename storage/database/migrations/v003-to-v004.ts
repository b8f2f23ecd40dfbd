import type { Transaction } from 'dexie';
import { OWN_SOURCE, type StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { idsOfPage, packImportedEventsBySource } from '@/knowledge/clicks/imported-pages';
import { packRollupDays, type RollupRow } from '@/knowledge/reports/rollup';

/**
 * Schema v3 → v4 (issue 5, merge speed): IndexedDB pays per record, so
 * - rollup rows are packed per day × source into `rollupDays` (the old `dailyRollups` table is
 *   dropped in v5, once this upgrade has read it);
 * - imported events move out of `events` into packed pages (`importedEvents`) with their ids
 *   listed apart (`importedEventIds`); `events` keeps the agent's own clicks only;
 * - the event indexes nothing queries (occurredAt, [day+categoryId], agentId, site) go.
 */
export const V4_STORES = {
  events: 'id, day, categoryId, source, [occurredAt+id]',
  rollupDays: '[day+source], day, source, *agentIds, *sites',
  importedEvents: 'id, day, source',
  importedEventIds: 'pageId, day, source',
} as const;

export const V5_STORES = { dailyRollups: null } as const;

export async function upgradeToV4(transaction: Transaction): Promise<void> {
  const rows = (await transaction.table('dailyRollups').toArray()) as RollupRow[];
  await transaction.table('rollupDays').bulkPut(packRollupDays(rows));

  const imported = (await transaction.table('events').where('source').notEqual(OWN_SOURCE).toArray()) as StoredClickEvent[];
  const pages = packImportedEventsBySource(0, imported);
  await transaction.table('importedEvents').bulkAdd(pages);
  await transaction.table('importedEventIds').bulkAdd(pages.map(idsOfPage));
  await transaction.table('events').bulkDelete(imported.map((event) => event.id));
}
