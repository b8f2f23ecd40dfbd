import type { ComponentChildren } from 'preact';

/**
 * Hand-written SVG charts for the dashboard: a horizontal bar chart (TOP-10, breakdowns) and a
 * multi-line chart (trends). Each is an image with a title and a description for screen readers;
 * callers add a data table next to it for the numbers themselves.
 */

export const SERIES_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#6b6ecf'];

/** Round steps (1, 2, 5 × 10ⁿ) for integer counts, from 0 to at least `max`. */
export function countTicks(max: number, target = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / target;
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  const step = Math.max(1, (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power);
  const top = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let value = 0; value <= top + step / 2; value += step) ticks.push(value);
  return ticks;
}

/** Shortens a label for the chart; the full text stays in a <title> tooltip. */
function clip(text: string, max: number): string {
  return [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;
}

export interface BarItem {
  key: string;
  label: string;
  value: number;
  /** Shown after the value, e.g. "30.1% · +12". */
  note?: string;
  flagged?: boolean;
}

export interface BarChartProps {
  id: string;
  title: string;
  description: string;
  items: BarItem[];
  formatValue: (value: number) => string;
  /** Characters of a label shown before clipping. */
  labelChars?: number;
  /** Width of the drawing in its own units (720); narrower charts keep their text legible when small. */
  width?: number;
}

export function BarChart(props: BarChartProps) {
  const labelWidth = (props.labelChars ?? 10) * 14 + 16;
  const width = props.width ?? 720;
  const noteWidth = props.items.some((item) => item.note) ? 170 : 60;
  const rowHeight = 28;
  const top = 8;
  const axisHeight = 26;
  const plotWidth = width - labelWidth - noteWidth;
  const ticks = countTicks(Math.max(0, ...props.items.map((item) => item.value)));
  const maxTick = ticks[ticks.length - 1]!;
  const height = top + Math.max(1, props.items.length) * rowHeight + axisHeight;
  const x = (value: number) => labelWidth + (value / maxTick) * plotWidth;
  return (
    <ChartFrame id={props.id} kind="iceberg-bar-chart" width={width} height={height} title={props.title} description={props.description}>
      <g class="iceberg-chart-grid" aria-hidden="true">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={x(tick)} x2={x(tick)} y1={top} y2={height - axisHeight} />
            <text x={x(tick)} y={height - axisHeight + 16} text-anchor="middle" class="iceberg-chart-tick">
              {props.formatValue(tick)}
            </text>
          </g>
        ))}
      </g>
      {props.items.map((item, index) => {
        const y = top + index * rowHeight;
        const barWidth = Math.max(item.value > 0 ? 2 : 0, x(item.value) - labelWidth);
        return (
          <g key={item.key} class={item.flagged ? 'iceberg-bar iceberg-bar-flagged' : 'iceberg-bar'} data-bar={item.key} data-value={item.value}>
            <text x={labelWidth - 8} y={y + rowHeight / 2 + 5} text-anchor="end" class="iceberg-chart-label">
              <title>{item.label}</title>
              {clip(item.label, props.labelChars ?? 10)}
            </text>
            <rect x={labelWidth} y={y + 5} width={barWidth} height={rowHeight - 10} rx={2} />
            <text x={labelWidth + barWidth + 6} y={y + rowHeight / 2 + 5} class="iceberg-chart-value">
              {props.formatValue(item.value)}
              {item.note ? ` · ${item.note}` : ''}
              {item.flagged ? ' ⚠' : ''}
            </text>
          </g>
        );
      })}
      <line class="iceberg-chart-axis" x1={labelWidth} x2={labelWidth} y1={top} y2={height - axisHeight} aria-hidden="true" />
    </ChartFrame>
  );
}

export interface LineSeries {
  id: string;
  label: string;
  color: string;
  values: number[];
  /** Points to ring (anomalies), aligned with values. */
  marks?: boolean[];
}

export interface LineChartProps {
  id: string;
  title: string;
  description: string;
  /** X-axis labels, one per point. */
  labels: string[];
  series: LineSeries[];
  formatValue: (value: number) => string;
  /** Shown when no series is chosen. */
  empty?: ComponentChildren;
}

export function LineChart(props: LineChartProps) {
  const width = 720;
  const height = 300;
  const margin = { left: 52, right: 20, top: 14, bottom: 42 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const count = props.labels.length;
  const max = Math.max(0, ...props.series.flatMap((series) => series.values));
  const ticks = countTicks(max);
  const maxTick = ticks[ticks.length - 1]!;
  const x = (index: number) => margin.left + (count <= 1 ? plotWidth / 2 : (index / (count - 1)) * plotWidth);
  const y = (value: number) => margin.top + plotHeight - (value / maxTick) * plotHeight;
  const labelEvery = Math.max(1, Math.ceil(count / 10));
  return (
    <ChartFrame id={props.id} kind="iceberg-line-chart" width={width} height={height} title={props.title} description={props.description}>
      <g class="iceberg-chart-grid" aria-hidden="true">
        {ticks.map((tick) => (
          <g key={tick}>
            <line x1={margin.left} x2={width - margin.right} y1={y(tick)} y2={y(tick)} />
            <text x={margin.left - 6} y={y(tick) + 4} text-anchor="end" class="iceberg-chart-tick">
              {props.formatValue(tick)}
            </text>
          </g>
        ))}
        {props.labels.map((label, index) =>
          index % labelEvery === 0 || index === count - 1 ? (
            <text key={label} x={x(index)} y={height - margin.bottom + 18} text-anchor="middle" class="iceberg-chart-tick">
              {label}
            </text>
          ) : null,
        )}
      </g>
      <line
        class="iceberg-chart-axis"
        x1={margin.left}
        x2={width - margin.right}
        y1={margin.top + plotHeight}
        y2={margin.top + plotHeight}
        aria-hidden="true"
      />
      {props.series.map((series) => (
        <g key={series.id} class="iceberg-line" data-series={series.id} style={{ color: series.color }}>
          <polyline
            fill="none"
            stroke="currentColor"
            stroke-width={2}
            points={series.values.map((value, index) => `${x(index).toFixed(1)},${y(value).toFixed(1)}`).join(' ')}
          />
          {series.values.map((value, index) => (
            <circle
              key={index}
              cx={x(index)}
              cy={y(value)}
              r={series.marks?.[index] ? 6 : count > 40 ? 1.5 : 3}
              class={series.marks?.[index] ? 'iceberg-point-flagged' : undefined}
              fill={series.marks?.[index] ? '#fff' : 'currentColor'}
              data-flagged={series.marks?.[index] ? 'true' : undefined}
            >
              <title>{`${series.label} · ${props.labels[index]}: ${props.formatValue(value)}${series.marks?.[index] ? ' ⚠' : ''}`}</title>
            </circle>
          ))}
        </g>
      ))}
      {props.series.length === 0 && (
        <text x={width / 2} y={height / 2} text-anchor="middle" class="iceberg-chart-empty">
          {props.empty}
        </text>
      )}
    </ChartFrame>
  );
}

/** The SVG every chart draws in: an image with a title and a text description for screen readers. */
function ChartFrame(props: {
  id: string;
  kind: string;
  width: number;
  height: number;
  title: string;
  description: string;
  children: ComponentChildren;
}) {
  const titleId = `${props.id}-title`;
  const descId = `${props.id}-desc`;
  return (
    <svg
      class={`iceberg-chart ${props.kind}`}
      viewBox={`0 0 ${props.width} ${props.height}`}
      role="img"
      aria-labelledby={`${titleId} ${descId}`}
      data-chart={props.id}
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={titleId}>{props.title}</title>
      <desc id={descId}>{props.description}</desc>
      {props.children}
    </svg>
  );
}
