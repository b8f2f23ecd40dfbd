import { describe, expect, it } from 'vitest';
import { withStateRequestedNow } from '@/storage/messaging/client';
import type { SidebarState } from '@/storage/messaging/protocol';
import { fakeTaggingClient } from '../components/fake-clients';

describe('a sidebar that asks for its state at once', () => {
  it('asks once at the start, answers its first load of that day with it, and asks again after', async () => {
    const { client } = fakeTaggingClient();
    const asked: string[] = [];
    const counting = { ...client, loadState: (day: string): Promise<SidebarState> => (asked.push(day), client.loadState(day)) };

    const early = withStateRequestedNow(counting, '2026-12-03');
    expect(asked).toEqual(['2026-12-03']);
    await early.loadState('2026-12-03');
    expect(asked).toEqual(['2026-12-03']);
    await early.loadState('2026-12-03');
    expect(asked).toEqual(['2026-12-03', '2026-12-03']);
  });

  it('asks afresh when the first load is for another day (midnight passed)', async () => {
    const { client } = fakeTaggingClient();
    const asked: string[] = [];
    const early = withStateRequestedNow({ ...client, loadState: (day) => (asked.push(day), client.loadState(day)) }, '2026-12-03');
    await early.loadState('2026-12-04');
    expect(asked).toEqual(['2026-12-03', '2026-12-04']);
  });

  it('hands a failed early answer to the first load, and the next load asks again', async () => {
    const { client } = fakeTaggingClient();
    let calls = 0;
    const early = withStateRequestedNow(
      { ...client, loadState: (day) => (++calls === 1 ? Promise.reject(new Error('service worker stopped')) : client.loadState(day)) },
      '2026-12-03',
    );
    await expect(early.loadState('2026-12-03')).rejects.toThrow('service worker stopped');
    await expect(early.loadState('2026-12-03')).resolves.toMatchObject({ settings: { agentId: '8012' } });
  });
});
