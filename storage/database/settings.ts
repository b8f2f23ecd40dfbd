import { AgentSettings, DEFAULT_SETTINGS, type SettingsPatch } from '@/knowledge/settings/settings';
import type { IcebergDatabase } from './database';

/** What the agent saved, over the defaults. Readers want `settingsInForce` (storage/settings-source.ts). */
export async function storedSettings(db: IcebergDatabase): Promise<AgentSettings> {
  const record = await db.settings.get('agent');
  return record ? record.value : DEFAULT_SETTINGS;
}

export async function updateStoredSettings(db: IcebergDatabase, patch: SettingsPatch): Promise<AgentSettings> {
  return db.transaction('rw', db.settings, async () => {
    const next = AgentSettings.parse({ ...(await storedSettings(db)), ...patch });
    await db.settings.put({ key: 'agent', value: next });
    return next;
  });
}
