// Takes the README's screenshot: the sidebar on the demo CRM after a few clicks.
// Run after `npm run build`: node tests/demo-crm/screenshot.mjs
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchIceberg, openCase, waitFor } from '../e2e/harness.mjs';

const output = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../docs/sidebar-on-demo-crm.png');
const harness = await launchIceberg();
try {
  const page = await harness.context.newPage();
  const sidebar = await openCase(page, harness.crm, 'CASE-2026-0001');
  for (const categoryId of ['network-5g-throttle', 'network-5g-throttle', 'billing', 'plan-family']) {
    await sidebar.click(`[data-category-id="${categoryId}"]`);
  }
  await waitFor(async () => (await sidebar.total()) === 4, 'four clicks to be counted');
  await sidebar.click('[data-risk-grade="escalated"]');
  await page.waitForTimeout(300);
  await page.screenshot({ path: output });
  console.log(`Saved ${output}`);
} finally {
  await harness.close();
}
