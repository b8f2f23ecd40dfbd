import Dexie from 'dexie';
import { IcebergError } from '@/knowledge/iceberg-error';

/** Turns IndexedDB failures into errors an agent can act on; domain errors pass through. */
export async function guardStorage<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw describeStorageError(error);
  }
}

export function describeStorageError(error: unknown): IcebergError {
  if (error instanceof IcebergError) return error;
  const name = (error as { name?: string } | null)?.name ?? '';
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError') {
    return new IcebergError('storage-full', 'Browser storage is full; the click is kept and will be retried');
  }
  if (
    error instanceof Dexie.DatabaseClosedError ||
    error instanceof Dexie.OpenFailedError ||
    name === 'InvalidStateError' ||
    name === 'DatabaseClosedError'
  ) {
    return new IcebergError('storage-unavailable', 'The Iceberg database is unavailable; the click is kept and will be retried');
  }
  if (error instanceof Error && error.name === 'ZodError') {
    return new IcebergError('invalid-message', error.message);
  }
  return new IcebergError('internal', error instanceof Error ? error.message : String(error));
}
