import type { AgentSettings, SettingsPatch } from '@/knowledge/settings/settings';
import type { WorkOrderRulePreview } from '@/knowledge/work-orders/work-order-reference';
import type { WorkOrderRule } from '@/knowledge/work-orders/work-order-rule';
import type { IcebergDatabase } from '@/storage/database/database';
import { storageEstimate, type StorageEstimate } from '@/storage/database/storage-status';
import { askBackground } from '@/storage/messaging/client';
import { hasHostPermission, requestHostPermission } from '@/storage/platform/permissions';
import { settingsInForce } from '@/storage/settings-source';

export interface OptionsPageData {
  settings: AgentSettings;
  /** Match patterns of the configured sites the browser has granted. */
  granted: string[];
  storage: StorageEstimate;
}

/** The settings page's access: it reads the settings in force, and saves through the background (which re-registers the sidebar). */
export interface OptionsBackend {
  load(): Promise<OptionsPageData>;
  save(patch: SettingsPatch): Promise<void>;
  /** Asks for a CRM host's permission; call it from the click (the prompt needs the gesture). */
  grant(matchPattern: string): Promise<boolean>;
  /** What a work-order rule finds now on an open tab of its site. */
  preview(matchPattern: string, rule: WorkOrderRule): Promise<WorkOrderRulePreview>;
}

export function createOptionsBackend(db: IcebergDatabase): OptionsBackend {
  return {
    async load() {
      const settings = await settingsInForce(db);
      const [checks, storage] = await Promise.all([
        Promise.all(settings.crmSites.map((site) => hasHostPermission(site.matchPattern))),
        // Extension pages can ask for persistent storage; the service worker cannot.
        storageEstimate({ requestPersistence: true }),
      ]);
      return { settings, granted: settings.crmSites.filter((_site, index) => checks[index]).map((site) => site.matchPattern), storage };
    },
    save: async (patch) => void (await askBackground('updateSettings', patch)),
    preview: (matchPattern, rule) => askBackground('previewWorkOrderRule', { matchPattern, rule }),
    async grant(matchPattern) {
      const granted = await requestHostPermission(matchPattern);
      // The background registers the sidebar for the new grant. Re-sending the sites read here
      // would undo a site saved meanwhile (the site is saved while the prompt is open).
      if (granted) await askBackground('hostAccessGranted', {});
      return granted;
    },
  };
}
