import type { RequestHandlers } from '@/storage/messaging/server';
import type { BackgroundContext } from './context';

/** A shortcut pressed inside a CRM iframe goes to the tab's in-page sidebar. */
export function shortcutHandlers(context: BackgroundContext): Pick<RequestHandlers, 'relayShortcut'> {
  return {
    async relayShortcut({ key }, sender) {
      if (sender.tab?.id !== undefined) await context.push({ type: 'shortcut', tabId: sender.tab.id, key });
      return null;
    },
  };
}
