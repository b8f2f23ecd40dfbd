// The centre's figures against the browser's own: one generated data set goes into a real
// ClickHouse (every change as its own version, in shuffled order, some sent twice) and into the
// local report engine; every figure of every report must be the same.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClickHouseServer, startClickHouse } from '../../clickhouse/clickhouse-server';
import { type CentreReport, type CentreSelect, centreChoices, centreReport, centreSelect } from '@/knowledge/centre/centre-report';
import { CENTRE_QUERIES } from '@/storage/pages/centre-queries';
import { insertJsonEachRow } from '@/knowledge/centre/clickhouse-http';
import { encodeBatch, UploadTarget } from '@/knowledge/centre/upload-queue';
import { type UploadRow, uploadRowOf } from '@/knowledge/centre/upload-row';
import { type ReportQuery, buildReportFromEvents } from '@/knowledge/reports/aggregate';
import { CategoryDirectory } from '@/knowledge/reports/category-directory';
import { generateEvents, seededRandom } from '@/knowledge/reports/sample-events';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import type { StoredClickEvent } from '@/knowledge/clicks/stored-event';

const directory = new CategoryDirectory(DEFAULT_TAXONOMY);
const TRICKY_AGENT = "o'brien\\8001";

/** 40 agents, 120 days to 2026-11-30, a burst of SMS complaints on 11-20, and an agent id that needs escaping. */
const events: StoredClickEvent[] = [
  ...generateEvents(12_000, 12, { spikes: [{ day: '2026-11-20', categoryId: 'sms', clicks: 60 }] }),
  ...generateEvents(300, 13, { agents: 1, days: 10 }).map((event) => ({ ...event, agentId: TRICKY_AGENT, site: "crm'3.example.com" })),
];

/** Every version an event went through: the bare click, then its details, then its undo. */
function versionsOf(event: StoredClickEvent): UploadRow[] {
  const clickedAt = Date.parse(event.occurredAt);
  const bare: StoredClickEvent = { ...event, voided: false };
  delete bare.voidedAt;
  delete bare.countingRule;
  delete bare.emotion;
  delete bare.riskGrade;
  delete bare.ticketRaised;
  const rows = [uploadRowOf(bare, clickedAt)];
  const hasDetails = event.countingRule || event.emotion || event.riskGrade || event.ticketRaised !== undefined;
  if (hasDetails) rows.push(uploadRowOf({ ...event, voided: false, voidedAt: undefined }, clickedAt + 1000));
  if (event.voided) rows.push(uploadRowOf(event, Date.parse(event.voidedAt!)));
  return rows;
}

let server: ClickHouseServer;
let select: CentreSelect;

beforeAll(async () => {
  server = await startClickHouse();
  await server.runFile('schema.sql');
  const random = seededRandom(99);
  const rows = events.flatMap(versionsOf);
  // Retries and replays: 5% of the rows arrive twice.
  rows.push(...rows.filter(() => random() < 0.05));
  for (let i = rows.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j]!, rows[i]!];
  }
  const upload = UploadTarget.parse({ url: server.url, user: server.agent.user, key: server.agent.key });
  for (let at = 0; at < rows.length; at += 5000) {
    const batch = encodeBatch(rows.slice(at, at + 5000), 16 * 1024 * 1024);
    const result = await insertJsonEachRow(upload, upload.table, batch.body, { fetch, timeoutMs: 30_000 });
    if (!result.ok) throw new Error(result.failure.detail);
  }
  select = centreSelect({ url: server.url, user: server.report.user, key: server.report.key, database: 'iceberg', auth: 'headers' }, { fetch, timeoutMs: 30_000 });
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

function figures(report: CentreReport) {
  const { serverElapsedMs: _elapsed, rowsRead: _rowsRead, ...rest } = report;
  return rest;
}

const MONTH: Pick<ReportQuery, 'from' | 'to' | 'grouping'> = { from: '2026-11-01', to: '2026-11-30', grouping: 'day' };

describe('centre reports equal the browser\'s report engine on the same events', () => {
  it.each<[string, ReportQuery]>([
    ['30 days by day', MONTH],
    ['120 days by ISO week', { from: '2026-08-03', to: '2026-11-30', grouping: 'week' }],
    ['120 days by month', { from: '2026-08-03', to: '2026-11-30', grouping: 'month' }],
    ['two agents', { ...MONTH, filters: { agentIds: ['agent-8001', 'agent-8017'] } }],
    ['one site', { ...MONTH, filters: { sites: ['crm2.example.com'] } }],
    ['a category with its sub-categories', { ...MONTH, filters: { categoryIds: ['billing'] } }],
    ['a category without its sub-categories', { ...MONTH, filters: { categoryIds: ['billing'], includeSubcategories: false } }],
    ['agent, site and category together', { ...MONTH, filters: { agentIds: ['agent-8002', 'agent-8003', 'agent-8004'], sites: ['crm.example.com'], categoryIds: ['network', 'sms'] } }],
    ['an agent id with a quote and a backslash', { ...MONTH, filters: { agentIds: [TRICKY_AGENT], sites: ["crm'3.example.com"] } }],
    ['a TOP-3 over one week', { from: '2026-11-16', to: '2026-11-22', grouping: 'day', topN: 3 }],
    ['days with no data', { from: '2027-03-01', to: '2027-03-31', grouping: 'week' }],
  ])('%s', async (_, query) => {
    const local = buildReportFromEvents(events, query, directory);
    const centre = await centreReport(query, directory, select, CENTRE_QUERIES);
    if (!centre.ok) throw new Error(centre.failure.detail);
    expect(figures(centre.value)).toEqual(local);
  });

  it('finds the same anomaly (the SMS burst) and counts undone clicks only as voided', async () => {
    const centre = await centreReport(MONTH, directory, select, CENTRE_QUERIES);
    if (!centre.ok) throw new Error(centre.failure.detail);
    expect(centre.value.anomalies.some((anomaly) => anomaly.day === '2026-11-20' && anomaly.categoryId === 'sms' && anomaly.metric === 'clicks')).toBe(true);
    expect(centre.value.totals.voided).toBeGreaterThan(0);
    expect(centre.value.totals.clicks).toBe(events.filter((event) => !event.voided && event.day >= MONTH.from && event.day <= MONTH.to).length);
    expect(centre.value.rowsRead).toBeGreaterThan(centre.value.totals.clicks);
  });

  it('offers the agents, sites and days that were uploaded as filter choices', async () => {
    const choices = await centreChoices(select, CENTRE_QUERIES);
    if (!choices.ok) throw new Error(choices.failure.detail);
    const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
    expect(choices.value).toEqual({
      agentIds: sorted(events.map((event) => event.agentId)),
      sites: sorted(events.map((event) => event.site)),
      firstDay: sorted(events.map((event) => event.day))[0],
      lastDay: sorted(events.map((event) => event.day)).at(-1),
    });
  });

  it('reports a wrong report password as such', async () => {
    const wrong = centreSelect({ url: server.url, user: server.report.user, key: 'wrong', database: 'iceberg', auth: 'headers' }, { fetch, timeoutMs: 10_000 });
    const answer = await centreReport(MONTH, directory, wrong, CENTRE_QUERIES);
    expect(answer).toMatchObject({ ok: false, failure: { kind: 'wrong-credentials' } });
  });
});
