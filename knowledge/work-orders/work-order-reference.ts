import { maskPhoneNumbers } from '../privacy/phone-numbers';
import type { WorkOrderRule } from './work-order-rule';

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
 * Reads the work-order reference with a rule. `textOf` is how the caller reads the page (a DOM in the
 * content script, a fixture in tests), so this stays free of DOM types.
 */
export function readWorkOrderReference(
  rule: WorkOrderRule,
  url: string,
  textOf: (selector: string) => string | null,
): string | null {
  if (rule.selector) {
    let text: string | null = null;
    try {
      text = textOf(rule.selector);
    } catch {
      text = null; // an invalid selector behaves like "not found" rather than breaking the sidebar
    }
    if (text && text.trim()) return maskWorkOrderReference(text);
  }
  if (rule.urlPattern) {
    const path = safePath(url);
    const match = new RegExp(rule.urlPattern).exec(path);
    if (match?.[1]) return maskWorkOrderReference(decodeURIComponentSafe(match[1]));
  }
  return null;
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
}

/** What one frame of a tab last reported: CRMs often keep the work area in an iframe. */
export interface FrameWorkOrderReport {
  frameId: number;
  workOrderRef: string | null;
  site: string;
  reportedAt: number;
}

/**
 * The case a tab is on: the top frame's reference when it shows one, else the reference most
 * recently reported by one of its iframes.
 */
export function effectiveWorkOrderReport(reports: FrameWorkOrderReport[]): FrameWorkOrderReport | null {
  const top = reports.find((report) => report.frameId === 0);
  if (top?.workOrderRef) return top;
  const framed = reports
    .filter((report) => report.frameId !== 0 && report.workOrderRef)
    .sort((a, b) => b.reportedAt - a.reportedAt)[0];
  return framed ?? top ?? null;
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
