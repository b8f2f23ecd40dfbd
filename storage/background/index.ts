import { openDatabase, type IcebergDatabase } from '@/storage/database/database';
import { pruneRawEvents } from '@/storage/database/retention';
import { broadcast, serveRequests } from '@/storage/messaging/server';
import { onBrowserStartup } from '@/storage/platform/runtime';
import { onTabClosed } from '@/storage/platform/tabs';
import { settingsInForce } from '@/storage/settings-source';
import { caseLibraryHandlers } from './case-library';
import { clickHandlers } from './clicks';
import { ConfigCache } from './config-cache';
import type { BackgroundContext } from './context';
import { crmSiteHandlers } from './crm-sites';
import { syncSidebarRegistration } from './sidebar-registration';
import { pageInsertionHandlers } from './page-insertion';
import { ScriptLibraryService } from './script-library-service';
import { settingsHandlers } from './settings';
import { shortcutHandlers } from './shortcuts';
import { followStoredData } from './stored-data';
import { TabMemory } from './tab-memory';
import { workOrderHandlers } from './work-order-handlers';
import { WorkOrderTracker } from './work-order-tracker';

/**
 * Everything the background does, one feature per file, wired to one database. Listeners are
 * registered synchronously so a woken service worker gets the message that woke it.
 */
export function startBackground(db: IcebergDatabase = openDatabase()): void {
  const workOrders = new WorkOrderTracker();
  const focusedFrames = new TabMemory<number>('iceberg:tab-focused-frames');
  const context: BackgroundContext = {
    db,
    config: new ConfigCache(db),
    scripts: new ScriptLibraryService(db),
    workOrders,
    push: (event) => broadcast(event),
  };

  serveRequests({
    ...clickHandlers(context),
    ...workOrderHandlers(context),
    ...caseLibraryHandlers(context),
    ...pageInsertionHandlers(focusedFrames),
    ...settingsHandlers(context),
    ...shortcutHandlers(context),
    ...crmSiteHandlers(),
    ...followStoredData(db, context),
  });

  onTabClosed((tabId) => {
    workOrders.forgetTab(tabId);
    focusedFrames.forget(tabId);
  });

  // "Keep raw events N days" holds without anyone opening the dashboard: prune once per browser
  // start (the dashboard also prunes when it opens). A no-op until N is set.
  onBrowserStartup(() => {
    void pruneRawEvents(db, new Date()).catch((error: unknown) => console.error('Iceberg: pruning raw events failed', error));
  });

  // Registered content scripts persist, but settings may have changed while we were stopped.
  void settingsInForce(db)
    .then((settings) => syncSidebarRegistration(settings.crmSites))
    .catch((error: unknown) => console.error('Iceberg: could not register the sidebar for the CRM sites', error));
}
