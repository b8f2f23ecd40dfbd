import { describe, expect, it } from 'vitest';
import { isValidDay } from '@/knowledge/reports/calendar';

/** The Date round trip isValidDay used to be: the definition its arithmetic must keep matching. */
function roundTripsThroughDate(day: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return false;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === day;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

function disagreements(days: Iterable<string>): string[] {
  const found: string[] = [];
  for (const day of days) if (isValidDay(day) !== roundTripsThroughDate(day)) found.push(day);
  return found;
}

function* grid(years: Iterable<number>, months: Iterable<number>, dates: Iterable<number>): Generator<string> {
  for (const year of years) {
    for (const month of months) {
      for (const date of dates) yield `${pad(year, 4)}-${pad(month, 2)}-${pad(date, 2)}`;
    }
  }
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('isValidDay agrees with a Date round trip', () => {
  it('for every year, at the month and date edges', () => {
    expect(disagreements(grid(range(0, 9999), [0, 1, 2, 3, 4, 12, 13], [0, 1, 28, 29, 30, 31, 32]))).toEqual([]);
  });

  it('for every date of every month around the century edges', () => {
    const years = [...range(0, 120), ...range(1899, 1901), ...range(1999, 2001), ...range(2024, 2029), ...range(2099, 2101), ...range(2399, 2401), 9999];
    expect(disagreements(grid(years, range(0, 19), range(0, 39)))).toEqual([]);
  });

  it('for every two-digit month and date in a few years', () => {
    expect(disagreements(grid([0, 99, 100, 1900, 2000, 2026, 2028, 9999], range(0, 99), range(0, 99)))).toEqual([]);
  });

  it('for text that is not YYYY-MM-DD', () => {
    const texts = [
      '',
      '2026-11-23 ',
      ' 2026-11-23',
      '2026-11-23\n',
      '2026-11-23T00:00',
      '2026-1-23',
      '2026-11-3',
      '26-11-23',
      '02026-11-23',
      '+2026-11-23',
      '-2026-11-23',
      '2026/11/23',
      '2026-11-2a',
      '２０２６-11-23',
      '٢٠٢٦-11-23',
      '2026-١١-23',
    ];
    expect(disagreements(texts)).toEqual([]);
    expect(texts.filter(isValidDay)).toEqual([]);
  });
});
