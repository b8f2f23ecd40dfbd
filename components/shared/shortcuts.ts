/**
 * Alt+Shift+<key> anywhere in the frame. Only real key presses count: a page script can
 * dispatch synthetic KeyboardEvents, which are not trusted. A key Iceberg takes is hidden from
 * the page's own listeners (its press and its release): which key was pressed would tell the
 * page which category the agent tagged. Registered at document start, these listeners run
 * before any the page adds.
 */
export function listenForShortcuts(view: Window, onShortcut: (key: string) => boolean, signal: AbortSignal): void {
  const taken = new Set<string>();
  view.addEventListener(
    'keydown',
    (event) => {
      if (!event.isTrusted || !event.altKey || !event.shiftKey || event.ctrlKey || event.metaKey) return;
      const key = shortcutKey(event.code);
      if (key && onShortcut(key)) {
        taken.add(event.code);
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    { capture: true, signal },
  );
  view.addEventListener(
    'keyup',
    (event) => {
      if (!event.isTrusted || !taken.delete(event.code)) return;
      event.preventDefault();
      event.stopImmediatePropagation();
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
