import { readCaseReference } from '@/knowledge/case-reference';
import type { CaseContextRule } from '@/knowledge/settings';

/**
 * The sidebar's contact points with the CRM page. Everything read from the page is untrusted
 * text: it is masked by knowledge/ and validated again by the background.
 */

/** Reads the case reference of this document with the site's rule. */
export function readPageCaseReference(doc: Document, rule: CaseContextRule): string | null {
  return readCaseReference(rule, doc.location.href, (selector) => doc.querySelector(selector)?.textContent ?? null);
}

/**
 * Calls `onChange` whenever the case shown in the page changes: CRMs swap cases through
 * pushState and re-render, so both DOM mutations and URL changes are watched.
 */
export function watchCaseReference(
  doc: Document,
  rule: () => CaseContextRule,
  onChange: (caseRef: string | null) => void,
  signal: AbortSignal,
): void {
  let last: string | null | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = () => {
    timer = undefined;
    const current = readPageCaseReference(doc, rule());
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

/**
 * Alt+Shift+<key> anywhere in the frame. Only real key presses count: a page script can
 * dispatch synthetic KeyboardEvents, which are not trusted.
 */
export function listenForShortcuts(view: Window, onShortcut: (key: string) => boolean, signal: AbortSignal): void {
  view.addEventListener(
    'keydown',
    (event) => {
      if (!event.isTrusted || !event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
      const key = shortcutKey(event.code);
      if (key && onShortcut(key)) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    { capture: true, signal },
  );
}

/** Physical key → shortcut character, independent of keyboard layout and of Shift. */
export function shortcutKey(code: string): string | null {
  const match = /^(?:Digit|Numpad)(\d)$|^Key([A-Z])$/.exec(code);
  if (!match) return null;
  return (match[1] ?? match[2]!).toLowerCase();
}

export const SIDEBAR_WIDTH_PX = 300;
export const HANDLE_WIDTH_PX = 40;

/**
 * Docks the sidebar by reserving its width on the right of the page, so it never covers the
 * CRM's own controls. The inline !important beats the CRM's stylesheet !important rules.
 */
export function reservePageSpace(doc: Document, widthPx: number): () => void {
  const root = doc.documentElement;
  const previous = root.style.getPropertyValue('margin-right');
  const previousPriority = root.style.getPropertyPriority('margin-right');
  root.style.setProperty('margin-right', `${widthPx}px`, 'important');
  return () => {
    if (previous) root.style.setProperty('margin-right', previous, previousPriority);
    else root.style.removeProperty('margin-right');
  };
}
