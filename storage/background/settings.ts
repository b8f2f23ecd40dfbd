import { updateStoredSettings } from '@/storage/database/settings';
import type { RequestHandlers } from '@/storage/messaging/server';
import { openOptionsPage } from '@/storage/platform/runtime';
import { syncSidebarRegistration } from './sidebar-registration';
import type { BackgroundContext } from './context';

/** The agent's settings; a change reaches every sidebar through the change listener (stored-data.ts). */
export function settingsHandlers(context: BackgroundContext): Pick<RequestHandlers, 'updateSettings' | 'openSettings' | 'hostAccessGranted'> {
  return {
    async updateSettings(patch) {
      await updateStoredSettings(context.db, patch);
      const { settings } = await context.config.current();
      if (patch.crmSites) await syncSidebarRegistration(settings.crmSites);
      return settings;
    },
    async hostAccessGranted() {
      const { settings } = await context.config.current();
      await syncSidebarRegistration(settings.crmSites);
      return null;
    },
    async openSettings() {
      await openOptionsPage();
      return null;
    },
  };
}
