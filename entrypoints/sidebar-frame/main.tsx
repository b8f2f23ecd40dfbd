import { render } from 'preact';
import '@/components/sidebar/sidebar.css';
import '@/components/sidebar/side-panel.css';
import { InPageSidebar } from '@/components/sidebar/InPageSidebar';
import { extensionClickJournal } from '@/storage/messaging/click-journal';
import { askBackground, createScriptClient, createTaggingClient } from '@/storage/messaging/client';
import { awaitHostLink } from '@/storage/messaging/host-link';
import { handlePosition } from '@/storage/pages/sidebar-frame';
import { currentTabId } from '@/storage/platform/tabs';

// The in-page sidebar: an extension page the content script holds in the CRM tab.
const hostLink = awaitHostLink(location.hash.slice(1));
void currentTabId().then(async (tabId) => {
  if (tabId === undefined) return; // opened outside a CRM tab: nothing to act for
  const handleTop = await handlePosition.read();
  render(
    <InPageSidebar
      tabId={tabId}
      client={createTaggingClient(() => tabId)}
      scriptClient={createScriptClient(() => tabId)}
      journal={extensionClickJournal()}
      hostLink={hostLink}
      handleTop={{ initial: handleTop, save: (top) => handlePosition.write(top) }}
      onOpenSettings={() => void askBackground('openSettings', {}).catch(() => undefined)}
    />,
    document.getElementById('app')!,
  );
});
