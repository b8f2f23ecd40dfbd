import { describe, expect, it } from 'vitest';
import { generateEvents, sampleEvents } from '@/knowledge/reports/sample-events';
import { StoredClickEvent } from '@/knowledge/clicks/stored-event';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';

describe('generateEvents', () => {
  it('is deterministic, exact in size, valid and chronological', () => {
    const a = generateEvents(5000, 42);
    const b = generateEvents(5000, 42);
    expect(a).toEqual(b);
    expect(a).toHaveLength(5000);
    expect(generateEvents(5000, 43)).not.toEqual(a);
    for (const event of a) expect(StoredClickEvent.safeParse(event).success).toBe(true);
    expect(new Set(a.map((event) => event.id)).size).toBe(5000);
    const order = a.map((event) => event.occurredAt);
    expect([...order].sort()).toEqual(order);
  });

  it('has a realistic shape: long tail, ~8 tickets per 100 clicks, few undos, quieter weekends', () => {
    const events = generateEvents(50_000, 1, { days: 56 });
    const live = events.filter((event) => !event.voided);
    const perCategory = new Map<string, number>();
    for (const event of live) perCategory.set(event.categoryId, (perCategory.get(event.categoryId) ?? 0) + 1);
    const active = DEFAULT_TAXONOMY.categories.filter((category) => !category.retired);
    expect(perCategory.get(active[0]!.id)!).toBeGreaterThan(3 * perCategory.get(active[active.length - 1]!.id)!);
    const ticketRate = (100 * live.filter((event) => event.ticketRaised).length) / live.length;
    expect(ticketRate).toBeGreaterThan(5);
    expect(ticketRate).toBeLessThan(12);
    expect(events.length - live.length).toBeLessThan(events.length * 0.03);
    const sundays = events.filter((event) => new Date(`${event.day}T00:00:00Z`).getUTCDay() === 0).length;
    expect(sundays / 8).toBeLessThan(events.length / 56);
  });

  it('can inject a spike and stream without building an array', () => {
    const spiked = generateEvents(2000, 5, { days: 20, endDay: '2026-11-30', spikes: [{ day: '2026-11-25', categoryId: 'sms', clicks: 300 }] });
    expect(spiked).toHaveLength(2000);
    expect(spiked.filter((event) => event.day === '2026-11-25' && event.categoryId === 'sms').length).toBeGreaterThanOrEqual(300);
    let count = 0;
    for (const _event of sampleEvents(1000, 9)) count += 1;
    expect(count).toBe(1000);
  });
});
