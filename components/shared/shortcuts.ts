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
