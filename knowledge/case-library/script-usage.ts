import { z } from 'zod';
import { maskPhoneNumbers } from '@/knowledge/privacy/phone-numbers';
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

/**
 * The longest query searched and kept: longer input is pasted text, not a search; only its start
 * is searched, and the result says so.
 */
export const MAX_SEARCH_QUERY_LENGTH = 100;

/**
 * Why a search is worth the team lead's look: it found nothing, or it showed scripts and the agent
 * used none of them (see `unusedSearches`).
 */
export const SearchMissOutcome = z.enum(['no-results', 'not-used']);
export type SearchMissOutcome = z.infer<typeof SearchMissOutcome>;

/** A search that missed: what the library is missing, in the agent's own words. */
export const SearchMiss = z.object({
  id: z.uuid(),
  /** Masked by the privacy gate: agents type callers' numbers into the search box too. */
  query: z.string().trim().overwrite(maskPhoneNumbers).min(1).max(MAX_SEARCH_QUERY_LENGTH),
  occurredAt: OffsetDateTime,
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  agentId: AgentId,
  categoryId: CategoryId.nullable(),
  /** Absent in records from before results could go unused: those found nothing. */
  outcome: SearchMissOutcome.optional(),
  /** The scripts the search showed first (not-used only). */
  shownScriptIds: z.array(z.string().min(1).max(64)).max(10).optional(),
  /** The script the agent used soon after, searching again: where the query probably belongs. */
  usedInsteadScriptId: z.string().min(1).max(64).optional(),
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
  /** How many of them found nothing, and how many showed scripts nobody used. */
  noResults: number;
  notUsed: number;
  /** Scripts agents used right after searching again, most often first: where to attach the query. */
  usedInsteadScriptIds: string[];
}

/** Same query, different spacing or case: one line for the lead. */
export function missKey(query: string): string {
  return query.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

export function summarizeMisses(misses: readonly SearchMiss[]): SearchMissSummary[] {
  const byKey = new Map<string, SearchMissSummary & { instead: Map<string, number> }>();
  for (const miss of misses) {
    const key = missKey(miss.query);
    let found = byKey.get(key);
    if (!found) {
      found = { query: key, count: 0, lastAt: miss.occurredAt, noResults: 0, notUsed: 0, usedInsteadScriptIds: [], instead: new Map() };
      byKey.set(key, found);
    }
    found.count += 1;
    if (miss.outcome === 'not-used') found.notUsed += 1;
    else found.noResults += 1;
    if (miss.usedInsteadScriptId) found.instead.set(miss.usedInsteadScriptId, (found.instead.get(miss.usedInsteadScriptId) ?? 0) + 1);
    if (Date.parse(miss.occurredAt) > Date.parse(found.lastAt)) found.lastAt = miss.occurredAt;
  }
  return [...byKey.values()]
    .map(({ instead, ...summary }) => ({ ...summary, usedInsteadScriptIds: [...instead].sort((a, b) => b[1] - a[1]).map(([id]) => id) }))
    .sort((a, b) => b.count - a.count || Date.parse(b.lastAt) - Date.parse(a.lastAt));
}

// ---------------------------------------------------------------------------------------------
// Searches whose results went unused

/** What the sidebar saw, in order: a search that settled (the agent stopped typing), or a use of a script. */
export type SearchSessionEvent =
  | { kind: 'search'; query: string; categoryId: string | null; at: number; shownScriptIds: readonly string[] }
  | { kind: 'use'; scriptId: string; at: number };

/** A search used within this long, before the agent searched again, counts as used. */
export const RESULT_USE_WINDOW_MS = 2 * 60_000;
/** The first this many scripts shown count as what the search offered. */
export const SHOWN_SCRIPTS_KEPT = 5;

export interface UnusedSearch {
  query: string;
  categoryId: string | null;
  at: number;
  outcome: SearchMissOutcome;
  shownScriptIds: string[];
  usedInsteadScriptId?: string;
}

/**
 * The searches the team lead should see, from one agent's session in the sidebar, in order.
 *
 * A settled search is **used** when the agent copies or inserts one of the scripts it showed
 * before searching again and within RESULT_USE_WINDOW_MS. Otherwise it is a miss: `no-results`
 * when it showed nothing, `not-used` when it showed scripts. When the agent used some script
 * within the window after searching again (钱对不上 → nothing useful → 账单异常 → billing-001),
 * that script is `usedInsteadScriptId`: the script the first query probably belongs to.
 * A search is decided once some script is used after it, or when its window closes; until then
 * it is left out (pass `now` to decide those whose window has closed).
 */
export function unusedSearches(events: readonly SearchSessionEvent[], now = Number.POSITIVE_INFINITY): UnusedSearch[] {
  const unused: UnusedSearch[] = [];
  events.forEach((event, index) => {
    if (event.kind !== 'search') return;
    const deadline = event.at + RESULT_USE_WINDOW_MS;
    const later = events.slice(index + 1).filter((next) => next.at <= deadline);
    const nextSearch = later.findIndex((next) => next.kind === 'search');
    const beforeNextSearch = nextSearch < 0 ? later : later.slice(0, nextSearch);
    const shown = event.shownScriptIds.slice(0, SHOWN_SCRIPTS_KEPT);
    if (beforeNextSearch.some((next) => next.kind === 'use' && shown.includes(next.scriptId))) return;
    const instead = later.find((next): next is Extract<SearchSessionEvent, { kind: 'use' }> => next.kind === 'use');
    const decided = instead !== undefined || now > deadline || events.slice(index + 1).some((next) => next.at > deadline);
    if (!decided) return;
    unused.push({
      query: event.query,
      categoryId: event.categoryId,
      at: event.at,
      outcome: shown.length === 0 ? 'no-results' : 'not-used',
      shownScriptIds: shown,
      ...(instead ? { usedInsteadScriptId: instead.scriptId } : {}),
    });
  });
  return unused;
}

/** Events older than this (and already decided) are forgotten by a session log. */
const SESSION_MEMORY_MS = 2 * RESULT_USE_WINDOW_MS;

/**
 * One sidebar's searches and uses as they happen: hands out each search the team lead should see
 * once, as soon as it is decided (see `unusedSearches`).
 */
export class SearchSessionLog {
  private events: SearchSessionEvent[] = [];
  private readonly reported = new Set<string>();

  /** Records an event; returns the searches it decided. */
  add(event: SearchSessionEvent): UnusedSearch[] {
    this.events.push(event);
    return this.decided(event.at);
  }

  /** The searches decided by `now` and not handed out before. */
  decided(now: number): UnusedSearch[] {
    const fresh = unusedSearches(this.events, now).filter((search) => {
      const key = searchKey(search);
      if (this.reported.has(key)) return false;
      this.reported.add(key);
      return true;
    });
    const kept = this.events.filter((event) => event.at > now - SESSION_MEMORY_MS);
    if (kept.length < this.events.length) {
      this.events = kept;
      const keys = new Set(kept.map((event) => (event.kind === 'search' ? searchKey(event) : '')));
      for (const key of this.reported) if (!keys.has(key)) this.reported.delete(key);
    }
    return fresh;
  }

  /**
   * What the session would hand out if it ended now (the tab closed), without handing it out:
   * kept by the background, which records it when the tab closes before the sidebar can.
   */
  undecided(): UnusedSearch[] {
    return unusedSearches(this.events).filter((search) => !this.reported.has(searchKey(search)));
  }

  /** When the oldest undecided search will be decided without further events, or null. */
  nextDecisionAt(): number | null {
    const open = this.events.filter((event) => event.kind === 'search' && !this.reported.has(searchKey(event)));
    return open.length === 0 ? null : Math.min(...open.map((event) => event.at)) + RESULT_USE_WINDOW_MS + 1;
  }
}

/** A search's identity in a session: when it was typed, and what. */
function searchKey(search: { at: number; query: string }): string {
  return `${search.at}\u0000${search.query}`;
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
