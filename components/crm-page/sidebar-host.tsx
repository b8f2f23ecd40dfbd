import { render } from 'preact';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import sidebarCss from '@/components/sidebar/sidebar.css?inline';
import { SidebarApp } from '@/components/sidebar/SidebarApp';
import type { TaggingSession } from '@/components/sidebar/useTaggingSession';
import type { WorkOrderContext } from '@/knowledge/work-orders/work-order-reference';
import type { SidebarState } from '@/storage/messaging/protocol';
import { askBackground, type ScriptClient, type TaggingClient } from '@/storage/messaging/client';
import { HANDLE_WIDTH_PX, SIDEBAR_WIDTH_PX, reservePageSpace } from './docking';
import { listenForShortcuts } from './shortcuts';

const HOST_CSS = `
:host { position: fixed !important; top: 0 !important; right: 0 !important; bottom: 0 !important;
  width: ${SIDEBAR_WIDTH_PX}px !important; height: 100vh !important; z-index: 2147483647 !important;
  display: block !important; }
:host([data-collapsed]) { width: ${HANDLE_WIDTH_PX}px !important; }
.iceberg-mount { height: 100%; }
`;

/** The sidebar docked in the CRM's top frame: a closed shadow root, the shortcuts, the reserved space. */
export class SidebarHost {
  private session: TaggingSession | null = null;
  private workOrder: WorkOrderContext | undefined;
  private draw: (() => void) | undefined;

  constructor(
    private readonly ctx: ContentScriptContext,
    private readonly clients: { tagging: TaggingClient; scripts: ScriptClient },
    private readonly initialState: Promise<SidebarState>,
  ) {
    listenForShortcuts(window, (key) => this.session?.handleShortcut(key) ?? false, ctx.signal);
    // Listen from the start: an iframe's work order can be broadcast before the sidebar's own
    // listener runs (after mount), and no later report would repeat it.
    ctx.onInvalidated(
      clients.tagging.subscribe((event) => {
        if (event.type === 'shortcut') this.session?.handleShortcut(event.key);
        if (event.type === 'workOrderChanged') this.showWorkOrder(event.context);
      }),
    );
  }

  /** The tab's work order as the background knows it; the sidebar may mount after its broadcast went by. */
  showWorkOrder(context: WorkOrderContext): void {
    this.workOrder = context;
    this.draw?.();
  }

  async mount(): Promise<void> {
    let releaseSpace = reservePageSpace(document, SIDEBAR_WIDTH_PX);
    this.ctx.onInvalidated(() => releaseSpace());
    const ui = await createShadowRootUi(this.ctx, {
      name: 'iceberg-sidebar',
      position: 'inline',
      anchor: 'html',
      append: 'last',
      // Closed: page scripts cannot reach into the sidebar to read counts or click buttons.
      mode: 'closed',
      isolateEvents: true,
      css: HOST_CSS + sidebarCss,
      onMount: (container, _shadow, host) => {
        container.classList.add('iceberg-mount');
        this.draw = () =>
          render(
            <SidebarApp
              client={this.clients.tagging}
              scriptClient={this.clients.scripts}
              initialState={this.initialState}
              initialContext={this.workOrder}
              collapsible
              onSession={(live) => (this.session = live)}
              onOpenSettings={() => void askBackground('openSettings', {}).catch(() => undefined)}
              onStateChange={(state) => {
                const collapsed = state?.settings.sidebarCollapsed ?? false;
                host.toggleAttribute('data-collapsed', collapsed);
                // A ready signal the page may see (it reveals nothing): used by tests and benchmarks.
                host.toggleAttribute('data-ready', state !== null);
                releaseSpace();
                releaseSpace = reservePageSpace(document, collapsed ? HANDLE_WIDTH_PX : SIDEBAR_WIDTH_PX);
              }}
            />,
            container,
          );
        this.draw();
        return container;
      },
      onRemove: (container) => {
        if (container) render(null, container);
      },
    });
    ui.mount();
  }
}
