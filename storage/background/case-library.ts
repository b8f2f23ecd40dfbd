import { localDay, toOffsetDateTime } from '@/knowledge/clicks/local-time';
import { childCategoryIds } from '@/knowledge/taxonomy/taxonomy-lookup';
import { maskWorkOrderReference } from '@/knowledge/work-orders/work-order-reference';
import type { RequestHandlers } from '@/storage/messaging/server';
import type { BackgroundContext } from './context';
import { crmSiteOf, tabOf } from './sender';

type CaseLibraryRequests = 'searchScripts' | 'recordSearchMiss' | 'recordScriptUse' | 'reportNotes';

/** The case library in the sidebar: script search, notes suggestions, and what was used or missed. */
export function caseLibraryHandlers(context: BackgroundContext): Pick<RequestHandlers, CaseLibraryRequests> {
  const { config, scripts } = context;
  return {
    async searchScripts({ query, categoryFilter, boostCategoryId, limit }) {
      // Filtering by a parent category also finds its sub-categories' scripts.
      const { taxonomy } = await config.current();
      const filter = categoryFilter === undefined ? undefined : [categoryFilter, ...childCategoryIds(taxonomy, categoryFilter)];
      return scripts.search(query, { categoryFilter: filter, boostCategoryId, limit });
    },
    async recordSearchMiss({ query, categoryId }) {
      const { settings } = await config.current();
      const now = new Date();
      await scripts.recordMiss({
        id: crypto.randomUUID(),
        query,
        categoryId,
        occurredAt: toOffsetDateTime(now),
        day: localDay(now),
        agentId: settings.agentId,
      });
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
