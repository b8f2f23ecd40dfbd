// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { DashboardPage } from '@/components/dashboard/DashboardPage';
import { buildReportFromEvents, type ReportQuery } from '@/knowledge/reports/aggregate';
import { CategoryDirectory } from '@/knowledge/reports/category-directory';
import { generateEvents } from '@/knowledge/reports/sample-events';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import type { DashboardBackend, DashboardSource } from '@/storage/pages/dashboard';

afterEach(cleanup);

const TODAY = '2026-11-30';
const events = generateEvents(3000, 17, { days: 30, endDay: TODAY, agents: 6 });
const directory = new CategoryDirectory(DEFAULT_TAXONOMY);

/** The dashboard's backend over generated events and the report engine, in memory. */
function memoryBackend(options: { centreEvents?: typeof events } = {}) {
  const queries: ReportQuery[] = [];
  const sources: DashboardSource[] = [];
  const backend: DashboardBackend = {
    overview: async () => ({
      locale: 'zh-CN',
      choices: {
        agentIds: [...new Set(events.map((event) => event.agentId))].sort(),
        sites: [...new Set(events.map((event) => event.site))].sort(),
        sources: ['own'],
        categories: DEFAULT_TAXONOMY.categories.map(({ id, name, parentId, retired }) => ({ id, name, parentId: parentId ?? null, retired })),
      },
      imports: [],
      usage: [],
      misses: [],
      storage: { usage: null, quota: null, persisted: null, tables: {}, rawDetailStartsAt: null, keepRawEventsDays: null },
      centreReports: options.centreEvents !== undefined,
      retentionLocked: false,
    }),
    report: async (query, source = 'browser') => {
      queries.push(query);
      sources.push(source);
      return { ...buildReportFromEvents(source === 'centre' ? options.centreEvents! : events, query, directory), rawDetailStartsAt: null };
    },
    centreChoices: async () => ({ agentIds: [...new Set(options.centreEvents!.map((event) => event.agentId))].sort(), sites: [] }),
    removeImport: async () => undefined,
    setRetention: async () => ({ deleted: 0 }),
    pruneRawEvents: async () => ({ deleted: 0 }),
    canPickSaveLocation: false,
    saveToFile: () => ({ cancel: () => undefined }),
    mergeFiles: () => ({ cancel: () => undefined }),
    restore: async () => ({ failed: 'not in this test', problems: [] }),
  };
  return { backend, queries, sources };
}

/** What the report engine says for a query, to compare the page with. */
function expected(query: ReportQuery) {
  return buildReportFromEvents(events, query, directory);
}

describe('the dashboard’s figures', () => {
  it('shows the last 7 days: generalized complaints, tickets, the iceberg ratio and the TOP-10 in order', async () => {
    const { backend, queries } = memoryBackend();
    render(<DashboardPage backend={backend} today={TODAY} />);

    await screen.findByRole('region', { name: '关键指标' });
    await waitFor(() => expect(document.querySelector('[data-total-clicks]')).not.toBeNull());
    const report = expected(queries.at(-1)!);
    expect(queries.at(-1)).toMatchObject({ from: '2026-11-24', to: TODAY });
    expect(Number(document.querySelector('[data-total-clicks]')!.getAttribute('data-total-clicks'))).toBe(report.totals.clicks);
    expect(Number(document.querySelector('[data-total-tickets]')!.getAttribute('data-total-tickets'))).toBe(report.totals.tickets);
    expect(document.querySelector('[data-ratio-per-100]')!.getAttribute('data-ratio-per-100')).toBe(report.totals.ticketsPer100Clicks!.toFixed(2));

    const top = document.querySelector('[data-table="top"]') as HTMLTableElement;
    const rows = within(top).getAllByRole('row').slice(1);
    expect(rows.map((row) => row.getAttribute('data-category-id'))).toEqual(report.top.map((figure) => figure.categoryId));
    expect(rows[0]!.textContent).toContain(report.top[0]!.clicks.toLocaleString('zh-CN'));
  });

  it('a filter the reviewer picks asks for new figures and shows them', async () => {
    const { backend, queries } = memoryBackend();
    render(<DashboardPage backend={backend} today={TODAY} />);
    await waitFor(() => expect(document.querySelector('[data-total-clicks]')).not.toBeNull());
    const agent = [...new Set(events.map((event) => event.agentId))].sort()[0]!;

    const agents = screen.getByRole<HTMLSelectElement>('combobox', { name: '坐席' });
    agents.value = agent;
    agents.dispatchEvent(new Event('change', { bubbles: true }));

    await waitFor(() => expect(queries.at(-1)!.filters?.agentIds).toEqual([agent]));
    const report = expected(queries.at(-1)!);
    await waitFor(() =>
      expect(Number(document.querySelector('[data-total-clicks]')!.getAttribute('data-total-clicks'))).toBe(report.totals.clicks),
    );
    expect(report.totals.clicks).toBeLessThan(expected({ ...queries.at(-1)!, filters: {} }).totals.clicks);
  });
});

describe('the centre as the dashboard’s source', () => {
  const centreEvents = generateEvents(9000, 23, { days: 30, endDay: TODAY, agents: 40 });

  it('switches from this browser to every agent’s uploaded clicks, counted by the centre', async () => {
    const { backend, sources } = memoryBackend({ centreEvents });
    render(<DashboardPage backend={backend} today={TODAY} />);
    await waitFor(() => expect(document.querySelector('[data-total-clicks]')).not.toBeNull());
    const browserTotal = document.querySelector('[data-total-clicks]')!.getAttribute('data-total-clicks');
    expect(document.getElementById('filter-source')).not.toBeNull();

    fireEvent.click(screen.getByRole('radio', { name: '中心（全部坐席）' }));
    const query = { from: '2026-11-24', to: TODAY, grouping: 'day' as const };
    const centreTotal = String(buildReportFromEvents(centreEvents, query, directory).totals.clicks);
    await waitFor(() => expect(document.querySelector('[data-total-clicks]')!.getAttribute('data-total-clicks')).toBe(centreTotal));
    expect(centreTotal).not.toBe(browserTotal);
    expect(sources.at(-1)).toBe('centre');
    // Merged imports are this browser's business; the centre's agents fill the agent filter.
    expect(document.getElementById('filter-source')).toBeNull();
    await waitFor(() => expect(document.getElementById('filter-agent')!.querySelectorAll('option').length).toBe(41));
  });

  it('offers no centre source until centre reports are configured', async () => {
    const { backend } = memoryBackend();
    render(<DashboardPage backend={backend} today={TODAY} />);
    await waitFor(() => expect(document.querySelector('[data-total-clicks]')).not.toBeNull());
    expect(screen.queryByRole('radio', { name: '中心（全部坐席）' })).toBeNull();
  });
});
