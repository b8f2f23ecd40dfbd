import { startBackground } from '@/storage/background';
import { openSidePanelOnToolbarClick } from '@/storage/platform/side-panel';

export default defineBackground(() => {
  startBackground();
  openSidePanelOnToolbarClick();
});
