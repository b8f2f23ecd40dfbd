// The dashboard in real Chromium: clicks on the demo CRM show up on the dashboard, the click log
// exports to a CSV that an independent parser reads back field for field, and merging agents'
// exports twice counts nothing twice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { icebergForTests, openCase, storedEvents, waitFor, waitForStoredEvents } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const harness = icebergForTests();

function localDay(date = new Date()) {
  const pad = (value) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** An agent's click-log export, generated in the export format (seeded, so reproducible). */
function writeAgentExport(file, events, seed) {
  execFileSync(
    path.join(ROOT, 'node_modules/.bin/tsx'),
    ['--tsconfig', path.join(ROOT, 'knowledge/cli/tsconfig.cli.json'), path.join(ROOT, 'tests/bench/click-log-file.ts'), file, String(events), String(seed), localDay(), '7'],
    { cwd: ROOT },
  );
}

async function openDashboard() {
  const page = await harness.context.newPage();
  await page.goto(`chrome-extension://${harness.extensionId}/dashboard.html`);
  await page.locator('[data-total-clicks]').waitFor();
  return page;
}

async function figure(page, attribute) {
  return page.locator(`[${attribute}]`).first().getAttribute(attribute);
}

async function mergeFiles(page, files) {
  await page.locator('#merge-files').setInputFiles(files);
  await page.waitForFunction(
    (count) => {
      const items = [...document.querySelectorAll('li[data-import-file]')];
      return items.length === count && items.every((item) => ['done', 'failed'].includes(item.getAttribute('data-import-status')));
    },
    files.length,
    { timeout: 60_000 },
  );
  return page.locator('li[data-import-file]').evaluateAll((items) =>
    items.map((item) => ({
      status: item.getAttribute('data-import-status'),
      added: Number(item.getAttribute('data-import-added')),
      duplicates: Number(item.getAttribute('data-import-duplicates')),
    })),
  );
}

test('clicks on the CRM show on the dashboard: count, tickets, iceberg ratio and TOP-10, undone clicks left out', async () => {
  const page = await harness.context.newPage();
  const sidebar = await openCase(page, harness.crm, 'CASE-2026-0001');
  await sidebar.click('[data-category-id="billing"]');
  await sidebar.waitForCount('billing', 1);
  await sidebar.click('input[name="ticket-raised"]');
  await sidebar.click('[data-category-id="billing"]');
  await sidebar.click('[data-category-id="network"]');
  await sidebar.click('[data-category-id="sms"]');
  await sidebar.waitForTotal(4);
  await sidebar.click('.iceberg-undo'); // the sms click was a mistake
  await sidebar.waitForTotal(3);
  await waitFor(async () => (await storedEvents(harness)).some((event) => event.voided), 'the undo to be stored');

  const dashboard = await openDashboard();
  await dashboard.locator('[data-preset="today"]').check();
  await waitFor(async () => (await figure(dashboard, 'data-total-clicks')) === '3', 'the dashboard to count 3 clicks');
  assert.equal(await figure(dashboard, 'data-total-tickets'), '1');
  assert.equal(await figure(dashboard, 'data-ratio-per-100'), '33.33', 'tickets per 100 generalized complaints');
  const top = await dashboard.locator('tr[data-category-id][data-clicks]').evaluateAll((rows) =>
    rows.map((row) => [row.getAttribute('data-category-id'), Number(row.getAttribute('data-clicks'))]),
  );
  assert.deepEqual(top.slice(0, 2), [
    ['billing', 2],
    ['network', 1],
  ]);
  assert.ok(!top.some(([id]) => id === 'sms'), 'the undone click is not counted');
  assert.equal(await dashboard.locator('svg[data-chart="chart-top"] g[data-bar]').count() >= 2, true, 'the TOP-10 is drawn as a chart');
});

test('the click log exports to a CSV that another parser reads back field for field', async () => {
  const page = await harness.context.newPage();
  const sidebar = await openCase(page, harness.crm, 'CASE-2026-0002');
  await sidebar.click('[data-category-id="attitude"]');
  await sidebar.click('[data-category-id="plan-family"]');
  const stored = await waitForStoredEvents(harness, 2);

  const dashboard = await openDashboard();
  await dashboard.locator('[data-preset="today"]').check();
  const pick = dashboard.locator('[data-section="export"] input[data-pick-location]');
  if (await pick.isChecked()) await pick.uncheck();
  const [download] = await Promise.all([dashboard.waitForEvent('download'), dashboard.locator('[data-export="clicks-csv"]').click()]);
  assert.match(download.suggestedFilename(), /\.csv$/);
  assert.ok(download.suggestedFilename().includes(localDay().replace(/-/g, '')) || download.suggestedFilename().includes(localDay()), download.suggestedFilename());
  const bytes = await readFile(await download.path());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 with BOM, for Excel');
  const rows = parse(bytes, { bom: true, columns: true });
  assert.equal(rows.length, 2);
  for (const event of stored) {
    const row = rows.find((candidate) => candidate.event_id === event.id);
    assert.ok(row, `event ${event.id} is exported`);
    assert.equal(row.occurred_at, event.occurredAt);
    assert.equal(row.agent_id, event.agentId);
    assert.equal(row.category_id, event.categoryId);
    assert.equal(row.case_ref, 'CASE-2026-0002');
    assert.equal(row.voided, 'false');
    assert.equal(row.site, event.site);
  }
  assert.equal(rows.find((row) => row.category_id === 'plan-family').category_name_zh, '家庭/融合套餐');
});

test('merging two agents\' exports, then one of them again, counts nothing twice', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iceberg-merge-'));
  try {
    const first = path.join(dir, 'agent-a.csv');
    const second = path.join(dir, 'agent-b.csv');
    writeAgentExport(first, 300, 1);
    writeAgentExport(second, 200, 2);

    const dashboard = await openDashboard();
    const summaries = await mergeFiles(dashboard, [first, second]);
    assert.deepEqual(summaries.map(({ status, added }) => [status, added]), [
      ['done', 300],
      ['done', 200],
    ]);
    await dashboard.locator('[data-preset="last7"]').check();
    await dashboard.reload();
    await dashboard.locator('[data-preset="last7"]').check();
    await waitFor(async () => Number(await figure(dashboard, 'data-total-clicks')) > 0, 'merged clicks on the dashboard');
    const totalAfterMerge = await figure(dashboard, 'data-total-clicks');

    const again = await mergeFiles(dashboard, [first]);
    assert.deepEqual(again.map(({ status, added, duplicates }) => [status, added, duplicates]), [['done', 0, 300]]);
    await dashboard.reload();
    await dashboard.locator('[data-preset="last7"]').check();
    await waitFor(async () => (await figure(dashboard, 'data-total-clicks')) !== null, 'the dashboard to load');
    assert.equal(await figure(dashboard, 'data-total-clicks'), totalAfterMerge, 'the same totals after importing a file again');

    // Both imports are listed with their own source and can be removed again.
    // The list loads apart from the figures.
    await waitFor(async () => (await dashboard.locator('tr[data-import-id]').count()) === 3, 'all three imports to be listed');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
