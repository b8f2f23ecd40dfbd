import { render } from 'preact';
import '@/components/sidebar/sidebar.css';
import '@/components/sidebar/side-panel.css';
import { SidebarApp } from '@/components/sidebar/SidebarApp';
import type { WorkOrderContext } from '@/knowledge/work-orders/work-order-reference';
import { storageEstimate } from '@/storage/database/storage-status';
import { askBackground, createScriptClient, createTaggingClient } from '@/storage/messaging/client';
import { activeTabId, onTabActivated } from '@/storage/platform/tabs';

// The side panel follows the active tab: clicks carry that tab's work order and site.
let activeTab: number | undefined;
const client = createTaggingClient(() => activeTab);
const scriptClient = createScriptClient(() => activeTab);
const root = document.getElementById('app')!;

async function show(tabId: number | undefined) {
  activeTab = tabId;
  const context: WorkOrderContext =
    tabId === undefined
      ? { tabId: null, workOrderRef: null, site: null }
      : await askBackground('getWorkOrderContext', { tabId }).catch(() => ({ tabId, workOrderRef: null, site: null }));
  render(
    <SidebarApp
      client={client}
      scriptClient={scriptClient}
      collapsible={false}
      initialContext={context}
      acceptsContext={(next) => next.tabId === activeTab}
      onOpenSettings={() => void askBackground('openSettings', {}).catch(() => undefined)}
    />,
    root,
  );
}

void activeTabId().then(show);
onTabActivated((tabId) => void show(tabId));
// Extension pages may ask the browser to keep the data (the service worker cannot).
void storageEstimate({ requestPersistence: true });
