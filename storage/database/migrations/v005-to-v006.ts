import type { Transaction } from 'dexie';

/**
 * Schema v5 → v6: the CRM record an agent handles is a *work order* (工单); "case" is kept for
 * the case library. Stored fields follow the name:
 * - `caseRef` → `workOrderRef` on own events, imported events (inside their pages) and script uses;
 * - a CRM site's `caseContext: { caseRefSelector, caseRefUrlPattern }` → `workOrderRule: { selector, urlPattern }`.
 * The click-log file keeps its `case_ref` column (format version 1, read by QA's tools).
 * Restoring a backup written before v6 passes its rows through `withWorkOrderNames` too.
 */
export const V6_STORES = {} as const;

type Row = Record<string, unknown>;

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

/** One row of a table as written before v6, with today's names; rows already renamed pass unchanged. */
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
