import { browser } from 'wxt/browser';

/**
 * Alarms wake a stopped service worker (timers die with it): the next upload, the next
 * library check. The browser may fire one later than asked (at least 30 s apart in Chrome), so
 * callers keep their own timer for the short waits while the worker runs.
 */

/** Sets (or moves) the one-off alarm `name` to `when` (ms since 1970). */
export async function setAlarm(name: string, when: number): Promise<void> {
  await browser.alarms.create(name, { when });
}

/**
 * An alarm every `periodMinutes`, first one period from now. Left as it is when it already
 * repeats at that period: a service worker that starts more often than that would otherwise
 * push it back for ever.
 */
export async function setRepeatingAlarm(name: string, periodMinutes: number): Promise<void> {
  const existing = await browser.alarms.get(name);
  if (existing?.periodInMinutes === periodMinutes) return;
  await browser.alarms.create(name, { delayInMinutes: periodMinutes, periodInMinutes: periodMinutes });
}

export async function clearAlarm(name: string): Promise<void> {
  await browser.alarms.clear(name);
}

export function onAlarm(name: string, listener: () => void): () => void {
  const onFired = (alarm: { name: string }) => {
    if (alarm.name === name) listener();
  };
  browser.alarms.onAlarm.addListener(onFired);
  return () => browser.alarms.onAlarm.removeListener(onFired);
}
