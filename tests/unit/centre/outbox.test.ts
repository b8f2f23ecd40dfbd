// The browser's outbox in IndexedDB (fake-indexeddb): what the centre has not got yet, written
// in the same transaction as each click, undo and detail change.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { IcebergDatabase } from '@/storage/database/database';
import { recordClick, undoClick, updateClickDetails } from '@/storage/database/click-log';
import { databaseOutbox, outboxBacklog, queueUpload } from '@/storage/database/outbox';
import { pruneRawEvents, setRetentionDays } from '@/storage/database/retention';
import { backupChunks, restoreBackup } from '@/storage/database/backup';
import { V6_STORES } from '@/storage/database/migrations/v005-to-v006';
import { V1_STORES } from '../console/fixtures/v001';
import { V2_STORES } from '../console/fixtures/v002';
import { V3_STORES } from '@/storage/database/migrations/v002-to-v003';
import { V4_STORES, V5_STORES } from '@/storage/database/migrations/v003-to-v004';
import { V6_EVENTS, V6_SETTINGS } from '../console/fixtures/v006';
import { CRM, click, dropDatabase, newDatabase } from '../helpers';
import { collect } from '../console/helpers';

let db: IcebergDatabase;
beforeEach(() => {
  db = newDatabase();
});
afterEach(async () => {
  vi.useRealTimers();
  await dropDatabase(db);
});

const UPLOAD = { ...CRM, upload: true };

describe('each change of a click queues its event for the centre, in the same transaction', () => {
  it('queues a click, then its detail change and its undo as newer versions of one entry', async () => {
    const { event } = await recordClick(db, click('billing'), UPLOAD);
    const first = (await db.outbox.toArray())[0]!;
    expect(first).toMatchObject({ eventId: event.id });

    await updateClickDetails(db, event.id, { ticketRaised: true }, { upload: true });
    const second = (await db.outbox.toArray())[0]!;
    await undoClick(db, event.id, new Date(Date.now() + 5), { upload: true });
    const third = (await db.outbox.toArray())[0]!;

    expect(await db.outbox.count()).toBe(1);
    expect(second.version).toBeGreaterThan(first.version);
    expect(third.version).toBeGreaterThan(second.version);
  });

  it('queues nothing when no centre takes the clicks (the demo, a lone agent)', async () => {
    const { event } = await recordClick(db, click('billing'), CRM);
    await updateClickDetails(db, event.id, { ticketRaised: true });
    await undoClick(db, event.id, new Date());
    expect(await db.outbox.count()).toBe(0);
    expect(await db.centreState.count()).toBe(0);
  });

  it('stores no click when its outbox entry cannot be written (and no entry without its click)', async () => {
    vi.spyOn(db.outbox, 'put').mockRejectedValueOnce(new Error('disk full'));
    const request = click('billing');
    await expect(recordClick(db, request, UPLOAD)).rejects.toThrow();
    expect(await db.events.get(request.id)).toBeUndefined();
    expect(await db.dailyCounts.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('a retried click (same id) is not queued again', async () => {
    const request = click('billing');
    await recordClick(db, request, UPLOAD);
    const [queued] = await db.outbox.toArray();
    await recordClick(db, request, UPLOAD);
    expect(await db.outbox.toArray()).toEqual([queued]);
  });
});

describe('versions', () => {
  it.each([
    ['still queued', false],
    ['already uploaded', true],
  ])('keep growing across a restart and when the clock is set back (the first version %s)', async (_, uploaded) => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-23T10:00:00+08:00'));
    const { event } = await recordClick(db, click('billing', new Date()), UPLOAD);
    const first = (await db.outbox.get(event.id))!.version;
    if (uploaded) await databaseOutbox(db).acknowledge(await db.outbox.toArray());

    db.close();
    const reopened = new IcebergDatabase(db.name);
    vi.setSystemTime(new Date('2026-11-23T09:00:00+08:00')); // an hour back
    await updateClickDetails(reopened, event.id, { riskGrade: 'major' }, { upload: true });
    expect((await reopened.outbox.get(event.id))!.version).toBe(first + 1);
    reopened.close();
  });
});

describe('acknowledging an upload', () => {
  it('removes what was sent, and keeps a change made while the batch was on its way', async () => {
    const a = (await recordClick(db, click('billing'), UPLOAD)).event;
    const b = (await recordClick(db, click('sms'), UPLOAD)).event;
    const outbox = databaseOutbox(db);
    const sent = await outbox.oldest(10);
    expect(sent.map((entry) => entry.eventId)).toEqual([a.id, b.id]);
    expect((await outbox.events(sent.map((entry) => entry.eventId))).map((event) => event?.id)).toEqual([a.id, b.id]);

    await undoClick(db, b.id, new Date(), { upload: true }); // after the batch was read
    await outbox.acknowledge(sent);
    expect((await db.outbox.toArray()).map((entry) => entry.eventId)).toEqual([b.id]);
    expect((await outboxBacklog(db)).pending).toBe(1);
  });
});

describe('retention and the outbox', () => {
  it('never prunes an event whose latest change the centre has not got; prunes it once uploaded', async () => {
    const old = new Date(2026, 9, 1, 10);
    const now = new Date(2026, 10, 30, 10);
    const uploaded = (await recordClick(db, click('billing', old), UPLOAD)).event;
    const waiting = (await recordClick(db, click('sms', old), UPLOAD)).event;
    await databaseOutbox(db).acknowledge((await db.outbox.toArray()).filter((entry) => entry.eventId === uploaded.id));

    await setRetentionDays(db, 30);
    await pruneRawEvents(db, now);
    expect((await db.events.toArray()).map((event) => event.id)).toEqual([waiting.id]);

    await databaseOutbox(db).acknowledge(await db.outbox.toArray());
    await pruneRawEvents(db, now);
    expect(await db.events.count()).toBe(0);
  });
});

describe('backups and the outbox', () => {
  it('leave the outbox and the version clock out, and a restore keeps this browser’s', async () => {
    const { event } = await recordClick(db, click('billing'), UPLOAD);
    const backup = await collect(backupChunks(db));
    expect(JSON.parse(backup.split('\n')[0]!).tables).not.toContain('outbox');
    expect(JSON.parse(backup.split('\n')[0]!).tables).not.toContain('centreState');

    await databaseOutbox(db).acknowledge(await db.outbox.toArray());
    const clock = (await db.centreState.get('versionClock'))!.value;
    await queueUpload(db, event.id, Date.now() + 1000);
    await restoreBackup(db, new Blob([backup]));
    expect(await db.outbox.count()).toBe(1);
    expect((await db.centreState.get('versionClock'))!.value).toBe(clock);
  });
});

describe('schema v9', () => {
  it('opens a v6 database with its data untouched and an empty outbox', async () => {
    const name = `migration-${crypto.randomUUID()}`;
    const old = new Dexie(name);
    old.version(1).stores(V1_STORES);
    old.version(2).stores(V2_STORES);
    old.version(3).stores(V3_STORES);
    old.version(4).stores(V4_STORES);
    old.version(5).stores(V5_STORES);
    old.version(6).stores(V6_STORES);
    await old.open();
    const events = V6_EVENTS.map((event) => ({ ...event, source: 'own' }));
    await old.table('events').bulkAdd(events);
    await old.table('settings').bulkAdd(V6_SETTINGS);
    old.close();

    const upgraded = new IcebergDatabase(name);
    try {
      await upgraded.open();
      expect(upgraded.verno).toBe(9);
      expect(await upgraded.events.count()).toBe(events.length);
      expect(await upgraded.settings.toArray()).toEqual(V6_SETTINGS);
      expect(await upgraded.outbox.count()).toBe(0);
      expect(await upgraded.centreState.count()).toBe(0);
    } finally {
      upgraded.close();
      await Dexie.delete(name);
    }
  });
});
