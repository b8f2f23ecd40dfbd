import { IcebergError } from '@/knowledge/iceberg-error';
import { readWorkOrderReference } from '@/knowledge/work-orders/work-order-reference';
import type { RequestHandlers } from '@/storage/messaging/server';
import { selectInFrames } from '@/storage/platform/content-scripts';
import { openTabsFor } from '@/storage/platform/tabs';
import { crmSiteOf } from './sender';

/** The team lead's check of a work-order rule on an open tab of the site, before saving it. */
export function crmSiteHandlers(): Pick<RequestHandlers, 'previewWorkOrderRule'> {
  return {
    async previewWorkOrderRule({ matchPattern, rule }, sender) {
      // Only the settings page asks: a CRM frame has no business reading other tabs.
      if (crmSiteOf(sender) !== null) throw new IcebergError('invalid-message', 'only the settings page can try a rule');
      const [tab] = await openTabsFor(matchPattern);
      if (!tab) return { tab: null, frames: [] };
      const frames = await selectInFrames(tab.id, rule.selector);
      return {
        tab: { title: tab.title, url: tab.url },
        frames: frames.map((frame) => ({
          url: frame.url,
          // The same reading and masking as the sidebar's: the page's text is untrusted.
          workOrderRef: readWorkOrderReference(rule, frame.url, () => frame.text),
          selectorMatches: frame.matches,
        })),
      };
    },
  };
}
