// How the benchmarks print a set of timings: shared by the Node and the Chromium benchmarks.

/** The p-th percentile (nearest rank) of `values`. */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Builds grouped by fresh process or browser, each a list of wall times (the first on cold
 * code): the first builds' median, and the rebuilds' min and median.
 */
export function buildFigures(runs) {
  const rebuilds = runs.flatMap((walls) => walls.slice(1));
  return { first: percentile(runs.map((walls) => walls[0]), 50), min: Math.min(...rebuilds), median: percentile(rebuilds, 50) };
}

/**
 * How much faster `runs` built than `reference`, round by round (the machine's speed drifts by up
 * to 1.5× within minutes, and the two sides of a round ran seconds apart): median (range), for the
 * first build and for the rebuilds' median.
 */
export function speedUpWithinRounds(reference, runs) {
  const ratios = (side) => runs.map((walls, round) => side(reference[round]) / side(walls));
  const summary = (values) => `${percentile(values, 50).toFixed(2)}× (${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)})`;
  return { first: summary(ratios((walls) => walls[0])), rebuildMedian: summary(ratios((walls) => percentile(walls.slice(1), 50))) };
}

/** p50, p95 and max in milliseconds, and how many values. */
export function describe(values) {
  const fmt = (value) => value.toFixed(2);
  return `p50 ${fmt(percentile(values, 50))} ms, p95 ${fmt(percentile(values, 95))} ms, max ${fmt(Math.max(...values))} ms (n=${values.length})`;
}
