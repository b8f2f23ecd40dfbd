import { browser } from 'wxt/browser';

/** Host permissions for CRM sites, asked for at runtime (optional_host_permissions). */

export function hasHostPermission(matchPattern: string): Promise<boolean> {
  return browser.permissions.contains({ origins: [matchPattern] });
}

/** Shows the browser's prompt; must be called from a user gesture in an extension page. */
export function requestHostPermission(matchPattern: string): Promise<boolean> {
  return browser.permissions.request({ origins: [matchPattern] });
}
