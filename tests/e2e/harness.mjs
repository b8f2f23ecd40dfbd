// Shared set-up for the end-to-end tests: the built extension in Debian Chromium, driven by
// playwright-core, against the demo CRM served on loopback.
import { chromium } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoCrm } from '../demo-crm/server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXTENSION_DIR = path.join(ROOT, '.output/chrome-mv3');

export function chromiumPath() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error('Chromium not found: install it (apt-get install -y chromium) or set CHROME_PATH');
  return found;
}

/** Launches Chromium with the extension in a fresh profile and serves the demo CRM. */
export async function launchIceberg() {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run "npm run build" first`);
  }
  const crm = await startDemoCrm({ port: 0 });
  const profile = await mkdtemp(path.join(os.tmpdir(), 'iceberg-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const extensionId = new URL(worker.url()).host;
  // Content scripts are registered at runtime by the background; wait until they are.
  await waitFor(async () => {
    const current = context.serviceWorkers()[0] ?? worker;
    const ids = await current.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).map((script) => script.id),
    );
    return ids.includes('iceberg-sidebar');
  }, 'the sidebar content script to be registered');

  return {
    context,
    crm,
    extensionId,
    serviceWorker: () => context.serviceWorkers()[0] ?? worker,
    async close() {
      await context.close().catch(() => undefined);
      await crm.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true }).catch(() => undefined);
    },
  };
}

/** Polls until `check` returns a truthy value. */
export async function waitFor(check, what, timeoutMs = 10_000) {
  const started = Date.now();
  let lastError;
  while (Date.now() - started < timeoutMs) {
    try {
      const value = await check();
      if (value) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out waiting for ${what}${lastError ? `: ${lastError.message}` : ''}`);
}

/**
 * Drives the sidebar, which lives in a *closed* shadow root that page scripts (and Playwright's
 * selector engine) cannot see into. The Chrome DevTools Protocol can: it finds nodes with
 * `pierce`, and clicks go through real mouse input, so they are trusted like an agent's.
 */
export class SidebarDriver {
  constructor(page) {
    this.page = page;
  }

  async session() {
    if (!this.cdp) this.cdp = await this.page.context().newCDPSession(this.page);
    return this.cdp;
  }

  /** Node id of the first match inside the sidebar's shadow root, or null. */
  async find(selector) {
    const cdp = await this.session();
    const { root } = await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
    const shadowRoot = findShadowRoot(root);
    if (!shadowRoot) return null;
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: shadowRoot.nodeId, selector });
    return nodeId || null;
  }

  async evaluate(selector, fn) {
    const nodeId = await this.find(selector);
    if (!nodeId) throw new Error(`sidebar has no ${selector}`);
    const cdp = await this.session();
    const { object } = await cdp.send('DOM.resolveNode', { nodeId });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      functionDeclaration: `function () { return (${fn.toString()})(this); }`,
      returnByValue: true,
    });
    return result.value;
  }

  async text(selector) {
    return this.evaluate(selector, (node) => node.textContent);
  }

  async attribute(selector, name) {
    return this.evaluate(selector, new Function('node', `return node.getAttribute(${JSON.stringify(name)})`));
  }

  async exists(selector) {
    return (await this.find(selector)) !== null;
  }

  async waitFor(selector, timeoutMs = 10_000) {
    await waitFor(() => this.exists(selector), `sidebar element ${selector}`, timeoutMs);
  }

  /** A real mouse click at the element's centre. */
  async click(selector) {
    const nodeId = await this.find(selector);
    if (!nodeId) throw new Error(`sidebar has no ${selector}`);
    const cdp = await this.session();
    await cdp.send('DOM.scrollIntoViewIfNeeded', { nodeId });
    const { quads } = await cdp.send('DOM.getContentQuads', { nodeId });
    const [x1, y1, , , x3, y3] = quads[0];
    await this.page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
  }

  async box(selector) {
    const nodeId = await this.find(selector);
    const cdp = await this.session();
    const { model } = await cdp.send('DOM.getBoxModel', { nodeId });
    const [x1, y1, , , x3, y3] = model.border;
    return { x: x1, y: y1, width: x3 - x1, height: y3 - y1 };
  }

  async count(categoryId) {
    return Number(await this.text(`[data-category-id="${categoryId}"] .iceberg-count`));
  }

  async total() {
    return Number(await this.text('.iceberg-total'));
  }

  async caseRef() {
    return this.attribute('.iceberg-case-ref', 'data-case-ref');
  }
}

function findShadowRoot(node) {
  if (node.localName === 'iceberg-sidebar' && node.shadowRoots?.length) return node.shadowRoots[0];
  for (const child of node.children ?? []) {
    const found = findShadowRoot(child);
    if (found) return found;
  }
  return null;
}

export async function openCase(page, crm, caseId = 'CASE-2026-0001', prefix = '') {
  await page.goto(`${crm.url}${prefix}/cases/${caseId}`);
  return waitForSidebarReady(page);
}

export async function waitForSidebarReady(page) {
  const driver = new SidebarDriver(page);
  await driver.waitFor('[data-category-id="billing"]');
  return driver;
}

/** Reads the extension's own database from its service worker (the extension origin). */
export async function storedEvents(harness) {
  return harness.serviceWorker().evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('iceberg');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const request = db.transaction('events').objectStore('events').getAll();
          request.onsuccess = () => {
            resolve(request.result);
            db.close();
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}
