import type { Transaction } from 'dexie';
import { OWN_SOURCE, type EventLike } from '@/knowledge/clicks/stored-event';
import { RollupAccumulator } from '@/knowledge/reports/rollup';

/**
 * Schema v2 → v3 (issue 5), also run straight after v1 → v2 for a v1 database:
 * - every event gets `source`; events stored before v3 are all the agent's own clicks;
 * - new event indexes: source (remove an import), [occurredAt+id] (exports in time order);
 * - new tables: dailyRollups (built here from the events), imports, retention.
 * tests/unit/console/fixtures/ hold v1 and v2 databases and what they must become.
 */
export const V3_STORES = {
  events: 'id, occurredAt, day, [day+categoryId], categoryId, agentId, site, source, [occurredAt+id]',
  dailyRollups: '[day+categoryId+agentId+site+source], day, source, agentId, site',
  imports: 'id, importedAt',
  retention: 'key',
} as const;

/** One pre-v3 event row as v3 stores it (also used to restore older backups). */
export function migrateEventRow<T extends EventLike>(row: T): T & { source: string } {
  return { ...row, source: row.source ?? OWN_SOURCE };
}

export async function upgradeToV3(transaction: Transaction): Promise<void> {
  const rollups = new RollupAccumulator();
  await transaction
    .table('events')
    .toCollection()
    .modify((event: EventLike) => {
      if (event.source === undefined) event.source = OWN_SOURCE;
      rollups.addEvent(event);
    });
  await transaction.table('dailyRollups').bulkPut(rollups.rows());
}
