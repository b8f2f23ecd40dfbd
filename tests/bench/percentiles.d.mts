export function percentile(values: readonly number[], p: number): number;
export function describe(values: readonly number[]): string;
