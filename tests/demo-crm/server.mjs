// Demo CRM server: a tiny, dependency-free HTTP server for the product demo
// and the e2e tests. It plays a hostile-but-realistic CRM: strict CSP on
// every HTML page, an even stricter /strict variant (Trusted Types,
// frame-ancestors 'none'), and an /embedded page that hosts the CRM in an
// iframe, like agent desktops that wrap the CRM in a portal.
//
//   node tests/demo-crm/server.mjs          # http://127.0.0.1:5178
//   DEMO_CRM_PORT=6000 node tests/demo-crm/server.mjs

import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DEMO_CASES, TICKET_TYPES } from './cases.mjs';

const PUBLIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'public');

/** CSP sent with every HTML page. No inline script/style, no eval. */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** CSP for /strict/...: also forbids DOM XSS sinks and being framed. */
export const STRICT_CSP = [
  CSP,
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The hostile fixture page whose scripts are allowed only by nonce (inline scripts with the
 * nonce, nothing else): a CRM that listens to everything and forges every signal.
 */
export const NONCE_CSP = ["default-src 'self'", "script-src 'nonce-iceberg-hostile'", "style-src 'self'", "object-src 'none'", "base-uri 'none'"].join('; ');
const PAGE_CSP = { '/hostile/eavesdropper.html': NONCE_CSP };

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const CASES_ROUTE = /^\/cases(?:\/[^/]+)?\/?$/;
const STRICT_CASES_ROUTE = /^\/strict\/cases(?:\/[^/]+)?\/?$/;
const API_CASE_ROUTE = /^\/api\/cases\/([^/]+)$/;

/**
 * Start the demo CRM.
 * @param {{ port?: number, host?: string, apiDelayMs?: number }} [options]
 *   port 0 picks a free port; apiDelayMs delays /api responses to mimic a
 *   slow CRM backend (the page renders its case only after the fetch).
 * @returns {Promise<{ url: string, port: number, close: () => Promise<void> }>}
 */
export async function startDemoCrm({ port = 0, host = '127.0.0.1', apiDelayMs = 0 } = {}) {
  const server = createServer((req, res) => {
    handle(req, res, { apiDelayMs }).catch((error) => {
      console.error('[demo-crm]', error);
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal Server Error');
      else res.destroy();
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(undefined);
    });
  });

  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${actualPort}`,
    port: actualPort,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive sockets from a browser would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 * @param {{ apiDelayMs: number }} options
 */
async function handle(req, res, { apiDelayMs }) {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  // The demo is edited live and rebuilt often; never let the browser cache it.
  res.setHeader('Cache-Control', 'no-store');

  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.setHeader('Allow', 'GET, HEAD');
    return send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed');
  }

  const { pathname } = new URL(req.url ?? '/', 'http://demo-crm.invalid');

  if (pathname === '/') return redirect(res, '/cases');
  if (pathname === '/strict' || pathname === '/strict/') return redirect(res, '/strict/cases');

  if (CASES_ROUTE.test(pathname)) return sendPage(res, 'app.html', CSP);
  if (STRICT_CASES_ROUTE.test(pathname)) return sendPage(res, 'app.html', STRICT_CSP);
  if (pathname === '/embedded' || pathname === '/embedded/') {
    return sendPage(res, 'embedded.html', CSP);
  }

  if (pathname === '/api/cases') {
    await delay(apiDelayMs);
    return sendJson(res, 200, { cases: DEMO_CASES, ticketTypes: TICKET_TYPES });
  }
  const apiCase = API_CASE_ROUTE.exec(pathname);
  if (apiCase) {
    await delay(apiDelayMs);
    const found = DEMO_CASES.find((c) => c.id === safeDecode(apiCase[1]));
    return found ? sendJson(res, 200, found) : sendJson(res, 404, { error: 'case not found' });
  }

  return sendStatic(res, pathname);
}

/** Serve a file from public/, refusing anything that escapes the folder. */
async function sendStatic(res, pathname) {
  const decoded = safeDecode(pathname);
  const filePath = decoded === null ? null : path.resolve(PUBLIC_DIR, '.' + decoded);
  const inside = filePath !== null && filePath.startsWith(PUBLIC_DIR + path.sep);
  const type = inside ? CONTENT_TYPES[path.extname(filePath).toLowerCase()] : undefined;
  if (!type) return sendNotFound(res);

  let body;
  try {
    body = await readFile(filePath);
  } catch {
    return sendNotFound(res);
  }
  if (type.startsWith('text/html')) res.setHeader('Content-Security-Policy', PAGE_CSP[decoded] ?? CSP);
  return send(res, 200, type, body);
}

async function sendPage(res, fileName, csp) {
  const body = await readFile(path.join(PUBLIC_DIR, fileName));
  res.setHeader('Content-Security-Policy', csp);
  return send(res, 200, CONTENT_TYPES['.html'], body);
}

function sendNotFound(res) {
  res.setHeader('Content-Security-Policy', CSP);
  const body =
    '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>404 页面不存在</title>' +
    '<link rel="stylesheet" href="/app.css"></head><body><main class="not-found">' +
    '<h1>404 页面不存在</h1><p><a href="/cases">返回工单列表</a></p></main></body></html>';
  return send(res, 404, CONTENT_TYPES['.html'], body);
}

function sendJson(res, status, value) {
  return send(res, status, CONTENT_TYPES['.json'], JSON.stringify(value));
}

function redirect(res, location) {
  res.setHeader('Location', location);
  return send(res, 302, 'text/plain; charset=utf-8', `Redirecting to ${location}`);
}

/** Write a complete response; HEAD gets the same headers and no body. */
function send(res, status, contentType, body) {
  const buffer = Buffer.isBuffer(body) ? body : Buffer.from(body);
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': buffer.length });
  res.end(res.req.method === 'HEAD' ? undefined : buffer);
}

function safeDecode(value) {
  try {
    return decodeURIComponent(value);
  } catch {
    return null;
  }
}

function delay(ms) {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}

// Run directly: serve until Ctrl+C.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const port = Number(process.env.DEMO_CRM_PORT) || 5178;
  const crm = await startDemoCrm({ port }).catch((error) => {
    if (error?.code === 'EADDRINUSE') {
      console.error(`Port ${port} is already in use. Set DEMO_CRM_PORT to use another port.`);
      process.exit(1);
    }
    throw error;
  });
  console.log(`Demo CRM running at ${crm.url}/cases`);
  console.log(`  strict CSP + Trusted Types: ${crm.url}/strict/cases`);
  console.log(`  embedded in an iframe:      ${crm.url}/embedded`);
  console.log('Press Ctrl+C to stop.');
  const stop = () => crm.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}
