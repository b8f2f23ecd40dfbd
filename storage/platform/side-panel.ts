import { browser } from 'wxt/browser';

/** The toolbar button opens the browser side panel, which shows the same sidebar. */
export function openSidePanelOnToolbarClick(): void {
  browser.sidePanel?.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
}
