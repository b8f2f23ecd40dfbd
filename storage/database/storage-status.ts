import { retentionPolicy } from './retention';
import { importedEventCount } from './imported-events';
import type { IcebergDatabase } from './database';

type StorageManagerLike = Pick<StorageManager, 'estimate' | 'persisted'> & Partial<Pick<StorageManager, 'persist'>>;

/** How much the extension's origin stores and may store, and whether the browser promised to keep it. */
export interface StorageEstimate {
  /** Bytes used and allowed (navigator.storage.estimate); null if unknown. */
  usage: number | null;
  quota: number | null;
  /** Whether the browser promised not to evict the data; null if unknown. */
  persisted: boolean | null;
}

/**
 * Asks the browser. With `requestPersistence`, first asks it to keep the data (extension pages
 * may; the service worker cannot).
 */
export async function storageEstimate(
  options: { requestPersistence?: boolean } = {},
  storage: StorageManagerLike | undefined = globalThis.navigator?.storage,
): Promise<StorageEstimate> {
  const persisted = options.requestPersistence && storage?.persist
    ? await storage.persist().catch(() => null)
    : await storage?.persisted().catch(() => null);
  const estimate = await storage?.estimate().catch(() => null);
  return { usage: estimate?.usage ?? null, quota: estimate?.quota ?? null, persisted: persisted ?? null };
}

/** What the dashboard shows under "storage": sizes, persistence, table sizes, and where raw detail ends. */
export interface StorageStatus extends StorageEstimate {
  /** Raw events (own and imported), imported events, and records of the other tables people ask about. */
  tables: Record<string, number>;
  rawDetailStartsAt: string | null;
  keepRawEventsDays: number | null;
}

export async function storageStatus(
  db: IcebergDatabase,
  storage: StorageManagerLike | undefined = globalThis.navigator?.storage,
): Promise<StorageStatus> {
  const [estimate, policy, own, imported, rollupDays, imports, scriptUses, searchMisses] = await Promise.all([
    storageEstimate({}, storage),
    retentionPolicy(db),
    db.events.count(),
    importedEventCount(db),
    db.rollupDays.count(),
    db.imports.count(),
    db.scriptUses.count(),
    db.searchMisses.count(),
  ]);
  return {
    ...estimate,
    tables: { events: own + imported, importedEvents: imported, rollupDays, imports, scriptUses, searchMisses },
    rawDetailStartsAt: policy.rawDetailStartsAt,
    keepRawEventsDays: policy.keepRawEventsDays,
  };
}
