import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/**
 * An extension page's data, read from storage at once and again on `reload` (after a save, or
 * when stored data changed). Only the newest read is drawn: a read that started before a save
 * committed can answer after one that started later, and must not draw the old data over it.
 */
export function usePageData<T>(load: () => Promise<T>, onError?: (error: unknown) => void): { data: T | null; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const lastRead = useRef(0);
  const reload = useCallback(() => {
    const read = ++lastRead.current;
    return load().then(
      (loaded) => {
        if (read === lastRead.current) setData(loaded);
      },
      (error: unknown) => {
        if (!onError) throw error;
        onError(error);
      },
    );
  }, [load, onError]);
  useEffect(() => void reload(), [reload]);
  return { data, reload };
}
