// The background with a centre: IT's policy (chrome.storage.managed in the fake browser), uploads
// to a real ClickHouse started here (Debian's 18.16 unless CLICKHOUSE_SERVER says otherwise), and
// the published taxonomy and library served by a local HTTP server.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { Browser } from 'wxt/browser';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { startBackground } from '@/storage/background';
import { syncSidebarRegistration } from '@/storage/background/sidebar-registration';
import type { IcebergDatabase } from '@/storage/database/database';
import { currentLibrary } from '@/storage/database/case-library';
import { currentTaxonomy } from '@/storage/database/taxonomy';
import { backupChunks, restoreBackup } from '@/storage/database/backup';
import { readIndexSnapshot } from '@/storage/database/search-index';
import { restoreScriptIndex } from '@/knowledge/search/script-search';
import { collect } from '../console/helpers';
import type { RequestOf, RequestType, ResponseMap } from '@/storage/messaging/protocol';
import { MESSAGE_CHANNEL, type ProtocolReply } from '@/storage/messaging/wire';
import { libraryToJson, taxonomyToJson } from '@/knowledge/files/library-files';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { clickHouseForTests } from './clickhouse-for-tests';
import { library, script } from '../library/library-fixtures';
import { click, dropDatabase, newDatabase } from '../helpers';

// Content-script registration and host permissions need browser parts the fake browser lacks.
vi.mock('@/storage/background/sidebar-registration', () => ({ syncSidebarRegistration: vi.fn(async () => []) }));
vi.mock('@/storage/platform/permissions', () => ({ mayReach: vi.fn(async () => true), hasHostPermission: vi.fn(async () => true) }));

const sidebar: Browser.runtime.MessageSender = { id: 'test-extension-id', url: 'chrome-extension://test-extension-id/sidepanel.html' };
const crmFrame: Browser.runtime.MessageSender = {
  id: 'test-extension-id',
  tab: { id: 7, url: 'http://127.0.0.1:4173/cases/CASE-1' } as Browser.tabs.Tab,
  frameId: 0,
  url: 'http://127.0.0.1:4173/cases/CASE-1',
};

async function ask<T extends RequestType>(type: T, payload: RequestOf<T>, sender = sidebar): Promise<ResponseMap[T]> {
  let respond!: (reply: ProtocolReply<ResponseMap[T]>) => void;
  const reply = new Promise<ProtocolReply<ResponseMap[T]>>((resolve) => (respond = resolve));
  void (await fakeBrowser.runtime.onMessage.trigger({ channel: MESSAGE_CHANNEL, type, payload }, sender, respond));
  const answer = await reply;
  if (!answer.ok) throw new Error(`${type}: ${answer.code} ${answer.message}`);
  return answer.result;
}

const server = clickHouseForTests();

let db: IcebergDatabase;
let pushes: ReturnType<typeof vi.spyOn>;
/** Starts a "service worker" under `policy` and waits until it has applied the settings in force. */
async function startWith(policy: Record<string, unknown>) {
  await fakeBrowser.storage.managed.set(policy);
  startBackground(db);
  await vi.waitFor(() => expect(vi.mocked(syncSidebarRegistration)).toHaveBeenCalled());
}

beforeEach(() => {
  fakeBrowser.reset();
  vi.mocked(syncSidebarRegistration).mockClear();
  pushes = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
  db = newDatabase();
});
afterEach(async () => {
  fakeBrowser.runtime.onMessage.removeAllListeners();
  await new Promise((resolve) => setTimeout(resolve, 50)); // let the start's work settle before the database goes
  await dropDatabase(db);
});

const upload = () => ({ url: server.url, user: server.agent.user, key: server.agent.key, batching: { maxRows: 500, maxBytes: 1048576, maxWaitSeconds: 3600 } });

/** What the centre counts for these events (each once, as its latest version). */
async function centreCounts(ids: readonly string[]) {
  const list = ids.map((id) => `'${id}'`).join(',');
  const [rows, events, clicks, voided] = (
    await server.query(
      `SELECT count(), uniqExact(event_id), (SELECT countIf(voided = 0) FROM iceberg.click_events FINAL WHERE event_id IN (${list})), (SELECT countIf(voided = 1) FROM iceberg.click_events FINAL WHERE event_id IN (${list})) FROM iceberg.click_events WHERE event_id IN (${list}) FORMAT TSV`,
    )
  )
    .trim()
    .split('\t')
    .map(Number);
  return { rows, events, clicks, voided };
}

describe('settings under a centre’s policy', () => {
  it('takes the policy over what the agent stored, refuses edits of locked keys, and never hands credentials to a sidebar', async () => {
    await startWith({ locale: 'en', upload: upload() });
    const state = await ask('getSidebarState', { day: '2026-11-23' });
    expect(state.settings.locale).toBe('en');
    expect(state.settings.uploadConfigured).toBe(true);
    expect(JSON.stringify(state)).not.toContain(server.agent.key);

    const updated = await ask('updateSettings', { locale: 'zh-CN', agentId: 'A-7' });
    expect(updated).toMatchObject({ locale: 'en', agentId: 'A-7' });
    expect(JSON.stringify(updated)).not.toContain(server.agent.key);
  });

  it('applies a changed policy at once and tells the open sidebars', async () => {
    await startWith({ locale: 'en' });
    await fakeBrowser.storage.managed.set({ locale: 'zh-CN' });
    await vi.waitFor(() =>
      expect(pushes).toHaveBeenCalledWith(expect.objectContaining({ event: expect.objectContaining({ type: 'settingsChanged', settings: expect.objectContaining({ locale: 'zh-CN' }) }) })),
    );
    expect((await ask('getSidebarState', { day: '2026-11-23' })).settings.locale).toBe('zh-CN');
  });

  it('stores the agent id the sidebar read off the CRM page; a CRM frame cannot name one', async () => {
    await startWith({});
    await ask('updateSettings', { agentId: 'typed-1' });
    const fromSidebar = await ask('recordClick', { ...click('billing'), agentId: '8801' });
    const fromFrame = await ask('recordClick', { ...click('billing'), agentId: '8802' }, crmFrame);
    expect(fromSidebar.event.agentId).toBe('8801');
    expect(fromFrame.event.agentId).toBe('typed-1');
  });
});

describe('uploads to the centre', () => {
  it('sends every change, keeps what the centre could not take, and counts each click once after a restart', async () => {
    await startWith({ upload: upload() });
    const day = new Date(2026, 9, 5, 10);
    const first = [];
    for (let i = 0; i < 20; i += 1) first.push((await ask('recordClick', click(i % 2 ? 'billing' : 'sms', new Date(day.getTime() + i)))).event);
    let status = await ask('uploadNow', {});
    expect(status.upload.status).toMatchObject({ pending: 0, lastError: null, uploaded: 20 });
    expect(await centreCounts(first.map((event) => event.id))).toMatchObject({ events: 20, clicks: 20 });

    await server.kill();
    const restarted = () => server.restart();
    onTestFinished(async () => {
      if (!(await server.query('SELECT 1').catch(() => null))) await restarted();
    });
    const second = [];
    for (let i = 0; i < 10; i += 1) second.push((await ask('recordClick', click('network', new Date(day.getTime() + 100 + i)))).event);
    await ask('updateClickDetails', { id: first[1]!.id, details: { ticketRaised: true } });
    status = await ask('uploadNow', {});
    expect(status.upload.status.lastError?.kind).toBe('unreachable');
    expect(status.upload.status.pending).toBe(11);
    expect(status.upload.status.retryAfter).not.toBeNull();
    // What the sidebar footer shows.
    expect((await ask('getSidebarState', { day: '2026-10-05' })).centre.upload.status.pending).toBe(11);

    await server.restart();
    status = await ask('uploadNow', {});
    expect(status.upload.status).toMatchObject({ pending: 0, lastError: null, consecutiveFailures: 0 });
    const all = [...first, ...second].map((event) => event.id);
    expect(await centreCounts(all)).toMatchObject({ events: 30, clicks: 30 });
    const tickets = Number((await server.query(`SELECT countIf(ticket_raised = 1) FROM iceberg.click_events FINAL WHERE event_id = '${first[1]!.id}' FORMAT TSV`)).trim());
    expect(tickets).toBe(1);
  }, 60_000);

  it('sends a batch again when the worker stopped before noting it was taken, and the centre still counts each click once', async () => {
    await startWith({ upload: upload() });
    const events = [];
    for (let i = 0; i < 15; i += 1) events.push((await ask('recordClick', click('sms', new Date(2026, 9, 6, 9, 0, i)))).event);
    vi.spyOn(db.outbox, 'bulkDelete').mockRejectedValueOnce(new Error('service worker stopped'));
    await ask('uploadNow', {});
    expect(await db.outbox.count()).toBe(15);
    const status = await ask('uploadNow', {});
    expect(status.upload.status.pending).toBe(0);
    expect(await centreCounts(events.map((event) => event.id))).toMatchObject({ rows: 30, events: 15, clicks: 15 });
  });

  it('an undo after the upload drops the centre’s count', async () => {
    await startWith({ upload: upload() });
    const { event } = await ask('recordClick', click('billing'));
    await ask('uploadNow', {});
    expect(await centreCounts([event.id])).toMatchObject({ clicks: 1, voided: 0 });
    await ask('undoLastClick', { id: event.id });
    await ask('uploadNow', {});
    expect(await centreCounts([event.id])).toMatchObject({ clicks: 0, voided: 1 });
  });
});

describe('the library the centre publishes', () => {
  const published = new Map<string, { body: string; type: string }>();
  let files: http.Server;
  let base = '';
  /** How long the server takes to answer: a check then stays under way. */
  let answerAfterMs = 0;
  afterEach(() => (answerAfterMs = 0));
  beforeAll(async () => {
    files = http.createServer((request, response) => {
      const file = published.get(request.url ?? '');
      const answer = () => {
        if (!file) return void response.writeHead(404).end();
        const etag = `"${file.body.length}-${file.body.charCodeAt(file.body.length - 2)}"`;
        if (request.headers['if-none-match'] === etag) return void response.writeHead(304).end();
        response.writeHead(200, { 'Content-Type': file.type, ETag: etag }).end(file.body);
      };
      setTimeout(answer, answerAfterMs);
    });
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => files.close(() => resolve())));

  const taxonomy = { ...DEFAULT_TAXONOMY, name: '中心分类表', version: '2026.11' };
  const v1 = library([script('billing-001'), script('billing-002')]);
  const v2 = library([script('billing-001'), script('billing-002'), script('billing-003')], '测试案例库', '2026.12');

  it('takes the taxonomy and then the library at start, and a newer one when checked again', async () => {
    published.set('/taxonomy.json', { body: taxonomyToJson(taxonomy), type: 'application/json' });
    published.set('/library.json', { body: libraryToJson(v1), type: 'application/json' });
    await startWith({ taxonomyUrl: `${base}/taxonomy.json`, libraryUrl: `${base}/library.json` });
    await vi.waitFor(async () => expect((await currentLibrary(db)).scripts).toHaveLength(2));
    expect((await currentTaxonomy(db)).version).toBe('2026.11');
    // Its search index was stored with it: the agents' first search restores it instead of building it.
    const storedScriptCount = async () => restoreScriptIndex(await readIndexSnapshot(db, 'full'))?.scriptCount;
    expect(await storedScriptCount()).toBe(2);
    const state = await ask('getSidebarState', { day: '2026-11-23' });
    expect(state.centre.library).toMatchObject({ version: v1.version, subscription: { url: `${base}/library.json`, trouble: null } });

    published.set('/library.json', { body: libraryToJson(v2), type: 'application/json' });
    const status = await ask('checkSubscriptions', {});
    expect(status.library.version).toBe('2026.12');
    expect((await currentLibrary(db)).scripts).toHaveLength(3);
    expect(await storedScriptCount()).toBe(3);
    await vi.waitFor(() => expect(pushes).toHaveBeenCalledWith(expect.objectContaining({ event: { type: 'libraryChanged' } })));
  });

  it('takes the published library and taxonomy again after a backup restored older ones, though the files did not change', async () => {
    const older = await collect(backupChunks(db)); // the shipped library and taxonomy
    published.set('/taxonomy.json', { body: taxonomyToJson(taxonomy), type: 'application/json' });
    published.set('/library.json', { body: libraryToJson(v1), type: 'application/json' });
    await startWith({ taxonomyUrl: `${base}/taxonomy.json`, libraryUrl: `${base}/library.json` });
    await vi.waitFor(async () => expect((await currentLibrary(db)).scripts).toHaveLength(2));

    await restoreBackup(db, older);
    expect((await currentLibrary(db)).version).not.toBe(v1.version);
    expect((await currentTaxonomy(db)).version).not.toBe('2026.11');

    // What the dashboard asks for after a restore. The server would answer 304 to the old ETag.
    const status = await ask('checkSubscriptions', {});
    expect(status.library).toMatchObject({ version: v1.version, subscription: { trouble: null } });
    expect((await currentLibrary(db)).scripts.map((entry) => entry.id)).toEqual(['billing-001', 'billing-002']);
    expect((await currentTaxonomy(db)).version).toBe('2026.11');
  });

  it('takes the published library again when a check under way during the restore writes back what it found before', async () => {
    const older = await collect(backupChunks(db));
    published.set('/library.json', { body: libraryToJson(v1), type: 'application/json' });
    await startWith({ libraryUrl: `${base}/library.json` });
    await vi.waitFor(async () => expect((await currentLibrary(db)).scripts).toHaveLength(2));

    answerAfterMs = 300;
    const underWay = ask('checkSubscriptions', {}); // its 304 comes after the restore
    await new Promise((resolve) => setTimeout(resolve, 50));
    await restoreBackup(db, older);
    await underWay;
    expect((await currentLibrary(db)).version).not.toBe(v1.version);

    answerAfterMs = 0;
    await ask('checkSubscriptions', {});
    expect((await currentLibrary(db)).scripts.map((entry) => entry.id)).toEqual(['billing-001', 'billing-002']);
  });

  it('keeps the last good library when the published file is refused or gone, and says why', async () => {
    published.set('/library.json', { body: libraryToJson(v1), type: 'application/json' });
    await startWith({ libraryUrl: `${base}/library.json` });
    await vi.waitFor(async () => expect((await currentLibrary(db)).scripts).toHaveLength(2));

    published.set('/library.json', { body: '{"schemaVersion": 1, "name": "x"', type: 'application/json' });
    let status = await ask('checkSubscriptions', {});
    expect(status.library.subscription?.trouble).toMatchObject({ action: 'refused', why: 'invalid-file' });
    expect((await currentLibrary(db)).scripts).toHaveLength(2);

    published.delete('/library.json');
    status = await ask('checkSubscriptions', {});
    expect(status.library.subscription?.trouble).toMatchObject({ why: 'not-found' });
    expect((await currentLibrary(db)).version).toBe(v1.version);
  });
});
