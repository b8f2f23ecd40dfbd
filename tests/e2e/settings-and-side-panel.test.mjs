// What the agent sets up once (agent id, language, the CRM sites the sidebar docks on) and the
// browser's side panel, which offers the same tagging UI next to any CRM tab.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  icebergForTests,
  openCase,
  sidebarHostCount,
  waitFor,
  waitForSidebarReady,
  waitForStoredEvents,
} from './harness.mjs';

const harness = icebergForTests();

async function openOptions() {
  const page = await harness.context.newPage();
  await page.goto(`chrome-extension://${harness.extensionId}/options.html`);
  await page.locator('#agent-id').waitFor();
  return page;
}


test('the agent id and language set in the options page reach the sidebar and every stored click', async () => {
  const crmPage = await harness.context.newPage();
  const sidebar = await openCase(crmPage, harness.crm, 'CASE-2026-0002');
  assert.match(await sidebar.text('.iceberg-title'), /冰山/, 'Simplified Chinese by default');

  const options = await openOptions();
  await options.locator('#agent-id').fill('A-1024');
  await options.getByRole('button', { name: '保存' }).first().click();
  await options.locator('#locale').selectOption('en');
  await options.locator('h1', { hasText: 'Settings' }).waitFor();

  // The open CRM tab follows without a reload.
  await waitFor(async () => /Iceberg/.test(await sidebar.text('.iceberg-title')), 'the sidebar to switch to English');
  await sidebar.waitForCaseRef('CASE-2026-0002');
  await sidebar.click('[data-category-id="plan"]');
  const [event] = await waitForStoredEvents(harness, 1);
  assert.equal(event.agentId, 'A-1024');
  assert.equal(event.categoryId, 'plan');

  await options.locator('#locale').selectOption('zh-CN');
  await waitFor(async () => /冰山/.test(await sidebar.text('.iceberg-title')), 'the sidebar to switch back to Chinese');
});

test('the sidebar docks only on the CRM sites configured: removing a site removes it, adding it back brings it back', async () => {
  const localhostCase = harness.crm.url.replace('127.0.0.1', 'localhost') + '/cases/CASE-2026-0005';
  const options = await openOptions();
  const siteRow = options.locator('li', { hasText: 'http://localhost/*' });
  await siteRow.getByRole('button', { name: '移除' }).click();
  await siteRow.waitFor({ state: 'detached' });

  const page = await harness.context.newPage();
  await page.goto(localhostCase);
  await page.locator('#case-ref').waitFor();
  await page.waitForTimeout(1_000); // the sidebar would have appeared by now (see the benchmark)
  assert.equal(await sidebarHostCount(page), 0, 'no sidebar on a site not configured');
  assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).marginRight), '0px');

  // The demo CRM on 127.0.0.1 still has it.
  const demo = await harness.context.newPage();
  await openCase(demo, harness.crm, 'CASE-2026-0001');

  await options.getByLabel('CRM 地址').fill('http://localhost');
  await options.locator('[data-site-pattern="http://localhost/*"]').waitFor();
  await options.getByRole('button', { name: '添加并授权' }).click();
  await options.locator('li', { hasText: 'http://localhost/*' }).waitFor();

  await page.reload();
  const sidebar = await waitForSidebarReady(page);
  await sidebar.waitForCaseRef('CASE-2026-0005');
  await sidebar.click('[data-category-id="network"]');
  const [event] = await waitForStoredEvents(harness, 1);
  assert.equal(event.workOrderRef, 'CASE-2026-0005');
  assert.match(event.site, /^localhost:\d+$/);
});

test('the browser side panel shows the active CRM tab\'s case, records into it, and the in-page sidebar agrees', async () => {
  const crmPage = await harness.context.newPage();
  const sidebar = await openCase(crmPage, harness.crm, 'CASE-2026-0003');
  await sidebar.waitForCaseRef('CASE-2026-0003');

  const panel = await harness.context.newPage();
  await panel.goto(`chrome-extension://${harness.extensionId}/sidepanel.html`);
  await panel.locator('[data-category-id="billing"]').waitFor();
  // Make the CRM tab the active one, as when the agent switches back to it.
  await panel.evaluate(async (crmUrl) => {
    const [tab] = await chrome.tabs.query({ url: `${crmUrl}/*` });
    await chrome.tabs.update(tab.id, { active: true });
  }, harness.crm.url);
  await panel.locator('.iceberg-work-order[data-work-order-ref="CASE-2026-0003"]').waitFor();

  await panel.locator('[data-category-id="billing"]').click();
  await panel.locator('[data-category-id="billing"] .iceberg-count[data-count="1"]').waitFor();
  await sidebar.waitForCount('billing', 1);
  const [event] = await waitForStoredEvents(harness, 1);
  assert.equal(event.workOrderRef, 'CASE-2026-0003');
  assert.match(event.site, /^127\.0\.0\.1:\d+$/);

  // And a click in the page shows up in the panel.
  await sidebar.click('[data-category-id="sms"]');
  await panel.locator('[data-category-id="sms"] .iceberg-count[data-count="1"]').waitFor();
  assert.equal(await panel.locator('.iceberg-total').textContent(), '2');
});

test('a team lead sets up a site: scheme and port as typed, a rule per path, nothing replaced silently, the rule tried on the open tab', async () => {
  const port = new URL(harness.crm.url).port;
  const page = await harness.context.newPage();
  await openCase(page, harness.crm, 'CASE-2026-0004');
  const options = await openOptions();

  // The port is kept: this rule is for the demo CRM's port only, and only for its case pages.
  await options.getByLabel('CRM 地址').fill(`127.0.0.1:${port}`);
  await options.locator('select[name="scheme"]').selectOption('http');
  await options.locator('input[name="path"]').fill('/cases/*');
  await options.locator('input[name="selector"]').fill('#case-ref');
  const pattern = `http://127.0.0.1:${port}/cases/*`;
  await options.locator(`[data-site-pattern="${pattern}"]`).waitFor();

  // Tried on the open tab before it is saved: it finds what the agent's sidebar would.
  await options.locator('[data-action="try-draft"]').click();
  await options.locator(`[data-preview-pattern="${pattern}"] [data-preview-ref="CASE-2026-0004"]`).waitFor();

  await options.getByRole('button', { name: '添加并授权' }).click();
  await options.locator(`li[data-site="${pattern}"]`).waitFor();
  // The built-in demo entry stays beside it.
  await options.locator('li[data-site="http://127.0.0.1/*"]').waitFor();

  // The same address again asks before replacing.
  await options.getByLabel('CRM 地址').fill(`127.0.0.1:${port}`);
  await options.locator('select[name="scheme"]').selectOption('http');
  await options.locator('input[name="path"]').fill('/cases/*');
  await options.locator('input[name="selector"]').fill('.nothing-here');
  await options.getByRole('button', { name: '添加并授权' }).click();
  await options.locator(`[data-replace="${pattern}"]`).waitFor();
  await options.getByRole('button', { name: '取消' }).click();
  await options.locator(`li[data-site="${pattern}"]`, { hasText: '#case-ref' }).waitFor();

  // The saved rule, tried again from its row.
  await options.locator(`li[data-site="${pattern}"] [data-action="try-rule"]`).click();
  await options.locator(`[data-preview-pattern="${pattern}"] [data-preview-ref="CASE-2026-0004"]`).waitFor();
});
