// The sidebar on the CRM's harder pages: single-page navigation, the strict-CSP variant with
// Trusted Types, and the portal that keeps the CRM work area in an iframe.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  icebergForTests,
  openCase,
  SidebarDriver,
  sidebarHostCount,
  waitForStoredEvents,
} from './harness.mjs';

const harness = icebergForTests();


test('the sidebar shows the work-order reference on every page load', async () => {
  // Opens case pages in fresh tabs again and again, as an agent does all day: the sidebar must
  // never miss the case it is on, or the agent's clicks are stored without a work-order reference.
  const cases = ['CASE-2026-0001', 'CASE-2026-0002', 'CASE-2026-0003', 'CASE-2026-0004'];
  const missed = [];
  for (let load = 0; load < 16; load += 1) {
    const caseId = cases[load % cases.length];
    const page = await harness.context.newPage();
    const sidebar = await openCase(page, harness.crm, caseId);
    try {
      await sidebar.waitForCaseRef(caseId, 3_000);
    } catch {
      missed.push(`tab ${load + 1} (${caseId}): sidebar shows "${await sidebar.workOrderRef()}"`);
    }
    await page.close();
  }
  assert.deepEqual(missed, [], 'every tab shows its work-order reference');
});

test('single-page navigation keeps the page and the sidebar, and the work-order reference follows', async () => {
  const page = await harness.context.newPage();
  const sidebar = await openCase(page, harness.crm, 'CASE-2026-0001');
  await sidebar.waitForCaseRef('CASE-2026-0001');
  await page.evaluate(() => {
    window.__marker = 'before-navigation';
    [...document.querySelectorAll('*')].find((element) => element.localName.startsWith('iceberg-')).__marker = 'same-host';
  });

  await page.click('a[data-case-link][data-case-id="CASE-2026-0003"]');
  await page.waitForURL('**/cases/CASE-2026-0003');
  await page.waitForSelector('#case-ref:text("CASE-2026-0003")');
  await sidebar.waitForCaseRef('CASE-2026-0003');
  // No reload happened: the page's own state and the very same sidebar element survive.
  assert.equal(await page.evaluate(() => window.__marker), 'before-navigation');
  assert.equal(await page.evaluate(() => [...document.querySelectorAll('*')].find((element) => element.localName.startsWith('iceberg-')).__marker), 'same-host');
  assert.equal(await sidebarHostCount(page), 1);

  await sidebar.click('[data-category-id="plan"]');
  await sidebar.waitForCount('plan', 1);
  const [event] = await waitForStoredEvents(harness, 1);
  assert.equal(event.categoryId, 'plan');
  assert.equal(event.workOrderRef, 'CASE-2026-0003');

  // Back button (popstate): the context goes back to the first case.
  await page.goBack();
  await page.waitForURL('**/cases/CASE-2026-0001');
  await sidebar.waitForCaseRef('CASE-2026-0001');
  assert.equal(await page.evaluate(() => window.__marker), 'before-navigation');
  await page.keyboard.press('Alt+Shift+4');
  await sidebar.waitForCount('attitude', 1);
  const events = await waitForStoredEvents(harness, 2);
  assert.equal(events.find((stored) => stored.categoryId === 'attitude')?.workOrderRef, 'CASE-2026-0001');
});

test('works on the strict-CSP page with Trusted Types', async () => {
  const page = await harness.context.newPage();
  const violations = [];
  page.on('console', (message) => {
    if (/Content Security Policy|TrustedHTML|Trusted Type/i.test(message.text())) violations.push(message.text());
  });
  const sidebar = await openCase(page, harness.crm, 'CASE-2026-0002', '/strict');
  await sidebar.waitForCaseRef('CASE-2026-0002');

  await sidebar.click('[data-category-id="broadband"]');
  await sidebar.waitForCount('broadband', 1);
  await page.keyboard.press('Alt+Shift+0');
  await sidebar.waitForCount('number-porting', 1);
  await sidebar.waitForTotal(2);

  // Single-page navigation inside the /strict prefix.
  await page.click('a[data-case-link][data-case-id="CASE-2026-0005"]');
  await page.waitForURL('**/strict/cases/CASE-2026-0005');
  await sidebar.waitForCaseRef('CASE-2026-0005');
  await sidebar.click('[data-category-id="broadband"]');
  await sidebar.waitForCount('broadband', 2);

  const events = await waitForStoredEvents(harness, 3);
  assert.deepEqual(
    events.map((event) => `${event.categoryId}@${event.workOrderRef}`).sort(),
    ['broadband@CASE-2026-0002', 'broadband@CASE-2026-0005', 'number-porting@CASE-2026-0002'],
  );
  assert.deepEqual(violations, [], 'no CSP or Trusted Types violation');
});

test('on the iframe portal: one sidebar on top, the work order comes from the frame, shortcuts in the frame record', async () => {
  const page = await harness.context.newPage();
  await page.goto(`${harness.crm.url}/embedded`);
  const sidebar = new SidebarDriver(page);
  await sidebar.waitFor('[data-category-id="billing"]');
  const frame = page.frameLocator('#work-frame');
  await frame.locator('#case-ref').waitFor();

  // Only the top document docks a sidebar; the CRM inside the frame gets none.
  assert.equal(await sidebarHostCount(page), 1);
  const workFrame = page.frame({ url: /\/cases\/CASE-2026-0001/ });
  assert.ok(workFrame, 'the work frame is loaded');
  assert.equal(await sidebarHostCount(workFrame), 0);
  assert.equal(await workFrame.evaluate(() => getComputedStyle(document.documentElement).marginRight), '0px');

  // The top page has no case of its own: the reference is read inside the frame.
  await sidebar.waitForCaseRef('CASE-2026-0001');

  // The agent types in the frame's notes and presses the shortcut there.
  const notes = frame.locator('#notes');
  await notes.click();
  await notes.pressSequentially('客户不满');
  await page.keyboard.press('Alt+Shift+8');
  await sidebar.waitForCount('sms', 1);
  assert.equal(await notes.inputValue(), '客户不满', 'the shortcut typed nothing into the notes');
  const [event] = await waitForStoredEvents(harness, 1);
  assert.equal(event.categoryId, 'sms');
  assert.equal(event.workOrderRef, 'CASE-2026-0001');

  // Single-page navigation inside the frame moves the top sidebar's case too.
  await frame.locator('a[data-case-link][data-case-id="CASE-2026-0006"]').click();
  await frame.locator('#case-ref', { hasText: 'CASE-2026-0006' }).waitFor();
  await sidebar.waitForCaseRef('CASE-2026-0006');
  await frame.locator('#notes').click();
  await page.keyboard.press('Alt+Shift+7');
  await sidebar.waitForCount('device', 1);
  const events = await waitForStoredEvents(harness, 2);
  assert.equal(events.find((stored) => stored.categoryId === 'device')?.workOrderRef, 'CASE-2026-0006');
});
