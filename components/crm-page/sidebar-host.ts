import { HOST_LINK_HELLO, isFrameToHost, type HostBlock, type HostLayout, type HostToFrame } from '@/storage/messaging/host-link';
import { extensionOrigin, extensionPageUrl } from '@/storage/platform/runtime';
import { HANDLE_SIZE_PX, PageDocking, SIDEBAR_WIDTH_PX } from './docking';

/** How often the host checks that it is still there, on top and usable. */
const GUARD_INTERVAL_MS = 400;
/** A page busy without a pause still gets its layout checked this often. */
const LAYOUT_CHECK_TIMEOUT_MS = 600;

/**
 * The host's look, from inside its shadow root: `!important` there beats any style the page
 * gives the host, its stylesheets and its inline styles alike.
 */
function hostCss(box: { top: number; width: number; height: string; dragging?: boolean }): string {
  return `
:host { all: initial !important; position: fixed !important; inset: auto !important; top: ${box.top}px !important;
  right: 0 !important; width: ${box.width}px !important; height: ${box.height} !important; margin: 0 !important;
  padding: 0 !important; border: 0 !important; z-index: 2147483647 !important; display: block !important;
  visibility: visible !important; opacity: 1 !important; overflow: hidden !important; background: transparent !important;
  transform: none !important; translate: none !important; filter: none !important; clip-path: none !important;
  pointer-events: auto !important; }
iframe { all: initial; display: block; border: 0; width: 100%; height: 100%; color-scheme: normal; background: transparent;
  ${box.dragging ? 'pointer-events: none;' : ''} }
`;
}

function randomHex(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * The sidebar in the CRM's top frame. The sidebar itself is an extension page in an iframe, so
 * what the agent types, selects, copies or clicks there never reaches the page's scripts. This
 * host only holds it: an element with a fresh random name (a page cannot define it first) and a
 * closed shadow root, shown in the top layer, docked without covering the CRM.
 *
 * It heals: if the page removes, hides, buries or re-renders it away, it is put back within
 * half a second with the same state (the frame keeps its own); if the page makes it unusable
 * with the mouse (a modal dialog, `inert`, a cover it cannot rise above), the sidebar is told
 * so and says how to go on. It speaks to the frame only over a MessagePort handed over with the
 * frame's nonce, and sets no attribute that would tell the page the sidebar's state.
 */
export class SidebarHost {
  private host!: HTMLElement;
  private frame!: HTMLIFrameElement;
  private style!: HTMLStyleElement;
  private port: MessagePort | null = null;
  private layout: HostLayout = { type: 'layout', collapsed: false, handleTop: 0.5 };
  private blocked: HostBlock | null = null;
  private readonly docking: PageDocking;
  /** Stops following a drag of the handle, if one is followed. */
  private endDrag: (() => void) | null = null;
  /** Remounts after the page removed the host: counted so tests and benchmarks can see healing. */
  remounts = 0;

  constructor(
    private readonly doc: Document,
    private readonly signal: AbortSignal,
  ) {
    this.docking = new PageDocking(doc, (element) => element === this.host);
  }

  mount(): void {
    this.create();
    const guard = new MutationObserver(() => this.guard());
    // Only the host's own parent and attributes: a change anywhere else costs nothing here.
    guard.observe(this.doc.documentElement, { childList: true });
    const timer = setInterval(() => this.guard(), GUARD_INTERVAL_MS);
    const view = this.doc.defaultView!;
    const onResize = () => {
      this.send({ type: 'viewport', height: view.innerHeight });
      this.place();
    };
    view.addEventListener('resize', onResize, { signal: this.signal });
    this.signal.addEventListener('abort', () => {
      guard.disconnect();
      clearInterval(timer);
      this.docking.undock();
      this.host.remove();
      this.port?.close();
    });
  }

  /** Alt+Shift+key pressed in the page: for the sidebar (the search shortcut also moves focus into it). */
  shortcut(key: string): boolean {
    if (!this.port) return false;
    // Focus the frame from here, inside the key press: the frame cannot take focus by itself.
    if (key === 'k') this.frame.focus();
    this.send({ type: 'shortcut', key });
    return true;
  }

  private create(): void {
    const nonce = randomHex(16);
    this.host = this.doc.createElement(`iceberg-${randomHex(6)}`);
    this.host.setAttribute('popover', 'manual');
    const shadow = this.host.attachShadow({ mode: 'closed' });
    this.style = this.doc.createElement('style');
    this.frame = this.doc.createElement('iframe');
    this.frame.setAttribute('allow', 'clipboard-write');
    this.frame.setAttribute('aria-label', 'Iceberg 冰山');
    const src = `${extensionPageUrl('/sidebar-frame.html')}#${nonce}`;
    this.frame.src = src;
    let loads = 0;
    this.frame.addEventListener('load', () => {
      loads += 1;
      // A second load means the page navigated the frame away: start again with a new one.
      if (loads > 1) return this.recreate();
      const channel = new MessageChannel();
      this.port?.close();
      this.port = channel.port1;
      this.port.onmessage = (event: MessageEvent) => {
        if (!isFrameToHost(event.data)) return;
        if (event.data.type === 'dragHandle') return this.dragHandle(event.data.screenY);
        if (event.data.type === 'dragHandleEnded') return this.endDrag?.();
        this.layout = event.data;
        this.place();
      };
      // The frame's origin is the extension's own, whichever URL loaded it: a frame the page
      // navigated elsewhere gets nothing.
      this.frame.contentWindow?.postMessage({ type: HOST_LINK_HELLO, nonce }, extensionOrigin(), [channel.port2]);
      this.send({ type: 'viewport', height: this.doc.defaultView!.innerHeight });
      if (this.blocked) this.send({ type: 'blocked', reason: this.blocked });
    });
    shadow.append(this.style, this.frame);
    this.attach();
    this.place();
  }

  private recreate(): void {
    this.remounts += 1;
    this.host.remove();
    this.frame.remove();
    this.port?.close();
    this.port = null;
    this.create();
  }

  private send(message: HostToFrame): void {
    this.port?.postMessage(message);
  }

  /** Where the host lives: the page's open modal dialog when there is one (elsewhere it would be inert). */
  private container(): Element {
    const modal = this.doc.querySelector('dialog:modal');
    return modal ?? this.doc.documentElement;
  }

  private attach(): void {
    this.container().append(this.host);
    this.raise();
  }

  /** Into the top layer, above any z-index; again after anything else went there. */
  private raise(): void {
    try {
      if (this.host.matches(':popover-open')) this.host.hidePopover();
      this.host.showPopover();
    } catch {
      // Not connected or popovers unsupported: the fixed position and z-index still apply.
    }
  }

  /**
   * Follows the pointer while the agent drags the collapsed handle. The frame is only as big as
   * the handle, so the page's window gets the moves; the frame stays out of the way meanwhile.
   */
  private dragHandle(startScreenY: number): void {
    if (!this.layout.collapsed) return;
    const view = this.doc.defaultView!;
    const startTop = this.layout.handleTop;
    const range = Math.max(1, view.innerHeight - HANDLE_SIZE_PX);
    let moved = 0;
    const stop = new AbortController();
    this.endDrag?.();
    this.endDrag = () => {
      stop.abort();
      this.endDrag = null;
      this.place();
    };
    const follow = (event: PointerEvent) => {
      moved = Math.max(moved, Math.abs(event.screenY - startScreenY));
      const handleTop = Math.min(1, Math.max(0, startTop + (event.screenY - startScreenY) / range));
      this.layout = { ...this.layout, handleTop };
      this.place(true);
    };
    view.addEventListener('pointermove', follow, { capture: true, signal: stop.signal });
    view.addEventListener(
      'pointerup',
      (event) => {
        follow(event);
        this.endDrag?.();
        this.send({ type: 'handleDropped', handleTop: this.layout.handleTop, moved: moved >= 4 });
      },
      { capture: true, signal: stop.signal },
    );
    this.signal.addEventListener('abort', () => stop.abort());
    this.place(true);
  }

  /** Size and place the host for the layout the sidebar asked for, and dock the page around it. */
  private place(dragging = false): void {
    const { collapsed, handleTop } = this.layout;
    const view = this.doc.defaultView!;
    this.style.textContent = hostCss(
      collapsed
        ? { top: Math.round((view.innerHeight - HANDLE_SIZE_PX) * handleTop), width: HANDLE_SIZE_PX, height: `${HANDLE_SIZE_PX}px`, dragging }
        : { top: 0, width: SIDEBAR_WIDTH_PX, height: '100vh' },
    );
    if (collapsed) this.docking.undock();
    else this.docking.dock(SIDEBAR_WIDTH_PX);
  }

  /** Puts the host back if the page removed or hid it; says when the page blocks the mouse. */
  private guard(): void {
    if (this.signal.aborted) return;
    if (!this.host.isConnected || this.host.parentElement !== this.container()) {
      // Removed, or a modal dialog opened or closed: a frame moved in the DOM reloads anyway, so
      // start afresh (the sidebar's state is stored, its unconfirmed clicks journaled).
      this.recreate();
    }
    for (const attribute of ['hidden', 'inert']) if (this.host.hasAttribute(attribute)) this.host.removeAttribute(attribute);
    if (!this.host.matches(':popover-open')) this.raise();
    this.checkLayoutWhenIdle();
  }

  private layoutCheckPending = false;

  /**
   * The checks that read the layout (hit tests down the sidebar's column, what covers it) run in
   * idle time after a frame, when the layout is clean: run from the timer right after a key
   * press, they forced a layout of the whole page before its next frame (+9.6 ms typing p95 on a
   * 306,000-element page).
   */
  private checkLayoutWhenIdle(): void {
    if (this.layoutCheckPending) return;
    this.layoutCheckPending = true;
    const run = () => {
      this.layoutCheckPending = false;
      if (this.signal.aborted) return;
      if (this.docking.docked) this.docking.makeRoom();
      this.report(this.blockage());
    };
    const view = this.doc.defaultView!;
    if (typeof view.requestIdleCallback === 'function') view.requestIdleCallback(run, { timeout: LAYOUT_CHECK_TIMEOUT_MS });
    else view.setTimeout(run, 0);
  }

  /** What keeps the mouse from the sidebar now, if anything. */
  private blockage(): HostBlock | null {
    if (this.host.closest('[inert]')) return 'inert';
    const modal = this.doc.querySelector('dialog:modal');
    if (modal && !modal.contains(this.host)) return 'modal-dialog';
    const rect = this.host.getBoundingClientRect();
    const points: Array<[number, number]> = [
      [rect.left + rect.width / 2, rect.top + Math.min(rect.height / 2, 120)],
      [rect.left + rect.width / 2, rect.top + rect.height / 2],
      [rect.left + 8, rect.bottom - 8],
    ];
    const covered = points.some(([x, y]) => {
      const top = this.doc.elementFromPoint(x, y);
      return top !== null && top !== this.host;
    });
    if (!covered) return null;
    this.raise(); // something went above: rise again, and say so if that did not help
    return points.some(([x, y]) => this.doc.elementFromPoint(x, y) !== this.host) ? 'covered' : null;
  }

  private report(block: HostBlock | null): void {
    if (block === this.blocked) return;
    this.blocked = block;
    this.send({ type: 'blocked', reason: block });
  }
}
