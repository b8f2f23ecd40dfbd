import { openDatabase, type IcebergDatabase } from '@/storage/database/database';
import { pruneRawEvents } from '@/storage/database/retention';
import type { BackgroundEvent } from '@/storage/messaging/protocol';
import { broadcast, serveRequests } from '@/storage/messaging/server';
import { settingsInForceWithLocks } from '@/storage/settings-source';
import { onBrowserStartup } from '@/storage/platform/runtime';
import { onTabClosed } from '@/storage/platform/tabs';
import { caseLibraryHandlers, PendingSearches } from './case-library';
import { CentreLink, centreHandlers } from './centre';
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
  // Opened while the woken worker dispatches the message that woke it, not after.
  void db.open().catch(() => undefined);
  const workOrders = new WorkOrderTracker();
  const focusedFrames = new TabMemory<number>('iceberg:tab-focused-frames');
  const config = new ConfigCache(db);
  const push = (event: BackgroundEvent) => broadcast(event);
  const context: BackgroundContext = {
    db,
    config,
    scripts: new ScriptLibraryService(db, () => void push({ type: 'searchIndexReady' })),
    workOrders,
    centre: new CentreLink(db, config, push),
    push,
  };

  const pendingSearches = new PendingSearches(context);
  serveRequests({
    ...clickHandlers(context),
    ...workOrderHandlers(context),
    ...caseLibraryHandlers(context, pendingSearches),
    ...pageInsertionHandlers(focusedFrames),
    ...settingsHandlers(context),
    ...shortcutHandlers(context),
    ...crmSiteHandlers(),
    ...followStoredData(db, context),
    ...centreHandlers(context.centre),
  });

  onTabClosed((tabId) => {
    workOrders.forgetTab(tabId);
    focusedFrames.forget(tabId);
    void pendingSearches.tabClosed(tabId).catch((error: unknown) => console.error('Iceberg: logging the searches of a closed tab failed', error));
  });

  // "Keep raw events N days" holds without anyone opening the dashboard: prune once per browser
  // start (the dashboard also prunes when it opens). A no-op until N is set.
  onBrowserStartup(() => {
    void pruneRawEvents(db, new Date()).catch((error: unknown) => console.error('Iceberg: pruning raw events failed', error));
    // The centre may have published while the browser was closed.
    void context.centre.subscriptions.check();
  });

  // Registered content scripts persist, but settings (or the centre's policy) may have changed while we were stopped.
  void settingsInForceWithLocks(db)
    .then(async (inForce) => {
      await syncSidebarRegistration(inForce.settings.crmSites);
      await context.centre.follow(inForce);
    })
    .catch((error: unknown) => console.error('Iceberg: could not apply the settings in force', error));
}
