import { z } from 'zod';
import type { LocalizedMessage } from '../files/file-problems';

/**
 * Why the centre's ClickHouse did not take an upload or answer a report, in words an agent or
 * the centre's IT understands. Nothing is lost whatever the kind: uploads stay pending.
 */
export const ClickHouseFailureKind = z.enum([
  /** No answer at all: server down, wrong address, network or proxy in the way. */
  'unreachable',
  /** The browser did not let Iceberg reach the server: its host is not granted to the extension. */
  'no-host-permission',
  /** It answered too slowly and the request was given up. */
  'timeout',
  /** Unknown user or wrong password. */
  'wrong-credentials',
  /** The user may not do this (read-only, no access to the database). */
  'access-denied',
  /** The database or table does not exist. */
  'missing-table',
  /** The table's columns do not match the rows or the query. */
  'schema-mismatch',
  /** Overloaded: too many parts, too many queries, out of memory, quota. */
  'server-busy',
  /** Any other server error. */
  'server-error',
  /** Any other refusal (a 4xx without a known cause). */
  'rejected',
]);
export type ClickHouseFailureKind = z.infer<typeof ClickHouseFailureKind>;

export const ClickHouseFailure = z.object({
  kind: ClickHouseFailureKind,
  httpStatus: z.number().int().nullable(),
  /** ClickHouse's error code ("Code: 60"), when it gave one. */
  serverCode: z.number().int().nullable(),
  /** The server's own words (first line), or the network error, for IT. */
  detail: z.string(),
});
export type ClickHouseFailure = z.infer<typeof ClickHouseFailure>;

/** ClickHouse error codes by what they mean to us (the same codes from 18.16 to current versions). */
const KIND_OF_CODE: ReadonlyMap<number, ClickHouseFailureKind> = new Map([
  ...[192, 193, 194, 516].map((code) => [code, 'wrong-credentials'] as const),
  ...[164, 291, 392, 497].map((code) => [code, 'access-denied'] as const),
  ...[60, 81].map((code) => [code, 'missing-table'] as const),
  ...[6, 16, 26, 27, 38, 41, 47, 53, 62, 69, 70, 72, 115, 117].map((code) => [code, 'schema-mismatch'] as const),
  ...[159, 201, 202, 203, 209, 210, 241, 242, 252].map((code) => [code, 'server-busy'] as const),
]);

/** A ClickHouse error answer → what went wrong. */
export function classifyErrorResponse(httpStatus: number, body: string, codeHeader?: string | null): ClickHouseFailure {
  const codeText = codeHeader ?? /Code: (\d+)/.exec(body)?.[1];
  const serverCode = codeText !== undefined && /^\d+$/.test(codeText) ? Number(codeText) : null;
  const detail = body.trim().split('\n')[0]!.slice(0, 500);
  const known = serverCode === null ? undefined : KIND_OF_CODE.get(serverCode);
  const kind: ClickHouseFailureKind =
    known ??
    (httpStatus === 401 || httpStatus === 403
      ? 'wrong-credentials'
      : httpStatus === 404
        ? 'missing-table'
        : httpStatus === 429 || httpStatus === 503
          ? 'server-busy'
          : httpStatus >= 500
            ? 'server-error'
            : 'rejected');
  return { kind, httpStatus, serverCode, detail: detail || `HTTP ${httpStatus}` };
}

export function networkFailure(error: unknown): ClickHouseFailure {
  return { kind: 'unreachable', httpStatus: null, serverCode: null, detail: error instanceof Error ? error.message : String(error) };
}

/** The server's host is not granted to the extension, so the browser would block the request. */
export function noHostPermissionFailure(pattern: string): ClickHouseFailure {
  return { kind: 'no-host-permission', httpStatus: null, serverCode: null, detail: `no access to ${pattern}` };
}

export function timeoutFailure(timeoutMs: number): ClickHouseFailure {
  return { kind: 'timeout', httpStatus: null, serverCode: null, detail: `no answer within ${Math.round(timeoutMs / 1000)} s` };
}

const MESSAGES: Record<ClickHouseFailureKind, LocalizedMessage> = {
  unreachable: {
    zh: '连不上中心数据库（服务器未运行、地址不对或网络不通）。',
    en: "Cannot reach the centre's database (server down, wrong address or no network).",
  },
  'no-host-permission': {
    zh: '浏览器还没有允许冰山访问中心数据库的地址，请在冰山设置页点“允许访问”，或请 IT 打包时加入该地址。',
    en: "The browser does not yet let Iceberg reach the centre's database: click “Allow access” in Iceberg's settings page, or ask IT to list the address when packaging.",
  },
  timeout: {
    zh: '中心数据库响应太慢，本次已放弃，稍后重试。',
    en: "The centre's database answered too slowly; this attempt was given up and will be retried.",
  },
  'wrong-credentials': {
    zh: '中心数据库拒绝了用户名或密码（密码错误或用户不存在），请联系 IT 检查上传设置。',
    en: "The centre's database refused the user name or password (wrong password or unknown user); ask IT to check the upload settings.",
  },
  'access-denied': {
    zh: '该用户没有这项权限（例如只读用户不能上传），请联系 IT 检查数据库用户。',
    en: 'This user is not allowed to do that (for example a read-only user cannot upload); ask IT to check the database user.',
  },
  'missing-table': {
    zh: '中心数据库里没有冰山的表（或数据库），请联系 IT 按 schema.sql 建表。',
    en: "Iceberg's table (or database) does not exist in the centre's database; ask IT to create it with schema.sql.",
  },
  'schema-mismatch': {
    zh: '中心数据库的表结构与此版本的冰山不一致，请联系 IT 更新表结构。',
    en: "The centre's table does not match this version of Iceberg; ask IT to update it.",
  },
  'server-busy': {
    zh: '中心数据库繁忙（负载过高），稍后自动重试。',
    en: "The centre's database is overloaded; Iceberg will retry later.",
  },
  'server-error': {
    zh: '中心数据库出错，稍后自动重试。',
    en: "The centre's database reported an error; Iceberg will retry later.",
  },
  rejected: {
    zh: '中心数据库拒绝了请求，请联系 IT 检查上传地址。',
    en: "The centre's database refused the request; ask IT to check the upload address.",
  },
};

/** The sentence the sidebar footer and the options page show; `detail` goes under it for IT. */
export function failureMessage(failure: Pick<ClickHouseFailure, 'kind'>): LocalizedMessage {
  return MESSAGES[failure.kind];
}
