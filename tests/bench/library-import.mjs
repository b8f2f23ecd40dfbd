// Import benchmark: a generated 10,000-row CSV library imported through the library page in
// real Chromium. Prints how long checking and writing take and how long the page's main thread
// was ever blocked (the longest gap between animation frames) while it happened.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ROWS = Number(process.env.BENCH_IMPORT_ROWS) || 10_000;

function csvCell(value) {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Varied scripts built from the shipped library, so the file looks like a real one. */
async function generatedLibraryCsv(rows) {
  const shipped = JSON.parse(await readFile(path.join(ROOT, 'knowledge/case-library/default-library.json'), 'utf8'));
  const header = ['id', 'title', 'scenario', 'solution', 'script', 'keywords', 'categoryIds', 'updatedAt'];
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i++) {
    const base = shipped.scripts[i % shipped.scripts.length];
    const variant = Math.floor(i / shipped.scripts.length);
    lines.push(
      [
        `gen-${String(i).padStart(5, '0')}`,
        `${base.title}（${variant}）`,
        `${base.scenario} 第${variant}类情形`,
        base.solution,
        base.script,
        base.keywords.join('|'),
        base.categoryIds.join('|'),
        base.updatedAt,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Runs in the benchmark's harness; returns printed lines. */
export async function libraryImportBenchmark(harness) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iceberg-import-'));
  try {
    const file = path.join(dir, `bench-library-${ROWS}.csv`);
    const csv = await generatedLibraryCsv(ROWS);
    await writeFile(file, csv);
    const page = await harness.context.newPage();
    await page.goto(`chrome-extension://${harness.extensionId}/library.html`);
    await page.locator('[data-script-count]').waitFor();
    // Longest gap between animation frames: a frozen page shows as one long gap.
    await page.evaluate(() => {
      window.__longestFrameGap = 0;
      let last = performance.now();
      const tick = (now) => {
        window.__longestFrameGap = Math.max(window.__longestFrameGap, now - last);
        last = now;
        window.__frames = requestAnimationFrame(tick);
      };
      window.__frames = requestAnimationFrame(tick);
    });
    const started = Date.now();
    await page.locator('#library-file').setInputFiles(file);
    await page.locator('.iceberg-import-check').waitFor({ timeout: 60_000 });
    const checkedAt = Date.now();
    await page.locator('input[value="replace"]').check();
    await page.locator('button[data-action="import"]').click();
    await page.locator('[data-import-result="imported"]').waitFor({ timeout: 60_000 });
    const importedAt = Date.now();
    const longestGap = await page.evaluate(() => {
      cancelAnimationFrame(window.__frames);
      return window.__longestFrameGap;
    });
    const count = await page.locator('[data-script-count]').getAttribute('data-script-count');
    await page.close();
    return [
      `Library import (${ROWS} rows, ${(Buffer.byteLength(csv) / 2 ** 20).toFixed(1)} MiB CSV, ${count} scripts stored): ` +
        `check ${checkedAt - started} ms, write ${importedAt - checkedAt} ms (incl. the click), total ${importedAt - started} ms   target < 3 s`,
      `Library page main thread during the import: longest frame gap ${longestGap.toFixed(0)} ms`,
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
