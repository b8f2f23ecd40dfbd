import { render } from 'preact';
import '@/components/sidebar.css';
import '@/components/page.css';
import { SidebarApp } from '@/components/SidebarApp';
import type { WorkOrderContext } from '@/knowledge/work-orders/work-order-reference';
import { askBackground, createScriptClient, createTaggingClient } from '@/storage/messaging/client';

// The side panel follows the active tab: clicks carry that tab's work order and site.
let activeTabId: number | undefined;
const client = createTaggingClient(() => activeTabId);
const scriptClient = createScriptClient(() => activeTabId);
const root = document.getElementById('app')!;

async function show(tabId: number | undefined) {
  activeTabId = tabId;
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
      acceptsContext={(next) => next.tabId === activeTabId}
      onOpenSettings={() => void browser.runtime.openOptionsPage()}
    />,
    root,
  );
}

void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => show(tab?.id));
browser.tabs.onActivated.addListener(({ tabId }) => void show(tabId));
void navigator.storage?.persist?.();
