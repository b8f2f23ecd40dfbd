import { useState } from 'preact/hooks';
import type { Locale } from '@/knowledge/settings/settings';
import { localizedName } from '@/components/shared/i18n';
import type { LocalizedName } from '@/knowledge/taxonomy/taxonomy';
import type { ImportRecord } from '@/knowledge/clicks/import-record';
import type { ScriptUsageRow, SearchMissSummary } from '@/knowledge/case-library/script-usage';
import type { CategoryFigure, Report } from '@/knowledge/reports/aggregate';
import { addDays, weekStart, type Grouping } from '@/knowledge/reports/calendar';
import { memo } from 'preact/compat';
import { BarChart, LineChart, SERIES_COLORS, type LineSeries } from './Charts';
import { ExportPanel } from './ExportPanel';
import type { DashboardSource, FilterCategory, SaveProgress } from '@/storage/pages/dashboard';
import { centreText } from '@/components/shared/centre-text';
import {
  BackupPanel,
  MergeImportPanel,
  RetentionPanel,
  type BackupPanelProps,
  type MergeImportPanelProps,
  type RetentionPanelProps,
} from './DataTools';
import { dashboardText, formatNumber, formatPercent, type DashboardText } from './dashboard-text';


export type RangePreset = 'today' | 'last7' | 'lastWeek' | 'last30' | 'custom';

/** What the QA reviewer chose: range, grouping and one value per filter (null: all). */
export interface DashboardQuery {
  preset: RangePreset;
  from: string;
  to: string;
  grouping: Grouping;
  agentId: string | null;
  site: string | null;
  categoryId: string | null;
  /** "own", "imported" (every import) or "import:<id>". */
  source: string | null;
  /** This browser's data, or the centre's (every agent's uploads). */
  dataSource: DashboardSource;
}

/** The inclusive days of a preset, relative to `today` (a local "YYYY-MM-DD"). */
export function rangeForPreset(preset: Exclude<RangePreset, 'custom'>, today: string): { from: string; to: string } {
  switch (preset) {
    case 'today':
      return { from: today, to: today };
    case 'last7':
      return { from: addDays(today, -6), to: today };
    case 'lastWeek': {
      const monday = addDays(weekStart(today), -7);
      return { from: monday, to: addDays(monday, 6) };
    }
    case 'last30':
      return { from: addDays(today, -29), to: today };
  }
}

export type DashboardExportKind = 'clicks-csv' | 'clicks-ndjson' | 'counts-csv';



export interface DashboardProps {
  locale: Locale;
  today: string;
  query: DashboardQuery;
  onQueryChange: (query: DashboardQuery) => void;
  choices: { agentIds: string[]; sites: string[]; sources: string[]; categories: FilterCategory[] };
  /** The centre's reports are configured: the source can be switched to "centre". */
  centreReports?: boolean;
  report: (Report & { rawDetailStartsAt: string | null }) | null;
  loading: boolean;
  error: string | null;
  usage: ScriptUsageRow[];
  misses: SearchMissSummary[];
  exportState: SaveProgress | null;
  canPickLocation: boolean;
  onExport: (kind: DashboardExportKind, options: { pickLocation: boolean }) => void;
  onCancelExport: () => void;
  merge: Omit<MergeImportPanelProps, 'locale'>;
  backup: Omit<BackupPanelProps, 'locale'>;
  retention: Omit<RetentionPanelProps, 'locale'> | null;
}

const PRESETS: Array<Exclude<RangePreset, 'custom'>> = ['today', 'last7', 'lastWeek', 'last30'];

/** The QA reviewer's and team lead's page: figures, charts, script usage and the data tools. */
export function Dashboard(props: DashboardProps) {
  const t = dashboardText(props.locale);
  const { report } = props;
  const sections: Array<[string, string]> = [
    ['dashboard-figures', t.figuresTitle],
    ['dashboard-top', t.topTitle],
    ['dashboard-trend', t.trendTitle],
    ['dashboard-breakdown', t.breakdownTitle],
    ['dashboard-usage', t.usageTitle],
    ['dashboard-export', t.exportTitle],
    ['dashboard-import', t.importTitle],
    ['dashboard-backup', t.backupTitle],
    ['dashboard-retention', t.retentionTitle],
  ];
  return (
    <main class="iceberg-settings iceberg-dashboard" lang={props.locale} data-dashboard-loading={String(props.loading)}>
      <header class="iceberg-dashboard-header">
        <h1>{t.title}</h1>
        <p>
          <a href="options.html">{t.settingsLink}</a> · <a href="library.html">{t.libraryLink}</a>
        </p>
      </header>
      <nav aria-label={t.nav} class="iceberg-dashboard-nav">
        <ul>
          {sections.map(([id, label]) => (
            <li key={id}>
              <a href={`#${id}`}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>

      <QueryForm {...props} t={t} />

      {props.error && (
        <p role="alert" class="iceberg-settings-error" data-report-error>
          {t.loadFailed}
          {props.error}
        </p>
      )}
      {!report ? (
        <p role="status">{t.loading}</p>
      ) : (
        <ReportSections report={report} locale={props.locale} t={t} loading={props.loading} />
      )}

      <section aria-labelledby="dashboard-usage" data-section="usage">
        <h2 id="dashboard-usage">{t.usageTitle}</h2>
        <ScriptUsage usage={props.usage} misses={props.misses} t={t} locale={props.locale} />
      </section>

      <section aria-labelledby="dashboard-export" data-section="export">
        <h2 id="dashboard-export">{t.exportTitle}</h2>
        <p class="iceberg-help">{t.exportHelp}</p>
        <ExportPanel
          locale={props.locale}
          kinds={(['clicks-csv', 'clicks-ndjson', 'counts-csv'] as const).map((kind) => ({ kind, label: t.exportKinds[kind] }))}
          state={props.exportState}
          canPickLocation={props.canPickLocation}
          onExport={props.onExport}
          onCancel={props.onCancelExport}
        />
      </section>

      <section aria-labelledby="dashboard-import" data-section="import">
        <h2 id="dashboard-import">{t.importTitle}</h2>
        <MergeImportPanel locale={props.locale} {...props.merge} />
      </section>

      <section aria-labelledby="dashboard-backup" data-section="backup">
        <h2 id="dashboard-backup">{t.backupTitle}</h2>
        <BackupPanel locale={props.locale} {...props.backup} />
      </section>

      <section aria-labelledby="dashboard-retention" data-section="retention">
        <h2 id="dashboard-retention">{t.retentionTitle}</h2>
        {props.retention ? <RetentionPanel locale={props.locale} {...props.retention} /> : <p role="status">{t.loading}</p>}
      </section>
    </main>
  );
}

function sourceLabel(source: string, imports: readonly ImportRecord[], t: DashboardText): string {
  if (source === 'own') return t.sourceOwn;
  if (source === 'imported') return t.sourceImported;
  const record = imports.find((candidate) => `import:${candidate.id}` === source);
  return t.sourceImport(record ? record.fileName : source.slice('import:'.length));
}

/** Parents first, each followed by its sub-categories. */
function orderedCategories(categories: readonly FilterCategory[]): Array<FilterCategory & { depth: number }> {
  const ids = new Set(categories.map((category) => category.id));
  const roots = categories.filter((category) => !category.parentId || !ids.has(category.parentId));
  return roots.flatMap((root) => [
    { ...root, depth: 0 },
    ...categories.filter((category) => category.parentId === root.id).map((child) => ({ ...child, depth: 1 })),
  ]);
}

function QueryForm(props: DashboardProps & { t: DashboardText }) {
  const { t, query, choices, locale } = props;
  const change = (patch: Partial<DashboardQuery>) => props.onQueryChange({ ...query, ...patch });
  const value = (event: Event) => (event.target as HTMLInputElement | HTMLSelectElement).value;
  const sources = ['own', 'imported', ...choices.sources.filter((source) => source !== 'own')];
  const select = (id: string, label: string, current: string | null, options: Array<[string, string]>, key: keyof DashboardQuery) => (
    <label for={id}>
      {label}
      <select id={id} value={current ?? ''} data-filter={key} onChange={(event) => change({ [key]: value(event) || null })}>
        <option value="">{t.all}</option>
        {options.map(([optionValue, optionLabel]) => (
          <option key={optionValue} value={optionValue}>
            {optionLabel}
          </option>
        ))}
      </select>
    </label>
  );
  return (
    <section aria-labelledby="dashboard-range" data-section="range" class="iceberg-dashboard-query">
      <h2 id="dashboard-range">{t.rangeTitle}</h2>
      <div class="iceberg-dashboard-controls">
        <fieldset>
          <legend>{t.preset}</legend>
          {PRESETS.map((preset) => (
            <label key={preset} class="iceberg-inline">
              <input
                type="radio"
                name="dashboard-preset"
                value={preset}
                data-preset={preset}
                checked={query.preset === preset}
                onChange={() => change({ preset, ...rangeForPreset(preset, props.today) })}
              />
              {t.presets[preset]}
            </label>
          ))}
          <label class="iceberg-inline">
            <input type="radio" name="dashboard-preset" value="custom" data-preset="custom" checked={query.preset === 'custom'} onChange={() => change({ preset: 'custom' })} />
            {t.presets.custom}
          </label>
        </fieldset>
        <div class="iceberg-dashboard-dates">
          <label for="dashboard-from">
            {t.from}
            <input id="dashboard-from" type="date" value={query.from} max={props.today} onChange={(event) => value(event) && change({ preset: 'custom', from: value(event) })} />
          </label>
          <label for="dashboard-to">
            {t.to}
            <input id="dashboard-to" type="date" value={query.to} onChange={(event) => value(event) && change({ preset: 'custom', to: value(event) })} />
          </label>
          <label for="dashboard-grouping">
            {t.grouping}
            <select id="dashboard-grouping" value={query.grouping} onChange={(event) => change({ grouping: value(event) as Grouping })}>
              {(['day', 'week', 'month'] as const).map((grouping) => (
                <option key={grouping} value={grouping}>
                  {t.groupings[grouping]}
                </option>
              ))}
            </select>
          </label>
        </div>
        {query.from > query.to && (
          <p role="alert" class="iceberg-settings-error">
            {t.badRange}
          </p>
        )}
        <div class="iceberg-dashboard-filters">
          {select('filter-agent', t.agent, query.agentId, choices.agentIds.map((id) => [id, id]), 'agentId')}
          {select('filter-site', t.site, query.site, choices.sites.map((site) => [site, site]), 'site')}
          {select(
            'filter-category',
            t.category,
            query.categoryId,
            orderedCategories(choices.categories).map((category) => [
              category.id,
              `${category.depth ? '— ' : ''}${localizedName(category.name, locale)}${category.retired ? ` (${t.retired})` : ''}`,
            ]),
            'categoryId',
          )}
          {query.dataSource === 'browser' &&
            select('filter-source', t.source, query.source, sources.map((source) => [source, sourceLabel(source, props.merge.imports, t)]), 'source')}
        </div>
        {props.centreReports && <DataSourceSwitch locale={locale} value={query.dataSource} onChange={(dataSource) => change({ dataSource, agentId: null, site: null, source: null })} />}
      </div>
    </section>
  );
}

/** This browser's figures, or the centre's (every agent's uploaded clicks, counted by ClickHouse). */
function DataSourceSwitch(props: { locale: Locale; value: DashboardSource; onChange: (source: DashboardSource) => void }) {
  const c = centreText(props.locale);
  return (
    <fieldset data-data-source={props.value}>
      <legend>{c.sourceLabel}</legend>
      {(['browser', 'centre'] as const).map((source) => (
        <label key={source} class="iceberg-inline">
          <input type="radio" name="dashboard-data-source" value={source} checked={props.value === source} onChange={() => props.onChange(source)} />
          {source === 'browser' ? c.sourceBrowser : c.sourceCentre}
        </label>
      ))}
    </fieldset>
  );
}

function categoryLabel(figure: { name: LocalizedName; retired?: boolean; known?: boolean }, t: DashboardText, locale: Locale): string {
  const suffix = figure.retired ? `（${t.retired}）` : figure.known === false ? `（${t.unknownCategory}）` : '';
  return `${localizedName(figure.name, locale)}${locale === 'en' ? suffix.replace('（', ' (').replace('）', ')') : suffix}`;
}

function signed(locale: Locale, value: number): string {
  return `${value > 0 ? '+' : value < 0 ? '−' : '±'}${formatNumber(locale, Math.abs(value))}`;
}

function changeText(figure: CategoryFigure, locale: Locale, t: DashboardText): string {
  if (figure.previousClicks === 0) return figure.clicks > 0 ? t.new : '±0';
  return `${signed(locale, figure.change)} (${figure.changeRatio === null ? '—' : `${figure.changeRatio > 0 ? '+' : ''}${formatPercent(locale, figure.changeRatio)}`})`;
}

function bucketLabel(key: string, grouping: Grouping): string {
  if (grouping === 'day') return key.slice(5);
  if (grouping === 'week') return key.slice(5);
  return key;
}

type ReportSectionsProps = { report: NonNullable<DashboardProps['report']>; locale: Locale; t: DashboardText; loading: boolean };

/**
 * Redrawn only when the report (or language, or loading state) changes: progress of a long
 * export or import redraws the page several times a second, and the charts are its heaviest part.
 */
const ReportSections = memo(ReportSectionsView);

function ReportSectionsView(props: ReportSectionsProps) {
  const { report, locale, t } = props;
  const { totals, previousTotals } = report;
  const n = (value: number) => formatNumber(locale, value);
  const ratio = (value: number | null, digits = 1) => (value === null ? '—' : formatNumber(locale, value, digits));
  const flagged = new Set(report.anomalies.map((anomaly) => anomaly.categoryId));
  const rawBeforeRange = report.rawDetailStartsAt !== null && report.query.from < report.rawDetailStartsAt;
  return (
    <div aria-busy={props.loading ? 'true' : 'false'} data-report-from={report.query.from} data-report-to={report.query.to}>
      {report.rawDetailStartsAt && (
        <p class={rawBeforeRange ? 'iceberg-notice iceberg-notice-warn' : 'iceberg-notice'} data-raw-detail-starts-at={report.rawDetailStartsAt}>
          {t.rawDetail(report.rawDetailStartsAt)} {rawBeforeRange ? t.rawDetailInRange : ''}
        </p>
      )}

      <section aria-labelledby="dashboard-figures" data-section="figures">
        <h2 id="dashboard-figures">{t.figuresTitle}</h2>
        <p class="iceberg-help">
          {report.query.from} – {report.query.to} · {t.previous(report.previous.from, report.previous.to)}
        </p>
        <dl class="iceberg-figures">
          <Figure
            label={t.clicks}
            value={n(totals.clicks)}
            previous={`${t.vsPrevious} ${n(previousTotals.clicks)} · ${signed(locale, totals.clicks - previousTotals.clicks)}`}
            data={{ 'data-total-clicks': totals.clicks }}
          />
          <Figure
            label={t.tickets}
            value={n(totals.tickets)}
            previous={`${t.vsPrevious} ${n(previousTotals.tickets)} · ${signed(locale, totals.tickets - previousTotals.tickets)}`}
            data={{ 'data-total-tickets': totals.tickets }}
          />
          <Figure
            label={t.ratioPer100}
            value={ratio(totals.ticketsPer100Clicks)}
            previous={`${t.vsPrevious} ${ratio(previousTotals.ticketsPer100Clicks)}`}
            data={{ 'data-ratio-per-100': totals.ticketsPer100Clicks === null ? '' : totals.ticketsPer100Clicks.toFixed(2) }}
          />
          <Figure
            label={t.clicksPerTicket}
            value={ratio(totals.clicksPerTicket)}
            previous={`${t.vsPrevious} ${ratio(previousTotals.clicksPerTicket)}`}
            data={{ 'data-clicks-per-ticket': totals.clicksPerTicket === null ? '' : totals.clicksPerTicket.toFixed(2) }}
          />
          <Figure label={t.voided} value={n(totals.voided)} data={{ 'data-total-voided': totals.voided }} />
        </dl>
        {totals.clicks === 0 && <p data-report-empty>{t.noData}</p>}
        <Anomalies report={report} t={t} locale={locale} />
      </section>

      <section aria-labelledby="dashboard-top" data-section="top">
        <h2 id="dashboard-top">{t.topTitle}</h2>
        {report.top.length > 0 && (
          <BarChart
            id="chart-top"
            title={t.topChartLabel(report.query.from, report.query.to)}
            description={report.top
              .map((figure) => `${figure.rank}. ${categoryLabel(figure, t, locale)} ${n(figure.clicks)}（${formatPercent(locale, figure.share)}，${t.change} ${changeText(figure, locale, t)}）`)
              .join('；')}
            items={report.top.map((figure) => ({
              key: figure.categoryId,
              label: categoryLabel(figure, t, locale),
              value: figure.clicks,
              note: `${formatPercent(locale, figure.share)} · ${changeText(figure, locale, t)}`,
              flagged: flagged.has(figure.categoryId),
            }))}
            formatValue={n}
            labelChars={12}
          />
        )}
        <TopTable figures={report.top} flagged={flagged} t={t} locale={locale} />
        {report.groups.length > 1 && (
          <>
            <h3>{t.groupsTitle}</h3>
            <ul class="iceberg-groups" data-list="groups">
              {report.groups.map((group) => {
                const leader = group.members.find((member) => member.categoryId !== group.categoryId) ?? null;
                return (
                  <li key={group.categoryId} data-group-id={group.categoryId} data-clicks={group.clicks}>
                    <strong>{localizedName(group.name, locale)}</strong> {formatPercent(locale, group.share)} ({n(group.clicks)})
                    {leader && group.members.length > 1 && (
                      <>
                        {' '}
                        · {t.within} {localizedName(leader.name, locale)} {formatPercent(locale, leader.shareOfGroup)}
                      </>
                    )}
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>

      <section aria-labelledby="dashboard-trend" data-section="trend">
        <h2 id="dashboard-trend">{t.trendTitle}</h2>
        <Trend report={report} t={t} locale={locale} />
      </section>

      <section aria-labelledby="dashboard-breakdown" data-section="breakdown">
        <h2 id="dashboard-breakdown">{t.breakdownTitle}</h2>
        <div class="iceberg-breakdowns">
          <Breakdown id="rule" title={t.byRule} counts={report.byCountingRule} labels={t.rules} locale={locale} />
          <Breakdown id="risk" title={t.byRisk} counts={report.byRiskGrade} labels={t.risks} locale={locale} />
          <Breakdown id="emotion" title={t.byEmotion} counts={report.byEmotion} labels={t.emotions} locale={locale} />
        </div>
      </section>
    </div>
  );
}

function Figure(props: { label: string; value: string; previous?: string; data: Record<string, string | number> }) {
  return (
    <div class="iceberg-figure" {...props.data}>
      <dt>{props.label}</dt>
      <dd>
        <span class="iceberg-figure-value">{props.value}</span>
        {props.previous && <span class="iceberg-figure-previous">{props.previous}</span>}
      </dd>
    </div>
  );
}

function Anomalies(props: { report: NonNullable<DashboardProps['report']>; t: DashboardText; locale: Locale }) {
  const { report, t, locale } = props;
  return (
    <div class="iceberg-anomalies" data-anomaly-count={report.anomalies.length}>
      <h3>
        {t.anomaliesTitle}
        {report.anomalies.length > 0 && <span class="iceberg-badge"> {report.anomalies.length}</span>}
      </h3>
      {report.anomalies.length === 0 ? (
        <p>{t.noAnomalies}</p>
      ) : (
        <ul role="list">
          {report.anomalies.map((anomaly) => (
            <li
              key={`${anomaly.metric}-${anomaly.day}-${anomaly.categoryId}`}
              class="iceberg-anomaly"
              data-anomaly-category={anomaly.categoryId}
              data-anomaly-day={anomaly.day}
              data-anomaly-metric={anomaly.metric}
              data-anomaly-count={anomaly.count}
            >
              <span aria-hidden="true">⚠ </span>
              {t.anomaly(localizedName(anomaly.name, locale), anomaly.metric === 'clicks' ? t.clicks : t.tickets, anomaly.day, anomaly.count, formatNumber(locale, anomaly.baselineMean, 1))}
            </li>
          ))}
        </ul>
      )}
      <p class="iceberg-help">{t.anomalyRule}</p>
    </div>
  );
}

function TopTable(props: { figures: CategoryFigure[]; flagged: Set<string>; t: DashboardText; locale: Locale }) {
  const { t, locale } = props;
  const n = (value: number) => formatNumber(locale, value);
  if (props.figures.length === 0) return <p data-top-empty>{t.noData}</p>;
  return (
    <table class="iceberg-table iceberg-top-table" data-table="top">
      <caption class="iceberg-visually-hidden">{t.topTitle}</caption>
      <thead>
        <tr>
          <th scope="col">{t.rank}</th>
          <th scope="col">{t.name}</th>
          <th scope="col">{t.clicks}</th>
          <th scope="col">{t.share}</th>
          <th scope="col">{t.change}</th>
          <th scope="col">{t.previousRank}</th>
          <th scope="col">{t.tickets}</th>
        </tr>
      </thead>
      <tbody>
        {props.figures.map((figure) => (
          <tr
            key={figure.categoryId}
            data-category-id={figure.categoryId}
            data-clicks={figure.clicks}
            data-tickets={figure.tickets}
            data-share={figure.share === null ? '' : figure.share.toFixed(4)}
            data-change={figure.change}
            data-rank={figure.rank}
            data-retired={String(figure.retired)}
            data-anomaly={props.flagged.has(figure.categoryId) ? 'true' : undefined}
          >
            <td>{figure.rank}</td>
            <th scope="row">
              {categoryLabel(figure, t, locale)}
              {props.flagged.has(figure.categoryId) && <span class="iceberg-badge"> ⚠ {t.anomalyBadge}</span>}
            </th>
            <td>{n(figure.clicks)}</td>
            <td>{formatPercent(locale, figure.share)}</td>
            <td class={figure.change > 0 ? 'iceberg-up' : figure.change < 0 ? 'iceberg-down' : undefined}>{changeText(figure, locale, t)}</td>
            <td>{figure.previousRank ?? '—'}</td>
            <td>{n(figure.tickets)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const TOTAL_SERIES = '__total';
const DEFAULT_SERIES = 5;

function Trend(props: { report: NonNullable<DashboardProps['report']>; t: DashboardText; locale: Locale }) {
  const { report, t, locale } = props;
  const [picked, setPicked] = useState<string[] | null>(null);
  const grouping = report.query.grouping;
  const all = report.trend.series;
  const chosen = picked ?? all.slice(0, DEFAULT_SERIES).map((series) => series.categoryId);
  const colorOf = (id: string) => (id === TOTAL_SERIES ? '#1f2933' : SERIES_COLORS[Math.max(0, all.findIndex((series) => series.categoryId === id)) % SERIES_COLORS.length]!);
  const bucketOfDay = (day: string) => report.buckets.findIndex((bucket) => bucket.from <= day && day <= bucket.to);
  const lines: LineSeries[] = [];
  if (chosen.includes(TOTAL_SERIES)) {
    lines.push({ id: TOTAL_SERIES, label: t.trendAll, color: colorOf(TOTAL_SERIES), values: report.buckets.map((bucket) => bucket.clicks) });
  }
  for (const series of all) {
    if (!chosen.includes(series.categoryId)) continue;
    const marks = series.clicks.map(() => false);
    for (const anomaly of report.anomalies) {
      if (anomaly.categoryId !== series.categoryId || anomaly.metric !== 'clicks') continue;
      const index = bucketOfDay(anomaly.day);
      if (index >= 0) marks[index] = true;
    }
    lines.push({ id: series.categoryId, label: localizedName(series.name, locale), color: colorOf(series.categoryId), values: series.clicks, marks });
  }
  const labels = report.trend.buckets.map((key) => bucketLabel(key, grouping));
  const toggle = (id: string, on: boolean) => setPicked(on ? [...chosen.filter((other) => other !== id), id] : chosen.filter((other) => other !== id));
  const n = (value: number) => formatNumber(locale, value);
  const description = lines
    .map((line) => `${line.label}：${line.values.map((value, index) => `${labels[index]} ${n(value)}`).join('，')}`)
    .join('；');
  return (
    <div class="iceberg-trend">
      <fieldset class="iceberg-trend-picker">
        <legend>{t.trendPicker}</legend>
        {[{ categoryId: TOTAL_SERIES, label: t.trendAll, total: report.totals.clicks }, ...all.map((series) => ({ categoryId: series.categoryId, label: localizedName(series.name, locale), total: series.total }))].map(
          (option) => (
            <label key={option.categoryId} class="iceberg-inline">
              <input
                type="checkbox"
                data-trend-series={option.categoryId}
                checked={chosen.includes(option.categoryId)}
                onChange={(event) => toggle(option.categoryId, (event.target as HTMLInputElement).checked)}
              />
              <span class="iceberg-swatch" style={{ background: colorOf(option.categoryId) }} aria-hidden="true" />
              {option.label} ({n(option.total)})
            </label>
          ),
        )}
      </fieldset>
      <LineChart
        id="chart-trend"
        title={t.trendChartLabel(t.groupings[grouping])}
        description={description}
        labels={labels}
        series={lines}
        formatValue={n}
        empty={t.noData}
      />
      <table class="iceberg-visually-hidden" data-table="trend">
        <caption>{t.trendChartLabel(t.groupings[grouping])}</caption>
        <thead>
          <tr>
            <th scope="col">{t.period}</th>
            {lines.map((line) => (
              <th key={line.id} scope="col">
                {line.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.buckets.map((bucket, index) => (
            <tr key={bucket.key} data-bucket={bucket.key}>
              <th scope="row">
                {bucket.from === bucket.to ? bucket.from : `${bucket.from} – ${bucket.to}`}
                {bucket.partial ? t.partial : ''}
              </th>
              {lines.map((line) => (
                <td key={line.id}>{n(line.values[index] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Breakdown(props: { id: string; title: string; counts: Record<string, number>; labels: Record<string, string>; locale: Locale }) {
  const n = (value: number) => formatNumber(props.locale, value);
  const items = Object.entries(props.counts).map(([key, value]) => ({ key, label: props.labels[key] ?? key, value }));
  return (
    <figure class="iceberg-breakdown" data-breakdown={props.id}>
      <figcaption>{props.title}</figcaption>
      <BarChart
        id={`chart-${props.id}`}
        title={props.title}
        description={items.map((item) => `${item.label} ${n(item.value)}`).join('，')}
        items={items}
        formatValue={n}
        labelChars={8}
        width={380}
      />
    </figure>
  );
}

function ScriptUsage(props: { usage: ScriptUsageRow[]; misses: SearchMissSummary[]; t: DashboardText; locale: Locale }) {
  const { t, locale } = props;
  return (
    <div class="iceberg-usage">
      <div>
        <h3>{t.usageTop}</h3>
        {props.usage.length === 0 ? (
          <p>{t.noUsage}</p>
        ) : (
          <ol data-list="script-usage">
            {props.usage.map((row) => (
              <li key={row.scriptId} data-script-id={row.scriptId} data-use-count={row.count}>
                {row.title} <code>{row.scriptId}</code> · {formatNumber(locale, row.count)} {t.times} · {t.lastUsed}{' '}
                {new Date(row.lastUsedAt).toLocaleDateString(locale)}
              </li>
            ))}
          </ol>
        )}
      </div>
      <div>
        <h3>{t.missesTitle}</h3>
        {props.misses.length === 0 ? (
          <p>{t.noMisses}</p>
        ) : (
          <ol data-list="misses">
            {props.misses.map((miss) => (
              <li key={miss.query} data-miss-query={miss.query} data-miss-count={miss.count}>
                “{miss.query}” · {formatNumber(locale, miss.count)} {t.times}
              </li>
            ))}
          </ol>
        )}
      </div>
    </div>
  );
}
