import type { CrmSite } from '@/knowledge/work-orders/work-order-rule';
import { injectSidebar, registerSidebar, sidebarRegistration, unregisterSidebar } from '@/storage/platform/content-scripts';
import { hasHostPermission } from '@/storage/platform/permissions';
import { tabsMatching } from '@/storage/platform/tabs';

/**
 * Shows the sidebar on exactly the CRM sites the agent configured and granted. Hosts come from
 * optional host permissions asked at runtime, so nothing is granted on every site at install.
 */
export async function syncSidebarRegistration(sites: CrmSite[]): Promise<string[]> {
  const granted: string[] = [];
  for (const site of sites) if (await hasHostPermission(site.matchPattern)) granted.push(site.matchPattern);
  const registered = await sidebarRegistration();
  if (granted.length === 0) {
    if (registered) await unregisterSidebar();
    return granted;
  }
  await registerSidebar(granted, registered);
  // A CRM tab open before the first registration (install, update) gets the sidebar without a reload.
  if (!registered) await Promise.all((await tabsMatching(granted)).map((tabId) => injectSidebar(tabId).catch(() => undefined)));
  return granted;
}
