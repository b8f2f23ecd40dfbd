import { connectFrame } from '@/components/crm-page/frame-bridge';
import { startFrameLifetime } from '@/components/crm-page/frame-lifetime';
import { listenForShortcuts } from '@/components/shared/shortcuts';
import { SidebarHost } from '@/components/crm-page/sidebar-host';
import { localDay } from '@/knowledge/clicks/local-time';
import { createTaggingClient } from '@/storage/messaging/client';

/**
 * The content script of every frame of the CRM sites the agent configured and granted; the
 * background registers it at runtime, at document start (storage/background/crm-sites.ts). An
 * unlisted script, so no framework lifecycle signal is posted into the page or taken from it.
 */
export default defineUnlistedScript(() => {
  const signal = startFrameLifetime();
  const isTopFrame = window.top === window;
  let host: SidebarHost | null = null;
  // First, before any page script: the page cannot stop an Alt+Shift key press before we see it.
  if (isTopFrame) listenForShortcuts(window, (key) => host?.shortcut(key) ?? false, signal);
  const initialState = createTaggingClient().loadState(localDay(new Date()));
  const start = () => {
    // The sidebar itself is an extension page the host holds in the top frame.
    if (isTopFrame) (host = new SidebarHost(document, signal)).mount();
    connectFrame(document, signal, { isTopFrame, initialState });
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true, signal });
  else start();
});
