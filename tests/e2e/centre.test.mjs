// A whole centre, end to end: IT's policy (a policy file Chromium reads), a case library the team
// lead publishes on a web server, and clicks that reach a real ClickHouse started by this file
// (Debian's 18.16 unless CLICKHOUSE_SERVER says otherwise), also while it is down for a while.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { tsImport } from 'tsx/esm/api';
import { icebergForTests, storedCountTotals, storedEvents, storedRecords, waitFor, waitForSidebarReady } from './harness.mjs';

const { startClickHouse } = await tsImport('../clickhouse/clickhouse-server.ts', import.meta.url);
const { DEFAULT_TAXONOMY } = await tsImport('../../knowledge/taxonomy/default-taxonomy.ts', import.meta.url);

const AGENT_ID = '8801';
let clickhouse;
/** The team lead's web server: path → file. */
const published = new Map();
let files;
let filesUrl = '';

function libraryFile(version, scripts) {
  return JSON.stringify({
    schemaVersion: 1,
    name: '中心案例库',
    version,
    scripts: scripts.map(([id, title]) => ({
      id,
      title,
      scenario: '客户反映本月话费异常。',
      solution: '核对账单明细，必要时提交核查工单。',
      script: '您的心情我理解，我已记录，[X] 个工作日内回电告知结果。',
      keywords: ['话费'],
      categoryIds: ['billing'],
      updatedAt: '2026-11-01',
    })),
  });
}

/** The centre's servers, started before the browser (its policy names them). */
async function startCentre() {
  clickhouse = await startClickHouse();
  await clickhouse.runFile('schema.sql');
  published.set('/iceberg/taxonomy.json', JSON.stringify({ ...DEFAULT_TAXONOMY, name: '中心分类表', version: '2026.11' }));
  published.set('/iceberg/case-library.json', libraryFile('2026.11', [['centre-001', '中心话术一号']]));
  files = http.createServer((request, response) => {
    const body = published.get(request.url);
    if (body === undefined) return void response.writeHead(404).end();
    response.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-cache' }).end(body);
  });
  await new Promise((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesUrl = `http://127.0.0.1:${files.address().port}`;
}

after(async () => {
  await clickhouse?.stop();
  await new Promise((resolve) => (files ? files.close(resolve) : resolve()));
});

/** IT's policy for the centre: the demo CRM (agent id in the URL), the published files, upload and reports. */
const policy = () => ({
  crmSites: [
    {
      matchPattern: 'http://127.0.0.1/*',
      label: '客服工作台',
      workOrderRule: { selector: '#case-ref, [data-case-ref]', urlPattern: '/cases/([A-Za-z0-9_-]+)' },
      agentIdRule: { urlPattern: '[?&]agent=([A-Za-z0-9_-]+)' },
    },
  ],
  sensitiveWords: ['投诉', '曝光', '工信部'],
  taxonomyUrl: `${filesUrl}/iceberg/taxonomy.json`,
  libraryUrl: `${filesUrl}/iceberg/case-library.json`,
  upload: {
    url: clickhouse.url,
    user: clickhouse.agent.user,
    key: clickhouse.agent.key,
    batching: { maxRows: 500, maxWaitSeconds: 1 },
    timeoutSeconds: 5,
  },
  centreReports: { url: clickhouse.url, user: clickhouse.report.user, key: clickhouse.report.key },
});

const harness = icebergForTests(async () => {
  await startCentre();
  return { policy: policy() };
});

async function openAsAgent(page, caseId = 'CASE-2026-0001') {
  await page.goto(`${harness.crm.url}/cases/${caseId}?agent=${AGENT_ID}`);
  return waitForSidebarReady(page);
}

async function openExtensionPage(name) {
  const page = await harness.context.newPage();
  await page.goto(`chrome-extension://${harness.extensionId}/${name}.html`);
  return page;
}

/** What the centre counts for these events: each once, as its latest version. */
async function centreCounts(ids) {
  const list = ids.map((id) => `'${id}'`).join(',');
  const tsv = await clickhouse.query(
    `SELECT count(), uniqExact(event_id), countIf(voided = 0), countIf(voided = 1), groupUniqArray(agent_id) FROM iceberg.click_events FINAL WHERE event_id IN (${list}) FORMAT TSV`,
  );
  const [rows, events, clicks, voided, agents] = tsv.trim().split('\t');
  return { rows: Number(rows), events: Number(events), clicks: Number(clicks), voided: Number(voided), agents: JSON.parse(agents.replace(/'/g, '"')) };
}

async function centreByCategory(ids) {
  const list = ids.map((id) => `'${id}'`).join(',');
  const tsv = await clickhouse.query(`SELECT category_id, countIf(voided = 0) FROM iceberg.click_events FINAL WHERE event_id IN (${list}) GROUP BY category_id FORMAT TSV`);
  return Object.fromEntries(
    tsv
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => line.split('\t'))
      .map(([category, clicks]) => [category, Number(clicks)])
      .filter(([, clicks]) => clicks > 0),
  );
}

test('IT’s policy is applied: locked in the settings page, and a change reaches an open sidebar at once', async () => {
  const options = await openExtensionPage('options');
  const notice = options.locator('[data-section="policy"]');
  await notice.waitFor();
  const locked = (await notice.getAttribute('data-locked')).split(' ');
  for (const key of ['crmSites', 'sensitiveWords', 'libraryUrl', 'taxonomyUrl', 'upload', 'centreReports']) assert.ok(locked.includes(key), `${key} locked`);
  assert.equal(await options.locator('#sensitive-words').isDisabled(), true);
  assert.equal(await options.locator('#centre-upload-url').count(), 0, 'no editable centre addresses: IT set them all');
  // The agent's own choices stay the agent's.
  assert.equal(await options.locator('#agent-id').isDisabled(), false);

  const page = await harness.context.newPage();
  const sidebar = await openAsAgent(page);
  assert.equal(await sidebar.attribute('.iceberg-panel', 'lang'), 'zh-CN');
  await harness.setPolicy({ ...policy(), locale: 'en' });
  await waitFor(async () => (await sidebar.attribute('.iceberg-panel', 'lang')) === 'en', 'the sidebar to follow the policy’s language', 30_000);
  await waitFor(async () => (await options.locator('#locale').isDisabled()) === true, 'the settings page to lock the language', 10_000);
  await harness.setPolicy(policy());
  await waitFor(async () => (await sidebar.attribute('.iceberg-panel', 'lang')) === 'zh-CN', 'the sidebar back in Chinese', 30_000);
});

test('a library the lead publishes reaches an open sidebar; a refused file changes nothing and the lead sees why', async () => {
  const page = await harness.context.newPage();
  const sidebar = await openAsAgent(page);
  await waitFor(async () => (await sidebar.exists('[data-library-version="2026.11"]')), 'the published library in the sidebar footer', 20_000);

  published.set('/iceberg/case-library.json', libraryFile('2026.12', [['centre-001', '中心话术一号'], ['centre-002', '中心话术二号']]));
  const library = await openExtensionPage('library');
  await library.locator('[data-section="published"]').waitFor();
  assert.equal(await library.locator('#library-file').isVisible(), false, 'no manual import of a published library');
  await library.locator('button[data-action="check-published"]').click();
  await waitFor(async () => (await sidebar.exists('[data-library-version="2026.12"]')), 'the open sidebar to take the new version', 20_000);
  // Taken with its search index, built by the background then: no agent's keystroke builds it.
  const index = await storedRecords(harness, 'searchIndex');
  const revision = index.find((record) => record.key === 'revision')?.revision;
  // Snapshots carry the revision with the shipped library and lexicon they were built beside ("<revision>@…").
  assert.deepEqual(index.filter((record) => record.key !== 'revision' && record.revision.startsWith(`${revision}@`)).map((record) => record.key).sort(), ['full', 'naming']);
  await sidebar.focus('.iceberg-script-search');
  await page.keyboard.type('中心话术二号');
  await waitFor(async () => (await sidebar.attribute('#iceberg-script-results .iceberg-script', 'data-script-id')) === 'centre-002', 'the new script to be found');

  published.set('/iceberg/case-library.json', '{"schemaVersion": 1, "name": "半个文件"');
  await library.locator('button[data-action="check-published"]').click();
  await library.locator('[data-published-trouble="invalid-file"]').waitFor();
  assert.equal(await sidebar.exists('[data-library-version="2026.12"]'), true, 'the last good library stays');
  published.set('/iceberg/case-library.json', libraryFile('2026.12', [['centre-001', '中心话术一号'], ['centre-002', '中心话术二号']]));
});

test('500 clicks with the centre down half way: after it is back the centre counts what the browser counts, each click once', async () => {
  const page = await harness.context.newPage();
  const sidebar = await openAsAgent(page, 'CASE-2026-0002');
  const categories = ['billing', 'network', 'sms', 'broadband', 'attitude'];
  const clickMany = async (count) => {
    for (let i = 0; i < count; i += 1) await sidebar.click(`[data-category-id="${categories[i % categories.length]}"]`);
    await sidebar.waitForSaved(60_000);
  };

  await clickMany(250);
  await waitFor(async () => (await sidebar.exists('[data-upload-health="up-to-date"]')), 'the first half to reach the centre', 30_000);

  await clickhouse.kill();
  try {
    await clickMany(250);
    await waitFor(async () => (await sidebar.exists('[data-upload-health="retrying"]')), 'the footer to say the upload fails', 30_000);
    const waiting = Number(await sidebar.attribute('[data-upload-pending]', 'data-upload-pending'));
    assert.ok(waiting > 0 && waiting <= 250, `changes wait in the browser (${waiting})`);
  } finally {
    await clickhouse.restart();
  }
  // The agent (or the backoff, a little later) sends what waits.
  const options = await openExtensionPage('options');
  await options.locator('button[data-action="upload-now"]').click({ timeout: 10_000 }).catch(() => undefined);
  await waitFor(async () => (await sidebar.exists('[data-upload-health="up-to-date"]')), 'everything to reach the centre', 60_000);

  const events = await storedEvents(harness);
  assert.equal(events.length, 500);
  assert.ok(events.every((event) => event.agentId === AGENT_ID), 'the agent id came from the CRM page');
  const ids = events.map((event) => event.id);
  const centre = await centreCounts(ids);
  assert.equal(centre.events, 500, 'no click lost');
  assert.equal(centre.clicks, 500, 'no click counted twice');
  assert.deepEqual(centre.agents, [AGENT_ID]);
  assert.deepEqual(await centreByCategory(ids), (await storedCountTotals(harness)).byCategory);

  // The dashboard's "centre" source shows what ClickHouse counts (every agent, the last 7 days).
  const dashboard = await openExtensionPage('dashboard');
  await dashboard.locator('input[name="dashboard-data-source"][value="centre"]').check();
  const total = Number((await clickhouse.query('SELECT countIf(voided = 0) FROM iceberg.click_events FINAL WHERE day >= today() - 6 FORMAT TSV')).trim());
  await waitFor(
    async () => Number(await dashboard.locator('[data-total-clicks]').first().getAttribute('data-total-clicks')) === total,
    `the dashboard to show the centre's ${total} clicks`,
    20_000,
  );
});

test('an undo after the click reached the centre takes it out of the centre’s count', async () => {
  const page = await harness.context.newPage();
  const sidebar = await openAsAgent(page, 'CASE-2026-0003');
  await sidebar.click('[data-category-id="billing"]');
  await sidebar.waitForSaved();
  const [event] = await storedEvents(harness);
  await waitFor(async () => (await centreCounts([event.id])).clicks === 1, 'the click in the centre', 20_000);
  await sidebar.click('.iceberg-undo');
  await waitFor(async () => (await storedEvents(harness))[0].voided, 'the undo to be stored');
  await waitFor(async () => {
    const counts = await centreCounts([event.id]);
    return counts.clicks === 0 && counts.voided === 1;
  }, 'the centre to count the click as undone', 20_000);
});
