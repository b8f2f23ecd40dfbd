// The agent's core loop on the demo CRM: one click (or one key) records one event, it survives
// a reload, undo voids it, and the optional details land on the stored event.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  icebergForTests,
  openCase,
  storedCountTotals,
  storedEvents,
  waitFor,
  waitForSidebarReady,
  waitForStoredEvents,
} from './harness.mjs';

const OFFSET_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?[+-]\d{2}:\d{2}$/;

const harness = icebergForTests();

async function openCrmCase(caseId = 'CASE-2026-0001') {
  const page = await harness.context.newPage();
  const sidebar = await openCase(page, harness.crm, caseId);
  await sidebar.waitForCaseRef(caseId);
  return { page, sidebar };
}


test('a click is counted, survives a reload and is stored with category, case, time offset and site', async () => {
  const { page, sidebar } = await openCrmCase();
  assert.equal(await sidebar.count('billing'), 0);

  const clickedAt = Date.now();
  await sidebar.click('[data-category-id="billing"]');
  await sidebar.waitForCount('billing', 1);
  await sidebar.waitForTotal(1);

  await page.reload();
  const reloaded = await waitForSidebarReady(page);
  await reloaded.waitForCount('billing', 1);
  assert.equal(await reloaded.total(), 1);

  const [event] = await waitForStoredEvents(harness, 1);
  assert.equal(event.categoryId, 'billing');
  assert.equal(event.workOrderRef, 'CASE-2026-0001');
  assert.equal(event.voided, false);
  assert.match(event.id, /^[0-9a-f-]{36}$/);
  assert.match(event.occurredAt, OFFSET_DATE_TIME);
  // The browser runs in Asia/Shanghai: the agent's local time and offset, not UTC.
  assert.ok(event.occurredAt.endsWith('+08:00'), `occurredAt ${event.occurredAt} should carry +08:00`);
  assert.ok(Math.abs(Date.parse(event.occurredAt) - clickedAt) < 60_000, `occurredAt ${event.occurredAt} is the click time`);
  assert.equal(event.day, event.occurredAt.slice(0, 10));
  assert.equal(event.site, new URL(harness.crm.url).host);
  assert.equal(typeof event.agentId, 'string');
  assert.deepEqual(await storedCountTotals(harness), { total: 1, tickets: 0, byCategory: { billing: 1 } });
});

test('a reload right after a click does not lose the click', async () => {
  const { page, sidebar } = await openCrmCase();
  await sidebar.click('[data-category-id="network"]');
  await page.reload(); // no waiting for the count: the agent hits F5 at once
  const reloaded = await waitForSidebarReady(page);
  await reloaded.waitForCount('network', 1);
  const [event] = await waitForStoredEvents(harness, 1);
  assert.equal(event.categoryId, 'network');
  assert.equal(event.voided, false);
});

test('undo with the button and with Alt+Shift+Z voids the clicks, keeps them for audit and drops them from the counts', async () => {
  const { page, sidebar } = await openCrmCase();
  await sidebar.click('[data-category-id="billing"]');
  await sidebar.waitForCount('billing', 1);
  await sidebar.click('[data-category-id="network"]');
  await sidebar.waitForCount('network', 1);
  await sidebar.waitForTotal(2);

  await sidebar.waitFor('.iceberg-undo:not([disabled])');
  await sidebar.click('.iceberg-undo');
  await sidebar.waitForCount('network', 0);
  assert.equal(await sidebar.count('billing'), 1);
  await sidebar.waitForTotal(1);

  // The shortcut undoes the click before, as an agent pressing it twice would expect.
  await sidebar.waitFor('.iceberg-undo:not([disabled])');
  await page.keyboard.press('Alt+Shift+Z');
  await sidebar.waitForCount('billing', 0);
  await sidebar.waitForTotal(0);

  const events = await waitFor(async () => {
    const stored = await storedEvents(harness);
    return stored.length === 2 && stored.every((event) => event.voided) ? stored : null;
  }, 'both clicks to be voided');
  for (const event of events) {
    assert.equal(event.voided, true, `${event.categoryId} is voided`);
    assert.match(event.voidedAt ?? '', OFFSET_DATE_TIME);
    assert.ok(Date.parse(event.voidedAt) >= Date.parse(event.occurredAt));
  }
  assert.deepEqual(events.map((event) => event.categoryId).sort(), ['billing', 'network']);
  assert.deepEqual(await storedCountTotals(harness), { total: 0, tickets: 0, byCategory: {} });

  // Still excluded after a reload.
  await page.reload();
  const reloaded = await waitForSidebarReady(page);
  await reloaded.waitForCaseRef('CASE-2026-0001');
  assert.equal(await reloaded.total(), 0);
  assert.equal(await reloaded.count('billing'), 0);
});

test('Alt+Shift+digit records a click; a synthetic keydown from a page script records nothing', async () => {
  const { page, sidebar } = await openCrmCase();

  // A page script fakes the agent's shortcut for billing (Alt+Shift+1).
  await page.evaluate(() => {
    const init = { altKey: true, shiftKey: true, code: 'Digit1', key: '!', bubbles: true, cancelable: true };
    window.dispatchEvent(new KeyboardEvent('keydown', init));
    document.dispatchEvent(new KeyboardEvent('keydown', init));
    document.body.dispatchEvent(new KeyboardEvent('keydown', init));
  });

  // The agent's real key press for network (Alt+Shift+2).
  await page.keyboard.press('Alt+Shift+2');
  await sidebar.waitForCount('network', 1);
  await sidebar.waitForTotal(1);
  assert.equal(await sidebar.count('billing'), 0);

  // Letters work too: Alt+Shift+T is the 5G throttling sub-category.
  await page.keyboard.press('Alt+Shift+T');
  await sidebar.waitForCount('network-5g-throttle', 1);
  await sidebar.waitForTotal(2);

  const events = await waitForStoredEvents(harness, 2);
  assert.deepEqual(events.map((event) => event.categoryId).sort(), ['network', 'network-5g-throttle']);
  assert.ok(events.every((event) => event.workOrderRef === 'CASE-2026-0001' && !event.voided));
});

test('optional details (counting rule, emotion, risk grade, ticket) land on the stored event; undo takes the ticket back', async () => {
  const { page, sidebar } = await openCrmCase();
  await sidebar.click('[data-category-id="sms"]');
  await sidebar.waitForCount('sms', 1);
  await sidebar.waitFor('section.iceberg-details');
  const [recorded] = await waitForStoredEvents(harness, 1);
  assert.equal(await sidebar.attribute('section.iceberg-details', 'data-click-id'), recorded.id);

  // Counting rule 3: the company is not at fault, but the customer does not accept the explanation.
  await sidebar.click('input[name^="rule-"][value="explanation-not-accepted"]');
  await waitFor(
    () => sidebar.evaluate('input[name^="rule-"][value="explanation-not-accepted"]', (input) => input.checked),
    'the counting rule to be checked',
  );

  await sidebar.click('button[data-risk-grade="major"]');
  await waitFor(
    async () => (await sidebar.attribute('button[data-risk-grade="major"]', 'aria-pressed')) === 'true',
    'the major risk grade to be pressed',
  );

  // Emotion with the keyboard, as on a real <select>: focus it and arrow down to "angry",
  // looking at the screen between presses (each press is a change that is saved at once).
  const select = 'section.iceberg-details select';
  await sidebar.focus(select);
  const options = await sidebar.evaluate(select, (node) => [...node.options].map((option) => option.value));
  const angry = options.indexOf('angry');
  assert.ok(angry > 0, `the emotion list offers "angry" (${options.join(', ')})`);
  for (let step = 1; step <= angry; step += 1) {
    await page.keyboard.press('ArrowDown');
    const shown = options[step];
    await waitFor(async () => {
      const [event] = await storedEvents(harness);
      return event.emotion === shown && (await sidebar.evaluate(select, (node) => node.value)) === shown;
    }, `the emotion "${shown}" to be shown and saved`);
  }

  await sidebar.click('input[name="ticket-raised"]');
  await waitFor(async () => (await sidebar.ticketCount()) === 1, 'the ticket count to show 1');

  const [detailed] = await waitFor(async () => {
    const events = await storedEvents(harness);
    const event = events[0];
    return events.length === 1 && event.ticketRaised && event.emotion && event.riskGrade && event.countingRule ? events : null;
  }, 'the details to be stored');
  assert.equal(detailed.id, recorded.id);
  assert.equal(detailed.categoryId, 'sms');
  assert.equal(detailed.countingRule, 'explanation-not-accepted');
  assert.equal(detailed.riskGrade, 'major');
  assert.equal(detailed.emotion, 'angry');
  assert.equal(detailed.ticketRaised, true);
  assert.equal(detailed.voided, false);
  assert.deepEqual(await storedCountTotals(harness), { total: 1, tickets: 1, byCategory: { sms: 1 } });

  // Undo the detailed click: the click and its ticket leave the counts, the details stay for audit.
  await sidebar.click('.iceberg-undo');
  await sidebar.waitForTotal(0);
  await waitFor(async () => (await sidebar.ticketCount()) === 0, 'the ticket count to go back to 0');
  const [voided] = await waitFor(async () => {
    const events = await storedEvents(harness);
    return events[0]?.voided ? events : null;
  }, 'the click to be voided');
  assert.equal(voided.ticketRaised, true);
  assert.equal(voided.riskGrade, 'major');
  assert.deepEqual(await storedCountTotals(harness), { total: 0, tickets: 0, byCategory: {} });
});
