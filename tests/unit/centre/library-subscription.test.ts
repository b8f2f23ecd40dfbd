// The library and taxonomy subscriptions against a real local HTTP server: what the background
// does with every answer a publishing server can give.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type SubscriptionState,
  type SubscriptionTransport,
  checkLibrarySubscription,
  checkTaxonomySubscription,
  initialSubscriptionState,
} from '@/knowledge/centre/library-subscription';
import { libraryToJson } from '@/knowledge/files/library-files';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import type { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { TODAY, library, script } from '../library/library-fixtures';

const PUBLISHED = library([script('billing-301'), script('sms-301', { categoryIds: ['sms'] })], '中心案例库', '2026.12');
const PUBLISHED_JSON = libraryToJson(PUBLISHED);
const GB18030_CSV = readFileSync(new URL('../library/fixtures/library-gb18030.csv', import.meta.url));

/** Big5 bytes for a text: Node decodes Big5 but does not encode it, so build the table once. */
function big5(text: string): Uint8Array {
  const decoder = new TextDecoder('big5');
  const bytesOf = new Map<string, number[]>();
  for (let lead = 0xa1; lead <= 0xf9; lead += 1) {
    for (const trail of [...Array.from({ length: 0x3f }, (_, i) => 0x40 + i), ...Array.from({ length: 0x5e }, (_, i) => 0xa1 + i)]) {
      const character = decoder.decode(new Uint8Array([lead, trail]));
      if (character.length === 1 && !bytesOf.has(character)) bytesOf.set(character, [lead, trail]);
    }
  }
  return new Uint8Array([...text].flatMap((character) => bytesOf.get(character) ?? [...new TextEncoder().encode(character)]));
}

let requests: Array<{ url: string; headers: http.IncomingHttpHeaders }> = [];
let base = '';
const server = http.createServer((request, response) => {
  requests.push({ url: request.url!, headers: request.headers });
  const send = (status: number, body: string | Uint8Array, headers: Record<string, string> = {}) => {
    response.writeHead(status, headers);
    response.end(body);
  };
  switch (request.url) {
    case '/iceberg/case-library.json':
      if (request.headers['if-none-match'] === '"lib-2026.12"') return send(304, '');
      return send(200, PUBLISHED_JSON, { 'Content-Type': 'application/json', ETag: '"lib-2026.12"' });
    case '/iceberg/dated.json':
      if (request.headers['if-modified-since'] === 'Tue, 01 Dec 2026 08:00:00 GMT') return send(304, '');
      return send(200, PUBLISHED_JSON, { 'Last-Modified': 'Tue, 01 Dec 2026 08:00:00 GMT' });
    case '/iceberg/plain.json':
      return send(200, PUBLISHED_JSON);
    case '/iceberg/leads_v7.csv':
      return send(200, GB18030_CSV, { 'Content-Type': 'text/csv' });
    case '/iceberg/declared-gbk.csv':
      return send(200, GB18030_CSV, { 'Content-Type': 'text/csv; charset=GBK' });
    case '/iceberg/declared-utf8.csv':
      return send(200, GB18030_CSV, { 'Content-Type': 'text/csv; charset=utf-8' });
    case '/iceberg/big5.csv':
      return send(200, big5(new TextDecoder('gb18030').decode(GB18030_CSV)));
    case '/iceberg/invalid.json': {
      const broken = JSON.parse(PUBLISHED_JSON);
      broken.scripts[1].categoryIds = ['no-such-category'];
      broken.scripts[0].updatedAt = '2026/12/01';
      return send(200, JSON.stringify(broken));
    }
    case '/iceberg/empty.json':
      return send(200, libraryToJson(library([])));
    case '/iceberg/login':
      return send(200, '<!doctype html><html><body>请先登录</body></html>', { 'Content-Type': 'text/html' });
    case '/iceberg/moved.json':
      return send(302, '', { Location: '/iceberg/case-library.json' });
    case '/iceberg/huge.json':
      return send(200, PUBLISHED_JSON.padEnd(200_000, ' '));
    case '/iceberg/huge-chunked.json':
      response.writeHead(200, { 'Content-Type': 'application/json' });
      for (let i = 0; i < 50; i += 1) response.write(' '.repeat(4096));
      return response.end(PUBLISHED_JSON);
    case '/iceberg/slow.json':
      return void setTimeout(() => send(200, PUBLISHED_JSON), 3_000);
    case '/iceberg/broken.json':
      return send(500, 'Internal Server Error');
    case '/iceberg/private.json':
      return send(403, 'Forbidden');
    case '/iceberg/taxonomy.json':
      return send(200, JSON.stringify({ ...DEFAULT_TAXONOMY, version: '2026.12' }), { ETag: '"tax-1"' });
    default:
      return send(404, 'Not Found');
  }
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/iceberg`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const NOW = new Date('2026-12-01T09:00:00.000Z');
const transport = (overrides: Partial<SubscriptionTransport> = {}): SubscriptionTransport => ({ fetch, timeoutMs: 5_000, now: () => NOW, ...overrides });
const context = (taxonomy: Taxonomy = DEFAULT_TAXONOMY) => ({ current: defaultLibrary(), taxonomy, today: TODAY });

async function first(path: string, options: Partial<SubscriptionTransport> = {}, taxonomy: Taxonomy = DEFAULT_TAXONOMY) {
  const url = `${base}/${path}`;
  return checkLibrarySubscription(url, initialSubscriptionState(url), context(taxonomy), transport(options));
}

describe('a published library', () => {
  it('replaces the library when valid, and says what changes for the agents', async () => {
    const decision = await first('case-library.json');
    expect(decision).toMatchObject({ action: 'replace', name: '中心案例库', version: '2026.12', warnings: [] });
    if (decision.action !== 'replace') return;
    expect(decision.value.scripts.map((script) => script.id)).toEqual(['billing-301', 'sms-301']);
    expect(decision.diff).toMatchObject({ added: ['billing-301', 'sms-301'], removed: defaultLibrary().scripts.map((script) => script.id) });
    expect(decision.state).toMatchObject({ etag: '"lib-2026.12"', name: '中心案例库', version: '2026.12', checkedAt: NOW.toISOString(), appliedAt: NOW.toISOString(), trouble: null });
  });

  it('asks again with the ETag and keeps the library on 304 Not Modified', async () => {
    const url = `${base}/case-library.json`;
    const taken = await checkLibrarySubscription(url, initialSubscriptionState(url), context(), transport());
    requests = [];
    const later = new Date('2026-12-01T10:00:00.000Z');
    const again = await checkLibrarySubscription(url, taken.state, context(), transport({ now: () => later }));
    expect(requests[0]!.headers['if-none-match']).toBe('"lib-2026.12"');
    expect(again).toMatchObject({ action: 'keep', why: 'not-modified', state: { checkedAt: later.toISOString(), appliedAt: NOW.toISOString(), version: '2026.12' } });
  });

  it('asks again with Last-Modified where the server gives no ETag', async () => {
    const url = `${base}/dated.json`;
    const taken = await checkLibrarySubscription(url, initialSubscriptionState(url), context(), transport());
    requests = [];
    const again = await checkLibrarySubscription(url, taken.state, context(), transport());
    expect(requests[0]!.headers['if-modified-since']).toBe('Tue, 01 Dec 2026 08:00:00 GMT');
    expect(again).toMatchObject({ action: 'keep', why: 'not-modified' });
  });

  it('does not rewrite the same file from a server with no validators', async () => {
    const url = `${base}/plain.json`;
    const taken = await checkLibrarySubscription(url, initialSubscriptionState(url), context(), transport());
    expect(taken.action).toBe('replace');
    expect(await checkLibrarySubscription(url, taken.state, context(), transport())).toMatchObject({ action: 'keep', why: 'unchanged' });
  });

  it('forgets the validators of another address', async () => {
    const old = (await first('case-library.json')).state;
    requests = [];
    const decision = await checkLibrarySubscription(`${base}/plain.json`, old, context(), transport());
    expect(requests[0]!.headers['if-none-match']).toBeUndefined();
    expect(decision.action).toBe('replace');
  });

  it('follows a redirect', async () => {
    expect(await first('moved.json')).toMatchObject({ action: 'replace', version: '2026.12' });
  });

  it('refuses a file with invalid scripts, changes nothing, and keeps the reasons for the lead', async () => {
    const decision = await first('invalid.json');
    expect(decision.action).toBe('refused');
    if (decision.action !== 'refused') return;
    expect(decision.trouble).toMatchObject({ why: 'invalid-file', httpStatus: 200 });
    expect(decision.trouble.problems.map((found) => [found.code, found.entry])).toEqual(expect.arrayContaining([['invalid-date', 1], ['unknown-category', 2]]));
    expect(decision.trouble.message.en).toMatch(/previous version stays in use/);
    expect(decision.state).toMatchObject({ etag: null, appliedAt: null, checkedAt: NOW.toISOString() });
  });

  it('refuses an empty library rather than take every script away', async () => {
    expect(await first('empty.json')).toMatchObject({ action: 'refused', trouble: { why: 'invalid-file', problems: [{ code: 'no-rows' }] } });
  });

  it('refuses a login page served instead of the file', async () => {
    expect(await first('login')).toMatchObject({ action: 'refused', trouble: { why: 'invalid-file' } });
  });

  it.each([
    ['a file over the size limit, by its declared length', 'huge.json'],
    ['a file over the size limit, sent without a length', 'huge-chunked.json'],
  ])('refuses %s without reading it all', async (_, path) => {
    expect(await first(path, { maxBytes: 100_000 })).toMatchObject({ action: 'refused', trouble: { why: 'too-large' } });
  });

  it.each([
    ['missing (404)', 'nothing-here.json', 'refused', 'not-found'],
    ['forbidden (403)', 'private.json', 'refused', 'forbidden'],
    ['a server error (500)', 'broken.json', 'retry', 'server-error'],
  ] as const)('keeps the last good library when the file is %s', async (_, path, action, why) => {
    const url = `${base}/${path}`;
    const good = { ...initialSubscriptionState(url), etag: '"x"', name: '中心案例库', version: '2026.11', appliedAt: '2026-11-30T09:00:00.000Z' } satisfies SubscriptionState;
    const decision = await checkLibrarySubscription(url, good, context(), transport());
    expect(decision).toMatchObject({ action, trouble: { why }, state: { name: '中心案例库', version: '2026.11', etag: '"x"' } });
  });

  it('gives up on a slow server and tries again later', async () => {
    const started = Date.now();
    expect(await first('slow.json', { timeoutMs: 300 })).toMatchObject({ action: 'retry', trouble: { why: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('tries again later when the server cannot be reached', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/case-library.json`;
    await new Promise((resolve) => closed.close(resolve));
    expect(await checkLibrarySubscription(url, initialSubscriptionState(url), context(), transport())).toMatchObject({ action: 'retry', trouble: { why: 'unreachable' } });
  });
});

describe('encodings of a published CSV', () => {
  /** The spreadsheet export's scripts use a sub-category the default taxonomy lacks. */
  const withFiveG: Taxonomy = {
    ...DEFAULT_TAXONOMY,
    categories: [...DEFAULT_TAXONOMY.categories, { id: 'billing-5g', parentId: 'billing', name: { zh: '5G 套餐计费', en: '5G billing' }, color: '#e8590c', retired: false }],
  };

  it('reads a GB18030 spreadsheet export and takes name and version from the file name', async () => {
    const decision = await first('leads_v7.csv', {}, withFiveG);
    expect(decision).toMatchObject({ action: 'replace', name: 'leads', version: '7' });
    if (decision.action === 'replace') expect(decision.value.scripts.map((found) => found.id)).toContain('sms-201');
  });

  it('uses the charset the server declares', async () => {
    expect(await first('declared-gbk.csv', {}, withFiveG)).toMatchObject({ action: 'replace' });
    expect(await first('declared-utf8.csv', {}, withFiveG)).toMatchObject({ action: 'refused', trouble: { problems: [{ code: 'undecodable-text' }] } });
  });

  it('refuses text in another encoding (Big5) rather than hand agents garbled scripts', async () => {
    const decision = await first('big5.csv', {}, withFiveG);
    expect(decision).toMatchObject({ action: 'refused', trouble: { why: 'invalid-file' } });
    if (decision.action === 'refused') expect(['unknown-encoding', 'doubtful-encoding']).toContain(decision.trouble.problems[0]?.code);
  });
});

describe('a published taxonomy', () => {
  it('replaces the taxonomy when valid, and a library must then fit it', async () => {
    const url = `${base}/taxonomy.json`;
    const decision = await checkTaxonomySubscription(url, initialSubscriptionState(url), { today: TODAY }, transport());
    expect(decision).toMatchObject({ action: 'replace', version: '2026.12', state: { etag: '"tax-1"' } });
    const withoutSms = { ...DEFAULT_TAXONOMY, categories: DEFAULT_TAXONOMY.categories.filter((category) => category.id !== 'sms') };
    const library = await checkLibrarySubscription(`${base}/case-library.json`, initialSubscriptionState(''), context(withoutSms), transport());
    expect(library).toMatchObject({ action: 'refused', trouble: { problems: [{ code: 'unknown-category' }] } });
  });

  it('refuses a library file served as a taxonomy', async () => {
    const url = `${base}/case-library.json`;
    expect(await checkTaxonomySubscription(url, initialSubscriptionState(url), { today: TODAY }, transport())).toMatchObject({ action: 'refused' });
  });
});
