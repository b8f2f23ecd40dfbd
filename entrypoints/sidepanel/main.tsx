import { render } from 'preact';
import '@/components/sidebar/sidebar.css';
import '@/components/sidebar/side-panel.css';
import '@/components/shared/visually-hidden.css';
import { SidebarApp } from '@/components/sidebar/SidebarApp';
import { storageEstimate } from '@/storage/database/storage-status';
import { askBackground, createScriptClient, createTaggingClient } from '@/storage/messaging/client';
import { activeTabId, onTabActivated } from '@/storage/platform/tabs';

// The side panel follows the active tab: clicks carry that tab's work order and site.
let activeTab: number | undefined;
const client = createTaggingClient(() => activeTab);
const scriptClient = createScriptClient(() => activeTab);
const root = document.getElementById('app')!;

function show(tabId: number | undefined) {
  activeTab = tabId;
  render(
    <SidebarApp
      // A new tab is a new session: its work order and counts are loaded afresh.
      key={tabId ?? 'none'}
      client={client}
      scriptClient={scriptClient}
      collapsible={false}
      showsTab={(shown) => shown === activeTab}
      onOpenSettings={() => void askBackground('openSettings', {}).catch(() => undefined)}
    />,
    root,
  );
}

void activeTabId().then(show);
onTabActivated(show);
// Extension pages may ask the browser to keep the data (the service worker cannot).
void storageEstimate({ requestPersistence: true });
