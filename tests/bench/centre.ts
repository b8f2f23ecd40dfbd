// Centre benchmark, printed and never asserted: `npx tsx tests/bench/centre.ts` (not in `npm test`).
// Starts a real ClickHouse (tests/clickhouse/clickhouse-server.ts) with the documented schema,
// then:
//  1. ingest: simulated agents (one outbox each) upload generated click events through the real
//     upload path (uploadPending → JSONEachRow batches over HTTP with the agent user), retrying
//     with backoff when the server pushes back; events/s and the server's parts and merges;
//  2. reports: the dashboard's centre report (report-rows.sql with the read-only user, then the
//     report engine) over the last 30 days and other ranges, cold and warm.
// Figures go into docs/benchmarks.md by hand, with the machine.
//
// BENCH_EVENTS (10000000), BENCH_AGENTS (1000), BENCH_DAYS (90), BENCH_BATCH_ROWS (500),
// BENCH_CONCURRENCY (8 uploads in flight), BENCH_TABLE (click_events, or click_events_buffer),
// BENCH_REPORT_RUNS (5), BENCH_INGEST (agents; "bulk" loads the same rows in 100,000-row inserts
// instead, to measure reports without the long simulated ingest).
import os from 'node:os';
import { centreQueriesFromDocs, startClickHouse } from '../clickhouse/clickhouse-server';
import { MemoryOutbox } from '../clickhouse/memory-outbox';
import { centreReport, centreReportSql, centreSelect } from '@/knowledge/centre/centre-report';
import { insertJsonEachRow } from '@/knowledge/centre/clickhouse-http';
import { UploadTarget, encodeBatch, transportFor, uploadPending } from '@/knowledge/centre/upload-queue';
import { type UploadRow, uploadRowOf } from '@/knowledge/centre/upload-row';
import { retryDelayMs } from '@/knowledge/centre/upload-status';
import type { ReportQuery } from '@/knowledge/reports/aggregate';
import { addDays } from '@/knowledge/reports/calendar';
import { CategoryDirectory } from '@/knowledge/reports/category-directory';
import { SAMPLE_DEFAULTS, sampleEvents } from '@/knowledge/reports/sample-events';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';

const EVENTS = Number(process.env.BENCH_EVENTS) || 10_000_000;
const AGENTS = Number(process.env.BENCH_AGENTS) || 1000;
const DAYS = Number(process.env.BENCH_DAYS) || 90;
const BATCH_ROWS = Number(process.env.BENCH_BATCH_ROWS) || 500;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY) || 8;
const TABLE = process.env.BENCH_TABLE || 'click_events';
const REPORT_RUNS = Number(process.env.BENCH_REPORT_RUNS) || 5;
const BULK = process.env.BENCH_INGEST === 'bulk';
/** Backoff for the simulated agents: the real doubling, from 200 ms up to 5 s. */
const BENCH_BACKOFF = { firstDelayMs: 200, maxDelayMs: 5_000 };

const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

console.log(`Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${fmt(os.totalmem() / 2 ** 30, 1)} GiB, load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
const server = await startClickHouse();
try {
  await server.runFile('schema.sql');
  console.log(`ClickHouse ${server.version}; Node ${process.version}`);
  const scalar = async (sql: string) => Number((await server.query(sql)).trim() || 0);
  const serverEvent = (name: string) => scalar(`SELECT sum(value) FROM system.events WHERE event = '${name}'`);

  // ---------------------------------------------------------------------------------------------
  // 1. Ingest
  const upload = UploadTarget.parse({
    url: server.url,
    user: server.agent.user,
    key: server.agent.key,
    table: TABLE,
    batching: { maxRows: BATCH_ROWS, maxBytes: 16 * 1024 * 1024, maxWaitSeconds: 60 },
    timeoutSeconds: 120,
  });
  const transport = transportFor(upload, fetch);
  const outboxes = new Map<string, MemoryOutbox>();
  const inFlight = new Set<Promise<void>>();
  const busy = new Set<string>();
  const failures = new Map<string, number>();
  let inserts = 0;
  let sent = 0;

  const send = (agentId: string, outbox: MemoryOutbox): Promise<void> => {
    busy.add(agentId);
    const task = (async () => {
      for (let attempt = 1; ; attempt += 1) {
        const run = await uploadPending(outbox, upload, transport, { maxBatches: 1 });
        inserts += run.batches;
        sent += run.sent;
        if (!run.failure) return;
        failures.set(run.failure.kind, (failures.get(run.failure.kind) ?? 0) + 1);
        await sleep(retryDelayMs(attempt, Math.random, BENCH_BACKOFF));
      }
    })().finally(() => {
      busy.delete(agentId);
      inFlight.delete(task);
    });
    inFlight.add(task);
    return task;
  };

  const serverCpuSeconds = async () => ((await serverEvent('UserTimeMicroseconds')) + (await serverEvent('SystemTimeMicroseconds'))) / 1e6;
  const [insertsBefore, mergedRowsBefore, mergeMsBefore, serverCpuBefore] = [
    await serverEvent('InsertQuery'),
    await serverEvent('MergedRows'),
    await serverEvent('MergesTimeMilliseconds'),
    await serverCpuSeconds(),
  ];
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  let generated = 0;
  let lastReport = started;
  let bulk: UploadRow[] = [];
  const sendBulk = async () => {
    const result = await insertJsonEachRow(upload, 'click_events', encodeBatch(bulk, Number.MAX_SAFE_INTEGER).body, transport);
    if (!result.ok) throw new Error(result.failure.detail);
    inserts += 1;
    sent += bulk.length;
    bulk = [];
  };
  for (const event of sampleEvents(EVENTS, 2026, { agents: AGENTS, days: DAYS })) {
    if (BULK) {
      bulk.push(uploadRowOf(event, Date.parse(event.occurredAt)));
      if (bulk.length === 100_000) await sendBulk();
      continue;
    }
    let outbox = outboxes.get(event.agentId);
    if (!outbox) outboxes.set(event.agentId, (outbox = new MemoryOutbox(0, true)));
    outbox.write(event, Date.parse(event.occurredAt));
    generated += 1;
    if (outbox.pending >= BATCH_ROWS && !busy.has(event.agentId)) {
      void send(event.agentId, outbox);
      while (inFlight.size >= CONCURRENCY) await Promise.race(inFlight);
    }
    if (performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      console.log(`  … ${fmt(generated)} generated, ${fmt(sent)} uploaded (${fmt(sent / ((lastReport - started) / 1000))} events/s)`);
    }
  }
  if (bulk.length > 0) await sendBulk();
  // Each agent's last, partial batch (its maximum wait would send it).
  for (const [agentId, outbox] of outboxes) {
    while (outbox.pending > 0) {
      if (!busy.has(agentId)) void send(agentId, outbox);
      while (inFlight.size >= CONCURRENCY || busy.has(agentId)) await Promise.race(inFlight);
    }
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  // A Buffer table is flushed here, so its last rows count as ingested (and their cost as the server's).
  if (TABLE !== 'click_events') await server.query(`OPTIMIZE TABLE iceberg.${TABLE}`);
  const serverCpu = (await serverCpuSeconds()) - serverCpuBefore;

  const stored = await scalar('SELECT count() FROM iceberg.click_events');
  const activeParts = await scalar("SELECT count() FROM system.parts WHERE database = 'iceberg' AND table = 'click_events' AND active");
  const partitions = await scalar("SELECT uniqExact(partition) FROM system.parts WHERE database = 'iceberg' AND table = 'click_events' AND active");
  const diskBytes = await scalar("SELECT sum(bytes_on_disk) FROM system.parts WHERE database = 'iceberg' AND table = 'click_events' AND active");
  const partsWritten = (await serverEvent('InsertQuery')) - insertsBefore;
  const mergedRows = (await serverEvent('MergedRows')) - mergedRowsBefore;
  const mergeSeconds = ((await serverEvent('MergesTimeMilliseconds')) - mergeMsBefore) / 1000;
  const maxLevel = await scalar("SELECT max(level) FROM system.parts WHERE database = 'iceberg' AND table = 'click_events' AND active");
  console.log(
    BULK
      ? `\nBulk load into click_events: ${fmt(EVENTS)} events in inserts of 100,000 rows (not the agents' path)`
      : `\nIngest into ${TABLE}: ${fmt(EVENTS)} events by ${fmt(outboxes.size)} simulated agents, batches of ${BATCH_ROWS}, ${CONCURRENCY} in flight`,
  );
  console.log(`  ${fmt(seconds, 1)} s → ${fmt(sent / seconds)} events/s; ${fmt(inserts)} inserts (${fmt(inserts / seconds, 1)}/s, ${fmt(sent / Math.max(1, inserts))} rows each)`);
  console.log(`  Node CPU ${fmt((cpu.user + cpu.system) / 1e6, 1)} s (generating, building rows, JSON); ClickHouse CPU ${fmt(serverCpu, 1)} s (inserts and merges: ${fmt(sent / Math.max(serverCpu, 0.001))} events per server CPU-second)`);
  console.log(`  refused and retried: ${failures.size ? [...failures].map(([kind, count]) => `${kind} × ${count}`).join(', ') : 'none'}`);
  console.log(`  server: ${fmt(stored)} rows stored, ${fmt(diskBytes / 2 ** 20, 1)} MiB on disk (${fmt(diskBytes / Math.max(1, stored), 1)} bytes/event)`);
  console.log(`  parts: ${fmt(partsWritten)} insert queries, merged down to ${fmt(activeParts)} active parts in ${partitions} partitions (deepest merge level ${maxLevel}); merges rewrote ${fmt(mergedRows)} rows in ${fmt(mergeSeconds, 1)} s of merge time`);

  // ---------------------------------------------------------------------------------------------
  // 2. Reports
  const queries = centreQueriesFromDocs();
  const directory = new CategoryDirectory(DEFAULT_TAXONOMY);
  const select = centreSelect({ url: server.url, user: server.report.user, key: server.report.key, database: 'iceberg', auth: 'headers' }, { fetch, timeoutMs: 300_000 });
  const lastDay = SAMPLE_DEFAULTS.endDay;
  const reports: Array<[string, ReportQuery]> = [
    ['30-day report by day', { from: addDays(lastDay, -29), to: lastDay, grouping: 'day' }],
    ['30 days, one agent', { from: addDays(lastDay, -29), to: lastDay, grouping: 'day', filters: { agentIds: ['agent-8001'] } }],
    ['30 days, billing and its sub-categories', { from: addDays(lastDay, -29), to: lastDay, grouping: 'day', filters: { categoryIds: ['billing'] } }],
    ['7-day report by day', { from: addDays(lastDay, -6), to: lastDay, grouping: 'day' }],
    [`${DAYS}-day report by week`, { from: addDays(lastDay, -(DAYS - 1)), to: lastDay, grouping: 'week' }],
  ];
  /** The server's CPU time for one query (user + system), which other load on the machine hardly changes. */
  const serverCpuMs = async (sql: string) => {
    const id = `bench-${Math.random().toString(36).slice(2)}`;
    await fetch(`${server.url}?database=iceberg&log_queries=1&query_id=${id}`, { method: 'POST', body: sql }).then((response) => response.text());
    await server.query('SYSTEM FLUSH LOGS');
    const micros = await scalar(
      "SELECT ProfileEvents.Values[indexOf(ProfileEvents.Names, 'UserTimeMicroseconds')] + ProfileEvents.Values[indexOf(ProfileEvents.Names, 'SystemTimeMicroseconds')] " +
        `FROM system.query_log WHERE query_id = '${id}' AND type = 2`,
    );
    return micros / 1000;
  };
  console.log(`\nCentre reports (report-rows.sql + the report engine), ${REPORT_RUNS} runs each, first run cold:`);
  for (const [label, query] of reports) {
    const totals: number[] = [];
    const onServer: number[] = [];
    let rowsRead = 0;
    let clicks = 0;
    for (let run = 0; run < REPORT_RUNS; run += 1) {
      const began = performance.now();
      const report = await centreReport(query, directory, select, queries);
      if (!report.ok) throw new Error(`${label}: ${report.failure.kind} ${report.failure.detail}`);
      totals.push(performance.now() - began);
      onServer.push(report.value.serverElapsedMs ?? 0);
      rowsRead = report.value.rowsRead ?? 0;
      clicks = report.value.totals.clicks;
    }
    const warm = totals.slice(1).sort((a, b) => a - b);
    const cpu = (await Promise.all(Object.values(centreReportSql(query, directory, queries)).map(serverCpuMs))).reduce((sum, ms) => sum + ms, 0);
    console.log(
      `  ${label}: cold ${fmt(totals[0]!)} ms, warm median ${fmt(warm[Math.floor(warm.length / 2)] ?? totals[0]!)} ms ` +
        `(server ${fmt(onServer.slice(1).sort((a, b) => a - b)[Math.floor((REPORT_RUNS - 1) / 2)] ?? onServer[0]!)} ms); ` +
        `server CPU ${fmt(cpu)} ms in all; ${fmt(rowsRead)} rows read, ${fmt(clicks)} clicks in range`,
    );
  }
  console.log(`\nLoad average at the end: ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}`);
} finally {
  await server.stop();
}
