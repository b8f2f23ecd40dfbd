import { browser } from 'wxt/browser';

/**
 * The extension's own local storage (chrome.storage.local). Extension pages embedded in a CRM
 * page may be refused the web's localStorage (third-party storage blocking); this store is the
 * browser's, written by the browser process even if the page that asked goes away at once.
 */
export const localStore = {
  async entries(prefix: string): Promise<Array<[string, unknown]>> {
    const all = await browser.storage.local.get(null);
    return Object.entries(all).filter(([key]) => key.startsWith(prefix));
  },
  async read(key: string): Promise<unknown> {
    return (await browser.storage.local.get(key))[key];
  },
  write(key: string, value: unknown): Promise<void> {
    return browser.storage.local.set({ [key]: value });
  },
  remove(key: string): Promise<void> {
    return browser.storage.local.remove(key);
  },
};
