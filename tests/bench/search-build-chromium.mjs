// The index build in real Chromium, printed and never asserted: `node tests/bench/search-build-chromium.mjs
// LIBRARY.json ROUNDS NAME=TREE...` (run by tests/bench/search.ts for this tree and the code at the
// start of issue 11). Each tree's build code is bundled as a dedicated worker, as the library page
// runs an import; each round launches a fresh browser per tree, alternating, and the worker parses
// the library, waits BENCH_SETTLE_MS (default 1000: the lead reads the import check, then clicks
// Import), then builds five times. The first build runs on cold code. Chromium's engine is newer
// than Node's and runs in a sandbox that checks typed-array accesses, so the figures differ from
// Node's.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, chromiumPath } from '../e2e/harness.mjs';
import { buildFigures, speedUpWithinRounds } from './percentiles.mjs';

const [libraryFile, rounds, ...treeArguments] = process.argv.slice(2);
if (!libraryFile || !rounds || treeArguments.length === 0) throw new Error('usage: node tests/bench/search-build-chromium.mjs LIBRARY.json ROUNDS NAME=TREE...');
const trees = treeArguments.map((argument) => argument.split('='));
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 1000);
const BUILDS = 5;

const WORKER_SOURCE = `
import { buildScriptIndex } from '@/knowledge/search/script-search';
const scripts = (await (await fetch('/library.json')).json()).scripts;
await new Promise((resolve) => setTimeout(resolve, ${SETTLE_MS}));
const walls = [];
let kept;
for (let build = 0; build < ${BUILDS}; build++) {
  const started = performance.now();
  kept = buildScriptIndex(scripts);
  walls.push(performance.now() - started);
}
postMessage({ walls, kept: kept !== undefined });
`;

/** Bundles by tree, served as /tree{i}.js (a name may be any commit spelling). */
const bundles = [];
for (const [, tree] of trees) {
  const result = await build({
    stdin: { contents: WORKER_SOURCE, resolveDir: tree, loader: 'ts' },
    tsconfig: path.join(tree, 'tsconfig.json'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'warning',
  });
  bundles.push(result.outputFiles[0].contents);
}

const library = readFileSync(libraryFile);
const server = http.createServer((request, response) => {
  const [, tree, extension] = request.url.match(/^\/tree(\d+)\.(js|html)$/) ?? [];
  if (request.url === '/library.json') response.setHeader('content-type', 'application/json').end(library);
  else if (extension === 'html' && bundles[tree]) {
    response.setHeader('content-type', 'text/html').end(`<script>
      const worker = new Worker('/tree${tree}.js', { type: 'module' });
      window.builds = new Promise((resolve) => (worker.onmessage = (event) => resolve(event.data)));
    </script>`);
  } else if (extension === 'js' && bundles[tree]) response.setHeader('content-type', 'text/javascript').end(bundles[tree]);
  else response.writeHead(404).end();
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const runs = Object.fromEntries(trees.map(([name]) => [name, []]));
let version = '';
try {
  for (let round = 0; round < Number(rounds); round++) {
    for (const [index, [name]] of trees.entries()) {
      const browser = await chromium.launch({
        executablePath: chromiumPath(),
        args: CHROMIUM_FLAGS,
      });
      version = browser.version();
      try {
        const page = await browser.newPage();
        await page.goto(`${origin}/tree${index}.html`);
        const { walls } = await page.evaluate(() => window.builds);
        runs[name].push(walls);
      } finally {
        await browser.close();
      }
    }
  }
} finally {
  server.close();
}

console.log(`Index build in Chromium ${version}, in a dedicated worker (${rounds} fresh browsers × ${BUILDS} builds per tree, alternating; first build ${SETTLE_MS} ms after the library was parsed)`);
const [reference] = trees[0];
for (const [name] of trees) {
  const { first, min, median } = buildFigures(runs[name]);
  let line = `  ${name}: first median ${first.toFixed(0)} ms; rebuilds min ${min.toFixed(0)} ms, median ${median.toFixed(0)} ms`;
  if (name !== reference) {
    const withinRounds = speedUpWithinRounds(runs[reference], runs[name]);
    line += `\n    speed-up against ${reference} within each round, median (range): ${withinRounds.first} first, ${withinRounds.rebuildMedian} rebuild median   target ≥ 3×`;
  }
  console.log(line);
}
