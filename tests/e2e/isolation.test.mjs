// The sidebar and the CRM page keep out of each other's way: the CRM's hostile global CSS does
// not restyle the sidebar, the sidebar covers none of the CRM's controls, page scripts can
// neither read nor forge clicks, and the agent can collapse the sidebar (remembered).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  icebergForTests,
  openCase,
  pageMarginRight,
  sidebarHostBox,
  storedEvents,
  waitFor,
  waitForSidebarLoaded,
  waitForSidebarReady,
} from './harness.mjs';

const SIDEBAR_WIDTH = 300;
const HANDLE_SIZE = 44;
const CRM_CONTROLS = ['#btn-transfer', '#btn-hangup', '#ticket-submit', '#notes'];
const STYLE_PROPERTIES = [
  'font-family',
  'font-size',
  'font-weight',
  'line-height',
  'letter-spacing',
  'text-transform',
  'color',
  'background-color',
  'margin-top',
  'margin-right',
  'margin-bottom',
  'margin-left',
  'padding-top',
  'padding-left',
  'border-top-left-radius',
  'text-align',
];

const harness = icebergForTests();

async function openCrmCase(caseId = 'CASE-2026-0001') {
  const page = await harness.context.newPage();
  const sidebar = await openCase(page, harness.crm, caseId);
  await page.waitForSelector('#btn-hangup');
  return { page, sidebar };
}

/** Computed styles of a few sidebar elements, keyed by selector. */
async function sidebarStyles(sidebar) {
  const selectors = [
    '[data-category-id="billing"]',
    '[data-category-id="billing"] .iceberg-category-name',
    '[data-category-id="billing-vas"]',
    '.iceberg-title',
    '.iceberg-undo',
    '.iceberg-total',
  ];
  const styles = {};
  for (const selector of selectors) styles[selector] = await sidebar.style(selector, STYLE_PROPERTIES);
  return styles;
}

/** Is the CRM control itself (or something inside it) what the agent would hit at its centre? */
async function controlIsReachable(page, selector) {
  return page.evaluate((target) => {
    const control = document.querySelector(target);
    control.scrollIntoView({ block: 'center', inline: 'center' });
    const rect = control.getBoundingClientRect();
    const hit = document.elementFromPoint(rect.x + rect.width / 2, rect.y + rect.height / 2);
    return {
      reachable: hit === control || control.contains(hit),
      hit: hit ? hit.localName + (hit.id ? `#${hit.id}` : '') : null,
      right: rect.right,
    };
  }, selector);
}

test('the CRM\'s global CSS does not restyle the sidebar', async () => {
  const { page, sidebar } = await openCrmCase();
  const button = await sidebar.style('[data-category-id="billing"]', STYLE_PROPERTIES);
  // app.css forces, with !important: * { font-family: "Microsoft YaHei"…; margin: 0; line-height: 1.2 },
  // html { font-size: 12px }, button { 12px; white on blue; letter-spacing .1em; uppercase; padding 6px 14px }.
  assert.match(button['font-family'], /^system-ui\b/, 'the sidebar keeps its own font stack');
  assert.equal(button['font-size'], '13px', 'px sizes, not the CRM\'s 12px root or button size');
  assert.equal(button['letter-spacing'], 'normal');
  assert.equal(button['text-transform'], 'none');
  assert.equal(button.color, 'rgb(31, 41, 51)');
  assert.equal(button['background-color'], 'rgb(255, 255, 255)');
  assert.equal(button['padding-top'], '4px');
  assert.equal(button['padding-left'], '8px');
  assert.equal(button['border-top-left-radius'], '4px');
  for (const side of ['top', 'right', 'bottom', 'left']) assert.equal(button[`margin-${side}`], '0px', `margin-${side}`);
  const name = await sidebar.style('[data-category-id="billing"] .iceberg-category-name', STYLE_PROPERTIES);
  assert.equal(name['font-size'], '13px', 'span text is not forced to 12px');
  assert.equal(name['letter-spacing'], 'normal');

  // The same sidebar with the CRM's stylesheet removed must look exactly the same.
  const withCrmCss = await sidebarStyles(sidebar);
  await page.evaluate(() => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) link.remove();
  });
  await waitFor(() => page.evaluate(() => getComputedStyle(document.documentElement).fontSize !== '12px'), 'the CRM CSS to be gone');
  assert.deepEqual(await sidebarStyles(sidebar), withCrmCss);
});

test('the sidebar docks on the right and covers none of the CRM\'s controls, nor restyles them', async () => {
  const { page, sidebar } = await openCrmCase();
  const host = await sidebarHostBox(page);
  assert.equal(host.width, SIDEBAR_WIDTH);
  assert.equal(host.right, host.viewportWidth, 'flush with the right edge');
  assert.equal(host.y, 0);
  assert.equal(host.height, 900);
  assert.equal((await sidebar.box('.iceberg-root')).width, SIDEBAR_WIDTH);
  assert.equal(await pageMarginRight(page), `${SIDEBAR_WIDTH}px`);

  for (const selector of CRM_CONTROLS) {
    const { reachable, hit, right } = await controlIsReachable(page, selector);
    assert.ok(reachable, `${selector} is not covered (the agent would hit ${hit})`);
    assert.ok(right <= host.x, `${selector} ends left of the sidebar (${right} ≤ ${host.x})`);
  }

  // The CRM's own look is untouched by the sidebar's styles.
  const transfer = await page.evaluate(() => {
    const style = getComputedStyle(document.querySelector('#btn-transfer'));
    return {
      fontSize: style.fontSize,
      fontFamily: style.fontFamily,
      textTransform: style.textTransform,
      letterSpacing: style.letterSpacing,
      backgroundColor: style.backgroundColor,
      rootFontSize: getComputedStyle(document.documentElement).fontSize,
    };
  });
  const { fontFamily, ...rest } = transfer;
  assert.match(fontFamily, /^"Microsoft YaHei"/);
  assert.deepEqual(rest, {
    fontSize: '12px',
    textTransform: 'uppercase',
    letterSpacing: '1.2px',
    backgroundColor: 'rgb(29, 111, 216)',
    rootFontSize: '12px',
  });

  // The CRM's controls still work with the sidebar docked.
  await page.click('#btn-transfer');
  assert.equal(await page.evaluate(() => window.__crmLog.some((entry) => entry.action === 'transfer')), true);
});

test('page scripts cannot see into the sidebar nor forge clicks', async () => {
  const { page, sidebar } = await openCrmCase();
  const pageView = await page.evaluate(() => {
    const host = [...document.querySelectorAll('*')].find((element) => element.localName.startsWith('iceberg-'));
    return {
      shadowRoot: host.shadowRoot,
      text: host.textContent,
      children: host.children.length,
      // Beyond the popover marker, nothing on the host tells the page the sidebar's state.
      attributes: host.getAttributeNames(),
      buttons: document.querySelectorAll('[data-category-id]').length,
      frames: [...document.querySelectorAll('iframe')].length,
    };
  });
  assert.deepEqual(pageView, { shadowRoot: null, text: '', children: 0, attributes: ['popover'], buttons: 0, frames: 0 });

  // The page tries every door: the forged message the demo already sent at load, more of them
  // now, custom events, synthetic keys and synthetic clicks on the sidebar's host.
  await page.evaluate(async (extensionId) => {
    for (const type of ['iceberg:recordClick', 'recordClick']) {
      window.postMessage({ type, categoryId: 'billing' }, '*');
      window.postMessage({ channel: 'iceberg/v1', type, payload: { categoryId: 'billing' } }, '*');
    }
    window.dispatchEvent(new CustomEvent('iceberg:recordClick', { detail: { categoryId: 'billing' } }));
    document.dispatchEvent(new KeyboardEvent('keydown', { altKey: true, shiftKey: true, code: 'Digit1', key: '!', bubbles: true }));
    const host = [...document.querySelectorAll('*')].find((element) => element.localName.startsWith('iceberg-'));
    const rect = host.getBoundingClientRect();
    for (let y = 100; y < 400; y += 20) {
      host.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, clientX: rect.x + 150, clientY: y }));
    }
    host.click();
    if (globalThis.chrome?.runtime?.sendMessage) {
      await chrome.runtime
        .sendMessage(extensionId, { channel: 'iceberg/v1', type: 'recordClick', payload: { categoryId: 'billing' } })
        .catch(() => undefined);
    }
  }, harness.extensionId);

  // The agent's real click is the sync point: everything the page did was handled before it.
  await sidebar.click('[data-category-id="network"]');
  await sidebar.waitForCount('network', 1);
  await sidebar.waitForSaved();
  const events = await storedEvents(harness);
  assert.deepEqual(events.map((event) => event.categoryId), ['network']);
  assert.equal(await sidebar.count('billing'), 0);

  // The content script keeps no database in the CRM's origin either.
  const pageDatabases = await page.evaluate(async () => (await indexedDB.databases()).map((db) => db.name));
  assert.deepEqual(pageDatabases, []);
});

test('collapse with the button, stays collapsed after a reload, expand with Alt+Shift+I', async () => {
  const { page, sidebar } = await openCrmCase();
  await sidebar.click('button[aria-label="收起侧边栏"]');
  await sidebar.waitFor('button.iceberg-handle').catch(async (error) => {
    // Say what the sidebar shows instead: still expanded (the click was lost or undone) or gone.
    const frames = page.frames().filter((frame) => frame.url().includes('/sidebar-frame.html')).length;
    const expanded = await sidebar.exists('button[aria-label="收起侧边栏"]');
    throw new Error(`${error.message}; sidebar frames: ${frames}, still expanded: ${expanded}`);
  });
  assert.equal(await sidebar.attribute('button.iceberg-handle', 'aria-expanded'), 'false');
  assert.equal(await sidebar.exists('[data-category-id="billing"]'), false);
  await waitFor(async () => (await sidebarHostBox(page)).width === HANDLE_SIZE, 'the sidebar to shrink to its handle');
  await waitFor(async () => (await pageMarginRight(page)) === '0px', 'the page to get all its width back');

  await page.reload();
  const reloaded = await waitForSidebarLoaded(page);
  await reloaded.waitFor('button.iceberg-handle');
  assert.equal(await reloaded.exists('[data-category-id="billing"]'), false, 'still collapsed after the reload');
  await waitFor(async () => (await sidebarHostBox(page))?.width === HANDLE_SIZE, 'the handle size after the reload');
  await waitFor(async () => (await pageMarginRight(page)) === '0px', 'no page margin after the reload');

  await page.keyboard.press('Alt+Shift+I');
  await reloaded.waitFor('[data-category-id="billing"]');
  assert.equal(await reloaded.exists('button.iceberg-handle'), false);
  await waitFor(async () => (await sidebarHostBox(page)).width === SIDEBAR_WIDTH, 'the sidebar to expand');
  await waitFor(async () => (await pageMarginRight(page)) === `${SIDEBAR_WIDTH}px`, 'the page margin back to 300px');

  // Expanded is remembered too.
  await page.reload();
  const again = await waitForSidebarReady(page);
  assert.equal(await again.exists('button.iceberg-handle'), false);
});
