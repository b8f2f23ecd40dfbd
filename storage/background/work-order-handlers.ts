import { pageAgentId } from '@/knowledge/work-orders/agent-id';
import { maskWorkOrderReference, type FrameWorkOrderReport } from '@/knowledge/work-orders/work-order-reference';
import type { RequestHandlers } from '@/storage/messaging/server';
import type { BackgroundContext } from './context';
import { crmSiteOf } from './sender';

export function workOrderHandlers(context: BackgroundContext): Pick<RequestHandlers, 'reportWorkOrder' | 'getWorkOrderContext'> {
  const { workOrders } = context;
  return {
    async reportWorkOrder({ workOrderRef, sentAt, pageStartedAt, visible, activeAt, agentId }, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined) return { tabId: null, workOrderRef: null, site: null };
      const report: FrameWorkOrderReport = {
        frameId: sender.frameId ?? 0,
        // Masked again here: a content script is the page's neighbour, not trusted.
        workOrderRef: workOrderRef === null ? null : maskWorkOrderReference(workOrderRef),
        site: crmSiteOf(sender) ?? 'unknown',
        reportedAt: sentAt ?? Date.now(),
        ...(visible !== undefined ? { visible } : {}),
        ...(activeAt !== undefined ? { activeAt } : {}),
        // Page text: kept only when it is an agent id.
        ...(agentId !== undefined ? { agentId: pageAgentId(agentId) } : {}),
      };
      await workOrders.report(tabId, report, pageStartedAt);
      await context.push({ type: 'workOrderChanged', context: workOrders.contextOf(tabId) });
      return workOrders.contextOf(tabId); // read again: another frame may have reported meanwhile
    },
    async getWorkOrderContext({ tabId }) {
      await workOrders.restored;
      return workOrders.contextOf(tabId);
    },
  };
}
