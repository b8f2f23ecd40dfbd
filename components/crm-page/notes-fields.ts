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
