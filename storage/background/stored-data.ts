import { settingsForPages } from '@/knowledge/settings/managed-settings';
import type { IcebergDatabase } from '@/storage/database/database';
import { onStoredDataChanged } from '@/storage/database/stored-data-changes';
import type { RequestHandlers } from '@/storage/messaging/server';
import { onManagedPolicyChanged } from '@/storage/platform/managed-store';
import type { BackgroundContext } from './context';
import { syncSidebarRegistration } from './sidebar-registration';

/** Tables whose change the sidebars must see at once. */
const WATCHED = ['settings', 'taxonomy', 'caseLibrary', 'searchLexicon'] as const;

/**
 * The one way the background learns that stored data changed: drop what it keeps in memory and
 * tell the sidebars. Any context's write reaches it through the database's change feed while
 * the service worker runs; an extension page also names the tables it wrote (`storedDataChanged`),
 * which wakes a sleeping worker so open sidebars still follow. A change of the centre's policy
 * counts as a change of the settings; it may also move the CRM sites.
 */
export function followStoredData(db: IcebergDatabase, context: BackgroundContext): Pick<RequestHandlers, 'storedDataChanged'> {
  const changed = async (tables: ReadonlySet<string>) => {
    if (tables.has('settings') || tables.has('taxonomy')) context.config.forget();
    // The search index depends on the library and the lexicon alike.
    const searchChanged = tables.has('caseLibrary') || tables.has('searchLexicon');
    if (searchChanged) context.scripts.forgetLibrary();
    const config = await context.config.current();
    if (tables.has('settings')) {
      await context.push({ type: 'settingsChanged', settings: settingsForPages(config.settings) });
      await context.centre.follow(config);
    }
    if (tables.has('taxonomy')) await context.push({ type: 'taxonomyChanged', taxonomy: config.taxonomy });
    if (searchChanged) await context.push({ type: 'libraryChanged' });
    if (tables.has('caseLibrary')) context.centre.libraryChanged();
  };
  onStoredDataChanged(db, (tables) => {
    if (WATCHED.some((table) => tables.has(table))) void changed(tables).catch(() => undefined);
  });
  onManagedPolicyChanged(() => {
    void changed(new Set(['settings']))
      .then(async () => syncSidebarRegistration((await context.config.current()).settings.crmSites))
      .catch((error: unknown) => console.error('Iceberg: applying the changed policy failed', error));
  });
  return {
    async storedDataChanged({ tables }) {
      await changed(new Set(tables));
      return null;
    },
  };
}
