import { render } from 'preact';
import '@/components/sidebar.css';
import '@/components/page.css';
import { SidebarApp } from '@/components/SidebarApp';
import type { CaseContext } from '@/knowledge/protocol';
import { askBackground, createScriptClient, createTaggingClient } from '@/storage/background-client';

// The side panel follows the active tab: clicks carry that tab's case and site.
let activeTabId: number | undefined;
const client = createTaggingClient(() => activeTabId);
const scriptClient = createScriptClient(() => activeTabId);
const root = document.getElementById('app')!;

async function show(tabId: number | undefined) {
  activeTabId = tabId;
  const context: CaseContext =
    tabId === undefined
      ? { tabId: null, caseRef: null, site: null }
      : await askBackground('getCaseContext', { tabId }).catch(() => ({ tabId, caseRef: null, site: null }));
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
