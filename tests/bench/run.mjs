// Benchmarks, printed and never asserted: run with `npm run bench` (builds first).
// Figures go into docs/benchmarks.md by hand, with the machine they were measured on.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { EXTENSION_DIR, launchIceberg } from '../e2e/harness.mjs';
import { libraryImportBenchmark } from './library-import.mjs';
import { dashboardBenchmark } from './dashboard.mjs';
import { sidebarInteractive, typingBenchmark } from './hostile-pages.mjs';
import { measureClickToDurable } from './click-to-durable.mjs';
import { describe } from './percentiles.mjs';

const CLICKS = Number(process.env.BENCH_CLICKS) || 500;
const PAGE_LOADS = Number(process.env.BENCH_PAGE_LOADS) || 20;

function bundleSize() {
  const file = path.join(EXTENSION_DIR, 'crm-page.js');
  const source = readFileSync(file);
  return { raw: source.length, gzip: gzipSync(source, { level: 9 }).length };
}

const harness = await launchIceberg();
try {
  const { timings: durable, page } = await measureClickToDurable(harness, harness.crm, CLICKS);
  const interactive = await sidebarInteractive(page, `${harness.crm.url}/cases/CASE-2026-0002`, PAGE_LOADS);
  const size = bundleSize();
  console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`);
  console.log(`Click-to-durable (${CLICKS} clicks): ${describe(durable)}   target p95 ≤ 20 ms`);
  console.log(`Content-script bundle (crm-page.js): ${(size.raw / 1024).toFixed(1)} KiB raw, ${(size.gzip / 1024).toFixed(1)} KiB gzip   target ≤ 40 KB gzip`);
  console.log(`Sidebar interactive after DOMContentLoaded (${PAGE_LOADS} loads): ${describe(interactive)}   target ≤ 150 ms`);
  for (const line of await typingBenchmark(harness)) console.log(line);
  for (const line of await libraryImportBenchmark(harness)) console.log(line);
  // Last: it fills the database with a million events.
  if (process.env.BENCH_SKIP_DASHBOARD !== '1') for (const line of await dashboardBenchmark(harness)) console.log(line);
} finally {
  await harness.close();
}
