// The sidebar on hostile pages: how much it slows a huge page's own typing, and how fast the
// sidebar is ready. Printed, never asserted.
import { startDemoCrm } from '../demo-crm/server.mjs';
import { waitFor } from '../e2e/harness.mjs';
import { percentile } from './percentiles.mjs';

const KEYS = Number(process.env.BENCH_TYPING_KEYS) || 150;
/** A site rule with five selectors, as a CRM with several screens needs. */
const FIVE_SELECTORS = '#wo-number, .ticket-header [data-ticket-id], #case-ref, [data-case-ref], .order-no';

/** The page's own key-press-to-frame latency while an agent types into it. */
async function typingLatencies(context, url) {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => window.__elements > 0, null, { timeout: 60_000 });
  const elements = await page.evaluate(() => window.__elements);
  await page.locator('#filter').click();
  await page.waitForTimeout(1_000); // the sidebar's start-up is not what is measured
  await page.evaluate(() => (window.__latencies = []));
  for (let i = 0; i < KEYS; i++) await page.keyboard.type(String.fromCharCode(97 + (i % 26)), { delay: 25 });
  await page.waitForTimeout(300);
  const latencies = await page.evaluate(() => window.__latencies);
  await page.close();
  return { elements, latencies };
}

/**
 * Typing on a ~300,000-element grid with and without Iceberg, in the same browser: 127.0.0.2 is
 * a loopback host Iceberg is not granted, so no content script runs there.
 */
export async function typingBenchmark(harness) {
  const plain = await startDemoCrm({ port: 0, host: '127.0.0.2' });
  try {
    const options = await harness.context.newPage();
    await options.goto(`chrome-extension://${harness.extensionId}/options.html`);
    await options.evaluate(async (selector) => {
      const reply = await chrome.runtime.sendMessage({
        channel: 'iceberg/v1',
        type: 'updateSettings',
        payload: { crmSites: [{ matchPattern: 'http://127.0.0.1/*', label: 'Bench', workOrderRule: { selector, urlPattern: '/cases/([A-Za-z0-9_-]+)' } }] },
      });
      if (!reply?.ok) throw new Error(JSON.stringify(reply));
    }, FIVE_SELECTORS);
    const without = await typingLatencies(harness.context, `${plain.url}/hostile/huge-grid.html`);
    const withIceberg = await typingLatencies(harness.context, `${harness.crm.url}/hostile/huge-grid.html`);
    const p95Without = percentile(without.latencies, 95);
    const p95With = percentile(withIceberg.latencies, 95);
    return [
      `Typing on a ${withIceberg.elements.toLocaleString('en')}-element grid page (${KEYS} keys, key press → next frame): ` +
        `without Iceberg p50 ${percentile(without.latencies, 50).toFixed(1)} ms, p95 ${p95Without.toFixed(1)} ms; ` +
        `with Iceberg (five-selector rule) p50 ${percentile(withIceberg.latencies, 50).toFixed(1)} ms, p95 ${p95With.toFixed(1)} ms; ` +
        `p95 grows by ${(p95With - p95Without).toFixed(1)} ms   target ≤ 5 ms`,
    ];
  } finally {
    await plain.close();
  }
}

/** From the page's DOMContentLoaded to the sidebar frame showing the categories (its ready mark). */
export async function sidebarInteractive(page, url, loads) {
  const timings = [];
  for (let i = 0; i < loads; i++) {
    await page.goto(url);
    const loadedAt = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
    const readyAt = await waitFor(async () => {
      const frame = page.frames().find((candidate) => candidate.url().includes('/sidebar-frame.html'));
      if (!frame) return null;
      return frame.evaluate(() => {
        const [mark] = performance.getEntriesByName('iceberg-sidebar-ready');
        return mark ? performance.timeOrigin + mark.startTime : null;
      });
    }, 'the sidebar to be ready');
    timings.push(readyAt - loadedAt);
  }
  return timings;
}
