import { browser } from 'wxt/browser';

/**
 * The centre's policy for Iceberg (chrome.storage.managed): what IT set for this extension,
 * read-only. Undefined where the browser has none (no policy, or a browser without managed
 * storage); the values are checked by the settings source, never trusted as they come.
 */
export async function readManagedPolicy(): Promise<Record<string, unknown> | undefined> {
  try {
    const policy = await browser.storage.managed.get(null);
    return Object.keys(policy).length > 0 ? policy : undefined;
  } catch {
    return undefined;
  }
}

/** Calls `listener` whenever IT's policy for Iceberg changes (the browser re-reads it while running). */
export function onManagedPolicyChanged(listener: () => void): () => void {
  const onChanged = (_changes: unknown, area: string) => {
    if (area === 'managed') listener();
  };
  browser.storage.onChanged.addListener(onChanged);
  return () => browser.storage.onChanged.removeListener(onChanged);
}
