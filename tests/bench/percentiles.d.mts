export function percentile(values: readonly number[], p: number): number;
export function describe(values: readonly number[]): string;
export function buildFigures(runs: readonly (readonly number[])[]): { first: number; min: number; median: number };
export function speedUpWithinRounds(reference: readonly (readonly number[])[], runs: readonly (readonly number[])[]): { first: string; rebuildMedian: string };
