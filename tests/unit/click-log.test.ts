import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { ZodError } from 'zod';
import { IcebergError } from '@/knowledge/iceberg-error';
import { UNDO_WINDOW_MS, toOffsetDateTime } from '@/knowledge/clicks/local-time';
import type { ClickDetails } from '@/knowledge/clicks/click-event';
import type { IcebergDatabase } from '@/storage/database/database';
import { countsFromLog, dayCounts, lastUndoableClick, recordClick, undoClick, updateClickDetails } from '@/storage/database/click-log';
import { describeStorageError } from '@/storage/database/storage-errors';
import { CRM, click, dropDatabase, newDatabase, seededRandom, taxonomyOf } from './helpers';

let db: IcebergDatabase;
beforeEach(() => {
  db = newDatabase();
});
afterEach(async () => {
  await dropDatabase(db);
});

/** The error a storage call rejects with (fails the test when it resolves). */
async function failureOf(operation: Promise<unknown>): Promise<IcebergError> {
  const error = await operation.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, 'expected the operation to fail').toBeInstanceOf(IcebergError);
  return error as IcebergError;
}

async function storedCounts() {
  return { events: await db.events.count(), countRows: await db.dailyCounts.toArray() };
}

const NINE_THIRTY = new Date(2026, 10, 23, 9, 30, 0); // local time, whatever TZ the run uses
const DAY = '2026-11-23';
const seconds = (date: Date, s: number) => new Date(date.getTime() + s * 1000);

async function useTaxonomy(categories: Parameters<typeof taxonomyOf>[0]) {
  await db.taxonomy.put({ key: 'current', value: taxonomyOf(categories), importedAt: new Date().toISOString() });
}

describe('recordClick', () => {
  it('stores the event and bumps the day’s count together', async () => {
    const request = click('billing', NINE_THIRTY);
    const { event, counts } = await recordClick(db, request, CRM);

    expect(event).toEqual({
      id: request.id,
      occurredAt: request.occurredAt,
      day: DAY,
      agentId: 'unassigned',
      categoryId: 'billing',
      workOrderRef: 'CASE-2026-0001',
      site: 'crm.example.com',
      voided: false,
      source: 'own', // provenance since schema v3: the agent's own click, not an import
    });
    expect(counts).toEqual({ day: DAY, byCategory: { billing: 1 }, total: 1, tickets: 0 });
    expect(await db.events.get(request.id)).toEqual(event);
    expect(await dayCounts(db, DAY)).toEqual(counts);
  });

  it('counts a click on the agent’s local day, taken from the time’s own offset', async () => {
    // 00:30 in Beijing is still the previous day in UTC; the agent's "today" is the 24th.
    const { event, counts } = await recordClick(db, click('sms', NINE_THIRTY, { occurredAt: '2026-11-24T00:30:00.000+08:00' }), CRM);
    expect(event.day).toBe('2026-11-24');
    expect(counts.day).toBe('2026-11-24');
    expect((await dayCounts(db, '2026-11-23')).total).toBe(0);
  });

  it('keeps a running total over categories', async () => {
    for (const categoryId of ['billing', 'billing', 'network', 'billing-vas']) await recordClick(db, click(categoryId, NINE_THIRTY), CRM);
    expect(await dayCounts(db, DAY)).toEqual({
      day: DAY,
      byCategory: { billing: 2, network: 1, 'billing-vas': 1 },
      total: 4,
      tickets: 0,
    });
  });

  it('stores a retried click (same id) once and counts it once', async () => {
    const request = click('billing', NINE_THIRTY);
    const first = await recordClick(db, request, CRM);
    const retry = await recordClick(db, request, CRM);
    expect(retry.event).toEqual(first.event);
    expect(retry.counts.total).toBe(1);
    expect(await db.events.count()).toBe(1);
  });

  it('stores a click once even when its retries race each other', async () => {
    const request = click('billing', NINE_THIRTY);
    await Promise.all(Array.from({ length: 5 }, () => recordClick(db, request, CRM)));
    expect(await db.events.count()).toBe(1);
    expect((await dayCounts(db, DAY)).total).toBe(1);
  });

  it('loses no click when two tabs click at the same time', async () => {
    const tab = (categoryId: string) =>
      Array.from({ length: 20 }, (_, i) => recordClick(db, click(categoryId, seconds(NINE_THIRTY, i)), { ...CRM, site: `tab-${categoryId}` }));
    await Promise.all([...tab('billing'), ...tab('network')]);
    expect(await dayCounts(db, DAY)).toEqual({ day: DAY, byCategory: { billing: 20, network: 20 }, total: 40, tickets: 0 });
    expect(await countsFromLog(db, DAY)).toEqual(await dayCounts(db, DAY));
  });

  it('refuses an unknown category and writes nothing', async () => {
    const error = await failureOf(recordClick(db, click('no-such-category', NINE_THIRTY), CRM));
    expect(error.code).toBe('unknown-category');
    expect(error.message).toContain('no-such-category');
    expect(await storedCounts()).toEqual({ events: 0, countRows: [] });
  });

  it('refuses a retired category and writes nothing', async () => {
    await useTaxonomy([{ id: 'billing', shortcut: '1' }, { id: 'old-plan', retired: true }]);
    const error = await failureOf(recordClick(db, click('old-plan', NINE_THIRTY), CRM));
    expect(error.code).toBe('retired-category');
    expect(error.message).toContain('old-plan');
    expect(await storedCounts()).toEqual({ events: 0, countRows: [] });
  });

  it('uses the taxonomy and agent id the background passes in (its in-memory copies)', async () => {
    const { event } = await recordClick(db, click('roaming-only', NINE_THIRTY), {
      ...CRM,
      taxonomy: taxonomyOf([{ id: 'roaming-only' }]),
      agentId: 'agent-cached',
    });
    expect(event).toMatchObject({ categoryId: 'roaming-only', agentId: 'agent-cached' });
  });

  // BUG (low): since the "faster click path", recordClick (storage/database/click-log.ts) checks the category
  // before it looks for an already-stored click. A retry whose first attempt was stored but not
  // answered (worker stopped) is refused with 'retired-category' if a lead retired the category in
  // between; the sidebar then drops it as failed although it is stored and counted.
  it('BUG: answers a retried click as stored even if its category was retired in between', async () => {
    const request = click('sms', NINE_THIRTY);
    await recordClick(db, request, CRM);
    await useTaxonomy([{ id: 'billing' }, { id: 'sms', retired: true }]);
    const retry = await recordClick(db, request, CRM);
    expect(retry.event.id).toBe(request.id);
  });

  it('follows the imported taxonomy instead of the default one', async () => {
    await useTaxonomy([{ id: 'roaming-only' }]);
    await expect(recordClick(db, click('roaming-only', NINE_THIRTY), CRM)).resolves.toBeDefined();
    expect((await failureOf(recordClick(db, click('billing', NINE_THIRTY), CRM))).code).toBe('unknown-category');
  });
});

describe('undoClick', () => {
  it('voids the click (kept for audit with voidedAt) and takes it out of the count', async () => {
    const request = click('billing', NINE_THIRTY);
    await recordClick(db, request, CRM);
    await recordClick(db, click('network', NINE_THIRTY), CRM);
    const undoneAt = seconds(NINE_THIRTY, 5);

    const { event, counts } = await undoClick(db, request.id, undoneAt);

    expect(event).toMatchObject({ id: request.id, voided: true, voidedAt: toOffsetDateTime(undoneAt) });
    expect(await db.events.get(request.id)).toEqual(event);
    expect(await db.events.count()).toBe(2);
    expect(counts).toEqual({ day: DAY, byCategory: { network: 1 }, total: 1, tickets: 0 });
  });

  it('refuses to undo the same click twice and leaves the count alone', async () => {
    const request = click('billing', NINE_THIRTY);
    await recordClick(db, request, CRM);
    await undoClick(db, request.id, NINE_THIRTY);
    const error = await failureOf(undoClick(db, request.id, NINE_THIRTY));
    expect(error.code).toBe('already-undone');
    expect((await dayCounts(db, DAY)).total).toBe(0);
  });

  it('reports an unknown id as not found', async () => {
    expect((await failureOf(undoClick(db, crypto.randomUUID(), NINE_THIRTY))).code).toBe('not-found');
  });

  it('takes its ticket out of the ticket count too', async () => {
    const request = click('billing', NINE_THIRTY);
    await recordClick(db, request, CRM);
    await updateClickDetails(db, request.id, { ticketRaised: true });
    const { counts } = await undoClick(db, request.id, NINE_THIRTY);
    expect(counts).toMatchObject({ total: 0, tickets: 0 });
  });

  it('undoes a click from an earlier day on that day’s count', async () => {
    const yesterday = click('billing', new Date(2026, 10, 22, 18, 0));
    await recordClick(db, yesterday, CRM);
    await recordClick(db, click('billing', NINE_THIRTY), CRM);
    const { counts } = await undoClick(db, yesterday.id, NINE_THIRTY);
    expect(counts).toEqual({ day: '2026-11-22', byCategory: {}, total: 0, tickets: 0 });
    expect((await dayCounts(db, DAY)).total).toBe(1);
  });

  describe('without an id (the undo button)', () => {
    it('undoes the newest click inside the undo window', async () => {
      await recordClick(db, click('billing', NINE_THIRTY), CRM);
      const newest = click('network', seconds(NINE_THIRTY, 3));
      await recordClick(db, newest, CRM);

      const { event, counts } = await undoClick(db, undefined, seconds(NINE_THIRTY, 10));
      expect(event?.id).toBe(newest.id);
      expect(counts.byCategory).toEqual({ billing: 1 });
    });

    it('still works at the edge of the window and does nothing past it', async () => {
      const request = click('billing', NINE_THIRTY);
      await recordClick(db, request, CRM);
      const pastWindow = new Date(NINE_THIRTY.getTime() + UNDO_WINDOW_MS + 1);

      expect(await undoClick(db, undefined, pastWindow)).toEqual({
        event: null,
        counts: { day: DAY, byCategory: { billing: 1 }, total: 1, tickets: 0 },
      });
      expect((await db.events.get(request.id))?.voided).toBe(false);

      const { event } = await undoClick(db, undefined, new Date(NINE_THIRTY.getTime() + UNDO_WINDOW_MS));
      expect(event?.id).toBe(request.id);
    });

    it('steps back through recent clicks when pressed again, never past the window', async () => {
      const first = click('billing', NINE_THIRTY);
      const second = click('network', seconds(NINE_THIRTY, 20));
      await recordClick(db, first, CRM);
      await recordClick(db, second, CRM);

      expect((await undoClick(db, undefined, seconds(NINE_THIRTY, 25))).event?.id).toBe(second.id);
      expect((await undoClick(db, undefined, seconds(NINE_THIRTY, 29))).event?.id).toBe(first.id);
      expect((await undoClick(db, undefined, seconds(NINE_THIRTY, 29))).event).toBeNull();
    });

    it('returns nothing to undo on an empty log', async () => {
      expect(await undoClick(db, undefined, NINE_THIRTY)).toEqual({
        event: null,
        counts: { day: DAY, byCategory: {}, total: 0, tickets: 0 },
      });
      expect(await lastUndoableClick(db, NINE_THIRTY)).toBeNull();
    });

    // BUG: lastUndoableClick (storage/database/click-log.ts) orders by the occurredAt *string*. Local times
    // with different offsets do not sort by instant: when clocks go back (DST ends), the click made
    // after the change sorts first-to-last as the older one, so the undo button voids the wrong click.
    it('BUG: undoes the newest click by instant when the offset changed in between (DST ends)', async () => {
      const beforeChange = click('billing', NINE_THIRTY, { occurredAt: '2026-11-01T01:59:50.000-04:00' }); // 05:59:50Z
      const afterChange = click('network', NINE_THIRTY, { occurredAt: '2026-11-01T01:00:00.000-05:00' }); // 06:00:00Z
      await recordClick(db, beforeChange, CRM);
      await recordClick(db, afterChange, CRM);
      const { event } = await undoClick(db, undefined, new Date('2026-11-01T06:00:05Z'));
      expect(event?.id).toBe(afterChange.id);
    });
  });
});

describe('updateClickDetails', () => {
  it('adds rule, emotion, risk grade and ticket to a stored click', async () => {
    const request = click('billing', NINE_THIRTY);
    await recordClick(db, request, CRM);
    const details: ClickDetails = {
      countingRule: 'explanation-not-accepted',
      emotion: 'doubting',
      riskGrade: 'escalated',
      ticketRaised: true,
    };
    const { event, counts } = await updateClickDetails(db, request.id, details);
    expect(event).toMatchObject({ id: request.id, ...details, voided: false });
    expect(await db.events.get(request.id)).toEqual(event);
    expect(counts).toMatchObject({ total: 1, tickets: 1 });
  });

  it('merges later details with earlier ones', async () => {
    const request = click('billing', NINE_THIRTY);
    await recordClick(db, request, CRM);
    await updateClickDetails(db, request.id, { countingRule: 'company-at-fault', ticketRaised: true });
    const { event } = await updateClickDetails(db, request.id, { emotion: 'angry' });
    expect(event).toMatchObject({ countingRule: 'company-at-fault', ticketRaised: true, emotion: 'angry' });
  });

  it('counts a ticket once however often it is ticked, and uncounts it when unticked', async () => {
    const request = click('billing', NINE_THIRTY);
    await recordClick(db, request, CRM);
    const ticketsAfter = async (ticketRaised: boolean) => (await updateClickDetails(db, request.id, { ticketRaised })).counts.tickets;
    expect(await ticketsAfter(true)).toBe(1);
    expect(await ticketsAfter(true)).toBe(1);
    expect(await ticketsAfter(false)).toBe(0);
    expect(await ticketsAfter(false)).toBe(0);
    expect((await dayCounts(db, DAY)).total).toBe(1);
  });

  it('refuses details on an undone click and changes nothing', async () => {
    const request = click('billing', NINE_THIRTY);
    await recordClick(db, request, CRM);
    const { event: voided } = await undoClick(db, request.id, NINE_THIRTY);
    const error = await failureOf(updateClickDetails(db, request.id, { ticketRaised: true }));
    expect(error.code).toBe('already-undone');
    expect(await db.events.get(request.id)).toEqual(voided);
    expect((await dayCounts(db, DAY)).tickets).toBe(0);
  });

  it('reports an unknown id as not found', async () => {
    expect((await failureOf(updateClickDetails(db, crypto.randomUUID(), { emotion: 'calm' }))).code).toBe('not-found');
  });
});

describe('counts always agree with the log', () => {
  it.each([1, 2])('after a random sequence of clicks, retries, undos and details (seed %i)', async (seed) => {
    await useTaxonomy([{ id: 'billing' }, { id: 'network' }, { id: 'sms' }, { id: 'retired-one', retired: true }]);
    const random = seededRandom(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
    // Start just before local midnight so the sequence spans two days.
    let now = new Date(2026, 10, 23, 23, 58, 0);
    const ids: string[] = [];
    const days = new Set<string>();

    for (let step = 0; step < 120; step += 1) {
      now = new Date(now.getTime() + Math.floor(random() * 4000));
      const roll = random();
      try {
        if (roll < 0.45 || ids.length === 0) {
          const request = click(pick(['billing', 'network', 'sms', 'retired-one']), now);
          const { event } = await recordClick(db, request, CRM);
          ids.push(event.id);
          days.add(event.day);
        } else if (roll < 0.55) {
          await recordClick(db, click('billing', now, { id: pick(ids) }), CRM); // a retry
        } else if (roll < 0.7) {
          await undoClick(db, pick(ids), now);
        } else if (roll < 0.8) {
          await undoClick(db, undefined, now);
        } else {
          await updateClickDetails(db, pick(ids), { ticketRaised: random() < 0.6, emotion: pick(['calm', 'angry'] as const) });
        }
      } catch (error) {
        expect(['retired-category', 'already-undone']).toContain((error as IcebergError).code);
      }
      for (const day of days) expect(await dayCounts(db, day), `step ${step}, ${day}`).toEqual(await countsFromLog(db, day));
    }
    expect(days.size).toBe(2);
  });
});

describe('atomicity: the event and its count are written together or not at all', () => {
  it('stores no event when the count write fails inside the transaction', async () => {
    vi.spyOn(db.dailyCounts, 'put').mockRejectedValueOnce(new Error('disk hiccup'));
    const error = await failureOf(recordClick(db, click('billing', NINE_THIRTY), CRM));
    expect(error.code).toBe('internal');
    expect(await storedCounts()).toEqual({ events: 0, countRows: [] });
  });

  it('stores no event when IndexedDB itself rejects the count row (Dexie hook)', async () => {
    db.dailyCounts.hook('creating', () => {
      throw new Error('count row refused');
    });
    await failureOf(recordClick(db, click('billing', NINE_THIRTY), CRM));
    expect(await storedCounts()).toEqual({ events: 0, countRows: [] });
  });

  it('a click can be retried once storage recovers, and is then counted once', async () => {
    const request = click('billing', NINE_THIRTY);
    vi.spyOn(db.dailyCounts, 'put').mockRejectedValueOnce(new Error('disk hiccup'));
    await failureOf(recordClick(db, request, CRM));
    await recordClick(db, request, CRM);
    expect(await dayCounts(db, DAY)).toEqual({ day: DAY, byCategory: { billing: 1 }, total: 1, tickets: 0 });
    expect(await db.events.count()).toBe(1);
  });

  it('keeps an undo all-or-nothing: a failed count write leaves the click live', async () => {
    const request = click('billing', NINE_THIRTY);
    await recordClick(db, request, CRM);
    vi.spyOn(db.dailyCounts, 'put').mockRejectedValueOnce(new Error('disk hiccup'));
    await failureOf(undoClick(db, request.id, NINE_THIRTY));
    expect((await db.events.get(request.id))?.voided).toBe(false);
    expect((await dayCounts(db, DAY)).total).toBe(1);
  });

  it('keeps details all-or-nothing: a failed ticket count leaves the click unchanged', async () => {
    const request = click('billing', NINE_THIRTY);
    const { event } = await recordClick(db, request, CRM);
    vi.spyOn(db.dailyCounts, 'put').mockRejectedValueOnce(new Error('disk hiccup'));
    await failureOf(updateClickDetails(db, request.id, { ticketRaised: true, emotion: 'angry' }));
    expect(await db.events.get(request.id)).toEqual(event);
    expect((await dayCounts(db, DAY)).tickets).toBe(0);
  });
});

describe('storage failures become errors the agent can act on', () => {
  it('a closed database is "storage-unavailable" (retryable), not a crash', async () => {
    db.close();
    const error = await failureOf(recordClick(db, click('billing', NINE_THIRTY), CRM));
    expect(error.code).toBe('storage-unavailable');
    expect(error.message).toMatch(/kept and will be retried/);
    expect((await failureOf(undoClick(db, undefined, NINE_THIRTY))).code).toBe('storage-unavailable');
  });

  it('a full disk is "storage-full" and stores nothing', async () => {
    vi.spyOn(db.events, 'add').mockRejectedValueOnce(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const error = await failureOf(recordClick(db, click('billing', NINE_THIRTY), CRM));
    expect(error.code).toBe('storage-full');
    expect(await storedCounts()).toEqual({ events: 0, countRows: [] });
  });

  const zodError = (() => {
    try {
      taxonomyOf([]);
    } catch (error) {
      return error;
    }
    return undefined;
  })();

  it.each([
    ['an Iceberg error', 'retired-category', new IcebergError('retired-category', 'retired')],
    ['a QuotaExceededError', 'storage-full', new DOMException('full', 'QuotaExceededError')],
    ['Dexie’s QuotaExceededError', 'storage-full', new Dexie.QuotaExceededError('full')],
    ['a Dexie error wrapping a QuotaExceededError', 'storage-full', new Dexie.AbortError('aborted', new DOMException('full', 'QuotaExceededError'))],
    ['a closed database', 'storage-unavailable', new Dexie.DatabaseClosedError('closed')],
    ['a database that failed to open', 'storage-unavailable', new Dexie.OpenFailedError('blocked')],
    ['an InvalidStateError', 'storage-unavailable', new DOMException('connection is closing', 'InvalidStateError')],
    ['a validation error', 'invalid-message', zodError],
    ['anything else', 'internal', new TypeError('x is undefined')],
    ['a thrown string', 'internal', 'boom'],
    ['null', 'internal', null],
  ])('describeStorageError maps %s to "%s"', (_label, code, error) => {
    expect(describeStorageError(error).code).toBe(code);
  });

  it('passes Iceberg errors through untouched and keeps the original message otherwise', () => {
    const original = new IcebergError('not-found', 'No click with id 1');
    expect(describeStorageError(original)).toBe(original);
    expect(describeStorageError(new TypeError('x is undefined')).message).toBe('x is undefined');
    expect(zodError).toBeInstanceOf(ZodError);
  });
});
