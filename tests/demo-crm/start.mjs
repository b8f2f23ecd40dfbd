// `npm start`: build the extension, serve the demo CRM and open a Chromium
// browser with Iceberg loaded on a demo case. Without a display (CI, SSH) it
// builds, explains how to load the extension by hand, and exits 0.
//
//   npm start               build + open the browser (or explain, headless)
//   npm start -- --serve    headless: keep serving the demo CRM until Ctrl+C

import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemoCrm } from './server.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const EXTENSION_DIR = path.join(ROOT, '.output', 'chrome-mv3');
const PROFILE_DIR = path.join(ROOT, '.output', 'demo-profile');
const DEMO_CASE = '/cases/CASE-2026-0001';
const keepServing = process.argv.includes('--serve');

function run(command, args) {
  console.log(`\n> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (result.error) fail(`Could not run "${command}": ${result.error.message}`);
  if (result.status !== 0) fail(`"${command} ${args.join(' ')}" failed (exit code ${result.status ?? result.signal}).`);
}

/** @returns {never} */
function fail(message) {
  console.error(`\nError: ${message}`);
  process.exit(1);
}

function hasDisplay() {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

/** First existing Chromium-family browser. Unbranded Chromium comes before
 *  Google Chrome where both may exist: branded Chrome 137+ ignores
 *  --load-extension. */
function findBrowser() {
  const env = process.env;
  const win = (base, ...rest) => (base ? path.win32.join(base, ...rest) : null);
  const candidates = [
    env.CHROME_PATH,
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/bin/google-chrome',
    '/usr/bin/google-chrome-stable',
    '/Applications/Chromium.app/Contents/MacOS/Chromium',
    '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
    win(env.LOCALAPPDATA, 'Chromium', 'Application', 'chrome.exe'),
    win(env.PROGRAMFILES, 'Google', 'Chrome', 'Application', 'chrome.exe'),
    win(env['PROGRAMFILES(X86)'], 'Google', 'Chrome', 'Application', 'chrome.exe'),
    win(env.LOCALAPPDATA, 'Google', 'Chrome', 'Application', 'chrome.exe'),
    win(env['PROGRAMFILES(X86)'], 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
    win(env.PROGRAMFILES, 'Microsoft', 'Edge', 'Application', 'msedge.exe'),
  ];
  return candidates.find((candidate) => candidate && existsSync(candidate)) ?? null;
}

function printManualSteps(crmUrl) {
  console.log(`
To try Iceberg by hand:
  1. Open chrome://extensions and turn on "Developer mode".
  2. Click "Load unpacked" and choose:
       ${EXTENSION_DIR}
  3. Serve the demo CRM with "npm run demo-crm" and open ${crmUrl}/cases`);
}

// 1. Build the extension.
if (!existsSync(path.join(ROOT, 'node_modules'))) run('npm', ['ci']);
run('npx', ['wxt', 'prepare']);
run('npx', ['wxt', 'build']);
if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
  fail(`The build did not produce ${path.join(EXTENSION_DIR, 'manifest.json')}.`);
}

// 2. Serve the demo CRM.
const port = Number(process.env.DEMO_CRM_PORT) || 5178;
const crm = await startDemoCrm({ port }).catch((error) =>
  fail(
    error?.code === 'EADDRINUSE'
      ? `Port ${port} is already in use. Set DEMO_CRM_PORT to use another port.`
      : String(error?.message ?? error),
  ),
);
const demoUrl = `${crm.url}${DEMO_CASE}`;
console.log(`\nDemo CRM running at ${crm.url}/cases`);

async function shutdown(code = 0) {
  await crm.close().catch(() => {});
  process.exit(code);
}

// 3. Open a browser with the extension, or explain how to do it by hand.
const browser = findBrowser();
if (!hasDisplay() || !browser) {
  console.log(
    hasDisplay()
      ? '\nNo Chromium-family browser found (set CHROME_PATH to point at one).'
      : '\nNo display found, so no browser was opened. The extension is built.',
  );
  printManualSteps(`http://127.0.0.1:${port}`);
  if (keepServing) {
    console.log(`\nServing the demo CRM at ${crm.url}/cases until Ctrl+C.`);
    process.once('SIGINT', () => shutdown(0));
    process.once('SIGTERM', () => shutdown(0));
  } else {
    await shutdown(0);
  }
} else {
  const args = [
    `--user-data-dir=${PROFILE_DIR}`,
    '--no-first-run',
    '--no-default-browser-check',
    // Branded Chrome 137+ ignores --load-extension unless this kill switch is
    // off; harmless elsewhere, and may stop working in later Chrome versions.
    '--disable-features=DisableLoadExtensionCommandLineSwitch',
    `--disable-extensions-except=${EXTENSION_DIR}`,
    `--load-extension=${EXTENSION_DIR}`,
    demoUrl,
  ];
  // Chromium refuses to run as root with its sandbox on (containers, CI boxes); the e2e tests
  // pass --no-sandbox for the same reason.
  const asRoot = process.platform === 'linux' && process.getuid?.() === 0;
  if (asRoot) {
    args.unshift('--no-sandbox');
    console.log('Running as root: Chromium is started with --no-sandbox, which it needs there.');
  }
  console.log(`Opening ${browser}`);
  console.log(`  with the extension from ${EXTENSION_DIR}`);
  console.log(`  at ${demoUrl}`);
  if (!/chromium/i.test(browser)) {
    console.log('If the Iceberg sidebar does not show up, this browser may ignore --load-extension.');
    printManualSteps(crm.url);
  }
  console.log('Close the browser or press Ctrl+C to stop.');

  // The browser's own output is kept (the last lines) so that, if it exits with an error, the
  // reason is shown instead of a silent success.
  const child = spawn(browser, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: false });
  let stderrTail = '';
  child.stderr.on('data', (chunk) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
  });
  child.once('error', (error) => {
    console.error(`Could not start the browser: ${error.message}`);
    printManualSteps(crm.url);
    shutdown(1);
  });
  child.once('exit', (code, signal) => {
    if (code === 0 || signal === 'SIGTERM' || signal === 'SIGINT') return shutdown(0);
    const lines = stderrTail.trim().split('\n').slice(-15).join('\n');
    console.error(`\nThe browser exited with ${code !== null ? `code ${code}` : `signal ${signal}`}. What it said last:\n${lines || '(nothing)'}`);
    printManualSteps(crm.url);
    shutdown(1);
  });
  const stopBrowser = () => {
    if (child.exitCode === null) child.kill();
    shutdown(0);
  };
  process.once('SIGINT', stopBrowser);
  process.once('SIGTERM', stopBrowser);
}
