import { browser } from 'wxt/browser';
import type { CrmSite } from '@/knowledge/work-orders/work-order-rule';

export const SIDEBAR_SCRIPT_ID = 'iceberg-sidebar';
/** Where WXT emits the runtime-registered content script `entrypoints/sidebar.content`. */
export const SIDEBAR_SCRIPT_FILE = 'content-scripts/sidebar.js';

/**
 * Shows the sidebar on exactly the CRM sites the agent configured and granted. Hosts come from
 * optional host permissions asked at runtime, so nothing is granted on every site at install.
 */
export async function syncSidebarRegistration(sites: CrmSite[]): Promise<string[]> {
  const granted: string[] = [];
  for (const site of sites) {
    if (await browser.permissions.contains({ origins: [site.matchPattern] })) granted.push(site.matchPattern);
  }
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [SIDEBAR_SCRIPT_ID] });
  if (granted.length === 0) {
    if (registered.length) await browser.scripting.unregisterContentScripts({ ids: [SIDEBAR_SCRIPT_ID] });
    return granted;
  }
  const script = {
    id: SIDEBAR_SCRIPT_ID,
    js: [SIDEBAR_SCRIPT_FILE],
    matches: granted,
    allFrames: true,
    runAt: 'document_end' as const,
    persistAcrossSessions: true,
  };
  if (registered.length) {
    await browser.scripting.updateContentScripts([script]);
  } else {
    await browser.scripting.registerContentScripts([script]);
    await injectIntoOpenTabs(granted);
  }
  return granted;
}

/**
 * A CRM tab that was open before the script was registered (install, update, a newly granted
 * site) gets the sidebar without a reload.
 */
async function injectIntoOpenTabs(patterns: string[]): Promise<void> {
  const tabs = await browser.tabs.query({ url: patterns }).catch(() => []);
  await Promise.all(
    tabs.map((tab) =>
      tab.id === undefined
        ? undefined
        : browser.scripting
            .executeScript({ target: { tabId: tab.id, allFrames: true }, files: [`/${SIDEBAR_SCRIPT_FILE}` as const] })
            .catch(() => undefined),
    ),
  );
}
