import type { IcebergDatabase } from '@/storage/database/database';
import type { BackgroundEvent } from '@/storage/messaging/protocol';
import type { CentreLink } from './centre';
import type { ConfigCache } from './config-cache';
import type { ScriptLibraryService } from './script-library-service';
import type { WorkOrderTracker } from './work-order-tracker';

/** What the background's features share: the database, the in-memory caches and the push to sidebars. */
export interface BackgroundContext {
  db: IcebergDatabase;
  config: ConfigCache;
  scripts: ScriptLibraryService;
  workOrders: WorkOrderTracker;
  centre: CentreLink;
  /** Pushes to the sidebars (extension pages); tab-scoped events name their tab. */
  push(event: BackgroundEvent): Promise<void>;
}
