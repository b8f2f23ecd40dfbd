import { after, afterEach, before, beforeEach } from 'node:test';
// Shared set-up for the end-to-end tests: the built extension in Debian Chromium, driven by
// playwright-core, against the demo CRM served on loopback.
import { chromium } from 'playwright-core';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, rmSync } from 'node:fs';
import { createHash, generateKeyPairSync } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoCrm } from '../demo-crm/server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const EXTENSION_DIR = path.join(ROOT, '.output/chrome-mv3');

/** The agents Iceberg is for work in China: event times must carry +08:00, not the CI's UTC. */
export const AGENT_TIMEZONE = 'Asia/Shanghai';

export function chromiumPath() {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean);
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error('Chromium not found: install it (apt-get install -y chromium) or set CHROME_PATH');
  return found;
}

/** How every test and benchmark runs Chromium here: no sandbox (root in containers), no GPU, no traffic of its own. */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Where Debian's Chromium reads machine-wide policies (Google Chrome: /etc/opt/chrome/policies/managed). */
export const POLICY_DIR = process.env.ICEBERG_POLICY_DIR ?? '/etc/chromium/policies/managed';

/** Chrome's extension id for a public key (DER): the first 128 bits of its SHA-256, as letters a–p. */
export function extensionIdOfKey(publicKeyDer) {
  return [...createHash('sha256').update(publicKeyDer).digest('hex').slice(0, 32)].map((digit) => String.fromCharCode(97 + Number.parseInt(digit, 16))).join('');
}

/**
 * A copy of the built extension under a key of its own, so a policy written for its id reaches
 * this browser only (not another test run's, nor an installed Iceberg), as a centre's IT would
 * name theirs.
 */
async function extensionWithOwnId() {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iceberg-extension-'));
  await cp(EXTENSION_DIR, dir, { recursive: true });
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const der = publicKey.export({ type: 'spki', format: 'der' });
  const manifestPath = path.join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(manifestPath, 'utf8'));
  await writeFile(manifestPath, JSON.stringify({ ...manifest, key: der.toString('base64') }, null, 2));
  return { dir, id: extensionIdOfKey(der) };
}

/** IT's policy for one extension id, as Chromium reads it on Linux; written again for a live change. */
async function writePolicy(file, extensionId, policy) {
  await mkdir(path.dirname(file), { recursive: true }).catch((error) => {
    throw new Error(`cannot write the browser's policy in ${POLICY_DIR} (run as root, or set ICEBERG_POLICY_DIR): ${error.message}`);
  });
  await writeFile(file, JSON.stringify({ '3rdparty': { extensions: { [extensionId]: policy } } }, null, 2));
}

/**
 * Launches Chromium with the extension in a fresh profile and serves the demo CRM.
 * The whole browser (pages, content scripts and service worker) runs in `timezone`. With
 * `policy`, the extension gets an id of its own and a centre's policy for it (Chromium reads
 * it from POLICY_DIR); `harness.setPolicy` changes it while the browser runs.
 */
export async function launchIceberg({ timezone = AGENT_TIMEZONE, policy } = {}) {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`No built extension at ${EXTENSION_DIR}: run "npm run build" first`);
  }
  const managed = policy ? await extensionWithOwnId() : null;
  const policyFile = managed ? path.join(POLICY_DIR, `iceberg-e2e-${managed.id}.json`) : null;
  if (managed) {
    await writePolicy(policyFile, managed.id, policy);
    // Whatever happens to the test, no policy file outlives it.
    process.once('exit', () => rmSync(policyFile, { force: true }));
  }
  const extensionDir = managed?.dir ?? EXTENSION_DIR;
  const crm = await startDemoCrm({ port: 0 });
  const profile = await mkdtemp(path.join(os.tmpdir(), 'iceberg-e2e-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    viewport: { width: 1400, height: 900 },
    env: { ...process.env, TZ: timezone },
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      ...CHROMIUM_FLAGS,
    ],
  });
  let [worker] = context.serviceWorkers();
  if (!worker) worker = await context.waitForEvent('serviceworker', { timeout: 15_000 });
  const extensionId = new URL(worker.url()).host;
  if (managed && extensionId !== managed.id) throw new Error(`the extension runs as ${extensionId}, not the id its key gives (${managed.id})`);
  // Content scripts are registered at runtime by the background; wait until they are.
  await waitFor(async () => {
    const current = context.serviceWorkers()[0] ?? worker;
    const ids = await current.evaluate(async () =>
      (await chrome.scripting.getRegisteredContentScripts()).map((script) => script.id),
    );
    return ids.includes('iceberg-sidebar');
  }, 'the sidebar content script to be registered');

  // A tab in the extension's origin that runs none of Iceberg's code (it shows the manifest):
  // it reads the extension's IndexedDB without waking the service worker.
  let extensionPage;
  const openExtensionPage = async () => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/manifest.json`);
    return page;
  };
  let workerControl;
  const harness = {
    context,
    crm,
    extensionId,
    /**
     * Playwright's handle on the service worker as first started. Once the worker has been
     * stopped, Playwright keeps this stale handle and evaluating in it hangs: read data with
     * `storedEvents` / `storedDailyCounts` instead, which go through `extensionPage()`.
     */
    serviceWorker: () => context.serviceWorkers()[0] ?? worker,
    /** The extension-origin tab used to read the database (opened on first use). */
    async extensionPage() {
      if (!extensionPage) extensionPage = openExtensionPage();
      const page = await extensionPage;
      if (!page.isClosed()) return page;
      extensionPage = openExtensionPage();
      return extensionPage;
    },
    /** Stops and watches the extension's service worker through the DevTools protocol (attached on first use). */
    async serviceWorkerControl() {
      if (!workerControl) workerControl = ServiceWorkerControl.attach(await harness.extensionPage(), extensionId);
      return workerControl;
    },
    /** Replaces IT's policy (launched with one); Chromium notices within seconds. */
    async setPolicy(next) {
      if (!policyFile) throw new Error('launched without a policy');
      await writePolicy(policyFile, extensionId, next);
    },
    async close() {
      await context.close().catch(() => undefined);
      await crm.close().catch(() => undefined);
      await rm(profile, { recursive: true, force: true }).catch(() => undefined);
      if (policyFile) await rm(policyFile, { force: true }).catch(() => undefined);
      if (managed) await rm(managed.dir, { recursive: true, force: true }).catch(() => undefined);
    },
  };
  return harness;
}

/**
 * The extension's service worker as Chromium's ServiceWorker domain sees it. The domain is
 * browser-wide, so a session on any page reports (and can stop) the extension's worker.
 */
export class ServiceWorkerControl {
  static async attach(page, extensionId) {
    const control = new ServiceWorkerControl(await page.context().newCDPSession(page), extensionId);
    await control.cdp.send('ServiceWorker.enable');
    await waitFor(() => control.versionId !== undefined, "the extension's service worker to be reported");
    return control;
  }

  constructor(cdp, extensionId) {
    this.cdp = cdp;
    this.scriptPrefix = `chrome-extension://${extensionId}/`;
    this.versionId = undefined;
    this.runningStatus = undefined;
    /** Every running status seen, in order: proves a stop and a restart really happened. */
    this.history = [];
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const version of versions) {
        if (!version.scriptURL.startsWith(this.scriptPrefix)) continue;
        this.versionId = version.versionId;
        if (version.runningStatus !== this.runningStatus) this.history.push(version.runningStatus);
        this.runningStatus = version.runningStatus;
      }
    });
  }

  /** Asks Chromium to stop the worker (like the idle timeout would) without waiting. */
  async requestStop() {
    await this.cdp.send('ServiceWorker.stopWorker', { versionId: this.versionId });
  }

  /** Stops the worker and waits until Chromium reports it stopped. */
  async stop() {
    const seen = this.history.length;
    await this.requestStop();
    // Seen in the history, not only as the current status: a message may restart it at once.
    await waitFor(() => this.history.slice(seen).includes('stopped'), 'the service worker to stop');
  }

  /** How many times the worker went from stopped back to starting. */
  restarts() {
    return this.history.filter((status, index) => status === 'starting' && this.history[index - 1] === 'stopped').length;
  }
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
 * Drives the sidebar. It is an extension page in an iframe inside a *closed* shadow root, which
 * page scripts cannot reach; Playwright drives it as a frame of the page, and its clicks and key
 * presses are real input (trusted), like an agent's. The frame is looked up on every call: the
 * host recreates it when a page removes it.
 */
/** Sidebar frames known to take the mouse (see SidebarDriver.takesMouse). */
const framesTakingMouse = new WeakSet();

export class SidebarDriver {
  constructor(page) {
    this.page = page;
  }

  /** The sidebar's frame, or null while there is none. */
  currentFrame() {
    return this.page.frames().find((frame) => !frame.isDetached() && /\/sidebar-frame\.html(#|$)/.test(frame.url())) ?? null;
  }

  async frame(timeoutMs = 10_000) {
    return waitFor(() => this.currentFrame(), 'the sidebar frame', timeoutMs);
  }

  async locator(selector) {
    return (await this.frame()).locator(selector).first();
  }

  async exists(selector) {
    const frame = this.currentFrame();
    if (!frame) return false;
    return (await frame.locator(selector).count().catch(() => 0)) > 0;
  }

  async evaluate(selector, fn) {
    return (await this.locator(selector)).evaluate(fn, undefined, { timeout: 5_000 });
  }

  async text(selector) {
    return this.evaluate(selector, (node) => node.textContent);
  }

  async attribute(selector, name) {
    return (await this.locator(selector)).getAttribute(name, { timeout: 5_000 });
  }

  /** Computed style values of a sidebar element, e.g. `style('button', ['font-size'])`. */
  async style(selector, properties) {
    return (await this.locator(selector)).evaluate(
      (node, names) => {
        const style = getComputedStyle(node);
        return Object.fromEntries(names.map((name) => [name, style.getPropertyValue(name)]));
      },
      properties,
      { timeout: 5_000 },
    );
  }

  async waitFor(selector, timeoutMs = 10_000) {
    await waitFor(() => this.exists(selector), `sidebar element ${selector}`, timeoutMs);
  }

  async waitForGone(selector, timeoutMs = 10_000) {
    await waitFor(async () => !(await this.exists(selector)), `sidebar element ${selector} to go away`, timeoutMs);
  }

  /**
   * The sidebar is a cross-origin frame: for a moment after it first paints, Chromium can still
   * route the mouse to the page under it, and a click then is lost without a trace (seen in 2 of
   * 15 clicks sent the instant the buttons appeared). Waits until a mouse move over the title
   * reaches the frame; once per frame.
   */
  async takesMouse() {
    const frame = await this.frame();
    if (framesTakingMouse.has(frame)) return;
    await this.pointAt('.iceberg-title, .iceberg-handle');
    framesTakingMouse.add(frame);
  }

  /**
   * A real mouse click at the element's centre. Moving the sidebar (into a page's modal dialog, say)
   * reloads its frame; a click that found the old frame as it was torn down is tried on the new one.
   */
  async click(selector) {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.takesMouse();
        await (await this.locator(selector)).click({ timeout: 5_000 });
        return;
      } catch (error) {
        const frameGone = /has been closed|detached/i.test(String(error?.message));
        if (!frameGone || attempt === 3) throw error;
      }
    }
  }

  /** Moves keyboard focus to a sidebar element (for keyboard-driven controls like <select>). */
  async focus(selector) {
    await (await this.locator(selector)).focus({ timeout: 5_000 });
  }

  /** The element's box in the page's coordinates. */
  async box(selector) {
    return (await this.locator(selector)).boundingBox({ timeout: 5_000 });
  }

  /**
   * Puts the mouse on the element's centre and waits until the frame sees it there, for a drag
   * by hand: after the frame was resized (collapsed to its handle), Chromium can route the first
   * mouse events to the page under it, as after a paint (see takesMouse).
   */
  async pointAt(selector) {
    const frame = await this.frame();
    await frame.evaluate(() => {
      window.__icebergPointed = false;
      addEventListener('mousemove', () => (window.__icebergPointed = true), { capture: true, once: true });
    });
    let step = 0;
    let box;
    await waitFor(async () => {
      box = await this.box(selector);
      await this.page.mouse.move(box.x + box.width / 2 + (step++ % 3) - 1, box.y + box.height / 2);
      return frame.evaluate(() => window.__icebergPointed).catch(() => false);
    }, `the sidebar frame to see the mouse on ${selector}`, 5_000);
    return box;
  }

  /** Today's count shown on a category button. */
  async count(categoryId) {
    return Number(await this.text(`[data-category-id="${categoryId}"] .iceberg-count`));
  }

  async total() {
    return Number(await this.text('.iceberg-total'));
  }

  async ticketCount() {
    return Number(await this.attribute('[data-ticket-count]', 'data-ticket-count'));
  }

  async workOrderRef() {
    return this.attribute('.iceberg-work-order', 'data-work-order-ref');
  }

  /** Clicks shown as "saving" (not yet confirmed by storage); 0 when none. */
  async pendingCount() {
    if (!(await this.exists('[data-pending-count]'))) return 0;
    return Number(await this.attribute('[data-pending-count]', 'data-pending-count'));
  }

  async waitForCount(categoryId, expected) {
    await waitFor(async () => (await this.count(categoryId)) === expected, `${categoryId} to show ${expected}`);
  }

  async waitForTotal(expected, timeoutMs = 10_000) {
    await waitFor(async () => (await this.total()) === expected, `the total to show ${expected}`, timeoutMs);
  }

  async waitForCaseRef(expected, timeoutMs = 10_000) {
    try {
      await waitFor(async () => (await this.workOrderRef()) === expected, `the work-order reference to read ${expected}`, timeoutMs);
    } catch (error) {
      const shown = await this.text('.iceberg-work-order').catch(() => '(no sidebar)');
      throw new Error(`${error.message}; the sidebar shows "${shown}"`);
    }
  }

  /** Waits until every click the sidebar made is confirmed by storage. */
  async waitForSaved(timeoutMs = 20_000) {
    await waitFor(async () => (await this.pendingCount()) === 0, 'all clicks to be saved', timeoutMs);
  }
}

/** The sidebar's host element as the CRM page sees it: a random `iceberg-…` name, nothing inside. */
export function findSidebarHost() {
  const all = [...document.documentElement.children, ...document.querySelectorAll('dialog > *')];
  return all.find((element) => element.localName.startsWith('iceberg-')) ?? null;
}

/** How many sidebar hosts the page holds (0 or 1). */
export async function sidebarHostCount(page) {
  return page.evaluate(() => [...document.querySelectorAll('*')].filter((element) => element.localName.startsWith('iceberg-')).length);
}

export async function openCase(page, crm, caseId = 'CASE-2026-0001', prefix = '') {
  await page.goto(`${crm.url}${prefix}/cases/${caseId}`);
  return waitForSidebarReady(page);
}

/** Waits until the sidebar shows its category buttons (expanded) and its frame takes the mouse. */
export async function waitForSidebarReady(page) {
  const driver = new SidebarDriver(page);
  await driver.waitFor('[data-category-id="billing"]');
  await driver.takesMouse();
  return driver;
}


/** Waits until the sidebar has loaded the agent's settings: categories shown, or collapsed to its handle. */
export async function waitForSidebarLoaded(page) {
  const driver = new SidebarDriver(page);
  await waitFor(
    async () => (await driver.exists('[data-category-id="billing"]')) || (await driver.exists('button.iceberg-handle')),
    'the sidebar to load',
  );
  return driver;
}

/** Reads one object store of the extension's database from an extension page; [] before it exists. */
async function readStore(harness, storeName) {
  const page = await harness.extensionPage();
  return page.evaluate(async (name) => {
    // Never create the database here: Dexie in the background owns its schema.
    if (!(await indexedDB.databases()).some((db) => db.name === 'iceberg')) return [];
    return new Promise((resolve, reject) => {
      const open = indexedDB.open('iceberg');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        if (!db.objectStoreNames.contains(name)) {
          db.close();
          resolve([]);
          return;
        }
        const request = db.transaction(name).objectStore(name).getAll();
        request.onsuccess = () => {
          db.close();
          resolve(request.result);
        };
        request.onerror = () => {
          db.close();
          reject(request.error);
        };
      };
    });
  }, storeName);
}

/** Every record of one object store (e.g. 'scriptUses', 'searchMisses'). */
export async function storedRecords(harness, storeName) {
  return readStore(harness, storeName);
}

/** Every click event stored by the extension, voided ones included. */
export async function storedEvents(harness) {
  return readStore(harness, 'events');
}

/** The stored per-day, per-category counters ({ day, categoryId, clicks, tickets }). */
export async function storedDailyCounts(harness) {
  return readStore(harness, 'dailyCounts');
}

/** Sums the stored counters: { total, tickets, byCategory }. */
export async function storedCountTotals(harness) {
  const byCategory = {};
  let total = 0;
  let tickets = 0;
  for (const row of await storedDailyCounts(harness)) {
    if (row.clicks > 0) byCategory[row.categoryId] = (byCategory[row.categoryId] ?? 0) + row.clicks;
    total += row.clicks;
    tickets += row.tickets;
  }
  return { total, tickets, byCategory };
}

/** Stores that hold clicks or figures derived from them; settings and taxonomy are kept. */
const CLICK_STORES = ['events', 'dailyCounts', 'rollupDays', 'importedEvents', 'importedEventIds', 'imports', 'scriptUses', 'searchMisses'];

/**
 * Empties the click log and everything counted from it, so a test starts from zero in a shared
 * browser. Close the previous test's pages first (with their clicks saved) so nothing lands
 * afterwards.
 */
export async function resetClickLog(harness) {
  const page = await harness.extensionPage();
  await page.evaluate(async (clickStores) => {
    if (!(await indexedDB.databases()).some((db) => db.name === 'iceberg')) return;
    await new Promise((resolve, reject) => {
      const open = indexedDB.open('iceberg');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const stores = clickStores.filter((name) => db.objectStoreNames.contains(name));
        if (stores.length === 0) {
          db.close();
          resolve();
          return;
        }
        const tx = db.transaction(stores, 'readwrite');
        for (const name of stores) tx.objectStore(name).clear();
        tx.oncomplete = () => {
          db.close();
          resolve();
        };
        tx.onerror = () => {
          db.close();
          reject(tx.error);
        };
      };
    });
  }, CLICK_STORES);
}

/** Closes every CRM tab of the harness (the extension page stays). */
export async function closeCrmPages(harness) {
  const extensionPage = await harness.extensionPage();
  await Promise.all(harness.context.pages().filter((page) => page !== extensionPage).map((page) => page.close()));
}

/** The CRM page's own view of the sidebar's host element (what page scripts can see). */
export async function sidebarHostBox(page) {
  return page.evaluate((find) => {
    const host = new Function(`return (${find})()`)();
    if (!host) return null;
    const rect = host.getBoundingClientRect();
    return { x: rect.x, y: rect.y, width: rect.width, height: rect.height, right: rect.right, viewportWidth: document.documentElement.clientWidth };
  }, findSidebarHost.toString());
}

/** The docking margin the sidebar reserved on the CRM's <html>. */
export async function pageMarginRight(page) {
  return page.evaluate(() => getComputedStyle(document.documentElement).marginRight);
}

/**
 * One browser with Iceberg for a whole test file: launched before the first test, closed after
 * the last; each test starts with an empty click log and no CRM tabs. Returns a stand-in for the
 * harness that forwards to the launched one.
 */
export function icebergForTests(options) {
  let launched;
  before(async () => {
    // A function: the file's own set-up runs first (a server whose address the options name).
    launched = await launchIceberg(typeof options === 'function' ? await options() : options);
  });
  after(async () => {
    await launched?.close();
  });
  beforeEach(async () => {
    await resetClickLog(launched);
  });
  afterEach(async () => {
    await closeCrmPages(launched);
  });
  return new Proxy(
    {},
    {
      get(_target, property) {
        if (!launched) throw new Error('the Iceberg browser is not launched yet (use the harness inside a test)');
        return launched[property];
      },
    },
  );
}

/** Waits until exactly `count` click events are stored, and returns them. */
export async function waitForStoredEvents(harness, count) {
  return waitFor(async () => {
    const events = await storedEvents(harness);
    return events.length === count ? events : null;
  }, `${count} stored event(s)`);
}

// --- The script search in the sidebar, as an agent uses it

/** Replaces what the sidebar's script search holds with `query`, typed. */
export async function searchInSidebar(sidebar, page, query) {
  await sidebar.focus('.iceberg-script-search');
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Backspace');
  await page.keyboard.type(query);
}

/** The id of the first script the search shows, or null. */
export async function firstResultId(sidebar) {
  if (!(await sidebar.exists('#iceberg-script-results .iceberg-script'))) return null;
  return sidebar.attribute('#iceberg-script-results .iceberg-script', 'data-script-id');
}

/** Opens a result and inserts its script into the CRM field last focused, placeholders filled with "3". */
export async function insertScript(sidebar, page, id) {
  await sidebar.click(`[data-script-id="${id}"] .iceberg-script-title`);
  await sidebar.click(`[data-script-id="${id}"] button[data-action="insert"]`);
  if (await sidebar.exists(`[data-script-id="${id}"] .iceberg-placeholder-form`)) {
    await sidebar.focus(`[data-script-id="${id}"] .iceberg-placeholder-form input`);
    await page.keyboard.type('3');
    await sidebar.click(`[data-script-id="${id}"] button[data-action="confirm-insert"]`);
  }
  await sidebar.waitFor('[data-script-status="done"]');
}
