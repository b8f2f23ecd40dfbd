import { readWorkOrderReference } from '@/knowledge/work-orders/work-order-reference';
import type { WorkOrderRule } from '@/knowledge/work-orders/work-order-rule';

/**
 * The sidebar's contact points with the CRM page. Everything read from the page is untrusted
 * text: it is masked by knowledge/ and validated again by the background.
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

/** Multi-line fields where agents write call notes; single-line inputs are not notes. */
type NotesField = HTMLTextAreaElement | HTMLElement;

function notesFieldOf(target: EventTarget | null): NotesField | null {
  if (!(target instanceof HTMLElement)) return null;
  if (target.tagName === 'ICEBERG-SIDEBAR') return null;
  if (target instanceof HTMLTextAreaElement) return target.readOnly || target.disabled ? null : target;
  return target.isContentEditable ? target : null;
}

function fieldText(field: NotesField): string {
  return field instanceof HTMLTextAreaElement ? field.value : (field.innerText ?? field.textContent ?? '');
}

export const NOTES_DEBOUNCE_MS = 350;

/**
 * Follows the CRM notes fields of this frame: which one the agent is in (insertions go there)
 * and what they type (debounced; only real typing counts, not a page script's synthetic events).
 */
export function watchNotesFields(
  doc: Document,
  handlers: { onFocus: () => void; onNotes: (text: string) => void },
  signal: AbortSignal,
  maxLength: number,
): { focusedField: () => NotesField | null } {
  let focused: NotesField | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;
  doc.addEventListener(
    'focusin',
    (event) => {
      const field = notesFieldOf(event.target);
      if (!field) return;
      handlers.onFocus(); // every time: the agent may have been in another frame meanwhile
      focused = field;
    },
    { capture: true, signal },
  );
  doc.addEventListener(
    'input',
    (event) => {
      const field = notesFieldOf(event.target);
      if (!field || !event.isTrusted) return;
      focused = field;
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        handlers.onNotes(fieldText(field).slice(-maxLength));
      }, NOTES_DEBOUNCE_MS);
    },
    { capture: true, signal },
  );
  signal.addEventListener('abort', () => {
    if (timer !== undefined) clearTimeout(timer);
  });
  return { focusedField: () => (focused?.isConnected ? focused : null) };
}

/**
 * Puts text where the agent's caret was in a notes field, replacing any selection, and tells
 * the CRM's own scripts through an input event, as typing would.
 */
export function insertIntoField(field: NotesField, text: string): boolean {
  if (!field.isConnected) return false;
  field.focus();
  if (field instanceof HTMLTextAreaElement) {
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    field.setRangeText(text, start, end, 'end');
    field.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
    return true;
  }
  // contenteditable: the editing command keeps the page's undo stack and fires input itself.
  return field.ownerDocument.execCommand('insertText', false, text);
}
