// The dashboard in real Chromium: clicks on the demo CRM show up on the dashboard, the click log
// exports to a CSV that an independent parser reads back field for field, merging agents'
// exports twice counts nothing twice, a GB18030 export is read right, and an edited backup is
// refused without changing anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { tsImport } from 'tsx/esm/api';
import { AGENT_TIMEZONE, icebergForTests, openCase, storedEvents, waitFor, waitForStoredEvents } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const harness = icebergForTests();

/**
 * Today where the browser runs (the agent's time zone), not where this process runs: from 16:00
 * UTC it is already tomorrow in Shanghai, and the export and the dashboard's "today" say so.
 */
function agentDay(date = new Date()) {
  return new Intl.DateTimeFormat('en-CA', { timeZone: AGENT_TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(date);
}

/** An agent's click-log export, generated in the export format (seeded, so reproducible). */
function writeAgentExport(file, events, seed) {
  execFileSync(
    path.join(ROOT, 'node_modules/.bin/tsx'),
    ['--tsconfig', path.join(ROOT, 'knowledge/cli/tsconfig.cli.json'), path.join(ROOT, 'tests/bench/click-log-file.ts'), file, String(events), String(seed), agentDay(), '7'],
    { cwd: ROOT },
  );
}

/** An agent's export as Chinese Excel re-saves it: GB18030, no BOM, with Chinese agent names. */
async function writeGb18030Export(file, events, seed, names) {
  writeAgentExport(file, events, seed);
  const { encodeLegacy } = await tsImport('../unit/legacy-encodings.ts', import.meta.url);
  const text = (await readFile(file, 'utf8')).replace(/^\uFEFF/, '').replace(/,agent-(\d+),/g, (_match, number) => `,${names[Number(number) % names.length]},`);
  await writeFile(file, encodeLegacy(text, 'gb18030'));
}

/** Runs `work` with a fresh temporary folder, removed afterwards. */
async function inTempDir(prefix, work) {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  try {
    await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
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
  assert.ok(download.suggestedFilename().includes(agentDay().replace(/-/g, '')) || download.suggestedFilename().includes(agentDay()), download.suggestedFilename());
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
  await inTempDir('iceberg-merge-', async (dir) => {
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
  });
});

test('a GB18030 export merges with its encoding warning and the agents\' Chinese names read right', async () => {
  await inTempDir('iceberg-merge-gb-', async (dir) => {
    const file = path.join(dir, '华东组.csv');
    const names = ['华东-张三', '华东-李四'];
    await writeGb18030Export(file, 40, 3, names);

    const dashboard = await openDashboard();
    assert.deepEqual((await mergeFiles(dashboard, [file])).map(({ status, added }) => [status, added]), [['done', 40]]);
    const item = dashboard.locator('li[data-import-file]');
    assert.equal(await item.locator('[data-encoding]').getAttribute('data-encoding'), 'gb18030');
    const warning = item.locator('tr[data-problem-code="encoding-detected"]');
    assert.equal(await warning.getAttribute('data-severity'), 'warning');
    assert.match(await warning.textContent(), /文件不是 UTF-8，已按 gb18030 读取/);

    // The agent filter lists the names as written, none garbled.
    const agents = dashboard.getByRole('combobox', { name: '坐席' });
    await waitFor(async () => (await agents.locator('option').count()) > 2, 'the merged agents in the filter');
    const listed = await agents.locator('option').evaluateAll((options) => options.map((option) => option.value).filter(Boolean));
    assert.deepEqual(listed.filter((name) => name.startsWith('华东')).sort(), [...names].sort());
    assert.ok(!listed.some((name) => name.includes('\uFFFD')), listed.join(', '));
  });
});

test('an edited backup is refused with the reason, and nothing changes', async () => {
  await inTempDir('iceberg-backup-', async (dir) => {
    const agentExport = path.join(dir, 'agent-c.csv');
    writeAgentExport(agentExport, 30, 4);
    const dashboard = await openDashboard();
    await mergeFiles(dashboard, [agentExport]);

    const pick = dashboard.locator('[data-section="backup"] input[data-pick-location]');
    if (await pick.isChecked()) await pick.uncheck();
    const [download] = await Promise.all([dashboard.waitForEvent('download'), dashboard.locator('[data-action="backup"]').click()]);
    const backup = await readFile(await download.path(), 'utf8');
    const edited = path.join(dir, 'iceberg-backup-edited.ndjson');
    await writeFile(edited, backup.replace(/"agentId":"agent-(\d+)"/, '"agentId":"agent-9$1"'));
    const agents = dashboard.getByRole('combobox', { name: '坐席' });
    const listedAgents = () => agents.locator('option').evaluateAll((options) => options.map((option) => option.value).filter(Boolean));
    await waitFor(async () => (await listedAgents()).length > 0, 'the merged agents in the filter');
    const before = { agents: await listedAgents(), clicks: await figure(dashboard, 'data-total-clicks') };

    await dashboard.locator('#restore-file').setInputFiles(edited);
    await dashboard.locator('[data-action="confirm-restore"]').click();
    const refused = dashboard.locator('[data-restore-error]');
    await refused.waitFor();
    const problem = refused.locator('tr[data-problem-code]');
    assert.equal(await problem.getAttribute('data-problem-code'), 'backup-modified');
    assert.match(await problem.textContent(), /被改动过/);
    assert.equal(await refused.locator('caption').textContent(), 'iceberg-backup-edited.ndjson');

    await dashboard.reload();
    await dashboard.locator('[data-total-clicks]').waitFor();
    await waitFor(async () => (await listedAgents()).length > 0, 'the agents in the filter');
    assert.deepEqual({ agents: await listedAgents(), clicks: await figure(dashboard, 'data-total-clicks') }, before, 'the same agents and figures');
  });
});
