import { startBackgroundService } from '@/storage/background-service';

export default defineBackground(() => {
  // Listeners must be registered synchronously so a woken service worker gets the message.
  startBackgroundService();
  // The toolbar button opens the side panel, which offers the same sidebar.
  browser.sidePanel?.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
});
