// How the benchmarks print a set of timings: shared by the Node and the Chromium benchmarks.

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** p50, p95 and max in milliseconds, and how many values. */
export function describe(values) {
  const fmt = (value) => value.toFixed(2);
  return `p50 ${fmt(percentile(values, 50))} ms, p95 ${fmt(percentile(values, 95))} ms, max ${fmt(Math.max(...values))} ms (n=${values.length})`;
}
