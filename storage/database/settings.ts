import { AgentSettings, DEFAULT_SETTINGS, type RemovableSetting, type SettingsPatch } from '@/knowledge/settings/settings';
import type { IcebergDatabase } from './database';

/** What the agent saved, over the defaults. Readers want `settingsInForce` (storage/settings-source.ts). */
export async function storedSettings(db: IcebergDatabase): Promise<AgentSettings> {
  const record = await db.settings.get('agent');
  return record ? record.value : DEFAULT_SETTINGS;
}

export async function updateStoredSettings(db: IcebergDatabase, patch: SettingsPatch, remove: readonly RemovableSetting[] = []): Promise<AgentSettings> {
  return db.transaction('rw', db.settings, async () => {
    const merged: Record<string, unknown> = { ...(await storedSettings(db)), ...patch };
    for (const key of remove) delete merged[key];
    const next = AgentSettings.parse(merged);
    await db.settings.put({ key: 'agent', value: next });
    return next;
  });
}
