import { maskPhoneNumbers } from '../privacy/phone-numbers';
import type { PageValueRule, WorkOrderRule } from './work-order-rule';

/** Works for the demo CRM and for CRMs that put the work-order number in the path. */
export const DEFAULT_WORK_ORDER_RULE: WorkOrderRule = {
  selector: '#case-ref, [data-case-ref]',
  urlPattern: '/cases/([A-Za-z0-9_-]+)',
};

const MAX_REFERENCE_LENGTH = 64;

/**
 * A reference as stored: NFKC, whitespace collapsed, every phone number masked by the privacy gate
 * (call references often embed the caller id), then cut to fit, so no raw number reaches storage
 * or exports and a number at the cut leaks no extra digits.
 */
export function maskWorkOrderReference(raw: string): string {
  const collapsed = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  return maskPhoneNumbers(collapsed).slice(0, MAX_REFERENCE_LENGTH);
}

/**
 * Reads a value off a page with a rule, as written there (trimmed, URL-decoded). `textOf` is how
 * the caller reads the page (a DOM in the content script, a fixture in tests), so this stays
 * free of DOM types.
 */
export function readPageValue(rule: PageValueRule, url: string, textOf: (selector: string) => string | null): string | null {
  if (rule.selector) {
    let text: string | null = null;
    try {
      text = textOf(rule.selector);
    } catch {
      text = null; // an invalid selector behaves like "not found" rather than breaking the sidebar
    }
    if (text && text.trim()) return text.trim();
  }
  if (rule.urlPattern) {
    const path = safePath(url);
    const match = new RegExp(rule.urlPattern).exec(path);
    if (match?.[1]) return decodeURIComponentSafe(match[1]);
  }
  return null;
}

/** The work-order reference a page shows, masked. */
export function readWorkOrderReference(
  rule: WorkOrderRule,
  url: string,
  textOf: (selector: string) => string | null,
): string | null {
  const value = readPageValue(rule, url, textOf);
  return value === null ? null : maskWorkOrderReference(value);
}

function safePath(url: string): string {
  try {
    const parsed = new URL(url);
    return parsed.pathname + parsed.search + parsed.hash;
  } catch {
    return url;
  }
}

function decodeURIComponentSafe(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** The work order a tab is on, as the sidebars show it and clicks store it. */
export interface WorkOrderContext {
  tabId: number | null;
  workOrderRef: string | null;
  site: string | null;
  /**
   * Several frames show a work order and nothing says which one the agent is working in: the
   * sidebar says it cannot tell, and clicks store no reference, rather than a guess.
   */
  uncertain?: boolean;
  /** The logged-in agent's id as the CRM page shows it (the site's agentIdRule); absent or null: none found. */
  agentId?: string | null;
}

/** What one frame of a tab last reported: CRMs often keep each open work order in an iframe. */
export interface FrameWorkOrderReport {
  frameId: number;
  workOrderRef: string | null;
  site: string;
  /** When the frame sent it (its own clock; frames' times are compared with each other only). */
  reportedAt: number;
  /** Whether the frame is shown; a CRM hides the frames of inactive work-order tabs. Absent: shown. */
  visible?: boolean;
  /** When the agent last worked in the frame (focus or a press), if ever. */
  activeAt?: number;
  /** The agent id the frame read with its site's agentIdRule (already checked to be one). */
  agentId?: string | null;
}

/** The agent id a tab's CRM shows: the top frame's, else the first frame's that shows one. */
export function effectiveAgentId(reports: readonly FrameWorkOrderReport[]): string | null {
  const top = reports.find((report) => report.frameId === 0);
  return top?.agentId ?? reports.find((report) => report.agentId)?.agentId ?? null;
}

/**
 * The work order a tab is on:
 * - the top frame's reference when it shows one;
 * - else, of the shown iframes with a reference, the one the agent worked in last;
 * - else the reference the shown iframes agree on;
 * - else nothing: no reference, and `uncertain` when frames have references but none can be
 *   told apart (several different ones shown and none worked in, or only hidden ones).
 */
export function effectiveWorkOrder(reports: readonly FrameWorkOrderReport[]): { report: FrameWorkOrderReport | null; uncertain: boolean } {
  const top = reports.find((report) => report.frameId === 0) ?? null;
  if (top?.workOrderRef) return { report: top, uncertain: false };
  const framed = reports.filter((report) => report.frameId !== 0 && report.workOrderRef);
  const shown = framed.filter((report) => report.visible !== false);
  const worked = shown.filter((report) => report.activeAt !== undefined).sort((a, b) => b.activeAt! - a.activeAt!);
  if (worked[0]) return { report: worked[0], uncertain: false };
  if (new Set(shown.map((report) => report.workOrderRef)).size === 1) {
    return { report: [...shown].sort((a, b) => b.reportedAt - a.reportedAt)[0]!, uncertain: false };
  }
  return { report: top, uncertain: framed.length > 0 };
}

/**
 * A tab's frame reports after one frame's new report. Iframe reports from before the top page
 * started belong to the previous page; ones made since (an iframe can report before its slower
 * parent) are this page's and are kept.
 */
export function withFrameReport(
  reports: readonly FrameWorkOrderReport[],
  report: FrameWorkOrderReport,
  pageStartedAt: number | undefined,
): FrameWorkOrderReport[] {
  const kept = reports.filter(
    (frame) =>
      frame.frameId !== report.frameId &&
      !(report.frameId === 0 && pageStartedAt !== undefined && frame.reportedAt < pageStartedAt),
  );
  return [...kept, report];
}

/** What a site's rule finds on an open tab now, frame by frame, for the team lead to check. */
export interface WorkOrderRulePreview {
  /** The tab tried: null when no open tab matches the site. */
  tab: { title: string; url: string } | null;
  frames: Array<{ url: string; workOrderRef: string | null; selectorMatches: number }>;
}
