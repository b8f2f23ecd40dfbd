// Nothing is lost: the MV3 service worker is stopped between and during clicks, and two tabs
// click at the same time. Counts shown, counters stored and events stored must all agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  icebergForTests,
  openCase,
  storedCountTotals,
  storedEvents,
  waitForSidebarReady,
} from './harness.mjs';

const harness = icebergForTests();

async function openCrmCase(caseId) {
  const page = await harness.context.newPage();
  const sidebar = await openCase(page, harness.crm, caseId);
  await sidebar.waitForCaseRef(caseId);
  return { page, sidebar };
}

function liveEvents(events) {
  return events.filter((event) => !event.voided);
}

test('no click is lost when the service worker is stopped between clicks', async () => {
  const worker = await harness.serviceWorkerControl();
  const { page, sidebar } = await openCrmCase('CASE-2026-0001');

  await sidebar.click('[data-category-id="billing"]');
  await sidebar.waitForCount('billing', 1);

  await worker.stop();
  const restartsBefore = worker.restarts();
  await sidebar.click('[data-category-id="billing"]');
  await sidebar.waitForCount('billing', 2);

  await worker.stop();
  await page.keyboard.press('Alt+Shift+2');
  await sidebar.waitForCount('network', 1);
  await sidebar.waitForTotal(3);
  await sidebar.waitForSaved();
  assert.equal(worker.restarts(), restartsBefore + 2, 'the worker was started again by each click');

  const events = await storedEvents(harness);
  assert.equal(events.length, 3);
  assert.equal(new Set(events.map((event) => event.id)).size, 3);
  assert.ok(events.every((event) => !event.voided && event.workOrderRef === 'CASE-2026-0001'));
  assert.deepEqual(await storedCountTotals(harness), { total: 3, tickets: 0, byCategory: { billing: 2, network: 1 } });

  // Stopped again, then a reload: the sidebar wakes the worker and shows every click.
  await worker.stop();
  await page.reload();
  const reloaded = await waitForSidebarReady(page);
  await reloaded.waitForTotal(3);
  assert.equal(await reloaded.count('billing'), 2);
});

const RAPID_CATEGORIES = [
  { id: 'billing', key: '1' },
  { id: 'network', key: '2' },
  { id: 'plan', key: '3' },
  { id: 'attitude', key: '4' },
  { id: 'sms', key: '8' },
];

/** 20 quick clicks (mouse or keys), asking Chromium to stop the worker twice while clicks are in flight. */
async function clickRapidlyStoppingTheWorker(clickOnce) {
  const worker = await harness.serviceWorkerControl();
  const expected = {};
  for (let click = 0; click < 20; click += 1) {
    const category = RAPID_CATEGORIES[click % RAPID_CATEGORIES.length];
    expected[category.id] = (expected[category.id] ?? 0) + 1;
    if (click === 8 || click === 14) await worker.requestStop();
    await clickOnce(category);
  }
  return { worker, expected };
}

async function assertStoredExactlyOnce(sidebar, worker, expected, workOrderRef) {
  await sidebar.waitForTotal(20, 30_000);
  await sidebar.waitForSaved(30_000);
  assert.ok(worker.history.includes('stopped'), `the worker really stopped (statuses: ${worker.history.join(' → ')})`);

  const events = await storedEvents(harness);
  assert.equal(events.length, 20, 'exactly 20 events stored');
  assert.equal(new Set(events.map((event) => event.id)).size, 20, 'no duplicates');
  assert.equal(liveEvents(events).length, 20);
  assert.ok(events.every((event) => event.workOrderRef === workOrderRef));
  const stored = {};
  for (const event of events) stored[event.categoryId] = (stored[event.categoryId] ?? 0) + 1;
  assert.deepEqual(stored, expected, 'each click stored in the category the agent chose');
  assert.deepEqual(await storedCountTotals(harness), { total: 20, tickets: 0, byCategory: expected });
  for (const [categoryId, count] of Object.entries(expected)) await sidebar.waitForCount(categoryId, count);
  assert.equal(await sidebar.exists('.iceberg-error'), false, 'no error left on screen');
}

test('20 rapid shortcut presses with the service worker stopped mid-way are all stored exactly once', async () => {
  const { page, sidebar } = await openCrmCase('CASE-2026-0003');
  const { worker, expected } = await clickRapidlyStoppingTheWorker((category) => page.keyboard.press(`Alt+Shift+${category.key}`));
  await assertStoredExactlyOnce(sidebar, worker, expected, 'CASE-2026-0003');
});

test('20 rapid mouse clicks with the service worker stopped mid-way are all stored exactly once, in the category clicked', async () => {
  const { sidebar } = await openCrmCase('CASE-2026-0002');
  const { worker, expected } = await clickRapidlyStoppingTheWorker((category) =>
    sidebar.click(`[data-category-id="${category.id}"]`),
  );
  await assertStoredExactlyOnce(sidebar, worker, expected, 'CASE-2026-0002');
});

test('status notices do not move the category buttons under the agent\'s pointer', async () => {
  const { sidebar } = await openCrmCase('CASE-2026-0004');
  const positions = async () => {
    const result = {};
    for (const { id } of RAPID_CATEGORIES) result[id] = Math.round((await sidebar.box(`[data-category-id="${id}"]`)).y);
    return result;
  };
  const before = await positions();
  await sidebar.click('[data-category-id="network"]');
  await sidebar.waitForCount('network', 1);
  assert.deepEqual(await positions(), before, 'after a click');
  await sidebar.waitFor('.iceberg-undo:not([disabled])');
  await sidebar.click('.iceberg-undo');
  await sidebar.waitForTotal(0);
  assert.deepEqual(await positions(), before, 'after an undo (the "undone" notice)');
});

test('two tabs on different cases, clicking at the same time, show the same totals as the log', async () => {
  const first = await openCrmCase('CASE-2026-0001');
  const second = await openCrmCase('CASE-2026-0002');

  await first.sidebar.click('[data-category-id="billing"]');
  await second.sidebar.waitForCount('billing', 1); // the other tab follows live
  await second.sidebar.click('[data-category-id="network"]');
  await first.sidebar.waitForCount('network', 1);

  // Both agents' hands at once: clicks and shortcuts in both tabs simultaneously.
  for (let round = 0; round < 5; round += 1) {
    await Promise.all([
      first.sidebar.click('[data-category-id="plan"]'),
      second.sidebar.click('[data-category-id="plan"]'),
    ]);
  }
  await Promise.all([first.page.keyboard.press('Alt+Shift+6'), second.page.keyboard.press('Alt+Shift+6')]);

  const expected = { billing: 1, network: 1, plan: 10, marketing: 2 };
  for (const tab of [first, second]) {
    await tab.sidebar.waitForTotal(14);
    await tab.sidebar.waitForSaved();
  }
  for (const tab of [first, second]) {
    for (const [categoryId, count] of Object.entries(expected)) {
      await tab.sidebar.waitForCount(categoryId, count);
    }
  }

  const events = liveEvents(await storedEvents(harness));
  assert.equal(events.length, 14);
  assert.equal(events.filter((event) => event.workOrderRef === 'CASE-2026-0001').length, 7);
  assert.equal(events.filter((event) => event.workOrderRef === 'CASE-2026-0002').length, 7);
  assert.deepEqual(await storedCountTotals(harness), { total: 14, tickets: 0, byCategory: expected });

  // An undo in one tab shows in the other.
  await first.sidebar.waitFor('.iceberg-undo:not([disabled])');
  await first.sidebar.click('.iceberg-undo');
  await first.sidebar.waitForTotal(13);
  await second.sidebar.waitForTotal(13);
  assert.equal(liveEvents(await storedEvents(harness)).length, 13);
  assert.equal((await storedCountTotals(harness)).total, 13);
});
