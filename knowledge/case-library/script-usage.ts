import { z } from 'zod';
import { AgentId, WorkOrderReference, OffsetDateTime, SiteHost } from '@/knowledge/clicks/click-event';
import { CategoryId } from '@/knowledge/taxonomy/taxonomy';

/** How the agent used a script: copied to the clipboard or inserted into a CRM text field. */
export const ScriptUseAction = z.enum(['copy', 'insert']);
export type ScriptUseAction = z.infer<typeof ScriptUseAction>;

/** One use of a case-library script, logged for the team lead's usage counts. */
export const ScriptUse = z.object({
  id: z.uuid(),
  scriptId: z.string().min(1).max(64),
  action: ScriptUseAction,
  usedAt: OffsetDateTime,
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  agentId: AgentId,
  workOrderRef: WorkOrderReference.nullable(),
  site: SiteHost,
});
export type ScriptUse = z.infer<typeof ScriptUse>;

/** The longest query worth keeping: anything longer is pasted text, not a search. */
export const MAX_SEARCH_QUERY_LENGTH = 100;

/** A search that found nothing: what the library is missing, in the agent's own words. */
export const SearchMiss = z.object({
  id: z.uuid(),
  query: z.string().trim().min(1).max(MAX_SEARCH_QUERY_LENGTH),
  occurredAt: OffsetDateTime,
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  agentId: AgentId,
  categoryId: CategoryId.nullable(),
});
export type SearchMiss = z.infer<typeof SearchMiss>;

/** Per-script usage as the search ranks it and the team lead reads it. */
export interface ScriptUsageSummary {
  count: number;
  /** Epoch ms of the newest use. */
  lastUsedAt: number;
}

/** Missed queries folded together, most frequent first. */
export interface SearchMissSummary {
  query: string;
  count: number;
  lastAt: string;
}

/** Same query, different spacing or case: one line for the lead. */
export function missKey(query: string): string {
  return query.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function summarizeMisses(misses: readonly SearchMiss[]): SearchMissSummary[] {
  const byKey = new Map<string, SearchMissSummary>();
  for (const miss of misses) {
    const key = missKey(miss.query);
    const found = byKey.get(key);
    if (!found) byKey.set(key, { query: key, count: 1, lastAt: miss.occurredAt });
    else {
      found.count += 1;
      if (Date.parse(miss.occurredAt) > Date.parse(found.lastAt)) found.lastAt = miss.occurredAt;
    }
  }
  return [...byKey.values()].sort((a, b) => b.count - a.count || Date.parse(b.lastAt) - Date.parse(a.lastAt));
}

export function summarizeUses(uses: readonly Pick<ScriptUse, 'scriptId' | 'usedAt'>[]): Map<string, ScriptUsageSummary> {
  const usage = new Map<string, ScriptUsageSummary>();
  for (const use of uses) {
    const at = Date.parse(use.usedAt);
    const found = usage.get(use.scriptId);
    if (!found) usage.set(use.scriptId, { count: 1, lastUsedAt: at });
    else {
      found.count += 1;
      found.lastUsedAt = Math.max(found.lastUsedAt, at);
    }
  }
  return usage;
}

/** One line of the usage table the team lead reads: a script, how often and when it was last used. */
export interface ScriptUsageRow extends ScriptUsageSummary {
  scriptId: string;
  /** "—" for a script no longer in the library. */
  title: string;
}

/** Usage joined with the library's titles, most used first. */
export function scriptUsageRows(
  scripts: readonly { id: string; title: string }[],
  usage: ReadonlyMap<string, ScriptUsageSummary>,
): ScriptUsageRow[] {
  const titles = new Map(scripts.map((script) => [script.id, script.title]));
  return [...usage.entries()]
    .map(([scriptId, summary]) => ({ scriptId, title: titles.get(scriptId) ?? '—', ...summary }))
    .sort((a, b) => b.count - a.count || b.lastUsedAt - a.lastUsedAt);
}
