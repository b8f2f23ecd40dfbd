import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { IcebergDatabase } from '@/storage/database/database';
import { applyEventToRollups, loadReport, rebuildRollups, reportChoices } from '@/storage/database/reports';
import { recordClick, undoClick, updateClickDetails } from '@/storage/database/click-log';
import { rollupsFromEvents } from '@/knowledge/reports/rollup';
import { buildReportFromEvents } from '@/knowledge/reports/aggregate';
import { CategoryDirectory } from '@/knowledge/reports/category-directory';
import { generateEvents } from '@/knowledge/reports/sample-events';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { CRM, click, dropDatabase, newDatabase } from '../helpers';
import { allStoredEvents, seed, storedRollupRows } from './helpers';

let db: IcebergDatabase;
beforeEach(() => {
  db = newDatabase();
});
afterEach(async () => {
  await dropDatabase(db);
});

const sortRows = <T extends { day: string; categoryId: string; agentId: string; site: string; source: string }>(rows: T[]) =>
  [...rows].sort((a, b) => `${a.day}${a.categoryId}${a.agentId}${a.site}${a.source}`.localeCompare(`${b.day}${b.categoryId}${b.agentId}${b.site}${b.source}`));

describe('the click path keeps rollups in the same transaction', () => {
  it('record, details, undo: one rollup row follows the event, source "own"', async () => {
    const at = new Date(2026, 10, 23, 9, 30);
    const { event } = await recordClick(db, click('billing', at), { ...CRM, agentId: '8012' });
    expect(event.source).toBe('own');
    expect(await db.events.get(event.id)).toEqual(event);
    expect(await storedRollupRows(db)).toEqual([
      {
        day: '2026-11-23', categoryId: 'billing', agentId: '8012', site: CRM.site, source: 'own',
        clicks: 1, tickets: 0, voided: 0, rules: { unspecified: 1 }, risks: { unspecified: 1 }, emotions: { unspecified: 1 },
      },
    ]);

    await updateClickDetails(db, event.id, { ticketRaised: true, riskGrade: 'major', countingRule: 'company-at-fault' });
    expect(await storedRollupRows(db)).toEqual([
      expect.objectContaining({ clicks: 1, tickets: 1, risks: { major: 1 }, rules: { 'company-at-fault': 1 }, emotions: { unspecified: 1 } }),
    ]);

    await undoClick(db, event.id, new Date(at.getTime() + 5000));
    expect(await storedRollupRows(db)).toEqual([
      expect.objectContaining({ clicks: 0, tickets: 0, voided: 1, rules: {}, risks: {}, emotions: {} }),
    ]);
    expect(sortRows(await storedRollupRows(db))).toEqual(sortRows(rollupsFromEvents(await allStoredEvents(db))));
  });

  it('a retried click adds nothing twice to the rollups', async () => {
    const request = click('billing', new Date(2026, 10, 23, 9, 30));
    await recordClick(db, request, CRM);
    await recordClick(db, request, CRM);
    expect((await storedRollupRows(db)).map((row) => row.clicks)).toEqual([1]);
  });

  it('the click path cannot change an imported event: details and undo find no such click', async () => {
    const [imported] = generateEvents(1, 3, { source: 'import:abc' });
    await seed(db, [{ ...imported!, voided: false, ticketRaised: false }]);
    await expect(updateClickDetails(db, imported!.id, { ticketRaised: true })).rejects.toMatchObject({ code: 'not-found' });
    await expect(undoClick(db, imported!.id, new Date())).rejects.toMatchObject({ code: 'not-found' });
    expect(await allStoredEvents(db)).toEqual([expect.objectContaining({ source: 'import:abc', ticketRaised: false, voided: false })]);
    expect(await db.dailyCounts.count()).toBe(0);
    expect(await storedRollupRows(db)).toEqual([expect.objectContaining({ source: 'import:abc', clicks: 1, tickets: 0 })]);
  });

  it('refuses to run outside a transaction that includes the rollups (so it cannot be half-applied)', async () => {
    const [event] = generateEvents(1, 1);
    await expect(
      db.transaction('rw', [db.events], async () => {
        await db.events.add(event!);
        await applyEventToRollups(db, null, event);
      }),
    ).rejects.toThrow();
    expect(await db.events.count()).toBe(0);
  });

  it('rebuilds rollups from the events, equal to the ones kept in step', async () => {
    const events = generateEvents(3000, 11, { days: 30 });
    await seed(db, events);
    const kept = sortRows(await storedRollupRows(db));
    expect(kept).toEqual(sortRows(rollupsFromEvents(events)));
    await db.rollupDays.clear();
    expect(await rebuildRollups(db)).toEqual({ rows: kept.length, events: 3000 });
    expect(sortRows(await storedRollupRows(db))).toEqual(kept);
  });
});

describe('reports from the database', () => {
  it('gives the same figures as aggregating the raw events', async () => {
    const events = generateEvents(8000, 21, { days: 75, endDay: '2026-11-30', spikes: [{ day: '2026-11-25', categoryId: 'sms', clicks: 80 }] });
    await seed(db, events);
    const query = { from: '2026-11-01', to: '2026-11-30', grouping: 'week' as const, filters: { agentIds: ['agent-8001', 'agent-8002', 'agent-8003'] } };
    const fromDb = await loadReport(db, query);
    const direct = buildReportFromEvents(events, query, new CategoryDirectory(DEFAULT_TAXONOMY));
    expect({ ...fromDb, rawDetailStartsAt: undefined }).toEqual({ ...direct, rawDetailStartsAt: undefined });
    expect(fromDb.rawDetailStartsAt).toBeNull();
    const all = await loadReport(db, { from: '2026-11-01', to: '2026-11-30', grouping: 'day' });
    expect(all.anomalies.some((anomaly) => anomaly.categoryId === 'sms' && anomaly.day === '2026-11-25')).toBe(true);
    expect(all.top).toHaveLength(10);
  });

  it('lists the agents, sites, sources and days the filters can offer', async () => {
    await seed(db, generateEvents(500, 2, { agents: 3, days: 10, endDay: '2026-11-30' }));
    await seed(db, generateEvents(10, 3, { agents: 1, days: 1, endDay: '2026-12-01', source: 'import:x', sites: ['other.crm'] }));
    const { categories, ...choices } = await reportChoices(db);
    expect(categories.map((category) => category.id)).toEqual(DEFAULT_TAXONOMY.categories.map((category) => category.id));
    expect(choices).toEqual({
      agentIds: ['agent-8001', 'agent-8002', 'agent-8003'],
      sites: ['crm.example.com', 'crm2.example.com', 'other.crm'],
      sources: ['import:x', 'own'],
      firstDay: '2026-11-21',
      lastDay: '2026-12-01',
    });
  });
});
