import type { AgentSettings } from '@/knowledge/settings/settings';
import type { IcebergDatabase } from './database/database';
import { storedSettings } from './database/settings';

/**
 * The settings in force, for every reader (background, sidebars, extension pages): the stored
 * values over the defaults. A managed policy will go on top of them here, and only here.
 */
export function settingsInForce(db: IcebergDatabase): Promise<AgentSettings> {
  return storedSettings(db);
}
