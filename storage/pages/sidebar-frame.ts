import { localStore } from '@/storage/platform/local-store';

const HANDLE_TOP_KEY = 'iceberg:handle-top';

/** Where the agent left the collapsed sidebar's handle (a fraction of the window height), per browser. */
export const handlePosition = {
  async read(): Promise<number> {
    const saved = await localStore.read(HANDLE_TOP_KEY).catch(() => undefined);
    return typeof saved === 'number' && saved >= 0 && saved <= 1 ? saved : 0.5;
  },
  write(top: number): void {
    void localStore.write(HANDLE_TOP_KEY, top).catch(() => undefined);
  },
};
