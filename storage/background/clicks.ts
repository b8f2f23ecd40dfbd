import type { ClickEvent } from '@/knowledge/clicks/click-event';
import type { DayCounts } from '@/knowledge/clicks/day-counts';
import { maskWorkOrderReference } from '@/knowledge/work-orders/work-order-reference';
import { dayCounts, lastUndoableClick, recordClick, undoClick, updateClickDetails } from '@/storage/database/click-log';
import type { RequestHandlers } from '@/storage/messaging/server';
import type { BackgroundContext } from './context';
import { crmSiteOf, tabOf } from './sender';

type ClickRequests = 'getSidebarState' | 'recordClick' | 'updateClickDetails' | 'undoLastClick';

/** The agent's clicks: record, add details, undo; every sidebar sees the new counts. */
export function clickHandlers(context: BackgroundContext): Pick<RequestHandlers, ClickRequests> {
  const { db, config } = context;
  // Deferred so the clicking sidebar's reply leaves before the fan-out to every other sidebar.
  const pushCounts = (counts: DayCounts, lastClick: ClickEvent | null) =>
    setTimeout(() => void context.push({ type: 'countsChanged', counts, lastClick }), 0);

  return {
    async getSidebarState({ day }) {
      const [{ taxonomy, settings }, counts, lastClick] = await Promise.all([
        config.current(),
        dayCounts(db, day),
        lastUndoableClick(db, new Date()),
      ]);
      return { taxonomy, settings, counts, lastClick };
    },
    async recordClick(request, sender) {
      const site = crmSiteOf(sender) ?? (await context.workOrders.siteOf(tabOf(sender, request.tabId))) ?? 'unknown';
      // Masked again here: a content script is the page's neighbour, not trusted.
      const workOrderRef = request.workOrderRef === null ? null : maskWorkOrderReference(request.workOrderRef);
      const { taxonomy, settings } = await config.current();
      const result = await recordClick(db, { ...request, workOrderRef }, { site, taxonomy, agentId: settings.agentId });
      pushCounts(result.counts, result.event);
      return result;
    },
    async updateClickDetails({ id, details }) {
      const result = await updateClickDetails(db, id, details);
      pushCounts(result.counts, result.event);
      return result;
    },
    async undoLastClick({ id }) {
      const result = await undoClick(db, id, new Date());
      void lastUndoableClick(db, new Date())
        .then((lastClick) => pushCounts(result.counts, lastClick))
        .catch(() => undefined); // the reply already carries the counts; the fan-out is best effort
      return result;
    },
  };
}
