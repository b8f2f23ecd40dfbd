import { browser, type Browser } from 'wxt/browser';

/** The sidebar's content script, registered at runtime for the CRM sites the agent granted. */

const SIDEBAR_SCRIPT_ID = 'iceberg-sidebar';
/** Where WXT emits the unlisted script `entrypoints/crm-page.ts`. */
const SIDEBAR_SCRIPT_FILE = 'crm-page.js';

type ContentScriptRegistration = Browser.scripting.RegisteredContentScript;

/** The sidebar's registration, or null when it is not registered. */
export async function sidebarRegistration(): Promise<ContentScriptRegistration | null> {
  const [registered] = await browser.scripting.getRegisteredContentScripts({ ids: [SIDEBAR_SCRIPT_ID] });
  return registered ?? null;
}

/**
 * Registers the sidebar for `matches`. A registration already as wanted is left alone: every
 * start of the service worker checks it, and rewriting it each time costs the first request a
 * few milliseconds.
 */
export async function registerSidebar(matches: string[], registered: ContentScriptRegistration | null): Promise<void> {
  const script = {
    id: SIDEBAR_SCRIPT_ID,
    js: [SIDEBAR_SCRIPT_FILE],
    matches,
    allFrames: true,
    runAt: 'document_start' as const,
    persistAcrossSessions: true,
  };
  if (registered === null) await browser.scripting.registerContentScripts([script]);
  else if (!registeredAs(registered, script)) await browser.scripting.updateContentScripts([script]);
}

function registeredAs(registered: ContentScriptRegistration, wanted: Required<Pick<ContentScriptRegistration, 'js' | 'matches' | 'allFrames' | 'runAt' | 'persistAcrossSessions'>>): boolean {
  const sameSet = (a: readonly string[] = [], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));
  return (
    sameSet(registered.js, wanted.js) &&
    sameSet(registered.matches, wanted.matches) &&
    registered.allFrames === wanted.allFrames &&
    registered.runAt === wanted.runAt &&
    registered.persistAcrossSessions === wanted.persistAcrossSessions
  );
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
