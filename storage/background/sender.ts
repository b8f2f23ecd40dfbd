import type { MessageSender } from '@/storage/platform/runtime';

/**
 * The CRM host a content script runs on, taken from the browser (never from the page); null
 * for extension pages (side panel, options), which act for the tab they name.
 */
export function crmSiteOf(sender: MessageSender): string | null {
  const url = sender.url ?? sender.tab?.url;
  if (!url || !sender.tab) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.host : null;
  } catch {
    return null;
  }
}

/** The tab a request acts for: a content script's own tab, or the one an extension page names. */
export function tabOf(sender: MessageSender, requestedTabId: number | undefined): number | undefined {
  return crmSiteOf(sender) !== null ? sender.tab?.id : requestedTabId;
}
