import type { Transaction } from 'dexie';
import { withWorkOrderNames } from '@/knowledge/files/backup-tables';

/**
 * Schema v5 → v6: the CRM record an agent handles is a *work order* (工单); "case" is kept for
 * the case library. Stored fields follow the name:
 * - `caseRef` → `workOrderRef` on own events, imported events (inside their pages) and script uses;
 * - a CRM site's `caseContext: { caseRefSelector, caseRefUrlPattern }` → `workOrderRule: { selector, urlPattern }`.
 * The click-log file keeps its `case_ref` column (format version 1, read by QA's tools).
 * Restoring a backup written before v6 renames its rows with the same `withWorkOrderNames`.
 */
export const V6_STORES = {} as const;

export async function upgradeToV6(transaction: Transaction): Promise<void> {
  for (const table of ['events', 'importedEvents', 'scriptUses', 'settings']) {
    await transaction
      .table(table)
      .toCollection()
      .modify((row: unknown, ref: { value: unknown }) => {
        ref.value = withWorkOrderNames(table, row);
      });
  }
}
