import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

/**
 * How long reloads are gathered into one read: an import asked for three reads of a 10,000-script
 * library within 7 ms (its own reload and two change notices), each decoded on the page's main
 * thread at once (a 430 ms frame gap).
 */
const RELOAD_GATHER_MS = 16;

/**
 * An extension page's data, read from storage at once and again on `reload` (after a save, or
 * when stored data changed). Reloads asked within RELOAD_GATHER_MS share one read, which starts
 * after the last of them; `reload` resolves once that read is drawn. Only the newest read is
 * drawn: a read that started before a save committed can answer after one that started later,
 * and must not draw the old data over it.
 */
export function usePageData<T>(load: () => Promise<T>, onError?: (error: unknown) => void): { data: T | null; reload: () => Promise<void> } {
  const [data, setData] = useState<T | null>(null);
  const lastRead = useRef(0);
  const gathering = useRef<Promise<void> | null>(null);
  const read = useCallback(() => {
    const readNumber = ++lastRead.current;
    return load().then(
      (loaded) => {
        if (readNumber === lastRead.current) setData(loaded);
      },
      (error: unknown) => {
        if (!onError) throw error;
        onError(error);
      },
    );
  }, [load, onError]);
  // The newest `read`, for reloads gathered before a new `load` came (it starts a read of its own, below).
  const latestRead = useRef(read);
  latestRead.current = read;
  const reload = useCallback(
    () =>
      (gathering.current ??= new Promise<void>((resolve) => setTimeout(resolve, RELOAD_GATHER_MS)).then(() => {
        gathering.current = null;
        return latestRead.current();
      })),
    [],
  );
  useEffect(() => void read(), [read]);
  return { data, reload };
}
