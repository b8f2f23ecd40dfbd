import type { AgentSettings } from '@/knowledge/settings/settings';
import type { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import type { IcebergDatabase } from '@/storage/database/database';
import { currentTaxonomy } from '@/storage/database/taxonomy';
import { settingsInForce } from '@/storage/settings-source';

export interface BackgroundConfig {
  taxonomy: Taxonomy;
  settings: AgentSettings;
}

/**
 * The taxonomy and settings in force, read on every click: kept in memory until the stored data
 * changes (see `forget`, called from the background's one change listener).
 */
export class ConfigCache {
  private config: Promise<BackgroundConfig> | null = null;

  constructor(private readonly db: IcebergDatabase) {}

  current(): Promise<BackgroundConfig> {
    return (this.config ??= Promise.all([currentTaxonomy(this.db), settingsInForce(this.db)]).then(
      ([taxonomy, settings]) => ({ taxonomy, settings }),
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
