import type { Transaction } from 'dexie';
import { gatedRow, type BackupTableName } from '@/knowledge/files/backup-tables';

/**
 * Schema v6 → v7: data stored before the privacy gate passes through it. Phone numbers in free
 * text (work-order references, agent ids, sites, search queries, library and taxonomy text,
 * imported file names, the rollups' agent and site keys) are masked as every path into storage
 * now masks them; a restore of an older backup masks them with the same schemas. Only rows that
 * hold a number are rewritten. No index changes.
 */
export const V7_STORES = {} as const;

const GATED_TABLES: readonly BackupTableName[] = [
  'events',
  'importedEvents',
  'scriptUses',
  'searchMisses',
  'caseLibrary',
  'taxonomy',
  'imports',
  'rollupDays',
  'settings',
];

export async function upgradeToV7(transaction: Transaction): Promise<void> {
  for (const name of GATED_TABLES) {
    const table = transaction.table(name);
    const changed: unknown[] = [];
    await table.toCollection().each((row: unknown) => {
      const gated = gatedRow(name, row);
      if (gated !== null) changed.push(gated);
    });
    if (changed.length > 0) await table.bulkPut(changed);
  }
}
