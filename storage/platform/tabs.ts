import { browser } from 'wxt/browser';

/** Browser tabs: messages to one frame of a tab, the active tab, tabs closing. */

export function sendToFrame(tabId: number, frameId: number, message: unknown): Promise<unknown> {
  return browser.tabs.sendMessage(tabId, message, { frameId });
}

export async function activeTabId(): Promise<number | undefined> {
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

export function onTabActivated(listener: (tabId: number) => void): void {
  browser.tabs.onActivated.addListener(({ tabId }) => listener(tabId));
}

export function onTabClosed(listener: (tabId: number) => void): void {
  browser.tabs.onRemoved.addListener((tabId) => listener(tabId));
}

/** Ids of the open tabs whose URL matches one of the patterns. */
export async function tabsMatching(patterns: string[]): Promise<number[]> {
  const tabs = await browser.tabs.query({ url: patterns }).catch(() => []);
  return tabs.flatMap((tab) => (tab.id === undefined ? [] : [tab.id]));
}

/** The tab an extension page is shown in (an extension frame inside a CRM tab); undefined elsewhere. */
export async function currentTabId(): Promise<number | undefined> {
  return (await browser.tabs.getCurrent().catch(() => undefined))?.id;
}

/** Open tabs whose URL matches the pattern, the active one of the focused window first. */
export async function openTabsFor(pattern: string): Promise<Array<{ id: number; title: string; url: string }>> {
  const tabs = await browser.tabs.query({ url: [pattern] }).catch(() => []);
  return tabs
    .sort((a, b) => Number(b.active) - Number(a.active) || (b.lastAccessed ?? 0) - (a.lastAccessed ?? 0))
    .flatMap((tab) => (tab.id === undefined ? [] : [{ id: tab.id, title: tab.title ?? '', url: tab.url ?? '' }]));
}
