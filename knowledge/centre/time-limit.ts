/** A request that finished, or failed: given up on after its time, or an error of its own. */
export type TimeLimited<T> = { done: true; value: T } | { done: false; timedOut: boolean; error: unknown };

/**
 * Runs a request with a signal that aborts it after `timeoutMs`. The time covers reading the
 * answer too, so a server that sends headers and then stalls still counts as too slow.
 */
export async function withTimeLimit<T>(timeoutMs: number, request: (signal: AbortSignal) => Promise<T>): Promise<TimeLimited<T>> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  try {
    return { done: true, value: await request(controller.signal) };
  } catch (error) {
    return { done: false, timedOut, error };
  } finally {
    clearTimeout(timer);
  }
}
