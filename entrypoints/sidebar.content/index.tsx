import { connectFrame } from '@/components/crm-page/frame-bridge';
import { SidebarHost } from '@/components/crm-page/sidebar-host';
import { localDay } from '@/knowledge/clicks/local-time';
import { createScriptClient, createTaggingClient } from '@/storage/messaging/client';

export default defineContentScript({
  // Registered at runtime for the CRM sites the agent configured and granted (storage/background/crm-sites.ts).
  registration: 'runtime',
  matches: [],
  allFrames: true,
  async main(ctx) {
    const tagging = createTaggingClient();
    const isTopFrame = window.top === window;
    // Taxonomy, settings and counts, asked for at once: the sidebar and the work-order rule both need them.
    const initialState = tagging.loadState(localDay(new Date()));
    // Iframes (CRM work areas) only report their work order and hand shortcuts to the top frame.
    const host = isTopFrame ? new SidebarHost(ctx, { tagging, scripts: createScriptClient() }, initialState) : null;
    connectFrame(ctx, { isTopFrame, initialState, onWorkOrder: (context) => host?.showWorkOrder(context) });
    await host?.mount();
  },
});
