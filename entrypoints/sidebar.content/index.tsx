import { render } from 'preact';
import sidebarCss from '@/components/sidebar/sidebar.css?inline';
import { SidebarApp } from '@/components/sidebar/SidebarApp';
import type { TaggingSession } from '@/components/sidebar/useTaggingSession';
import type { WorkOrderContext } from '@/knowledge/work-orders/work-order-reference';
import { workOrderRuleForUrl } from '@/knowledge/work-orders/crm-sites';
import { DEFAULT_WORK_ORDER_RULE } from '@/knowledge/work-orders/work-order-reference';
import { localDay } from '@/knowledge/clicks/local-time';
import type { WorkOrderRule } from '@/knowledge/work-orders/work-order-rule';
import { askBackground, createScriptClient, createTaggingClient, onFrameCommand } from '@/storage/messaging/client';
import { MAX_NOTES_LENGTH } from '@/storage/messaging/wire';
import { HANDLE_WIDTH_PX, SIDEBAR_WIDTH_PX, reservePageSpace } from '@/components/crm-page/docking';
import { insertIntoField, watchNotesFields } from '@/components/crm-page/notes-fields';
import { listenForShortcuts } from '@/components/crm-page/shortcuts';
import { watchWorkOrderReference } from '@/components/crm-page/work-order-watcher';

const HOST_CSS = `
:host { position: fixed !important; top: 0 !important; right: 0 !important; bottom: 0 !important;
  width: ${SIDEBAR_WIDTH_PX}px !important; height: 100vh !important; z-index: 2147483647 !important;
  display: block !important; }
:host([data-collapsed]) { width: ${HANDLE_WIDTH_PX}px !important; }
.iceberg-mount { height: 100%; }
`;

export default defineContentScript({
  // Registered at runtime for the CRM sites the agent configured and granted (see storage/platform/content-scripts.ts).
  registration: 'runtime',
  matches: [],
  allFrames: true,
  async main(ctx) {
    const client = createTaggingClient();
    const scriptClient = createScriptClient();
    const isTopFrame = window.top === window;
    // The top frame's sidebar also takes the tab's work order from each report's reply: it may mount
    // after the broadcast of its own first report has gone by.
    let knownContext: WorkOrderContext | undefined;
    let renderSidebar: (() => void) | undefined;
    let reportsSent = 0;
    const reportCaseReference = (workOrderRef: string | null) => {
      const report = ++reportsSent;
      const sentAt = Date.now();
      askBackground('reportWorkOrder', {
        workOrderRef,
        sentAt,
        pageStartedAt: isTopFrame ? sentAt - performance.now() : undefined,
      })
        .then((context) => {
          if (!isTopFrame || report !== reportsSent) return; // a newer report's reply will follow
          knownContext = context;
          renderSidebar?.();
        })
        .catch(() => undefined);
    };
    // Ask for taxonomy, settings and counts at once: the UI and the work-order rule both need them.
    const initialState = client.loadState(localDay(new Date()));
    void initialState
      .then(
        (state) => workOrderRuleForUrl(state.settings.crmSites, location.href),
        (): WorkOrderRule => DEFAULT_WORK_ORDER_RULE,
      )
      .then((rule) =>
        watchWorkOrderReference(
          document,
          () => rule,
          reportCaseReference,
          ctx.signal,
        ),
      );

    // Every frame follows its notes fields: suggestions and warnings are shown by the top frame's
    // sidebar, and a script is inserted in whichever frame the agent was last typing.
    const notes = watchNotesFields(
      document,
      {
        onFocus: () => void askBackground('reportFieldFocus', {}).catch(() => undefined),
        onNotes: (text) => void askBackground('reportNotes', { text }).catch(() => undefined),
      },
      ctx.signal,
      MAX_NOTES_LENGTH,
    );
    ctx.onInvalidated(
      onFrameCommand((command) => {
        const field = notes.focusedField();
        return { inserted: field !== null && insertIntoField(field, command.text) };
      }),
    );

    // Iframes (CRM work areas) only report their case and hand shortcuts to the top frame.
    if (!isTopFrame) {
      listenForShortcuts(window, (key) => {
        void askBackground('relayShortcut', { key }).catch(() => undefined);
        return true;
      }, ctx.signal);
      return;
    }

    let session: TaggingSession | null = null;
    listenForShortcuts(window, (key) => session?.handleShortcut(key) ?? false, ctx.signal);
    const stopRelay = client.subscribe((event) => {
      if (event.type === 'shortcut') session?.handleShortcut(event.key);
      // Listen from the start: an iframe's case can be broadcast before the sidebar's own
      // listener runs (after mount), and no later report would repeat it.
      if (event.type === 'workOrderChanged') {
        knownContext = event.context;
        renderSidebar?.();
      }
    });
    ctx.onInvalidated(stopRelay);

    let releaseSpace = reservePageSpace(document, SIDEBAR_WIDTH_PX);
    ctx.onInvalidated(() => releaseSpace());

    const ui = await createShadowRootUi(ctx, {
      name: 'iceberg-sidebar',
      position: 'inline',
      anchor: 'html',
      append: 'last',
      // Closed: page scripts cannot reach into the sidebar to read counts or click buttons.
      mode: 'closed',
      isolateEvents: true,
      css: HOST_CSS + sidebarCss,
      onMount(container, _shadow, host) {
        container.classList.add('iceberg-mount');
        renderSidebar = () => render(
          <SidebarApp
            client={client}
            scriptClient={scriptClient}
            initialState={initialState}
            initialContext={knownContext}
            collapsible
            onSession={(live) => (session = live)}
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
        renderSidebar();
        return container;
      },
      onRemove(container) {
        if (container) render(null, container);
      },
    });
    ui.mount();
  },
});
