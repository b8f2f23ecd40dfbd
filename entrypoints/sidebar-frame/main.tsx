import { render } from 'preact';
import '@/components/sidebar/sidebar.css';
import '@/components/sidebar/side-panel.css';
import '@/components/shared/visually-hidden.css';
import { InPageSidebar } from '@/components/sidebar/InPageSidebar';
import { extensionClickJournal } from '@/storage/messaging/click-journal';
import { askBackground, createScriptClient, createTaggingClient, withStateRequestedNow } from '@/storage/messaging/client';
import { localDay } from '@/knowledge/clicks/local-time';
import { awaitHostLink } from '@/storage/messaging/host-link';
import { handlePosition } from '@/storage/pages/sidebar-frame';
import { currentTabId } from '@/storage/platform/tabs';

// The in-page sidebar: an extension page the content script holds in the CRM tab.
const hostLink = awaitHostLink(location.hash.slice(1));
// The agent's state is asked for while the tab and the handle's place are read, not after.
let tabId: number | undefined;
const client = withStateRequestedNow(
  createTaggingClient(() => tabId),
  localDay(new Date()),
);
void Promise.all([currentTabId(), handlePosition.read()]).then(([foundTabId, handleTop]) => {
  if (foundTabId === undefined) return; // opened outside a CRM tab: nothing to act for
  tabId = foundTabId;
  render(
    <InPageSidebar
      tabId={foundTabId}
      client={client}
      scriptClient={createScriptClient(() => foundTabId)}
      journal={extensionClickJournal()}
      hostLink={hostLink}
      handleTop={{ initial: handleTop, save: (top) => handlePosition.write(top) }}
      onOpenSettings={() => void askBackground('openSettings', {}).catch(() => undefined)}
    />,
    document.getElementById('app')!,
  );
});
