export const SIDEBAR_WIDTH_PX = 300;
/** The collapsed sidebar: a small square handle the agent can move up and down. */
export const HANDLE_SIZE_PX = 44;

/**
 * Docks the sidebar by reserving its width on the right of the page, so it never covers the
 * CRM's own controls. The inline !important beats the CRM's stylesheet !important rules.
 */
export function reservePageSpace(doc: Document, widthPx: number): () => void {
  return setImportant(doc.documentElement, 'margin-right', `${widthPx}px`);
}

/** Sets one inline property with !important; returns how to put the page's own value back. */
function setImportant(element: HTMLElement, property: string, value: string): () => void {
  const previous = element.style.getPropertyValue(property);
  const previousPriority = element.style.getPropertyPriority(property);
  element.style.setProperty(property, value, 'important');
  return () => {
    if (element.style.getPropertyValue(property) !== value) return; // the page changed it since: leave it
    if (previous) element.style.setProperty(property, previous, previousPriority);
    else element.style.removeProperty(property);
  };
}

/** Points down the sidebar's column where the page is checked for things under it. */
const PROBES = [0.04, 0.12, 0.25, 0.4, 0.55, 0.7, 0.85, 0.96];

/**
 * Makes room for the expanded sidebar on any layout. A margin on <html> reflows normal pages, but
 * apps positioned over the whole viewport (`position: absolute/fixed; inset: 0`) ignore it, and so
 * do fixed toasts and menus anchored to the right edge. So the page is also probed down the
 * sidebar's column (a few hit tests, not a scan of the document): a wide positioned element under
 * it is narrowed, a narrow one anchored to the right is moved left by the sidebar's width.
 * Everything is put back when the sidebar collapses or goes.
 */
export class PageDocking {
  private readonly restore = new Map<HTMLElement, Array<() => void>>();
  private width = 0;

  constructor(
    private readonly doc: Document,
    private readonly isOurs: (element: Element) => boolean,
  ) {}

  get docked(): boolean {
    return this.width > 0;
  }

  dock(widthPx: number): void {
    if (this.width !== widthPx) this.undock();
    this.width = widthPx;
    if (!this.restore.has(this.doc.documentElement)) this.restore.set(this.doc.documentElement, [reservePageSpace(this.doc, widthPx)]);
    this.makeRoom();
  }

  undock(): void {
    for (const undo of this.restore.values()) for (const step of undo.reverse()) step();
    this.restore.clear();
    this.width = 0;
  }

  /** Looks down the sidebar's column for positioned things the margin did not move, and moves them. */
  makeRoom(): void {
    if (!this.width) return;
    const view = this.doc.defaultView!;
    const viewportWidth = this.doc.documentElement.clientWidth + this.width; // the margin narrows clientWidth
    const columnLeft = view.innerWidth - this.width;
    for (const fraction of PROBES) {
      const y = Math.round(view.innerHeight * fraction);
      for (const x of [columnLeft + 8, columnLeft + this.width / 2, view.innerWidth - 8]) {
        for (const element of this.doc.elementsFromPoint(x, y)) {
          if (this.isOurs(element) || element === this.doc.documentElement || element === this.doc.body) continue;
          const positioned = this.positionedAncestor(element);
          if (positioned && !this.restore.has(positioned)) this.moveOutOfColumn(positioned, viewportWidth);
          break; // only the topmost page element at each point matters
        }
      }
    }
  }

  /** The outermost fixed or absolutely positioned element holding `element` (what the margin cannot move). */
  private positionedAncestor(element: Element): HTMLElement | null {
    let found: HTMLElement | null = null;
    for (let node: Element | null = element; node && node !== this.doc.body; node = node.parentElement) {
      if (!(node instanceof HTMLElement)) continue;
      const position = getComputedStyle(node).position;
      if (position === 'fixed' || position === 'absolute') found = node;
    }
    return found;
  }

  private moveOutOfColumn(element: HTMLElement, viewportWidth: number): void {
    const style = getComputedStyle(element);
    const rect = element.getBoundingClientRect();
    const steps: Array<() => void> = [];
    if (rect.width >= viewportWidth / 2) {
      // An app root over the whole window: narrow it.
      steps.push(setImportant(element, 'max-width', `calc(100vw - ${this.width}px)`));
      if (style.right !== 'auto') steps.push(setImportant(element, 'right', `${parseFloat(style.right) + this.width}px`));
    } else if (style.right !== 'auto') {
      // A toast or menu anchored to the right edge: move it left of the sidebar.
      steps.push(setImportant(element, 'right', `${parseFloat(style.right) + this.width}px`));
    } else {
      steps.push(setImportant(element, 'translate', `-${this.width}px 0`));
    }
    this.restore.set(element, steps);
  }
}
