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

/** What a selector finds in one frame of a tab: the first match's text (raw page text), and how many match. */
export interface FrameSelection {
  frameId: number;
  url: string;
  text: string | null;
  matches: number;
}

/** Runs a selector in every frame of a tab (the team lead's "test on the open tab"). */
export async function selectInFrames(tabId: number, selector: string | undefined): Promise<FrameSelection[]> {
  const results = await browser.scripting.executeScript({
    target: { tabId, allFrames: true },
    args: [selector ?? ''],
    // Runs in the page's frames: self-contained, and it returns only text to be checked here.
    func: (wanted: string) => {
      let matches = 0;
      let text: string | null = null;
      if (wanted) {
        try {
          const found = document.querySelectorAll(wanted);
          matches = found.length;
          text = found[0]?.textContent?.slice(0, 500) ?? null;
        } catch {
          matches = -1;
        }
      }
      return { url: location.href, text, matches };
    },
  });
  return results.flatMap((result) => {
    const value = result.result as { url?: unknown; text?: unknown; matches?: unknown } | undefined;
    if (!value || typeof value.url !== 'string' || typeof value.matches !== 'number') return [];
    return [{ frameId: result.frameId, url: value.url, text: typeof value.text === 'string' ? value.text : null, matches: value.matches }];
  });
}
