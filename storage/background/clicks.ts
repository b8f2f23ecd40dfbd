import type { ClickEvent } from '@/knowledge/clicks/click-event';
import type { DayCounts } from '@/knowledge/clicks/day-counts';
import { agentIdInForce } from '@/knowledge/work-orders/agent-id';
import { settingsForPages } from '@/knowledge/settings/managed-settings';
import { maskWorkOrderReference } from '@/knowledge/work-orders/work-order-reference';
import { dayCounts, lastUndoableClick, recordClick, undoClick, updateClickDetails } from '@/storage/database/click-log';
import type { RequestHandlers } from '@/storage/messaging/server';
import type { BackgroundContext } from './context';
import { crmSiteOf, tabOf } from './sender';

type ClickRequests = 'getSidebarState' | 'recordClick' | 'updateClickDetails' | 'undoLastClick';

/**
 * The agent's clicks: record, add details, undo; every sidebar sees the new counts. With an
 * upload target, each change is queued for the centre in its own transaction.
 */
export function clickHandlers(context: BackgroundContext): Pick<RequestHandlers, ClickRequests> {
  const { db, config } = context;
  // Deferred so the clicking sidebar's reply leaves before the fan-out to every other sidebar.
  const pushCounts = (counts: DayCounts, lastClick: ClickEvent | null) =>
    setTimeout(() => void context.push({ type: 'countsChanged', counts, lastClick }), 0);
  const upload = async () => ({ upload: (await config.current()).settings.upload !== undefined });
  const queued = (options: { upload: boolean }) => {
    if (options.upload) void context.centre.uploads.queued(Date.now()).catch(() => undefined);
  };

  return {
    async getSidebarState({ day }) {
      const [{ taxonomy, settings }, counts, lastClick, centre] = await Promise.all([
        config.current(),
        dayCounts(db, day),
        lastUndoableClick(db, new Date()),
        context.centre.status(),
      ]);
      return { taxonomy, settings: settingsForPages(settings), centre, counts, lastClick };
    },
    async recordClick(request, sender) {
      const site = crmSiteOf(sender) ?? (await context.workOrders.siteOf(tabOf(sender, request.tabId))) ?? 'unknown';
      // Masked again here: a content script is the page's neighbour, not trusted.
      const workOrderRef = request.workOrderRef === null ? null : maskWorkOrderReference(request.workOrderRef);
      const { taxonomy, settings } = await config.current();
      // Only a sidebar (an extension page) says which agent the CRM shows; a CRM frame's word is not taken.
      const { agentId } = agentIdInForce(crmSiteOf(sender) === null ? request.agentId : undefined, settings.agentId);
      const options = { upload: settings.upload !== undefined };
      const result = await recordClick(db, { ...request, workOrderRef }, { site, taxonomy, agentId, ...options });
      queued(options);
      pushCounts(result.counts, result.event);
      return result;
    },
    async updateClickDetails({ id, details }) {
      const options = await upload();
      const result = await updateClickDetails(db, id, details, options);
      queued(options);
      pushCounts(result.counts, result.event);
      return result;
    },
    async undoLastClick({ id }) {
      const options = await upload();
      const result = await undoClick(db, id, new Date(), options);
      queued(options);
      void lastUndoableClick(db, new Date())
        .then((lastClick) => pushCounts(result.counts, lastClick))
        .catch(() => undefined); // the reply already carries the counts; the fan-out is best effort
      return result;
    },
  };
}
