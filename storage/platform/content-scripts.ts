import { browser } from 'wxt/browser';

/** The sidebar's content script, registered at runtime for the CRM sites the agent granted. */

const SIDEBAR_SCRIPT_ID = 'iceberg-sidebar';
/** Where WXT emits the unlisted script `entrypoints/crm-page.ts`. */
const SIDEBAR_SCRIPT_FILE = 'crm-page.js';

/** The match patterns the sidebar is registered for; null when it is not registered. */
export async function sidebarRegistration(): Promise<string[] | null> {
  const [registered] = await browser.scripting.getRegisteredContentScripts({ ids: [SIDEBAR_SCRIPT_ID] });
  return registered ? (registered.matches ?? []) : null;
}

export async function registerSidebar(matches: string[], alreadyRegistered: boolean): Promise<void> {
  const script = {
    id: SIDEBAR_SCRIPT_ID,
    js: [SIDEBAR_SCRIPT_FILE],
    matches,
    allFrames: true,
    runAt: 'document_start' as const,
    persistAcrossSessions: true,
  };
  if (alreadyRegistered) await browser.scripting.updateContentScripts([script]);
  else await browser.scripting.registerContentScripts([script]);
}

export async function unregisterSidebar(): Promise<void> {
  await browser.scripting.unregisterContentScripts({ ids: [SIDEBAR_SCRIPT_ID] });
}

/** Runs the sidebar's script in every frame of an open tab (one opened before registration). */
export async function injectSidebar(tabId: number): Promise<void> {
  await browser.scripting.executeScript({ target: { tabId, allFrames: true }, files: [`/${SIDEBAR_SCRIPT_FILE}` as const] });
}
