/**
 * Errors with a code the sidebar can explain to the agent, thrown by storage and carried back
 * over messages. Zod-free: the content script imports it.
 */
export type IcebergErrorCode =
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
export const RETRYABLE_ERRORS: ReadonlySet<IcebergErrorCode> = new Set(['storage-full', 'storage-unavailable', 'internal']);

export class IcebergError extends Error {
  constructor(
    readonly code: IcebergErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IcebergError';
  }
}

/** The code and message of anything thrown: an IcebergError's own, else "internal". */
export function describeFailure(error: unknown): { code: IcebergErrorCode; message: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return {
    code: typeof code === 'string' ? (code as IcebergErrorCode) : 'internal',
    message: error instanceof Error ? error.message : String(error),
  };
}
