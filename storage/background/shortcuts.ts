import type { RequestHandlers } from '@/storage/messaging/server';
import type { BackgroundContext } from './context';

/** A shortcut pressed inside a CRM iframe goes to the sidebar in the tab's top frame. */
export function shortcutHandlers(context: BackgroundContext): Pick<RequestHandlers, 'relayShortcut'> {
  return {
    async relayShortcut({ key }, sender) {
      if (sender.tab?.id !== undefined) await context.push({ type: 'shortcut', key }, [sender.tab.id]);
      return null;
    },
  };
}
