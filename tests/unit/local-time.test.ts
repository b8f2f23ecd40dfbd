import { afterEach, describe, expect, it } from 'vitest';
import { UNDO_WINDOW_MS, localDay, toOffsetDateTime } from '@/knowledge/clicks/local-time';
import { ClickEvent, OffsetDateTime } from '@/knowledge/clicks/click-event';
import { seededRandom } from './helpers';

// Node re-reads process.env.TZ on assignment, so each test can put the agent in a time zone.
const originalTz = process.env.TZ;
afterEach(() => {
  if (originalTz === undefined) delete process.env.TZ;
  else process.env.TZ = originalTz;
});

describe('toOffsetDateTime and localDay', () => {
  it.each([
    { tz: 'Asia/Shanghai', utc: '2026-11-23T01:31:05.120Z', local: '2026-11-23T09:31:05.120+08:00' },
    { tz: 'Asia/Shanghai', utc: '2026-11-23T17:30:00.000Z', local: '2026-11-24T01:30:00.000+08:00' },
    { tz: 'UTC', utc: '2026-11-23T23:59:59.999Z', local: '2026-11-23T23:59:59.999+00:00' },
    { tz: 'America/St_Johns', utc: '2026-01-15T02:00:00.007Z', local: '2026-01-14T22:30:00.007-03:30' },
    { tz: 'Asia/Kathmandu', utc: '2026-06-30T18:20:00.000Z', local: '2026-07-01T00:05:00.000+05:45' },
    // New York switches to daylight time at 02:00 local on 2026-03-08.
    { tz: 'America/New_York', utc: '2026-03-08T06:59:00.000Z', local: '2026-03-08T01:59:00.000-05:00' },
    { tz: 'America/New_York', utc: '2026-03-08T07:00:00.000Z', local: '2026-03-08T03:00:00.000-04:00' },
  ])('$utc in $tz is $local, on the agent’s local day', ({ tz, utc, local }) => {
    process.env.TZ = tz;
    const date = new Date(utc);
    expect(toOffsetDateTime(date)).toBe(local);
    expect(localDay(date)).toBe(local.slice(0, 10));
  });

  it('round-trips to the same instant and always passes the event schema (random instants and zones)', () => {
    const random = seededRandom(20261123);
    const zones = ['Asia/Shanghai', 'UTC', 'America/St_Johns', 'Pacific/Chatham', 'America/Los_Angeles', 'Asia/Kolkata'];
    for (let i = 0; i < 300; i += 1) {
      process.env.TZ = zones[i % zones.length];
      const date = new Date(Date.UTC(2020, 0, 1) + Math.floor(random() * 10 * 365 * 86_400_000));
      const text = toOffsetDateTime(date);
      expect(OffsetDateTime.safeParse(text).success, text).toBe(true);
      expect(Date.parse(text), text).toBe(date.getTime());
      expect(text.slice(0, 10)).toBe(localDay(date));
    }
  });

  it('keeps undo available for at least 10 seconds', () => {
    expect(UNDO_WINDOW_MS).toBeGreaterThanOrEqual(10_000);
  });
});

describe('the click event schema', () => {
  const event = {
    id: '6f1c1f0e-3c1b-4b7e-9f55-2d7b1b3b9a10',
    occurredAt: '2026-11-23T09:31:05.120+08:00',
    day: '2026-11-23',
    agentId: 'agent-007',
    categoryId: 'billing',
    workOrderRef: 'CASE-2026-0001',
    site: 'crm.example.com',
    voided: false,
  };

  it('needs nothing but the click itself: rule, emotion, risk and ticket are optional', () => {
    expect(ClickEvent.safeParse(event).success).toBe(true);
    expect(ClickEvent.safeParse({ ...event, workOrderRef: null }).success).toBe(true);
    expect(
      ClickEvent.safeParse({ ...event, countingRule: 'company-at-fault', emotion: 'anxious', riskGrade: 'major', ticketRaised: true })
        .success,
    ).toBe(true);
  });

  it.each([
    ['a time without offset', { occurredAt: '2026-11-23T09:31:05' }, 'time must be ISO-8601 with an offset'],
    ['an unknown emotion', { emotion: 'furious' }, 'emotion'],
    ['an unknown risk grade', { riskGrade: 'critical' }, 'riskGrade'],
    ['an unknown counting rule', { countingRule: 'agent-felt-like-it' }, 'countingRule'],
    ['a blank agent id', { agentId: '   ' }, 'agentId'],
    ['an over-long work-order reference', { workOrderRef: 'x'.repeat(81) }, 'workOrderRef'],
  ])('rejects %s', (_label, change, mentioned) => {
    const result = ClickEvent.safeParse({ ...event, ...change });
    expect(result.success).toBe(false);
    const text = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('\n');
    expect(text).toContain(mentioned);
  });
});
