import { browser } from 'wxt/browser';
import { matchPatternForAddress } from '@/knowledge/work-orders/crm-sites';

/** Host permissions for CRM sites, asked for at runtime (optional_host_permissions). */

export function hasHostPermission(matchPattern: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [matchPattern] });
}

/** Shows the browser's prompt; must be called from a user gesture in an extension page. */
export function requestHostPermission(matchPattern: string): Promise<boolean> {
  return browser.permissions.request({ origins: [matchPattern] });
}

/** Whether the extension may reach an address from its background (a granted host, so no CORS in the way). */
export async function mayReach(url: string): Promise<boolean> {
  const found = matchPatternForAddress(url);
  return 'pattern' in found && hasHostPermission(found.pattern);
}
