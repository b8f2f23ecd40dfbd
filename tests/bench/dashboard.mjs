// Dashboard benchmark in real Chromium: merge-import click logs through the dashboard (100,000
// rows timed; 1,000,000 events seeded the same way), then time the dashboard's 30-day report and
// a full CSV export streamed to a file, sampling the JS heap of the page and its worker.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MERGE_ROWS = Number(process.env.BENCH_MERGE_ROWS) || 100_000;
const TOTAL_EVENTS = Number(process.env.BENCH_EVENTS) || 1_000_000;

function localDay(date) {
  const pad = (value) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function writeClickLog(file, events, seed, endDay, days) {
  execFileSync(
    path.join(ROOT, 'node_modules/.bin/tsx'),
    ['--tsconfig', path.join(ROOT, 'knowledge/cli/tsconfig.cli.json'), path.join(ROOT, 'tests/bench/click-log-file.ts'), file, String(events), String(seed), endDay, String(days)],
    { cwd: ROOT, stdio: 'inherit' },
  );
}

/** Resident memory of the whole browser (every Chromium process), in bytes; null where ps is missing. */
function browserResidentBytes() {
  try {
    const kib = execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' });
    return kib.split('\n').reduce((sum, line) => sum + (Number(line.trim()) || 0), 0) * 1024;
  } catch {
    return null;
  }
}

/**
 * Memory while `work` runs, sampled every 250 ms: the dashboard page's JS heap, and the whole
 * browser's resident memory (the export worker's heap is not readable from a test, but it lives
 * in the page's renderer process, which that includes).
 */
async function withMemorySampling(page, work) {
  const before = { heap: 0, resident: browserResidentBytes() };
  before.heap = await page.evaluate(() => performance.memory.usedJSHeapSize).catch(() => 0);
  const peak = { ...before };
  let sampling = true;
  const sample = async () => {
    while (sampling) {
      peak.heap = Math.max(peak.heap, await page.evaluate(() => performance.memory.usedJSHeapSize).catch(() => 0));
      peak.resident = Math.max(peak.resident ?? 0, browserResidentBytes() ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  };
  const sampler = sample();
  try {
    return { result: await work(), before, peak };
  } finally {
    sampling = false;
    await sampler;
  }
}

const mib = (bytes) => (bytes === null ? '?' : `${(bytes / 2 ** 20).toFixed(0)} MiB`);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function mergeFiles(page, files) {
  const started = Date.now();
  await page.locator('#merge-files').setInputFiles(files);
  await page.waitForFunction(
    (count) => {
      const items = [...document.querySelectorAll('li[data-import-file]')];
      return items.length === count && items.every((item) => ['done', 'failed', 'skipped'].includes(item.getAttribute('data-import-status')));
    },
    files.length,
    { timeout: 30 * 60_000, polling: 200 },
  );
  return Date.now() - started;
}

export async function dashboardBenchmark(harness) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iceberg-console-'));
  const lines = [];
  try {
    const today = localDay(new Date());
    const mergeFile = path.join(dir, 'merge-100k.csv');
    writeClickLog(mergeFile, MERGE_ROWS, 11, today, 90);
    const seedFiles = [];
    const perFile = 150_000;
    for (let index = 0, left = TOTAL_EVENTS - MERGE_ROWS; left > 0; index += 1, left -= perFile) {
      const file = path.join(dir, `seed-${index}.csv`);
      writeClickLog(file, Math.min(perFile, left), 100 + index, today, 365);
      seedFiles.push(file);
    }

    const page = await harness.context.newPage();
    // Exports stream into the origin-private file system as if the agent had picked a file.
    await page.addInitScript(() => {
      window.showSaveFilePicker = async (options) =>
        (await navigator.storage.getDirectory()).getFileHandle(options?.suggestedName ?? 'export', { create: true });
    });
    await page.goto(`chrome-extension://${harness.extensionId}/dashboard.html`);
    await page.locator('#merge-files').waitFor();

    const mergeMs = await mergeFiles(page, [mergeFile]);
    const mergedSize = (await stat(mergeFile)).size;
    lines.push(`Merge import of ${MERGE_ROWS} rows (${(mergedSize / 2 ** 20).toFixed(1)} MiB CSV): ${mergeMs} ms   target ≤ 5 s`);

    const seedMs = await mergeFiles(page, [mergeFile, ...seedFiles]);
    lines.push(`Seeding to ${TOTAL_EVENTS} events (${seedFiles.length} more files through the same merge): ${(seedMs / 1000).toFixed(1)} s`);

    // Report for the last 30 days, read from the rollups kept with every event.
    await page.reload();
    await page.locator('[data-total-clicks]').waitFor({ timeout: 60_000 });
    // From choosing the range to the figures drawn (data-dashboard-loading="false" again).
    const reportFor = (preset) =>
      page.evaluate(async (preset) => {
        const started = performance.now();
        document.querySelector(`[data-preset="${preset}"]`).click();
        await new Promise((resolve) => {
          const check = () => (document.querySelector('[data-dashboard-loading="true"]') ? requestAnimationFrame(check) : resolve());
          requestAnimationFrame(check);
        });
        return performance.now() - started;
      }, preset);
    const reportRuns = [];
    for (let run = 0; run < 7; run += 1) {
      await reportFor('last7');
      reportRuns.push(await reportFor('last30'));
    }
    const clicks = await page.locator('[data-total-clicks]').getAttribute('data-total-clicks');
    lines.push(
      `Dashboard report, last 30 days over ${TOTAL_EVENTS} events (${clicks} clicks in range), 7 runs: median ${median(reportRuns).toFixed(0)} ms, ` +
        `first ${reportRuns[0].toFixed(0)} ms, max ${Math.max(...reportRuns).toFixed(0)} ms   target ≤ 1 s`,
    );

    // Full click-log CSV export, all dates, from a freshly opened dashboard.
    await page.locator('#dashboard-from').fill('2020-01-01');
    await page.locator('#dashboard-from').dispatchEvent('change');
    await page.waitForFunction(() => document.querySelector('[data-dashboard-loading="false"]'));
    const { result: exportMs, before, peak } = await withMemorySampling(page, async () => {
      const started = Date.now();
      await page.locator('[data-export="clicks-csv"]').click();
      await page.waitForFunction(
        () => ['done', 'error', 'cancelled'].includes(document.querySelector('[data-export-state]')?.getAttribute('data-export-state')),
        null,
        { timeout: 10 * 60_000, polling: 250 },
      );
      return Date.now() - started;
    });
    const state = await page.locator('[data-export-state]').first().getAttribute('data-export-state');
    const written = await page.locator('[data-export-state]').first().getAttribute('data-export-written');
    lines.push(
      `Click-log CSV export of ${written} events (${state}): ${(exportMs / 1000).toFixed(1)} s; dashboard JS heap ${mib(before.heap)} before, ${mib(peak.heap)} peak; ` +
        `browser resident memory ${mib(before.resident)} before, ${mib(peak.resident)} peak   target ≤ 15 s at steady memory`,
    );
    await page.close();
    return lines;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
