import { resolveSettings, type SettingsInForce } from '@/knowledge/settings/managed-settings';
import { DEFAULT_SETTINGS, type AgentSettings } from '@/knowledge/settings/settings';
import type { IcebergDatabase } from './database/database';
import { storedSettings } from './database/settings';
import { readManagedPolicy } from './platform/managed-store';

/**
 * The settings in force, for every reader (background, sidebars, extension pages): the centre's
 * policy (enterprise policy, chrome.storage.managed) over what the agent stored over the
 * defaults, key by key. The policy is put on top here, and only here.
 */
export async function settingsInForceWithLocks(db: IcebergDatabase): Promise<SettingsInForce> {
  const [stored, policy] = await Promise.all([storedSettings(db), readManagedPolicy()]);
  return resolveSettings(DEFAULT_SETTINGS, stored, policy);
}

/** The settings in force, without which keys the policy locks. */
export async function settingsInForce(db: IcebergDatabase): Promise<AgentSettings> {
  return (await settingsInForceWithLocks(db)).settings;
}
