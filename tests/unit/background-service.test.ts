import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import Dexie from 'dexie';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { MESSAGE_CHANNEL, type ProtocolReply } from '@/storage/messaging/wire';
import type { ResponseMap } from '@/storage/messaging/protocol';
import type { RequestOf, RequestType } from '@/storage/messaging/protocol';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { IcebergDatabase } from '@/storage/database/database';
import { countsFromLog, dayCounts } from '@/storage/database/click-log';
import { replaceTaxonomy } from '@/storage/database/taxonomy';
import { startBackground } from '@/storage/background';
import { syncSidebarRegistration } from '@/storage/background/sidebar-registration';
import { click, dropDatabase, newDatabase } from './helpers';

// Content-script registration needs chrome.scripting and permissions, which the fake browser lacks.
vi.mock('@/storage/background/sidebar-registration', () => ({ syncSidebarRegistration: vi.fn(async () => []) }));

const CRM_URL = 'http://127.0.0.1:4173/cases/CASE-1';
const tab = (id: number, url = CRM_URL) => ({ id, url }) as Browser.tabs.Tab;
const topFrame = (tabId: number, url = CRM_URL): Browser.runtime.MessageSender => ({
  id: 'test-extension-id',
  tab: tab(tabId, url),
  frameId: 0,
  url,
});
const iframe = (tabId: number, frameId: number, url = 'http://127.0.0.1:4173/work-area'): Browser.runtime.MessageSender => ({
  id: 'test-extension-id',
  tab: tab(tabId),
  frameId,
  url,
});
const sidePanel: Browser.runtime.MessageSender = {
  id: 'test-extension-id',
  url: 'chrome-extension://test-extension-id/sidepanel.html',
};

/** Sends one request the way the browser delivers it and waits for the reply. */
async function ask<T extends RequestType>(
  type: T,
  payload: RequestOf<T>,
  sender: Browser.runtime.MessageSender,
): Promise<ProtocolReply<ResponseMap[T]>> {
  let respond!: (reply: ProtocolReply<ResponseMap[T]>) => void;
  const reply = new Promise<ProtocolReply<ResponseMap[T]>>((resolve) => (respond = resolve));
  const returned: unknown[] = await fakeBrowser.runtime.onMessage.trigger({ channel: MESSAGE_CHANNEL, type, payload }, sender, respond);
  expect(returned).toContain(true);
  return reply;
}

async function result<T extends RequestType>(type: T, payload: RequestOf<T>, sender: Browser.runtime.MessageSender) {
  const reply = await ask(type, payload, sender);
  if (!reply.ok) throw new Error(`${type} failed: ${reply.code} ${reply.message}`);
  return reply.result;
}

/** Stops the "service worker": its listeners go, session storage and IndexedDB stay. */
function stopServiceWorker() {
  fakeBrowser.runtime.onMessage.removeAllListeners();
  fakeBrowser.tabs.onRemoved.removeAllListeners();
}

/** Starts a "service worker" on a database, counting starts so teardown can wait for each. */
let started = 0;
function startWorker(database: IcebergDatabase) {
  started += 1;
  startBackground(database);
}

let db: IcebergDatabase;
let pushesToTabs: MockInstance<(tabId: number, message: unknown, options?: unknown) => Promise<unknown>>;
let pushes: MockInstance<(message: unknown) => Promise<unknown>>;
beforeEach(() => {
  fakeBrowser.reset();
  pushesToTabs = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
  pushes = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
  vi.mocked(syncSidebarRegistration).mockClear();
  started = 0;
  db = newDatabase();
  startWorker(db);
});
afterEach(async () => {
  // Each start reads the settings to sync content-script registration; let that finish first.
  await vi.waitFor(() => expect(vi.mocked(syncSidebarRegistration).mock.calls.length).toBeGreaterThanOrEqual(started));
  stopServiceWorker();
  await dropDatabase(db);
});

/** Every event pushed to the sidebars (extension pages), in order. */
function pushedEvents<T extends { type: string }>(type: T['type']): T[] {
  return pushes.mock.calls
    .map(([message]) => (message as { channel?: string; event?: T }).event)
    .filter((event): event is T => event?.type === type);
}

describe('recording through the background', () => {
  it('stamps the click with the sender’s site and masks the work-order reference again', async () => {
    const { event } = await result('recordClick', click('billing', new Date(), { workOrderRef: '13812345678' }), topFrame(7));
    expect(event.site).toBe('127.0.0.1:4173');
    expect(event.workOrderRef).toBe('138****5678');
    expect(await db.events.get(event.id)).toEqual(event);
  });

  it('stamps the agent id, and a changed agent id from the next click on', async () => {
    expect((await result('recordClick', click('billing'), topFrame(7))).event.agentId).toBe('unassigned');
    await result('updateSettings', { agentId: 'agent-007' }, sidePanel);
    expect((await result('recordClick', click('billing'), topFrame(7))).event.agentId).toBe('agent-007');
    expect(syncSidebarRegistration).toHaveBeenCalled();
  });

  it('takes the site of the tab a side-panel click names', async () => {
    await result('reportWorkOrder', { workOrderRef: 'CASE-1' }, topFrame(7));
    expect((await result('recordClick', { ...click('billing'), tabId: 7 }, sidePanel)).event.site).toBe('127.0.0.1:4173');
    expect((await result('recordClick', click('billing'), sidePanel)).event.site).toBe('unknown');
    // The side panel opened as a tab of its own still records for the CRM tab it follows.
    const sidePanelInATab = { ...sidePanel, tab: { id: 9, index: 1, pinned: false, highlighted: true, windowId: 1, active: true, incognito: false, selected: true, discarded: false, autoDiscardable: true, groupId: -1, frozen: false }, frameId: 0 } as Browser.runtime.MessageSender;
    expect((await result('recordClick', { ...click('billing'), tabId: 7 }, sidePanelInATab)).event.site).toBe('127.0.0.1:4173');
  });

  it('refuses a malformed click before touching storage', async () => {
    const reply = await ask('recordClick', { ...click('billing'), id: 'not-a-uuid' }, topFrame(7));
    expect(reply).toMatchObject({ ok: false, code: 'invalid-message' });
    expect(await db.events.count()).toBe(0);
  });

  it('pushes the new counts to every sidebar, so two tabs agree', async () => {
    await result('reportWorkOrder', { workOrderRef: 'CASE-1' }, topFrame(7));
    await result('reportWorkOrder', { workOrderRef: 'CASE-2' }, topFrame(8));
    const { counts } = await result('recordClick', click('network'), topFrame(7));

    await vi.waitFor(() => expect(pushedEvents<{ type: 'countsChanged'; counts: unknown }>('countsChanged').map((event) => event.counts)).toEqual([counts]));
    expect(pushesToTabs).not.toHaveBeenCalled();
    expect(counts).toEqual(await countsFromLog(db, counts.day));
  });

  it('counts clicks from two tabs at the same time', async () => {
    const at = new Date();
    await Promise.all(
      Array.from({ length: 10 }, () => [
        result('recordClick', click('billing', at), topFrame(7)),
        result('recordClick', click('sms', at), topFrame(8)),
      ]).flat(),
    );
    const day = (await db.events.toCollection().first())!.day;
    expect(await dayCounts(db, day)).toMatchObject({ byCategory: { billing: 10, sms: 10 }, total: 20 });
  });

  it('answers undo and details with coded errors the sidebar can show', async () => {
    const request = click('billing');
    await result('recordClick', request, topFrame(7));
    expect((await result('undoLastClick', {}, topFrame(7))).event?.id).toBe(request.id);
    expect(await ask('undoLastClick', { id: request.id }, topFrame(7))).toMatchObject({ ok: false, code: 'already-undone' });
    expect(await ask('updateClickDetails', { id: request.id, details: { ticketRaised: true } }, topFrame(7))).toMatchObject({
      ok: false,
      code: 'already-undone',
    });
  });

  it('refuses new clicks on a category a lead retired from another page (options page, another db connection)', async () => {
    await result('recordClick', click('sms'), topFrame(7));
    const optionsPage = new IcebergDatabase(db.name);
    try {
      await replaceTaxonomy(optionsPage, { ...DEFAULT_TAXONOMY, categories: DEFAULT_TAXONOMY.categories.filter((c) => c.id !== 'sms') }, new Date());
    } finally {
      optionsPage.close();
    }
    expect(await ask('recordClick', click('sms'), topFrame(7))).toMatchObject({ ok: false, code: 'retired-category' });
  });

  it('gives the sidebar its whole state in one request', async () => {
    const request = click('billing');
    const { counts } = await result('recordClick', request, topFrame(7));
    const state = await result('getSidebarState', { day: counts.day }, topFrame(7));
    expect(state.taxonomy).toEqual(DEFAULT_TAXONOMY);
    expect(state.settings.agentId).toBe('unassigned');
    expect(state.counts).toEqual(counts);
    expect(state.lastClick?.id).toBe(request.id);
  });

  // BUG: storage/background/index.ts caches `config ??= Promise.all([...])`. When that first
  // read fails (database briefly unavailable), the rejected promise stays cached: every later click
  // fails the same way, and since the sidebar retries 'storage-unavailable' every 5 s (which keeps
  // the service worker awake), clicks never get stored until something writes settings/taxonomy.
  it('recovers once storage is available again after a failed first read', async () => {
    vi.spyOn(db.taxonomy, 'get').mockRejectedValueOnce(new Dexie.DatabaseClosedError('closed'));
    expect(await ask('recordClick', click('billing'), topFrame(7))).toMatchObject({ ok: false, code: 'storage-unavailable' });
    expect(await ask('recordClick', click('billing'), topFrame(7))).toMatchObject({ ok: true });
  });
});

describe('nothing is lost when the service worker stops', () => {
  it('counts a click once when its retry reaches a restarted worker', async () => {
    const request = click('billing');
    const first = await result('recordClick', request, topFrame(7));
    stopServiceWorker();
    const restartedDb = new IcebergDatabase(db.name);
    startWorker(restartedDb);
    try {
      const retry = await result('recordClick', request, topFrame(7));
      expect(retry.event).toEqual(first.event);
      expect(retry.counts.total).toBe(1);
      await result('recordClick', click('sms'), topFrame(7));
      expect((await dayCounts(restartedDb, first.event.day)).total).toBe(2);
      await vi.waitFor(() => expect(vi.mocked(syncSidebarRegistration)).toHaveBeenCalledTimes(2));
    } finally {
      restartedDb.close();
    }
  });

  it('still knows which case each tab is on after a restart', async () => {
    await result('reportWorkOrder', { workOrderRef: 'CASE-42' }, topFrame(7));
    await vi.waitFor(async () => expect(Object.keys(await fakeBrowser.storage.session.get(null))).not.toHaveLength(0));
    stopServiceWorker();
    startWorker(db);
    expect(await result('getWorkOrderContext', { tabId: 7 }, sidePanel)).toEqual({ tabId: 7, workOrderRef: 'CASE-42', site: '127.0.0.1:4173' });
  });
});

describe('case context per tab', () => {
  it('masks what a content script reports and tells that tab’s sidebar', async () => {
    await result('reportWorkOrder', { workOrderRef: 'CALL-0931 13812345678' }, topFrame(7));
    const context = { tabId: 7, workOrderRef: 'CALL-0931 138****5678', site: '127.0.0.1:4173' };
    expect(await result('getWorkOrderContext', { tabId: 7 }, sidePanel)).toEqual(context);
    expect(pushes).toHaveBeenCalledWith({ channel: MESSAGE_CHANNEL, event: { type: 'workOrderChanged', context } });
  });

  it('uses the work-area iframe’s case when the top frame shows none', async () => {
    await result('reportWorkOrder', { workOrderRef: null }, topFrame(7));
    await result('reportWorkOrder', { workOrderRef: 'CASE-IFRAME' }, iframe(7, 3));
    expect((await result('getWorkOrderContext', { tabId: 7 }, sidePanel)).workOrderRef).toBe('CASE-IFRAME');
  });

  it('forgets iframe cases when the top frame navigates, and forgets closed tabs', async () => {
    await result('reportWorkOrder', { workOrderRef: null }, topFrame(7));
    await result('reportWorkOrder', { workOrderRef: 'CASE-IFRAME' }, iframe(7, 3));
    const nextPageStartedAt = Date.now() + 10; // after the old iframe's report
    // The next page shows no case of its own: the old iframe's case must not leak into it.
    const next = await result(
      'reportWorkOrder',
      { workOrderRef: null, sentAt: nextPageStartedAt + 50, pageStartedAt: nextPageStartedAt },
      topFrame(7, 'http://127.0.0.1:4173/cases/'),
    );
    expect(next.workOrderRef).toBeNull();
    await result('reportWorkOrder', { workOrderRef: 'CASE-TOP', sentAt: nextPageStartedAt + 60, pageStartedAt: nextPageStartedAt }, topFrame(7, 'http://127.0.0.1:4173/cases/CASE-TOP'));
    expect((await result('getWorkOrderContext', { tabId: 7 }, sidePanel)).workOrderRef).toBe('CASE-TOP');

    await fakeBrowser.tabs.onRemoved.trigger(7, { windowId: 1, isWindowClosing: false });
    expect(await result('getWorkOrderContext', { tabId: 7 }, sidePanel)).toEqual({ tabId: 7, workOrderRef: null, site: null });
  });

  // BUG (race): reportWorkOrder in storage/background/index.ts drops every iframe report when
  // the top frame reports, assuming "its iframes report again". On page load the iframe's content
  // script can report first (a top page with heavy deferred scripts reaches document_end later);
  // it reports only on change, so the tab's work order stays null while the iframe shows one.
  it('keeps an iframe case reported just before the top frame’s first report of the same page load', async () => {
    // The iframe was sent 200 ms into the page load; the top frame's report reaches a worker
    // that was asleep, seconds after both were sent.
    const pageStartedAt = Date.now() - 5_000;
    await result('reportWorkOrder', { workOrderRef: 'CASE-IFRAME', sentAt: pageStartedAt + 200 }, iframe(7, 3));
    const reply = await result('reportWorkOrder', { workOrderRef: null, sentAt: pageStartedAt + 300, pageStartedAt }, topFrame(7));
    expect(reply).toMatchObject({ tabId: 7, workOrderRef: 'CASE-IFRAME' });
    expect((await result('getWorkOrderContext', { tabId: 7 }, sidePanel)).workOrderRef).toBe('CASE-IFRAME');
  });

  it('hands a shortcut pressed in an iframe to the tab’s top frame', async () => {
    await result('relayShortcut', { key: '3' }, iframe(7, 3));
    expect(pushes).toHaveBeenCalledWith({ channel: MESSAGE_CHANNEL, event: { type: 'shortcut', tabId: 7, key: '3' } });
  });
});

describe('the case library through the background', () => {
  const libraryOf = (title: string) => ({
    schemaVersion: 1 as const,
    name: '测试话术库',
    version: 't1',
    scripts: [
      {
        id: 'test-001',
        title,
        scenario: '客户投诉宽带提速后网速不变',
        solution: '远程重置端口',
        script: '非常理解您的心情，我马上为您处理。',
        keywords: ['宽带'],
        categoryIds: ['broadband'],
        updatedAt: '2026-11-20',
      },
    ],
  });

  it('searches the shipped library, and the imported one once the library page says it changed', async () => {
    await result('reportWorkOrder', { workOrderRef: 'CASE-1' }, topFrame(7)); // tab 7 has a sidebar
    const shipped = await result('searchScripts', { query: '流量' }, topFrame(7));
    expect(shipped.scriptCount).toBeGreaterThanOrEqual(40);
    expect(shipped.hits.length).toBeGreaterThan(0);
    const { replaceLibrary } = await import('@/storage/database/case-library');
    await replaceLibrary(db, libraryOf('宽带提速无效'), { importedAt: new Date() });
    await result('storedDataChanged', { tables: ['caseLibrary'] }, sidePanel);
    const imported = await result('searchScripts', { query: 'kdts' }, topFrame(7));
    expect(imported).toMatchObject({ scriptCount: 1, hits: [{ script: { id: 'test-001' } }] });
    expect(pushes).toHaveBeenCalledWith({ channel: MESSAGE_CHANNEL, event: { type: 'libraryChanged' } });
  });

  it('logs a use with the agent, the sender’s site and a masked work-order reference', async () => {
    await result('updateSettings', { agentId: 'A-1024' }, sidePanel);
    const id = crypto.randomUUID();
    await result('recordScriptUse', { id, scriptId: 'billing-001', action: 'copy', workOrderRef: '13812345678' }, topFrame(7));
    expect(await db.scriptUses.get(id)).toMatchObject({ agentId: 'A-1024', site: '127.0.0.1:4173', workOrderRef: '138****5678', action: 'copy' });
  });

  it('logs a missed search with the agent', async () => {
    await result('recordSearchMiss', { query: '火星漫游', categoryId: null }, topFrame(7));
    expect(await db.searchMisses.toArray()).toMatchObject([{ query: '火星漫游', agentId: 'unassigned' }]);
  });

  it('logs the searches a tab’s sidebar had not decided when the tab closes, after a worker restart too, and only the last list it sent', async () => {
    const sidebarFrame: Browser.runtime.MessageSender = { ...topFrame(7), url: 'chrome-extension://test-extension-id/sidebar-frame.html' };
    const pending = (query: string) => ({ query, categoryId: null, outcome: 'not-used' as const, shownScriptIds: ['billing-001'] });
    await result('reportPendingSearches', { searches: [pending('宽带晚上老是掉')] }, sidebarFrame);
    await result('reportPendingSearches', { searches: [pending('宽带晚上老是掉'), pending('网老断')] }, sidebarFrame);
    await result('reportPendingSearches', { searches: [pending('不关我事')] }, topFrame(8));
    await result('reportPendingSearches', { searches: [] }, topFrame(8)); // tab 8 decided its own
    await result('reportPendingSearches', { searches: [pending('侧边栏的')] }, sidePanel); // the side panel outlives tabs: ignored
    stopServiceWorker();
    startWorker(db);

    await fakeBrowser.tabs.onRemoved.trigger(8, { windowId: 1, isWindowClosing: false });
    await fakeBrowser.tabs.onRemoved.trigger(7, { windowId: 1, isWindowClosing: false });
    await vi.waitFor(async () => expect(await db.searchMisses.count()).toBe(2));
    expect((await db.searchMisses.toArray()).map((miss) => [miss.query, miss.outcome, miss.agentId]).sort()).toEqual([
      ['宽带晚上老是掉', 'not-used', 'unassigned'],
      ['网老断', 'not-used', 'unassigned'],
    ]);
    await fakeBrowser.tabs.onRemoved.trigger(7, { windowId: 1, isWindowClosing: false }); // logged once
    expect(await db.searchMisses.count()).toBe(2);
  });

  it('turns notes typed in an iframe into suggestions and a warning for the tab’s sidebar', async () => {
    await result('reportNotes', { text: '客户说流量不够用，要去工信部投诉' }, iframe(7, 3));
    const [event] = pushedEvents<{ type: 'notesSuggestions'; tabId: number; hits: unknown[]; warning: { words: string[]; suggestedRisk: string } }>('notesSuggestions');
    expect(event?.tabId).toBe(7);
    expect(event!.warning.words).toContain('工信部');
    expect(event!.warning.suggestedRisk).toBe('major');
    expect(event!.hits.length).toBeGreaterThan(0);
  });

  it('uses the lead’s own sensitive words when set', async () => {
    await result('updateSettings', { sensitiveWords: ['退网'] }, sidePanel);
    await result('reportNotes', { text: '客户说再不处理就退网' }, topFrame(7));
    const [event] = pushedEvents<{ type: 'notesSuggestions'; warning: { words: string[] } }>('notesSuggestions');
    expect(event?.warning.words).toEqual(['退网']);
  });

  it('inserts into the frame where the agent was last in a notes field', async () => {
    pushesToTabs.mockResolvedValue({ inserted: true });
    await result('reportFieldFocus', {}, iframe(7, 3));
    expect(await result('insertIntoPage', { text: '您好' }, topFrame(7))).toEqual({ inserted: true });
    expect(pushesToTabs).toHaveBeenLastCalledWith(7, { channel: MESSAGE_CHANNEL, command: { type: 'insertText', text: '您好' } }, { frameId: 3 });
    // The side panel names the tab; with no field focused there, the top frame is tried.
    expect(await result('insertIntoPage', { text: '您好', tabId: 8 }, sidePanel)).toEqual({ inserted: true });
    expect(pushesToTabs).toHaveBeenLastCalledWith(8, expect.anything(), { frameId: 0 });
  });

  it('answers "not inserted" when the tab has no notes field', async () => {
    pushesToTabs.mockRejectedValue(new Error('Could not establish connection'));
    expect(await result('insertIntoPage', { text: '您好' }, topFrame(7))).toEqual({ inserted: false });
  });
});

describe('filtering scripts by category', () => {
  it('a parent category also lists its sub-categories’ scripts', async () => {
    const { hits } = await result('searchScripts', { query: '漫游', categoryFilter: 'billing', limit: 50 }, topFrame(7));
    const categories = new Set(hits.flatMap((hit) => hit.script.categoryIds));
    expect(categories.has('billing-roaming')).toBe(true);
    expect(hits.every((hit) => hit.script.categoryIds.some((id) => id.startsWith('billing')))).toBe(true);
    const roamingOnly = await result('searchScripts', { query: '漫游', categoryFilter: 'billing-roaming', limit: 50 }, topFrame(7));
    expect(roamingOnly.hits.every((hit) => hit.script.categoryIds.includes('billing-roaming'))).toBe(true);
  });
});
