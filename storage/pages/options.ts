import type { CentreStatus } from '@/knowledge/centre/centre-status';
import type { SubscriptionState } from '@/knowledge/centre/library-subscription';
import type { ManagedKey, SettingsProblem } from '@/knowledge/settings/managed-settings';
import { RemovableSetting, type AgentSettings, type SettingsPatch } from '@/knowledge/settings/settings';
import { matchPatternForAddress } from '@/knowledge/work-orders/crm-sites';
import type { WorkOrderRulePreview } from '@/knowledge/work-orders/work-order-reference';
import type { WorkOrderRule } from '@/knowledge/work-orders/work-order-rule';
import { centreStatus } from '@/storage/database/centre-status';
import type { IcebergDatabase } from '@/storage/database/database';
import { storageEstimate, type StorageEstimate } from '@/storage/database/storage-status';
import { subscriptionState } from '@/storage/database/subscriptions';
import { askBackground, onBackgroundEvent } from '@/storage/messaging/client';
import { hasHostPermission, requestHostPermission } from '@/storage/platform/permissions';
import { settingsInForceWithLocks } from '@/storage/settings-source';

export interface OptionsPageData {
  settings: AgentSettings;
  /** Keys IT's policy sets: shown locked. */
  locked: ManagedKey[];
  /** Values of the policy (or of older stored settings) that could not be used. */
  problems: SettingsProblem[];
  /** Match patterns of the configured sites the browser has granted. */
  granted: string[];
  storage: StorageEstimate;
  centre: CentreStatus;
  taxonomySubscription: SubscriptionState | null;
  /** The centre's addresses (as match patterns) the browser does not let Iceberg reach yet. */
  ungrantedCentreHosts: string[];
}

/** The settings page's access: it reads the settings in force, and saves through the background (which re-registers the sidebar). */
export interface OptionsBackend {
  load(): Promise<OptionsPageData>;
  /** Saves an edit; a removable setting given as undefined is removed. */
  save(patch: SettingsPatch): Promise<void>;
  /** Asks for a CRM host's permission; call it from the click (the prompt needs the gesture). */
  grant(matchPattern: string): Promise<boolean>;
  /** Asks for a centre server's permission (from the click), then tries the centre at once. */
  grantCentreHost(matchPattern: string): Promise<boolean>;
  /** What a work-order rule finds now on an open tab of its site. */
  preview(matchPattern: string, rule: WorkOrderRule): Promise<WorkOrderRulePreview>;
  uploadNow(): Promise<void>;
  /** Calls `listener` when the settings in force (a policy too) or the centre's status change. */
  onChange(listener: () => void): () => void;
}

/** The addresses of the centre's servers, as the match patterns a host permission names. */
function centrePatterns(settings: AgentSettings): string[] {
  const urls = [settings.upload?.url, settings.centreReports?.url, settings.libraryUrl, settings.taxonomyUrl].filter((url): url is string => Boolean(url));
  return [...new Set(urls.flatMap((url) => {
    const found = matchPatternForAddress(url);
    return 'pattern' in found ? [found.pattern] : [];
  }))];
}

export function createOptionsBackend(db: IcebergDatabase): OptionsBackend {
  return {
    async load() {
      const { settings, locked, problems } = await settingsInForceWithLocks(db);
      const patterns = centrePatterns(settings);
      const [checks, centreChecks, storage, centre, taxonomySubscription] = await Promise.all([
        Promise.all(settings.crmSites.map((site) => hasHostPermission(site.matchPattern))),
        Promise.all(patterns.map((pattern) => hasHostPermission(pattern))),
        // Extension pages can ask for persistent storage; the service worker cannot.
        storageEstimate({ requestPersistence: true }),
        centreStatus(db, settings),
        settings.taxonomyUrl ? subscriptionState(db, 'taxonomy') : null,
      ]);
      return {
        settings,
        locked,
        problems,
        granted: settings.crmSites.filter((_site, index) => checks[index]).map((site) => site.matchPattern),
        storage,
        centre,
        taxonomySubscription,
        ungrantedCentreHosts: patterns.filter((_pattern, index) => !centreChecks[index]),
      };
    },
    async save(patch) {
      const remove = RemovableSetting.options.filter((key) => key in patch && patch[key] === undefined);
      await askBackground('updateSettings', { ...patch, ...(remove.length > 0 ? { remove } : {}) });
    },
    preview: (matchPattern, rule) => askBackground('previewWorkOrderRule', { matchPattern, rule }),
    async grant(matchPattern) {
      const granted = await requestHostPermission(matchPattern);
      // The background registers the sidebar for the new grant. Re-sending the sites read here
      // would undo a site saved meanwhile (the site is saved while the prompt is open).
      if (granted) await askBackground('hostAccessGranted', {});
      return granted;
    },
    async grantCentreHost(matchPattern) {
      const granted = await requestHostPermission(matchPattern);
      if (granted) await Promise.all([askBackground('uploadNow', {}), askBackground('checkSubscriptions', {})]);
      return granted;
    },
    uploadNow: async () => void (await askBackground('uploadNow', {})),
    onChange: (listener) =>
      onBackgroundEvent((event) => {
        if (event.type === 'settingsChanged' || event.type === 'centreStatusChanged') listener();
      }),
  };
}
