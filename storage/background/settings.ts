import { editableSettingsPatch, settingsForPages } from '@/knowledge/settings/managed-settings';
import { updateStoredSettings } from '@/storage/database/settings';
import type { RequestHandlers } from '@/storage/messaging/server';
import { openOptionsPage } from '@/storage/platform/runtime';
import { syncSidebarRegistration } from './sidebar-registration';
import type { BackgroundContext } from './context';

/**
 * The agent's settings; a change reaches every sidebar through the change listener
 * (stored-data.ts). What the centre's policy sets is not the agent's to change: those keys of
 * an update are left out (the settings page shows them locked).
 */
export function settingsHandlers(context: BackgroundContext): Pick<RequestHandlers, 'updateSettings' | 'openSettings' | 'hostAccessGranted'> {
  return {
    async updateSettings({ remove = [], ...requested }) {
      const { locked } = await context.config.current();
      const { patch } = editableSettingsPatch(requested, locked);
      const removed = remove.filter((key) => !(locked as readonly string[]).includes(key));
      if (Object.keys(patch).length > 0 || removed.length > 0) await updateStoredSettings(context.db, patch, removed);
      context.config.forget();
      const { settings } = await context.config.current();
      if (requested.crmSites) await syncSidebarRegistration(settings.crmSites);
      return settingsForPages(settings);
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
