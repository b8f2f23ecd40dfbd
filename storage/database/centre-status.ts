import type { CaseLibrary } from '@/knowledge/case-library/case-script';
import type { CentreStatus } from '@/knowledge/centre/centre-status';
import type { AgentSettings } from '@/knowledge/settings/settings';
import { currentLibrary } from './case-library';
import type { IcebergDatabase } from './database';
import { outboxBacklog, uploadStatus } from './outbox';
import { subscriptionState } from './subscriptions';

/**
 * The centre as this browser sees it now, for the sidebar footer and the settings page. A
 * caller that knows the library in force passes its name and version (reading a large library
 * just for them is slow).
 */
export async function centreStatus(
  db: IcebergDatabase,
  settings: Pick<AgentSettings, 'upload' | 'libraryUrl'>,
  libraryInForce?: Promise<Pick<CaseLibrary, 'name' | 'version'>>,
): Promise<CentreStatus> {
  const [status, backlog, library, subscription] = await Promise.all([
    uploadStatus(db),
    outboxBacklog(db),
    libraryInForce ?? currentLibrary(db),
    settings.libraryUrl ? subscriptionState(db, 'library') : null,
  ]);
  return {
    upload: { configured: settings.upload !== undefined, status: { ...status, pending: backlog.pending } },
    library: { name: library.name, version: library.version, subscription: subscription?.url === settings.libraryUrl ? subscription : null },
  };
}
