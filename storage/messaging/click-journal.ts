import { ClickRequest } from '@/knowledge/clicks/click-event';
import { localStore } from '@/storage/platform/local-store';
import type { ClickJournal } from './pending-clicks';

const PREFIX = 'iceberg:unconfirmed-click:';

/**
 * Unconfirmed clicks in the extension's local storage, one key per click (sidebars in several
 * tabs share it). The write is handed to the browser process as the click is made, and it
 * completes there even when the page goes away a millisecond later (a reload right after a
 * click, with the service worker asleep), so the next sidebar sends them again; ids make that
 * safe. The CRM page cannot read it.
 */
export function extensionClickJournal(store = localStore): ClickJournal {
  return {
    async load() {
      const clicks: ClickRequest[] = [];
      for (const [key, value] of await store.entries(PREFIX)) {
        const parsed = ClickRequest.safeParse(value);
        if (parsed.success) clicks.push(parsed.data);
        else void store.remove(key);
      }
      return clicks.sort((a, b) => a.occurredAt.localeCompare(b.occurredAt));
    },
    remember: (click) => void store.write(PREFIX + click.id, click).catch(() => undefined),
    forget: (id) => void store.remove(PREFIX + id).catch(() => undefined),
  };
}
