// Outbox overhead, printed and never asserted: `npm run build && node tests/bench/centre-clicks.mjs`
// (not in `npm test`). Click-to-durable in fresh browsers, three ways, taken in turns
// (BENCH_ROUNDS rounds, so a change of the machine's load hits all three alike):
//  - alone: no centre;
//  - uploading with the default batching: every click also writes its outbox entry in its
//    transaction; the batch goes once 500 rows wait;
//  - uploading with batches due after 1 s: uploads run while the clicks come in.
// Uploads go to a real ClickHouse started here. Figures go into docs/benchmarks.md by hand, with
// the machine and its load.
import os from 'node:os';
import { tsImport } from 'tsx/esm/api';
import { launchIceberg, waitFor } from '../e2e/harness.mjs';
import { measureClickToDurable } from './click-to-durable.mjs';
import { describe, percentile } from './percentiles.mjs';

const CLICKS = Number(process.env.BENCH_CLICKS) || 500;
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 3;
const { startClickHouse } = await tsImport('../clickhouse/clickhouse-server.ts', import.meta.url);

const load = () => os.loadavg().map((value) => value.toFixed(2)).join(' ');

/** Click-to-durable for CLICKS clicks in a fresh browser; then `after` (the browser still open). */
async function measure(options, after) {
  const harness = await launchIceberg(options);
  try {
    const { timings, panel } = await measureClickToDurable(harness, harness.crm, CLICKS);
    await after?.(panel);
    return timings;
  } finally {
    await harness.close();
  }
}

console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}; load average ${load()}`);
const clickhouse = await startClickHouse();
try {
  await clickhouse.runFile('schema.sql');
  const upload = { url: clickhouse.url, user: clickhouse.agent.user, key: clickhouse.agent.key };
  const stored = async () => Number((await clickhouse.query('SELECT count() FROM iceberg.click_events FINAL FORMAT TSV')).trim());
  let expected = 0;
  /** Every click reached the centre: the settings page's "upload now" sends what waits, as a person would. */
  const allUploaded = async (panel) => {
    expected += CLICKS + 20;
    await panel.evaluate(() => chrome.runtime.sendMessage({ channel: 'iceberg/v1', type: 'uploadNow', payload: {} }));
    await waitFor(async () => (await stored()) === expected, `the ${expected} clicks in ClickHouse`, 60_000);
  };
  const ways = [
    ['no centre', () => measure({})],
    ['uploading, default batching (500 rows or 60 s)', () => measure({ policy: { upload } }, allUploaded)],
    ['uploading, batches due after 1 s (uploads during the clicks)', () => measure({ policy: { upload: { ...upload, batching: { maxRows: 500, maxWaitSeconds: 1 } } } }, allUploaded)],
  ];
  const results = new Map(ways.map(([label]) => [label, []]));
  for (let round = 1; round <= ROUNDS; round += 1) {
    for (const [label, run] of ways) {
      const timings = await run();
      results.get(label).push(timings);
      console.log(`  round ${round}, ${label}: ${describe(timings)}; load ${load()}`);
    }
  }
  console.log(`\nClick-to-durable, ${ROUNDS} × ${CLICKS} clicks each (ClickHouse ${clickhouse.version}); target p95 ≤ 20 ms:`);
  for (const [label, rounds] of results) {
    const p95s = rounds.map((timings) => percentile(timings, 95)).sort((a, b) => a - b);
    console.log(`  ${label}: all clicks ${describe(rounds.flat())}; p95 per round ${p95s.map((value) => value.toFixed(1)).join(' / ')} ms`);
  }
} finally {
  await clickhouse.stop();
}
console.log(`Load average at the end: ${load()}`);
