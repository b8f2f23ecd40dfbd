import { readWorkOrderReference } from '@/knowledge/work-orders/work-order-reference';
import type { PageValueRule, WorkOrderRule } from '@/knowledge/work-orders/work-order-rule';

/*
 * Everything read from the CRM page is untrusted text: it is masked by knowledge/ and validated
 * again by the background.
 */

/** Reads the work-order reference of this document with the site's rule. */
export function readPageWorkOrderReference(doc: Document, rule: WorkOrderRule): string | null {
  return readWorkOrderReference(rule, doc.location.href, (selector) => doc.querySelector(selector)?.textContent ?? null);
}

/** Attribute names a selector depends on: a change to one of them can make an element match. */
function attributesOf(selector: string): string[] {
  const names = new Set(['id', 'class']);
  for (const match of selector.matchAll(/\[\s*([\w-]+)/g)) names.add(match[1]!.toLowerCase());
  return [...names];
}

function safeMatches(element: Element, selector: string): boolean {
  try {
    return element.matches(selector) || element.querySelector(selector) !== null;
  } catch {
    return false; // an invalid selector finds nothing
  }
}

/**
 * Calls `onChange` whenever the work order shown in the page changes: CRMs swap work orders
 * through pushState and re-render, so both the DOM and the URL are followed. With another
 * `read`, it follows another value the same way (the agent id, by the site's agentIdRule).
 *
 * It watches what can change, not the whole document: the element the rule found (its text),
 * nodes the page adds or removes (is one of them, or inside one, a match, or the current
 * element?), attributes the selector names, and URL changes. The document is searched again only
 * when one of those says the answer may have changed, so a page that re-renders a big grid on
 * every keystroke costs a look at the nodes it changed, not a query over 300,000 elements.
 */
export function watchWorkOrderReference(
  doc: Document,
  rule: () => WorkOrderRule,
  onChange: (workOrderRef: string | null) => void,
  signal: AbortSignal,
  read: (rule: PageValueRule, url: string, textOf: (selector: string) => string | null) => string | null = readWorkOrderReference,
): void {
  let last: string | null | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let found: Element | null = null;
  let href = doc.location.href;
  const textObserver = new MutationObserver(() => schedule());

  const check = () => {
    timer = undefined;
    href = doc.location.href;
    const { selector } = rule();
    let element: Element | null = null;
    try {
      element = selector ? doc.querySelector(selector) : null;
    } catch {
      element = null;
    }
    if (element !== found) {
      textObserver.disconnect();
      found = element;
      if (found) textObserver.observe(found, { childList: true, subtree: true, characterData: true });
    }
    const current = read(rule(), doc.location.href, () => found?.textContent ?? null);
    if (current !== last) {
      last = current;
      onChange(current);
    }
  };
  const schedule = () => {
    if (timer === undefined) timer = setTimeout(check, 50);
  };

  const relevant = (node: Node, selector: string) =>
    node instanceof Element && (safeMatches(node, selector) || (found !== null && node.contains(found)));
  const structureObserver = new MutationObserver((records) => {
    // A page that moved on with pushState re-renders: the URL is cheap to compare.
    if (doc.location.href !== href) return schedule();
    const { selector } = rule();
    if (!selector) return;
    if (found && !found.isConnected) return schedule();
    for (const record of records) {
      if (record.type === 'attributes') {
        if (record.target instanceof Element && safeMatches(record.target, selector)) return schedule();
        continue;
      }
      for (const node of record.addedNodes) if (relevant(node, selector)) return schedule();
      for (const node of record.removedNodes) if (node instanceof Element && node.contains(found)) return schedule();
    }
  });
  const selector = rule().selector;
  structureObserver.observe(doc.documentElement, {
    childList: true,
    subtree: true,
    ...(selector ? { attributes: true, attributeFilter: attributesOf(selector) } : {}),
  });

  const view = doc.defaultView!;
  view.addEventListener('popstate', schedule, { signal });
  view.addEventListener('pageshow', schedule, { signal });
  // pushState fires no event a content script can hear, but the Navigation API reports it, so a
  // work order carried only in the URL (no DOM change) is still followed.
  (view as { navigation?: EventTarget }).navigation?.addEventListener('currententrychange', schedule, { signal });
  signal.addEventListener('abort', () => {
    structureObserver.disconnect();
    textObserver.disconnect();
    if (timer !== undefined) clearTimeout(timer);
  });
  check();
}

/** What a frame tells about itself so the background can pick the work order the agent is on. */
export interface FramePresence {
  /** Shown in the window (a CRM hides the frames of inactive work-order tabs). */
  visible: boolean;
  /** When the agent last worked in this frame (Date.now() here), if ever. */
  activeAt?: number;
}

/**
 * Follows whether this frame is shown and when the agent works in it. A hidden iframe
 * (`display: none`, moved off screen) gets no size or no intersection with the window; focus or
 * a press inside it means the agent is working there.
 */
export function watchFramePresence(view: Window, onChange: (presence: FramePresence) => void, signal: AbortSignal): void {
  let visible = view.innerWidth > 0 && view.innerHeight > 0;
  let intersecting = true;
  let activeAt: number | undefined;
  let reported = '';
  const report = () => {
    const presence: FramePresence = { visible: visible && intersecting && view.document.visibilityState === 'visible', activeAt };
    const key = `${presence.visible}|${presence.activeAt ?? ''}`;
    if (key === reported) return;
    reported = key;
    onChange(presence);
  };
  const io = new IntersectionObserver((entries) => {
    intersecting = entries.some((entry) => entry.isIntersecting);
    report();
  });
  io.observe(view.document.documentElement);
  const onResize = () => {
    visible = view.innerWidth > 0 && view.innerHeight > 0;
    report();
  };
  const onActive = (event: Event) => {
    if (!event.isTrusted) return;
    // Once a second is enough to say "here"; more would only repeat it.
    if (activeAt !== undefined && Date.now() - activeAt < 1000) return;
    activeAt = Date.now();
    report();
  };
  view.addEventListener('resize', onResize, { signal });
  view.addEventListener('focus', onActive, { signal });
  view.addEventListener('pointerdown', onActive, { capture: true, signal });
  view.document.addEventListener('visibilitychange', report, { signal });
  signal.addEventListener('abort', () => io.disconnect());
  report();
}
