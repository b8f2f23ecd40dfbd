import { readWorkOrderReference } from '@/knowledge/work-orders/work-order-reference';
import type { WorkOrderRule } from '@/knowledge/work-orders/work-order-rule';

/*
 * Everything read from the CRM page is untrusted text: it is masked by knowledge/ and validated
 * again by the background.
 */

/** Reads the work-order reference of this document with the site's rule. */
export function readPageWorkOrderReference(doc: Document, rule: WorkOrderRule): string | null {
  return readWorkOrderReference(rule, doc.location.href, (selector) => doc.querySelector(selector)?.textContent ?? null);
}

/**
 * Calls `onChange` whenever the case shown in the page changes: CRMs swap cases through
 * pushState and re-render, so both DOM mutations and URL changes are watched.
 */
export function watchWorkOrderReference(
  doc: Document,
  rule: () => WorkOrderRule,
  onChange: (workOrderRef: string | null) => void,
  signal: AbortSignal,
): void {
  let last: string | null | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    timer = undefined;
    const current = readPageWorkOrderReference(doc, rule());
    if (current !== last) {
      last = current;
      onChange(current);
    }
  };
  const schedule = () => {
    if (timer === undefined) timer = setTimeout(check, 50);
  };
  const observer = new MutationObserver(schedule);
  observer.observe(doc.documentElement, { childList: true, subtree: true, characterData: true });
  const view = doc.defaultView!;
  view.addEventListener('popstate', schedule, { signal });
  view.addEventListener('pageshow', schedule, { signal });
  // pushState fires no event a content script can hear, but the Navigation API reports it, so a
  // case carried only in the URL (no DOM change) is still followed.
  (view as { navigation?: EventTarget }).navigation?.addEventListener('currententrychange', schedule, { signal });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    if (timer !== undefined) clearTimeout(timer);
  });
  check();
}
