import { extensionAlive } from '@/storage/platform/runtime';

/** Marks the running copy in this frame's content-script world, which the page cannot see. */
const RUNNING = Symbol.for('iceberg.crm-frame');

/**
 * How long this frame's copy of Iceberg runs. It ends when a newer copy starts in the same frame
 * (injected again, or after an update) or when the extension was reloaded; never on a page
 * event: nothing is posted into the page, and nothing the page sends is listened to.
 */
export function startFrameLifetime(checkEveryMs = 2000): AbortSignal {
  const world = globalThis as { [RUNNING]?: AbortController };
  world[RUNNING]?.abort();
  const lifetime = new AbortController();
  world[RUNNING] = lifetime;
  const timer = setInterval(() => {
    if (!extensionAlive()) lifetime.abort();
  }, checkEveryMs);
  lifetime.signal.addEventListener('abort', () => clearInterval(timer));
  return lifetime.signal;
}
