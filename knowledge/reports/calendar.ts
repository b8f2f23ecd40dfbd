/**
 * Calendar arithmetic on local-day strings ("YYYY-MM-DD"). Events carry the agent's own local
 * day, so reports never convert time zones: they only count days, ISO weeks and months, done
 * here in UTC so the machine's zone and DST cannot shift a day.
 */

export type Grouping = 'day' | 'week' | 'month';

const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** The number written in day[from, to), which DAY_PATTERN has checked is all ASCII digits. */
function digitsAt(day: string, from: number, to: number): number {
  let value = 0;
  for (let at = from; at < to; at += 1) value = value * 10 + day.charCodeAt(at) - 48;
  return value;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Arithmetic rather than a Date round trip, as imports check several days per row. Years 0–99
 * stay invalid: Date.UTC reads them as 1900–1999, so the round trip this replaced never matched.
 */
export function isValidDay(day: string): boolean {
  if (!DAY_PATTERN.test(day)) return false;
  const year = digitsAt(day, 0, 4);
  const month = digitsAt(day, 5, 7);
  const date = digitsAt(day, 8, 10);
  return year >= 100 && month >= 1 && month <= 12 && date >= 1 && date <= daysInMonth(year, month);
}

function toUtc(day: string): number {
  const match = DAY_PATTERN.exec(day);
  if (!match) throw new RangeError(`not a day: "${day}"`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

function fromUtc(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return fromUtc(toUtc(day) + days * MS_PER_DAY);
}

/** Whole days from `from` to `to` (to − from). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to) - toUtc(from)) / MS_PER_DAY);
}

/** Number of days in the inclusive range. */
export function rangeLength(from: string, to: string): number {
  return daysBetween(from, to) + 1;
}

export function eachDay(from: string, to: string): string[] {
  const days: string[] = [];
  for (let ms = toUtc(from), end = toUtc(to); ms <= end; ms += MS_PER_DAY) days.push(fromUtc(ms));
  return days;
}

/** ISO-8601 weekday, Monday = 1 … Sunday = 7. */
export function isoWeekday(day: string): number {
  const weekday = new Date(toUtc(day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The ISO week ("2026-W48"): weeks start on Monday, week 1 holds the year's first Thursday. */
export function isoWeekKey(day: string): string {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function weekStart(day: string): string {
  return addDays(day, 1 - isoWeekday(day));
}

export function monthEnd(day: string): string {
  const [year, month] = [Number(day.slice(0, 4)), Number(day.slice(5, 7))];
  return fromUtc(Date.UTC(year, month, 0));
}

export interface BucketSpan {
  /** "2026-11-23", "2026-W48" or "2026-11". */
  key: string;
  /** First and last calendar day of the whole bucket (a week or month may overhang the range). */
  start: string;
  end: string;
}

export function bucketOf(day: string, grouping: Grouping): BucketSpan {
  switch (grouping) {
    case 'day':
      return { key: day, start: day, end: day };
    case 'week': {
      const start = weekStart(day);
      return { key: isoWeekKey(day), start, end: addDays(start, 6) };
    }
    case 'month':
      return { key: day.slice(0, 7), start: `${day.slice(0, 7)}-01`, end: monthEnd(day) };
  }
}

/** The buckets covering an inclusive day range, in order. */
export function bucketsOf(from: string, to: string, grouping: Grouping): BucketSpan[] {
  const buckets: BucketSpan[] = [];
  let day = from;
  while (day <= to) {
    const bucket = bucketOf(day, grouping);
    buckets.push(bucket);
    day = addDays(bucket.end, 1);
  }
  return buckets;
}

/** The period of equal length just before [from, to]. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const length = rangeLength(from, to);
  return { from: addDays(from, -length), to: addDays(from, -1) };
}

export function maxDay(a: string, b: string): string {
  return a > b ? a : b;
}

export function minDay(a: string, b: string): string {
  return a < b ? a : b;
}
