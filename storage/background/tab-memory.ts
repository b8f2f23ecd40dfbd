import { sessionValue } from '@/storage/platform/session-store';

/**
 * Something the background knows per open tab, mirrored in session storage so a restarted
 * service worker still knows it. Reads wait for the restore; a tab's entry goes when it closes.
 */
export class TabMemory<T> {
  private readonly entries = new Map<number, T>();
  private readonly store;
  readonly restored: Promise<void>;

  constructor(key: string) {
    this.store = sessionValue<Record<string, T>>(key);
    this.restored = this.store
      .read()
      .then((saved) => {
        for (const [tabId, value] of Object.entries(saved ?? {})) {
          if (!this.entries.has(Number(tabId))) this.entries.set(Number(tabId), value);
        }
      })
      .catch(() => undefined);
  }

  async get(tabId: number): Promise<T | undefined> {
    await this.restored;
    return this.entries.get(tabId);
  }

  /** Known without waiting for the restore; for code that already waited. */
  peek(tabId: number): T | undefined {
    return this.entries.get(tabId);
  }

  async set(tabId: number, value: T): Promise<void> {
    await this.restored;
    this.entries.set(tabId, value);
    this.save();
  }

  forget(tabId: number): void {
    if (this.entries.delete(tabId)) this.save();
    // Again once restored: an entry the restore brings back from session storage would outlive its tab.
    void this.restored.then(() => {
      if (this.entries.delete(tabId)) this.save();
    });
  }

  tabIds(): number[] {
    return [...this.entries.keys()];
  }

  private save(): void {
    void this.store.write(Object.fromEntries(this.entries)).catch(() => undefined);
  }
}
