import { beforeEach, describe, expect, it, vi } from 'vitest';
import Dexie from 'dexie';
import { browser, type Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { IcebergError } from '@/knowledge/iceberg-error';
import { MESSAGE_CHANNEL, type ProtocolReply } from '@/storage/messaging/wire';
import type { ClickEvent } from '@/knowledge/clicks/click-event';
import type { RequestOf } from '@/storage/messaging/protocol';
import { broadcast, handleRequest, serveRequests, type RequestHandlers } from '@/storage/messaging/server';

beforeEach(() => {
  fakeBrowser.reset();
});

const TAB = { id: 7, url: 'http://127.0.0.1:4173/cases/CASE-1' } as Browser.tabs.Tab;
/** A content script of this extension, in tab 7. */
const contentScript: Browser.runtime.MessageSender = { id: 'test-extension-id', tab: TAB, frameId: 0, url: TAB.url };

const validClick: RequestOf<'recordClick'> = {
  id: '6f1c1f0e-3c1b-4b7e-9f55-2d7b1b3b9a10',
  categoryId: 'billing',
  occurredAt: '2026-11-23T09:31:05.120+08:00',
  workOrderRef: 'CASE-2026-0001',
};

const storedClick: ClickEvent = {
  ...validClick,
  day: '2026-11-23',
  agentId: 'agent-007',
  site: '127.0.0.1:4173',
  voided: false,
};
const counts = { day: '2026-11-23', byCategory: { billing: 1 }, total: 1, tickets: 0 };

function stubHandlers() {
  return {
    getSidebarState: vi.fn<RequestHandlers['getSidebarState']>(),
    recordClick: vi.fn<RequestHandlers['recordClick']>(async () => ({ event: storedClick, counts })),
    updateClickDetails: vi.fn<RequestHandlers['updateClickDetails']>(),
    undoLastClick: vi.fn<RequestHandlers['undoLastClick']>(async () => ({ event: null, counts })),
    updateSettings: vi.fn<RequestHandlers['updateSettings']>(),
    reportWorkOrder: vi.fn<RequestHandlers['reportWorkOrder']>(async () => ({ tabId: 7, workOrderRef: null, site: null })),
    getWorkOrderContext: vi.fn<RequestHandlers['getWorkOrderContext']>(),
    openSettings: vi.fn<RequestHandlers['openSettings']>(async () => null),
    hostAccessGranted: vi.fn<RequestHandlers['hostAccessGranted']>(async () => null),
    relayShortcut: vi.fn<RequestHandlers['relayShortcut']>(async () => null),
    searchScripts: vi.fn<RequestHandlers['searchScripts']>(),
    recordSearchMiss: vi.fn<RequestHandlers['recordSearchMiss']>(async () => null),
    recordScriptUse: vi.fn<RequestHandlers['recordScriptUse']>(async () => null),
    reportNotes: vi.fn<RequestHandlers['reportNotes']>(async () => null),
    reportFieldFocus: vi.fn<RequestHandlers['reportFieldFocus']>(async () => null),
    insertIntoPage: vi.fn<RequestHandlers['insertIntoPage']>(async () => ({ inserted: false })),
    storedDataChanged: vi.fn<RequestHandlers['storedDataChanged']>(async () => null),
    previewWorkOrderRule: vi.fn<RequestHandlers['previewWorkOrderRule']>(async () => ({ tab: null, frames: [] })),
    uploadNow: vi.fn<RequestHandlers['uploadNow']>(),
    checkSubscriptions: vi.fn<RequestHandlers['checkSubscriptions']>(),
    prepareSearch: vi.fn<RequestHandlers['prepareSearch']>(),
    reportPendingSearches: vi.fn<RequestHandlers['reportPendingSearches']>(),
  } satisfies RequestHandlers;
}

const envelope = (type: string, payload: unknown) => ({ channel: MESSAGE_CHANNEL, type, payload });

function handlerCalls(handlers: ReturnType<typeof stubHandlers>): number {
  return Object.values(handlers).reduce((sum, handler) => sum + handler.mock.calls.length, 0);
}

describe('handleRequest: what is not an Iceberg request is ignored', () => {
  it('the fake browser’s extension id is what a real sender carries', () => {
    expect(browser.runtime.id).toBe('test-extension-id');
  });

  it.each([
    ['null', null],
    ['a string', 'recordClick'],
    ['an empty object', {}],
    ['another channel', { channel: 'iceberg/v0', type: 'recordClick', payload: validClick }],
    ['an unknown request type', envelope('deleteAllEvents', {})],
    ['a push event echoed back', { channel: MESSAGE_CHANNEL, event: { type: 'countsChanged' } }],
  ])('%s', (_label, message) => {
    const handlers = stubHandlers();
    expect(handleRequest(handlers, message, contentScript)).toBeUndefined();
    expect(handlerCalls(handlers)).toBe(0);
  });

  it.each([
    ['another extension', { ...contentScript, id: 'some-other-extension' }],
    ['a sender without an extension id', { tab: TAB, url: TAB.url }],
  ])('a valid request from %s', (_label, sender) => {
    const handlers = stubHandlers();
    expect(handleRequest(handlers, envelope('recordClick', validClick), sender)).toBeUndefined();
    expect(handlerCalls(handlers)).toBe(0);
  });
});

describe('handleRequest: malformed requests are refused before any handler runs', () => {
  it.each([
    ['an id that is not a UUID', { ...validClick, id: 'click-1' }],
    ['a numeric category', { ...validClick, categoryId: 3 }],
    ['a category id with spaces', { ...validClick, categoryId: 'billing; drop' }],
    ['a missing category', { ...validClick, categoryId: undefined }],
    ['a time without offset', { ...validClick, occurredAt: '2026-11-23 09:31' }],
    ['a work-order reference over 80 characters', { ...validClick, workOrderRef: 'C'.repeat(81) }],
    ['a missing work-order reference (it must be null when unknown)', { ...validClick, workOrderRef: undefined }],
    ['a negative tab id', { ...validClick, tabId: -1 }],
    ['no payload at all', undefined],
  ])('recordClick with %s', async (_label, payload) => {
    const handlers = stubHandlers();
    const reply = await handleRequest(handlers, envelope('recordClick', payload), contentScript);
    expect(reply).toMatchObject({ ok: false, code: 'invalid-message' });
    expect((reply as { message: string }).message).toMatch(/^recordClick: /);
    expect(handlerCalls(handlers)).toBe(0);
  });

  it.each([
    ['getSidebarState', { day: '23/11/2026' }],
    ['updateClickDetails', { id: validClick.id, details: { emotion: 'furious' } }],
    ['updateClickDetails', { id: validClick.id, details: { ticketRaised: 'yes' } }],
    ['undoLastClick', { id: 'last' }],
    ['updateSettings', { locale: 'fr' }],
    ['reportWorkOrder', { workOrderRef: 42 }],
    ['getWorkOrderContext', { tabId: 1.5 }],
    ['relayShortcut', { key: 'Z' }],
    ['relayShortcut', { key: 'ab' }],
  ])('%s with %j', async (type, payload) => {
    const handlers = stubHandlers();
    expect(await handleRequest(handlers, envelope(type, payload), contentScript)).toMatchObject({ ok: false, code: 'invalid-message' });
    expect(handlerCalls(handlers)).toBe(0);
  });

  it('names the broken setting when a match pattern is bad', async () => {
    const handlers = stubHandlers();
    const reply = await handleRequest(
      handlers,
      envelope('updateSettings', { crmSites: [{ matchPattern: 'crm.example.com', workOrderRule: { selector: '#case' } }] }),
      contentScript,
    );
    expect(reply).toMatchObject({ ok: false, code: 'invalid-message' });
    expect((reply as { message: string }).message).toContain('must be a match pattern like https://crm.example.com/*');
  });
});

describe('handleRequest: valid requests reach their handler', () => {
  it('passes the parsed click and the sender, and replies ok with the result', async () => {
    const handlers = stubHandlers();
    const reply = await handleRequest(handlers, envelope('recordClick', validClick), contentScript);
    expect(reply).toEqual({ ok: true, result: { event: storedClick, counts } });
    expect(handlers.recordClick).toHaveBeenCalledExactlyOnceWith(validClick, contentScript);
  });

  it('drops fields a page could use to forge an event (site, voided, day)', async () => {
    const handlers = stubHandlers();
    const forged = { ...validClick, site: 'evil.example', voided: true, day: '2020-01-01' };
    await handleRequest(handlers, envelope('recordClick', forged), contentScript);
    expect(handlers.recordClick.mock.calls[0]![0]).toEqual(validClick);
  });

  it('accepts an undo without an id (the undo button)', async () => {
    const handlers = stubHandlers();
    expect(await handleRequest(handlers, envelope('undoLastClick', {}), contentScript)).toEqual({ ok: true, result: { event: null, counts } });
    expect(handlers.undoLastClick).toHaveBeenCalledWith({}, contentScript);
  });

  it('accepts requests from extension pages (no tab), e.g. the side panel', async () => {
    const handlers = stubHandlers();
    const sidePanel = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/sidepanel.html' };
    const reply = await handleRequest(handlers, envelope('recordClick', { ...validClick, tabId: 7 }), sidePanel);
    expect(reply).toMatchObject({ ok: true });
    expect(handlers.recordClick).toHaveBeenCalledWith({ ...validClick, tabId: 7 }, sidePanel);
  });
});

describe('handleRequest: handler errors come back as coded replies', () => {
  it.each([
    ['an Iceberg error keeps its code and message', new IcebergError('retired-category', 'Category "sms" is retired'), 'retired-category', 'Category "sms" is retired'],
    ['a closed database', new Dexie.DatabaseClosedError('closed'), 'storage-unavailable', undefined],
    ['a full disk', new DOMException('full', 'QuotaExceededError'), 'storage-full', undefined],
    ['an unexpected error', new TypeError('x is undefined'), 'internal', 'x is undefined'],
  ])('%s', async (_label, error, code, message) => {
    const handlers = stubHandlers();
    handlers.recordClick.mockRejectedValueOnce(error);
    const reply = (await handleRequest(handlers, envelope('recordClick', validClick), contentScript)) as ProtocolReply<unknown>;
    expect(reply).toMatchObject({ ok: false, code });
    if (!reply.ok) expect(reply.message).toBe(message ?? reply.message);
  });
});

describe('serveRequests', () => {
  async function deliver(message: unknown, sender: Browser.runtime.MessageSender) {
    const sendResponse = vi.fn();
    const returned: unknown[] = await fakeBrowser.runtime.onMessage.trigger(message, sender, sendResponse);
    const keptChannelOpen = returned.includes(true);
    if (keptChannelOpen) await vi.waitFor(() => expect(sendResponse).toHaveBeenCalled());
    return { keptChannelOpen, sendResponse };
  }

  it('answers through sendResponse and keeps the channel open (returns true)', async () => {
    serveRequests(stubHandlers());
    const { keptChannelOpen, sendResponse } = await deliver(envelope('recordClick', validClick), contentScript);
    expect(keptChannelOpen).toBe(true);
    expect(sendResponse).toHaveBeenCalledWith({ ok: true, result: { event: storedClick, counts } });
  });

  it('leaves other messages to other listeners (returns false, no reply)', async () => {
    serveRequests(stubHandlers());
    const { keptChannelOpen, sendResponse } = await deliver({ hello: 'world' }, contentScript);
    expect(keptChannelOpen).toBe(false);
    expect(sendResponse).not.toHaveBeenCalled();
  });
});

describe('broadcast', () => {
  it('pushes to the extension pages (sidebar frames, side panel), never to the CRM page, and tolerates none being open', async () => {
    const toTabs = vi.spyOn(fakeBrowser.tabs, 'sendMessage');
    const toPages = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockRejectedValue(new Error('no sidebar open'));
    const event = { type: 'shortcut', tabId: 3, key: '1' } as const;

    await expect(broadcast(event)).resolves.toBeUndefined();

    expect(toPages).toHaveBeenCalledWith({ channel: MESSAGE_CHANNEL, event });
    expect(toTabs).not.toHaveBeenCalled();
  });
});
