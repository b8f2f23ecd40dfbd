import { z } from 'zod';
import { CountingRule, Emotion, RiskGrade, type ClickEvent } from '../clicks/click-event';
import { OWN_SOURCE, sourceOf, type EventLike } from '../clicks/stored-event';

/**
 * One row of the centre's `click_events` table, as uploaded with `INSERT … FORMAT JSONEachRow`
 * (docs/centre/schema.sql holds the same columns; a test compares them with the real table).
 * A row is one *version* of an event: the click, its undo and each detail change are rows with
 * the same event_id and a larger version, so the centre counts each event once, as last seen.
 */

/** ClickHouse's text form of a DateTime, in UTC (the column is DateTime('UTC')). */
const UtcDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, 'must be "YYYY-MM-DD hh:mm:ss" in UTC');
const Millisecond = z.number().int().min(0).max(999);
const Flag = z.union([z.literal(0), z.literal(1)]);
const Unset = z.literal('');

export const UploadRow = z.object({
  event_id: z.uuid(),
  /** Milliseconds since 1970 of the change; strictly larger for every later change of the event. */
  version: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  occurred_at: UtcDateTime,
  occurred_ms: Millisecond,
  utc_offset_minutes: z.number().int().min(-14 * 60).max(14 * 60),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  agent_id: z.string().min(1),
  site: z.string().min(1),
  category_id: z.string().min(1),
  work_order_ref: z.string().nullable(),
  voided: Flag,
  voided_at: UtcDateTime.nullable(),
  voided_ms: Millisecond,
  ticket_raised: Flag.nullable(),
  counting_rule: CountingRule.or(Unset),
  risk_grade: RiskGrade.or(Unset),
  emotion: Emotion.or(Unset),
});
export type UploadRow = z.infer<typeof UploadRow>;

/** The columns an upload writes, in table order; the table adds `received_at` itself. */
export const UPLOAD_COLUMNS = Object.keys(UploadRow.shape) as Array<keyof UploadRow>;

interface Instant {
  utc: string;
  ms: number;
  offsetMinutes: number;
}

/** "2026-11-23T09:31:05.120+08:00" → the UTC second, its milliseconds and the offset. */
export function instantOf(offsetDateTime: string): Instant {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,3}))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(offsetDateTime);
  const at = Date.parse(offsetDateTime);
  if (!match || Number.isNaN(at)) throw new RangeError(`not an ISO-8601 time with an offset: "${offsetDateTime}"`);
  const [, , , zone, sign, hours, minutes] = match;
  const offsetMinutes = zone === 'Z' ? 0 : (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes));
  const iso = new Date(at).toISOString();
  return { utc: `${iso.slice(0, 10)} ${iso.slice(11, 19)}`, ms: at % 1000, offsetMinutes };
}

/** Only the agent's own clicks go to the centre: merged imports are other agents' own clicks, uploaded by them. */
export function isUploadable(event: EventLike): boolean {
  return sourceOf(event) === OWN_SOURCE;
}

export function uploadRowOf(event: ClickEvent, version: number): UploadRow {
  const occurred = instantOf(event.occurredAt);
  const voided = event.voided && event.voidedAt ? instantOf(event.voidedAt) : null;
  return UploadRow.parse({
    event_id: event.id,
    version,
    occurred_at: occurred.utc,
    occurred_ms: occurred.ms,
    utc_offset_minutes: occurred.offsetMinutes,
    day: event.day,
    agent_id: event.agentId,
    site: event.site,
    category_id: event.categoryId,
    work_order_ref: event.workOrderRef,
    voided: event.voided ? 1 : 0,
    voided_at: voided?.utc ?? null,
    voided_ms: voided?.ms ?? 0,
    ticket_raised: event.ticketRaised === undefined ? null : event.ticketRaised ? 1 : 0,
    counting_rule: event.countingRule ?? '',
    risk_grade: event.riskGrade ?? '',
    emotion: event.emotion ?? '',
  });
}

/**
 * Versions are change times in milliseconds, made strictly increasing: two changes in the same
 * millisecond, or a clock set back, still give the later change the larger version. Keep one
 * clock per database and persist `last` with each change, so a restarted background goes on
 * from where it stopped.
 */
export class VersionClock {
  constructor(private lastIssued = 0) {}

  next(nowMs: number): number {
    this.lastIssued = Math.max(Math.floor(nowMs), this.lastIssued + 1);
    return this.lastIssued;
  }

  get last(): number {
    return this.lastIssued;
  }
}
