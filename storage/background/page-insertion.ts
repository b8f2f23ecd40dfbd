import { MESSAGE_CHANNEL } from '@/storage/messaging/wire';
import type { FrameCommand } from '@/storage/messaging/protocol';
import type { RequestHandlers } from '@/storage/messaging/server';
import { sendToFrame } from '@/storage/platform/tabs';
import { crmSiteOf, tabOf } from './sender';
import type { TabMemory } from './tab-memory';

/**
 * Inserting a script into the CRM: into the field the agent was last in, in whichever frame
 * of the tab that field is (`focusedFrames`: tab → frame id).
 */
export function pageInsertionHandlers(focusedFrames: TabMemory<number>): Pick<RequestHandlers, 'reportFieldFocus' | 'insertIntoPage'> {
  return {
    async reportFieldFocus(_request, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined || crmSiteOf(sender) === null) return null;
      await focusedFrames.set(tabId, sender.frameId ?? 0);
      return null;
    },
    async insertIntoPage({ text, tabId: requestedTab }, sender) {
      const tabId = tabOf(sender, requestedTab);
      if (tabId === undefined) return { inserted: false };
      const command: FrameCommand = { type: 'insertText', text };
      const reply: unknown = await sendToFrame(tabId, (await focusedFrames.get(tabId)) ?? 0, { channel: MESSAGE_CHANNEL, command }).catch(
        () => null,
      );
      return { inserted: (reply as { inserted?: unknown } | null)?.inserted === true };
    },
  };
}
