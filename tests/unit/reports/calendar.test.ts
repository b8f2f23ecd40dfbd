import { describe, expect, it } from 'vitest';
import { addDays, bucketsOf, eachDay, isValidDay, isoWeekKey, previousPeriod, rangeLength, weekStart } from '@/knowledge/reports/calendar';

describe('calendar', () => {
  it.each([
    ['2026-01-01', '2026-W01'], // Thursday: week 1 holds the year's first Thursday
    ['2025-12-29', '2026-W01'], // Monday of that week belongs to 2026
    ['2027-01-01', '2026-W53'], // Friday: still the last week of 2026
    ['2024-12-30', '2025-W01'],
    ['2026-11-23', '2026-W48'],
    ['2026-11-29', '2026-W48'], // Sunday closes the ISO week
    ['2026-11-30', '2026-W49'],
    ['2021-01-03', '2020-W53'],
  ])('ISO week of %s is %s', (day, week) => {
    expect(isoWeekKey(day)).toBe(week);
  });

  it('weeks start on Monday', () => {
    expect(weekStart('2026-11-29')).toBe('2026-11-23');
    expect(weekStart('2026-11-23')).toBe('2026-11-23');
  });

  it('adds days across months, leap days and DST changes', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-03-28', 2)).toBe('2026-03-30'); // Europe's DST switch is irrelevant to days
    expect(eachDay('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
  });

  it('validates days', () => {
    expect(isValidDay('2026-02-29')).toBe(false);
    expect(isValidDay('2028-02-29')).toBe(true);
    expect(isValidDay('2026-13-01')).toBe(false);
    expect(isValidDay('26-01-01')).toBe(false);
  });

  it('cuts a range into day, week and month buckets', () => {
    expect(bucketsOf('2026-11-20', '2026-11-22', 'day').map((bucket) => bucket.key)).toEqual(['2026-11-20', '2026-11-21', '2026-11-22']);
    expect(bucketsOf('2026-11-20', '2026-12-02', 'week')).toEqual([
      { key: '2026-W47', start: '2026-11-16', end: '2026-11-22' },
      { key: '2026-W48', start: '2026-11-23', end: '2026-11-29' },
      { key: '2026-W49', start: '2026-11-30', end: '2026-12-06' },
    ]);
    expect(bucketsOf('2026-11-20', '2027-01-05', 'month').map((bucket) => bucket.key)).toEqual(['2026-11', '2026-12', '2027-01']);
  });

  it('gives the previous period of equal length', () => {
    expect(previousPeriod('2026-11-16', '2026-11-22')).toEqual({ from: '2026-11-09', to: '2026-11-15' });
    expect(previousPeriod('2026-03-01', '2026-03-31')).toEqual({ from: '2026-01-29', to: '2026-02-28' });
    expect(rangeLength('2026-03-01', '2026-03-31')).toBe(31);
  });
});
