import type { SettingsInForce } from '@/knowledge/settings/managed-settings';
import type { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import type { IcebergDatabase } from '@/storage/database/database';
import { currentTaxonomy } from '@/storage/database/taxonomy';
import { settingsInForceWithLocks } from '@/storage/settings-source';

export interface BackgroundConfig extends SettingsInForce {
  taxonomy: Taxonomy;
}

/**
 * The taxonomy and settings in force (with the keys the centre's policy locks), read on every
 * click: kept in memory until the stored data or the policy changes (see `forget`, called from
 * the background's one change listener).
 */
export class ConfigCache {
  private config: Promise<BackgroundConfig> | null = null;

  constructor(private readonly db: IcebergDatabase) {}

  current(): Promise<BackgroundConfig> {
    return (this.config ??= Promise.all([currentTaxonomy(this.db), settingsInForceWithLocks(this.db)]).then(
      ([taxonomy, inForce]) => ({ taxonomy, ...inForce }),
      (error: unknown) => {
        this.config = null; // never keep a failed read: the next click must try the database again
        throw error;
      },
    ));
  }

  forget(): void {
    this.config = null;
  }
}
