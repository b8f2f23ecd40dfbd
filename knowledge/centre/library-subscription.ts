import { z } from 'zod';
import type { CaseLibrary } from '../case-library/case-script';
import { checkLibraryFile, incomingLibrary, isCleanImport } from '../case-library/library-check';
import { type LibraryDiff, applyImport, diffLibrary } from '../case-library/library-diff';
import { isBlocking, problem, type ImportProblem, type LocalizedMessage } from '../files/file-problems';
import { MAX_IMPORT_BYTES, normalizeEncodingName, type TextEncodingName } from '../files/text-decoding';
import { checkTaxonomyFile } from '../taxonomy/taxonomy-check';
import type { Taxonomy } from '../taxonomy/taxonomy';
import { withTimeLimit } from './time-limit';

/**
 * A library (or taxonomy) that reaches every agent: the background fetches the team lead's
 * published file from its address at start-up and on a schedule, with a conditional request,
 * and runs the same import check as a manual import. A valid file replaces what is in force, an
 * invalid one changes nothing and says why, and without a network the last good one stays.
 * Everything here is decided from the answer; the caller stores `state` and, on "replace",
 * writes `value` in one transaction.
 */

const Problems = z.array(z.custom<ImportProblem>());

export const SubscriptionTrouble = z.object({
  /** refused: the file is there but not usable (fix the file); retry: it could not be fetched (try again later). */
  action: z.enum(['refused', 'retry']),
  why: z.enum(['invalid-file', 'too-large', 'not-found', 'forbidden', 'http-error', 'unreachable', 'no-host-permission', 'timeout', 'server-error']),
  message: z.object({ zh: z.string(), en: z.string() }),
  httpStatus: z.number().int().nullable(),
  detail: z.string(),
  /** The import check's problems (at most 50), for the lead's page. */
  problems: Problems,
  at: z.iso.datetime(),
});
export type SubscriptionTrouble = z.infer<typeof SubscriptionTrouble>;

/** What the background keeps per subscribed address. */
export const SubscriptionState = z.object({
  url: z.string(),
  etag: z.string().nullable(),
  lastModified: z.string().nullable(),
  /** SHA-256 of the last file taken, so a server without validators does not cause rewrites. */
  contentHash: z.string().nullable(),
  /** The last check, whatever came of it: "last checked" for agents. */
  checkedAt: z.iso.datetime().nullable(),
  /** The file in force: when it was taken, its name and version. */
  appliedAt: z.iso.datetime().nullable(),
  name: z.string().nullable(),
  version: z.string().nullable(),
  /** Why the last check changed nothing; null when it went well. */
  trouble: SubscriptionTrouble.nullable(),
});
export type SubscriptionState = z.infer<typeof SubscriptionState>;

/**
 * The state to check with: the stored one, unless the document in force is not the file it last
 * took (a backup restored, even while a check was under way; an import made before the policy).
 * Then the file is fetched and taken again, whatever its ETag or content hash would say.
 */
export function stateToCheckWith(stored: SubscriptionState | null, url: string, inForce: { name: string; version: string }): SubscriptionState {
  const tookWhatIsInForce = stored !== null && (stored.appliedAt === null || (stored.name === inForce.name && stored.version === inForce.version));
  return tookWhatIsInForce ? stored : initialSubscriptionState(url);
}

export function initialSubscriptionState(url: string): SubscriptionState {
  return { url, etag: null, lastModified: null, contentHash: null, checkedAt: null, appliedAt: null, name: null, version: null, trouble: null };
}

export type SubscriptionDecision<T> =
  | { action: 'replace'; value: T; name: string; version: string; warnings: ImportProblem[]; state: SubscriptionState }
  | { action: 'keep'; why: 'not-modified' | 'unchanged'; state: SubscriptionState }
  | { action: 'refused' | 'retry'; trouble: SubscriptionTrouble; state: SubscriptionState };

/** The part of fetch a subscription uses (the background's fetch, Node's in tests). */
export type GetFetch = (
  url: string,
  init: { method: 'GET'; headers: Record<string, string>; signal: AbortSignal; cache: 'no-store'; redirect: 'follow' },
) => Promise<{
  status: number;
  headers: { get(name: string): string | null };
  body: ReadableStream<Uint8Array> | null;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

export interface SubscriptionTransport {
  fetch: GetFetch;
  timeoutMs: number;
  /** Larger files are refused unread (default: the manual import's limit). */
  maxBytes?: number;
  now: () => Date;
  /** Whether the browser lets Iceberg reach this address (host permission); absent: it does. */
  mayReach?: (url: string) => Promise<boolean>;
}

const MESSAGES: Record<SubscriptionTrouble['why'], LocalizedMessage> = {
  'invalid-file': { zh: '发布的文件没有通过导入检查，仍使用上一版。', en: 'The published file did not pass the import check; the previous version stays in use.' },
  'too-large': { zh: '发布的文件太大，没有读取，仍使用上一版。', en: 'The published file is too large and was not read; the previous version stays in use.' },
  'not-found': { zh: '发布地址上没有文件（404），仍使用上一版。', en: 'There is no file at the published address (404); the previous version stays in use.' },
  forbidden: { zh: '服务器拒绝提供发布的文件（需要登录或无权限），仍使用上一版。', en: 'The server refused the published file (login or permission needed); the previous version stays in use.' },
  'http-error': { zh: '服务器没有正常返回文件，仍使用上一版。', en: 'The server did not return the file normally; the previous version stays in use.' },
  unreachable: { zh: '连不上发布服务器，仍使用上一版，稍后重试。', en: 'Cannot reach the publishing server; the previous version stays in use and it will be tried again.' },
  'no-host-permission': {
    zh: '浏览器还没有允许冰山访问发布服务器，请在冰山设置页点“允许访问”；仍使用上一版。',
    en: 'The browser does not yet let Iceberg reach the publishing server: click “Allow access” in the settings page. The previous version stays in use.',
  },
  timeout: { zh: '发布服务器响应太慢，仍使用上一版，稍后重试。', en: 'The publishing server answered too slowly; the previous version stays in use and it will be tried again.' },
  'server-error': { zh: '发布服务器出错，仍使用上一版，稍后重试。', en: 'The publishing server reported an error; the previous version stays in use and it will be tried again.' },
};

type Fetched =
  | { ok: true; notModified: true; etag: string | null; lastModified: string | null }
  | { ok: true; notModified: false; bytes: Uint8Array; etag: string | null; lastModified: string | null; charset: string | null }
  | { ok: false; action: 'refused' | 'retry'; why: SubscriptionTrouble['why']; httpStatus: number | null; detail: string };

async function readLimited(response: Awaited<ReturnType<GetFetch>>, maxBytes: number): Promise<Uint8Array | null> {
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    return bytes.length > maxBytes ? null : bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return bytes;
}

async function fetchPublished(state: SubscriptionState, url: string, transport: SubscriptionTransport): Promise<Fetched> {
  const maxBytes = transport.maxBytes ?? MAX_IMPORT_BYTES;
  if (transport.mayReach && !(await transport.mayReach(url))) {
    return { ok: false, action: 'retry', why: 'no-host-permission', httpStatus: null, detail: `no access to ${url}` };
  }
  const headers: Record<string, string> = {};
  // Validators belong to the address they came from.
  if (state.url === url && state.etag) headers['If-None-Match'] = state.etag;
  if (state.url === url && state.lastModified) headers['If-Modified-Since'] = state.lastModified;
  const answer = await withTimeLimit(transport.timeoutMs, async (signal): Promise<Fetched> => {
    const response = await transport.fetch(url, { method: 'GET', headers, signal, cache: 'no-store', redirect: 'follow' });
    const etag = response.headers.get('ETag');
    const lastModified = response.headers.get('Last-Modified');
    if (response.status === 304) return { ok: true, notModified: true, etag: etag ?? state.etag, lastModified: lastModified ?? state.lastModified };
    if (response.status !== 200) {
      const status = response.status;
      if (status >= 500) return { ok: false, action: 'retry', why: 'server-error', httpStatus: status, detail: `HTTP ${status}` };
      const why = status === 404 || status === 410 ? 'not-found' : status === 401 || status === 403 ? 'forbidden' : 'http-error';
      return { ok: false, action: 'refused', why, httpStatus: status, detail: `HTTP ${status}` };
    }
    const declared = Number(response.headers.get('Content-Length'));
    const tooLarge = { ok: false as const, action: 'refused' as const, why: 'too-large' as const, httpStatus: 200, detail: `over ${maxBytes} bytes` };
    if (Number.isFinite(declared) && declared > maxBytes) return tooLarge;
    const bytes = await readLimited(response, maxBytes);
    if (!bytes) return tooLarge;
    const charset = /charset=([^;]+)/i.exec(response.headers.get('Content-Type') ?? '')?.[1]?.trim() ?? null;
    return { ok: true, notModified: false, bytes, etag, lastModified, charset };
  });
  if (answer.done) return answer.value;
  return answer.timedOut
    ? { ok: false, action: 'retry', why: 'timeout', httpStatus: null, detail: `no answer within ${Math.round(transport.timeoutMs / 1000)} s` }
    : { ok: false, action: 'retry', why: 'unreachable', httpStatus: null, detail: answer.error instanceof Error ? answer.error.message : String(answer.error) };
}

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The file name a published address stands for: its last path segment (picks JSON or CSV, and a CSV's name and version). */
function fileNameOf(url: string): string | undefined {
  try {
    const segment = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    return segment || undefined;
  } catch {
    return undefined;
  }
}

function troubled<T>(state: SubscriptionState, url: string, at: string, found: Omit<SubscriptionTrouble, 'message' | 'at'>): SubscriptionDecision<T> {
  const trouble: SubscriptionTrouble = { ...found, problems: found.problems.slice(0, 50), message: MESSAGES[found.why], at };
  return { action: found.action, trouble, state: { ...state, url, checkedAt: at, trouble } };
}

/**
 * What keeps a published file out: every error, and a doubtful encoding too, since no lead
 * looks at a preview before it reaches the agents.
 */
function refusesSubscription(found: ImportProblem): boolean {
  return isBlocking(found) || found.code === 'doubtful-encoding';
}

interface Checked<T> {
  value: T | null;
  name: string;
  version: string;
  problems: ImportProblem[];
}

async function checkSubscription<T>(
  url: string,
  state: SubscriptionState,
  transport: SubscriptionTransport,
  check: (bytes: Uint8Array, options: { fileName?: string; encoding?: TextEncodingName }) => Checked<T>,
): Promise<SubscriptionDecision<T>> {
  const at = transport.now().toISOString();
  const fetched = await fetchPublished(state, url, transport);
  if (!fetched.ok) return troubled(state, url, at, { action: fetched.action, why: fetched.why, httpStatus: fetched.httpStatus, detail: fetched.detail, problems: [] });
  const validators = { etag: fetched.etag, lastModified: fetched.lastModified };
  if (fetched.notModified) return { action: 'keep', why: 'not-modified', state: { ...state, ...validators, url, checkedAt: at, trouble: null } };
  const contentHash = await sha256(fetched.bytes);
  if (state.url === url && contentHash === state.contentHash) {
    return { action: 'keep', why: 'unchanged', state: { ...state, ...validators, url, checkedAt: at, trouble: null } };
  }
  const encoding = fetched.charset ? normalizeEncodingName(fetched.charset) : undefined;
  const checked = check(fetched.bytes, { fileName: fileNameOf(url), encoding });
  const blocking = checked.problems.filter(refusesSubscription);
  if (!checked.value || blocking.length > 0) {
    return troubled(state, url, at, {
      action: 'refused',
      why: 'invalid-file',
      httpStatus: 200,
      detail: blocking[0]?.message.en ?? 'no usable content',
      problems: blocking,
    });
  }
  return {
    action: 'replace',
    value: checked.value,
    name: checked.name,
    version: checked.version,
    warnings: checked.problems,
    state: { url, ...validators, contentHash, checkedAt: at, appliedAt: at, name: checked.name, version: checked.version, trouble: null },
  };
}

/**
 * Checks the published case library. Every script must pass (a subscription has no lead to
 * choose "import only the valid rows"), and its categories must be in `taxonomy`, the one in
 * force, so check the taxonomy subscription first.
 */
export async function checkLibrarySubscription(
  url: string,
  state: SubscriptionState,
  context: { current: CaseLibrary; taxonomy: Taxonomy; today: string },
  transport: SubscriptionTransport,
): Promise<SubscriptionDecision<CaseLibrary> & { diff?: LibraryDiff }> {
  const decision = await checkSubscription<CaseLibrary>(url, state, transport, (bytes, options) => {
    const check = checkLibraryFile(bytes, { ...options, taxonomy: context.taxonomy, today: context.today });
    const clean = !check.fileProblem && isCleanImport(check) && check.valid.length > 0;
    return {
      value: clean ? applyImport(context.current, incomingLibrary(check), 'replace') : null,
      name: check.name,
      version: check.version,
      // An empty library would take every script away from the agents: refused like an invalid file.
      problems: check.valid.length === 0 && !check.problems.some(isBlocking) ? [...check.problems, problem('no-rows')] : check.problems,
    };
  });
  return decision.action === 'replace' ? { ...decision, diff: diffLibrary(context.current, decision.value.scripts, 'replace') } : decision;
}

/** Checks the published complaint taxonomy (whole or not at all, like a manual import). */
export async function checkTaxonomySubscription(
  url: string,
  state: SubscriptionState,
  context: { today: string },
  transport: SubscriptionTransport,
): Promise<SubscriptionDecision<Taxonomy>> {
  return checkSubscription<Taxonomy>(url, state, transport, (bytes, options) => {
    const check = checkTaxonomyFile(bytes, { ...options, today: context.today });
    return { value: check.taxonomy, name: check.taxonomy?.name ?? '', version: check.taxonomy?.version ?? '', problems: check.problems };
  });
}
