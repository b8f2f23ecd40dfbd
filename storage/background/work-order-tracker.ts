import {
  effectiveAgentId,
  effectiveWorkOrder,
  withFrameReport,
  type FrameWorkOrderReport,
  type WorkOrderContext,
} from '@/knowledge/work-orders/work-order-reference';
import { TabMemory } from './tab-memory';

/** Which work order each tab is on, from what its frames report (CRMs often keep the work area in an iframe). */
export class WorkOrderTracker {
  private readonly frames = new TabMemory<FrameWorkOrderReport[]>('iceberg:tab-work-order-reports');

  readonly restored = this.frames.restored;

  async report(tabId: number, report: FrameWorkOrderReport, pageStartedAt: number | undefined): Promise<WorkOrderContext> {
    await this.frames.set(tabId, withFrameReport((await this.frames.get(tabId)) ?? [], report, pageStartedAt));
    return this.contextOf(tabId);
  }

  /** Call after `restored`. */
  contextOf(tabId: number): WorkOrderContext {
    const reports = this.frames.peek(tabId) ?? [];
    const { report, uncertain } = effectiveWorkOrder(reports);
    const site = report?.site ?? reports.find((frame) => frame.frameId === 0)?.site ?? null;
    const agentId = effectiveAgentId(reports);
    return { tabId, workOrderRef: report?.workOrderRef ?? null, site, ...(uncertain ? { uncertain } : {}), ...(agentId ? { agentId } : {}) };
  }

  /** The CRM site of a tab, as its frames reported it. */
  async siteOf(tabId: number | undefined): Promise<string | null> {
    if (tabId === undefined) return null;
    await this.restored;
    return this.contextOf(tabId).site;
  }

  /** Tabs that run a sidebar. */
  tabIds(): number[] {
    return this.frames.tabIds();
  }

  forgetTab(tabId: number): void {
    this.frames.forget(tabId);
  }
}
