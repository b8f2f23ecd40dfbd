import { browser } from 'wxt/browser';

/**
 * Session storage: kept while the browser runs, across service-worker restarts, never written
 * to disk. For what the background must remember about open tabs.
 */
export interface SessionValue<T> {
  read(): Promise<T | undefined>;
  write(value: T): Promise<void>;
}

export function sessionValue<T>(key: string): SessionValue<T> {
  return {
    read: async () => (await browser.storage.session.get(key))[key] as T | undefined,
    write: (value) => browser.storage.session.set({ [key]: value }),
  };
}
