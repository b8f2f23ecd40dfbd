// Click-to-durable, shared by the benchmarks: how long the sidebar waits for a click to be
// committed, measured from an extension page.
import { openCase } from '../e2e/harness.mjs';

/**
 * Click-to-durable: the sidebar's message path (sidebar → service worker → Dexie transaction
 * committed → reply), timed in an extension page. CDP does not expose the content script's
 * isolated world here, and an extension page takes the same renderer → service worker hop.
 */
export async function clickToDurable(page, clicks) {
  const expression = `(async () => {
    const pad = (v, w = 2) => String(Math.abs(v)).padStart(w, '0');
    const offsetTime = (d) => { const o = -d.getTimezoneOffset();
      return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' +
        pad(d.getMinutes()) + ':' + pad(d.getSeconds()) + '.' + pad(d.getMilliseconds(), 3) + (o >= 0 ? '+' : '-') +
        pad(Math.trunc(o / 60)) + ':' + pad(o % 60); };
    const timings = [];
    for (let i = 0; i < ${clicks}; i++) {
      const started = performance.now();
      const reply = await chrome.runtime.sendMessage({ channel: 'iceberg/v1', type: 'recordClick', payload: {
        id: crypto.randomUUID(), categoryId: 'billing', occurredAt: offsetTime(new Date()), workOrderRef: 'BENCH-' + i } });
      if (!reply || !reply.ok) throw new Error('click not stored: ' + JSON.stringify(reply));
      timings.push(performance.now() - started);
    }
    return timings;
  })()`;
  return page.evaluate(expression);
}

/**
 * Click-to-durable in an Iceberg browser: a CRM case open (its sidebar running, as an agent's),
 * timed from an extension page without a sidebar of its own, so re-rendering does not compete
 * with the timing loop. Returns the timings and that page.
 */
export async function measureClickToDurable(harness, crm, clicks) {
  const page = await harness.context.newPage();
  await openCase(page, crm);
  const panel = await harness.context.newPage();
  await panel.goto(`chrome-extension://${harness.extensionId}/options.html`);
  await clickToDurable(panel, 20); // warm-up
  return { timings: await clickToDurable(panel, clicks), page, panel };
}
