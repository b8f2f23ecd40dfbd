import Dexie from 'dexie';
import type { IcebergDatabase } from './database';

/**
 * Which tables of the database were written, by any context of the extension's origin: Dexie
 * tells the pages, their workers and the service worker alike. Caches of stored data are
 * dropped from here and nowhere else.
 */
export function onStoredDataChanged(db: IcebergDatabase, listener: (tables: ReadonlySet<string>) => void): () => void {
  const prefix = `idb://${db.name}/`;
  const onMutated = (parts: Record<string, unknown>) => {
    const tables = new Set<string>();
    for (const key of Object.keys(parts)) {
      if (key.startsWith(prefix)) tables.add(key.slice(prefix.length).split('/')[0]!);
    }
    if (tables.size > 0) listener(tables);
  };
  Dexie.on('storagemutated', onMutated);
  return () => Dexie.on('storagemutated').unsubscribe(onMutated);
}
