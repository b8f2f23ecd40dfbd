/**
 * What travels with every message, without Zod, so the content-script bundle stays small:
 * the channel name, size limits, error codes and the reply envelope. The messages themselves
 * are listed in protocol.ts.
 */

export const MESSAGE_CHANNEL = 'iceberg/v1';

/** Notes longer than this are cut to their end before they leave the page: the latest words matter. */
export const MAX_NOTES_LENGTH = 2000;
export const MAX_INSERT_LENGTH = 8000;

export type ProtocolErrorCode =
  | 'invalid-message'
  | 'unknown-category'
  | 'retired-category'
  | 'not-found'
  | 'already-undone'
  | 'storage-full'
  | 'storage-unavailable'
  | 'extension-reloaded'
  | 'internal';

/** Errors worth retrying: the click is kept and resent until storage accepts it. */
export const RETRYABLE_ERRORS: ReadonlySet<ProtocolErrorCode> = new Set([
  'storage-full',
  'storage-unavailable',
  'internal',
]);

export type ProtocolReply<T> = { ok: true; result: T } | { ok: false; code: ProtocolErrorCode; message: string };

/** An error the background reports with a code the sidebar can explain to the agent. */
export class IcebergError extends Error {
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IcebergError';
  }
}
