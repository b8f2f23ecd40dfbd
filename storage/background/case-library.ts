import { localDay, toOffsetDateTime } from '@/knowledge/clicks/local-time';
import { maskWorkOrderReference } from '@/knowledge/work-orders/work-order-reference';
import type { SearchMissReport } from '@/storage/messaging/protocol';
import type { RequestHandlers } from '@/storage/messaging/server';
import type { BackgroundContext } from './context';
import { crmSiteOf, tabOf } from './sender';
import { TabMemory } from './tab-memory';

type CaseLibraryRequests = 'prepareSearch' | 'searchScripts' | 'recordSearchMiss' | 'reportPendingSearches' | 'recordScriptUse' | 'reportNotes';

/**
 * The searches each CRM tab's sidebar has not decided yet (see `reportPendingSearches`), recorded
 * as missed when the tab closes: closing a tab takes the sidebar's own messages with it.
 */
export class PendingSearches {
  // Read from session storage on first use, not at every start of the service worker.
  private memory: TabMemory<SearchMissReport[]> | null = null;

  constructor(private readonly context: BackgroundContext) {}

  private byTab(): TabMemory<SearchMissReport[]> {
    return (this.memory ??= new TabMemory('iceberg:tab-pending-searches'));
  }

  async replace(tabId: number, searches: SearchMissReport[]): Promise<void> {
    if (searches.length === 0) this.byTab().forget(tabId);
    else await this.byTab().set(tabId, searches);
  }

  async tabClosed(tabId: number): Promise<void> {
    const searches = (await this.byTab().get(tabId)) ?? [];
    this.byTab().forget(tabId);
    for (const search of searches) await recordSearchMiss(this.context, search);
  }
}

/** The first search a woken worker answers, as a User Timing measure (DevTools, benchmarks). */
export const FIRST_SEARCH_MEASURE = 'iceberg:first-search-after-wake';

/** The case library in the sidebar: script search, notes suggestions, and what was used or missed. */
export function caseLibraryHandlers(context: BackgroundContext, pending: PendingSearches): Pick<RequestHandlers, CaseLibraryRequests> {
  const { config, scripts } = context;
  let measured = false;
  return {
    async prepareSearch() {
      // Answered at once: the sidebar does not wait for the load, its first search does.
      void scripts.prepare();
      return null;
    },
    async searchScripts({ query, categoryFilter, boostCategoryId, limit }) {
      const start = performance.now();
      // With the taxonomy, a parent category also finds its sub-categories' scripts (as in the CLI).
      const taxonomy = categoryFilter === undefined ? undefined : (await config.current()).taxonomy;
      const answer = await scripts.search(query, { categoryFilter, taxonomy, boostCategoryId, limit });
      if (!measured) {
        measured = true;
        performance.measure(FIRST_SEARCH_MEASURE, { start, detail: { provisional: answer.provisional } });
      }
      return answer;
    },
    async recordSearchMiss(miss) {
      await recordSearchMiss(context, miss);
      return null;
    },
    async reportPendingSearches({ searches }, sender) {
      // Only a sidebar inside a CRM tab: the side panel outlives the tab and decides its own.
      const tabId = sender.tab?.id;
      if (tabId !== undefined) await pending.replace(tabId, searches);
      return null;
    },
    async recordScriptUse({ id, scriptId, action, workOrderRef, tabId: requestedTab }, sender) {
      const { settings } = await config.current();
      const site = crmSiteOf(sender) ?? (await context.workOrders.siteOf(tabOf(sender, requestedTab))) ?? 'unknown';
      const now = new Date();
      await scripts.recordUse({
        id,
        scriptId,
        action,
        usedAt: toOffsetDateTime(now),
        day: localDay(now),
        agentId: settings.agentId,
        workOrderRef: workOrderRef === null ? null : maskWorkOrderReference(workOrderRef),
        site,
      });
      return null;
    },
    async reportNotes({ text }, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined || crmSiteOf(sender) === null) return null;
      const { settings } = await config.current();
      const { hits, warning } = await scripts.suggestForNotes(text, { sensitiveWords: settings.sensitiveWords });
      await context.push({ type: 'notesSuggestions', tabId, hits, warning });
      return null;
    },
  };
}

/** Logs a missed search for the agent in the settings, now. */
async function recordSearchMiss(context: BackgroundContext, { query, categoryId, ...outcome }: SearchMissReport): Promise<void> {
  const { settings } = await context.config.current();
  const now = new Date();
  await context.scripts.recordMiss({
    ...outcome,
    id: crypto.randomUUID(),
    query,
    categoryId,
    occurredAt: toOffsetDateTime(now),
    day: localDay(now),
    agentId: settings.agentId,
  });
}
