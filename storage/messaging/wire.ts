import type { IcebergErrorCode } from '@/knowledge/iceberg-error';

/**
 * What travels with every message, without Zod, so the content-script bundle stays small:
 * the channel name, size limits and the reply envelope. The messages themselves are listed in
 * protocol.ts.
 */

export const MESSAGE_CHANNEL = 'iceberg/v1';

/** Notes longer than this are cut to their end before they leave the page: the latest words matter. */
export const MAX_NOTES_LENGTH = 2000;
export const MAX_INSERT_LENGTH = 8000;
/** Page text longer than this is no agent's work number: a frame does not send it. */
export const MAX_PAGE_AGENT_ID_LENGTH = 200;
/** A sidebar's undecided searches span its last few minutes: a handful, never hundreds. */
export const MAX_PENDING_SEARCHES = 50;

export type ProtocolReply<T> = { ok: true; result: T } | { ok: false; code: IcebergErrorCode; message: string };
