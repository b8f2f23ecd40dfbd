import { describe, expect, it, vi } from 'vitest';
import { PendingClicks } from '@/storage/messaging/pending-clicks';
import type { ClickRequest } from '@/knowledge/clicks/click-event';
import { IcebergError, type IcebergErrorCode } from '@/knowledge/iceberg-error';

const click = (n: number): ClickRequest => ({
  id: `00000000-0000-4000-8000-00000000000${n}`,
  categoryId: 'billing',
  occurredAt: '2026-11-23T09:31:05.120+08:00',
  workOrderRef: 'CASE-1',
});

/** Lets pending promise callbacks (the send's settle and what follows) run. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A deferred send result, so a test can act while the send is still under way. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * PendingClicks wired to recorders, with retries queued rather than timed: `runRetries` runs
 * them in order, so a test sees every delay the agent would wait through.
 */
function harness(send: (click: ClickRequest) => Promise<string>) {
  const retries: Array<{ run: () => void; delayMs: number }> = [];
  const delays: number[] = [];
  const onStored = vi.fn<(click: ClickRequest, stored: string) => void>();
  const onStoredAfterCancel = vi.fn<(click: ClickRequest, stored: string) => void>();
  const onFailed = vi.fn<(click: ClickRequest, error: { code: IcebergErrorCode; message: string }, willRetry: boolean) => void>();
  const pendingIds: string[][] = [];
  const sendSpy = vi.fn(send);
  const clicks = new PendingClicks<string>({
    send: sendSpy,
    onStored,
    onStoredAfterCancel,
    onFailed,
    onChange: (pending) => pendingIds.push(pending.map((c) => c.id)),
    schedule: (run, delayMs) => {
      delays.push(delayMs);
      retries.push({ run, delayMs });
    },
  });
  const runRetries = async () => {
    await settle();
    while (retries.length) {
      retries.shift()!.run();
      await settle();
    }
  };
  return { clicks, send: sendSpy, onStored, onStoredAfterCancel, onFailed, pendingIds, delays, runRetries };
}

const failing = (code: IcebergErrorCode) => new IcebergError(code, `failed with ${code}`);

/** A send that fails `failures` times with `code`, then stores the click. */
function flakySend(failures: number, code: IcebergErrorCode = 'storage-unavailable') {
  let calls = 0;
  return async (request: ClickRequest) => {
    calls += 1;
    if (calls <= failures) throw failing(code);
    return `stored ${request.id}`;
  };
}

describe('PendingClicks', () => {
  it('sends a click once and reports it stored', async () => {
    const h = harness(flakySend(0));
    h.clicks.add(click(1));
    expect(h.clicks.pending.map((c) => c.id)).toEqual([click(1).id]);
    await h.runRetries();

    expect(h.onStored).toHaveBeenCalledExactlyOnceWith(click(1), `stored ${click(1).id}`);
    expect(h.clicks.pending).toEqual([]);
    expect(h.pendingIds).toEqual([[click(1).id], []]);
    expect(h.onFailed).not.toHaveBeenCalled();
  });

  it.each(['storage-unavailable', 'storage-full', 'internal'] as const)(
    'keeps retrying a click after "%s" with growing delays until it is stored',
    async (code) => {
      const h = harness(flakySend(3, code));
      h.clicks.add(click(1));
      await h.runRetries();

      expect(h.send).toHaveBeenCalledTimes(4);
      expect(h.send.mock.calls.every(([sent]) => sent.id === click(1).id)).toBe(true);
      expect(h.onFailed.mock.calls.map(([, error, willRetry]) => [error.code, willRetry])).toEqual([
        [code, true],
        [code, true],
        [code, true],
      ]);
      expect(h.delays).toEqual([200, 500, 1000]);
      expect(h.onStored).toHaveBeenCalledOnce();
      expect(h.clicks.pending).toEqual([]);
    },
  );

  it('never gives up on a retryable failure; the delay stops growing at 5 s', async () => {
    const h = harness(flakySend(40));
    h.clicks.add(click(1));
    await h.runRetries();
    expect(h.delays.slice(0, 6)).toEqual([200, 500, 1000, 2000, 5000, 5000]);
    expect(Math.max(...h.delays)).toBe(5000);
    expect(h.onStored).toHaveBeenCalledOnce();
  });

  it('treats an error without a code (e.g. a broken message channel) as retryable', async () => {
    let calls = 0;
    const h = harness(async () => {
      calls += 1;
      if (calls === 1) throw new Error('Could not establish connection');
      return 'ok';
    });
    h.clicks.add(click(1));
    await h.runRetries();
    expect(h.onFailed).toHaveBeenCalledWith(click(1), { code: 'internal', message: 'Could not establish connection' }, true);
    expect(h.onStored).toHaveBeenCalledOnce();
  });

  it.each(['unknown-category', 'retired-category', 'invalid-message'] as const)(
    'drops a click the background refuses with "%s", saying it will not retry',
    async (code) => {
      const h = harness(flakySend(1, code));
      h.clicks.add(click(1));
      await h.runRetries();

      expect(h.onFailed).toHaveBeenCalledExactlyOnceWith(click(1), { code, message: `failed with ${code}` }, false);
      expect(h.send).toHaveBeenCalledOnce();
      expect(h.delays).toEqual([]);
      expect(h.clicks.pending).toEqual([]);
      expect(h.onStored).not.toHaveBeenCalled();
    },
  );

  it('keeps other clicks moving while one is being retried, in click order', async () => {
    const h = harness(async (request) => {
      if (request.id === click(1).id && h.send.mock.calls.length === 1) throw failing('storage-unavailable');
      return 'ok';
    });
    h.clicks.add(click(1));
    h.clicks.add(click(2));
    await settle();
    expect(h.clicks.pending.map((c) => c.id)).toEqual([click(1).id]);
    await h.runRetries();
    expect(h.onStored.mock.calls.map(([stored]) => stored.id)).toEqual([click(2).id, click(1).id]);
  });

  describe('cancel (the agent undid a click storage had not confirmed)', () => {
    it('reports a click stored after it was cancelled, so the sidebar can undo it there', async () => {
      const reply = deferred<string>();
      const h = harness(() => reply.promise);
      h.clicks.add(click(1));

      expect(h.clicks.cancel(click(1).id)).toBe(true);
      expect(h.clicks.pending).toEqual([]);
      reply.resolve('stored late');
      await h.runRetries();

      expect(h.onStoredAfterCancel).toHaveBeenCalledExactlyOnceWith(click(1), 'stored late');
      expect(h.onStored).not.toHaveBeenCalled();
    });

    it('neither reports nor retries a cancelled click whose send failed', async () => {
      const reply = deferred<string>();
      const h = harness(() => reply.promise);
      h.clicks.add(click(1));
      h.clicks.cancel(click(1).id);
      reply.reject(failing('storage-unavailable'));
      await h.runRetries();

      expect(h.onFailed).not.toHaveBeenCalled();
      expect(h.send).toHaveBeenCalledOnce();
      expect(h.onStoredAfterCancel).not.toHaveBeenCalled();
    });

    it('stops the retries of a click cancelled while it waited', async () => {
      const h = harness(flakySend(1));
      h.clicks.add(click(1));
      await settle();
      expect(h.delays).toEqual([200]);

      h.clicks.cancel(click(1).id);
      await h.runRetries();
      expect(h.send).toHaveBeenCalledOnce();
      expect(h.onStored).not.toHaveBeenCalled();
      expect(h.onStoredAfterCancel).not.toHaveBeenCalled();
    });

    it('says false for a click it does not hold', async () => {
      const h = harness(flakySend(0));
      h.clicks.add(click(1));
      await h.runRetries();
      expect(h.clicks.cancel(click(1).id)).toBe(false);
      expect(h.clicks.cancel(click(9).id)).toBe(false);
    });
  });

  it('retries on a real timer when no scheduler is injected', async () => {
    vi.useFakeTimers();
    try {
      const onStored = vi.fn();
      const send = vi.fn(flakySend(1));
      const clicks = new PendingClicks<string>({
        send,
        onStored,
        onStoredAfterCancel: vi.fn(),
        onFailed: vi.fn(),
        onChange: vi.fn(),
      });
      clicks.add(click(1));
      await vi.advanceTimersByTimeAsync(199);
      expect(send).toHaveBeenCalledOnce();
      await vi.advanceTimersByTimeAsync(1);
      expect(send).toHaveBeenCalledTimes(2);
      expect(onStored).toHaveBeenCalledOnce();
    } finally {
      vi.useRealTimers();
    }
  });
});
