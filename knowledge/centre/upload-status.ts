import { z } from 'zod';
import { ClickHouseFailure, failureMessage } from './clickhouse-failure';
import type { LocalizedMessage } from '../files/file-problems';

/**
 * What the sidebar footer and the options page show about uploads: how many changes wait, when
 * the centre last took a batch, and the last error in words a person understands. After a
 * failure the next attempt waits longer each time (exponential backoff with jitter, so
 * thousands of browsers do not all come back in the same second after an outage).
 */

export const UploadStatus = z.object({
  /** Changes (clicks, undos, detail changes) not yet in the centre. */
  pending: z.number().int().nonnegative(),
  lastSuccessAt: z.iso.datetime().nullable(),
  lastAttemptAt: z.iso.datetime().nullable(),
  /** Cleared by the next success. */
  lastError: ClickHouseFailure.extend({ at: z.iso.datetime() }).nullable(),
  consecutiveFailures: z.number().int().nonnegative(),
  /** No attempt before this (backoff); null when free to try. */
  retryAfter: z.iso.datetime().nullable(),
  /** Rows the centre took since the status began, for the options page. */
  uploaded: z.number().int().nonnegative(),
});
export type UploadStatus = z.infer<typeof UploadStatus>;

export const INITIAL_UPLOAD_STATUS: UploadStatus = {
  pending: 0,
  lastSuccessAt: null,
  lastAttemptAt: null,
  lastError: null,
  consecutiveFailures: 0,
  retryAfter: null,
  uploaded: 0,
};

export interface Backoff {
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_BACKOFF: Backoff = { firstDelayMs: 10_000, maxDelayMs: 15 * 60_000 };

/**
 * The wait after the n-th failure in a row: doubling from `firstDelayMs` up to `maxDelayMs`,
 * of which a random half ("equal jitter"), so no retry comes sooner than half the step.
 */
export function retryDelayMs(failures: number, random: () => number, backoff: Backoff = DEFAULT_BACKOFF): number {
  if (failures <= 0) return 0;
  const step = Math.min(backoff.maxDelayMs, backoff.firstDelayMs * 2 ** Math.min(failures - 1, 30));
  return Math.round(step / 2 + random() * (step / 2));
}

/** What one upload run did: rows the centre took, and the failure that stopped it, if any. */
export interface UploadRunResult {
  sent: number;
  failure: ClickHouseFailure | null;
}

export function statusAfterRun(
  status: UploadStatus,
  run: UploadRunResult,
  pending: number,
  now: Date,
  random: () => number,
  backoff: Backoff = DEFAULT_BACKOFF,
): UploadStatus {
  const at = now.toISOString();
  const base = { ...status, pending, lastAttemptAt: at, uploaded: status.uploaded + run.sent };
  if (!run.failure) {
    return { ...base, lastSuccessAt: at, lastError: null, consecutiveFailures: 0, retryAfter: null };
  }
  const failures = status.consecutiveFailures + 1;
  return {
    ...base,
    // A run that got some batches through before failing still shows the centre was reached.
    lastSuccessAt: run.sent > 0 ? at : status.lastSuccessAt,
    lastError: { ...run.failure, at },
    consecutiveFailures: failures,
    retryAfter: new Date(now.getTime() + retryDelayMs(failures, random, backoff)).toISOString(),
  };
}

export type UploadHealth = 'off' | 'up-to-date' | 'waiting' | 'retrying';

/** One word for the footer: off (no target), up to date, changes waiting for their batch, or failing and retrying. */
export function uploadHealth(status: UploadStatus, configured: boolean): UploadHealth {
  if (!configured) return 'off';
  if (status.lastError) return 'retrying';
  return status.pending > 0 ? 'waiting' : 'up-to-date';
}

/** The footer's sentence for a failing upload: the reason, and that the clicks are safe. */
export function uploadErrorMessage(status: UploadStatus): LocalizedMessage | null {
  if (!status.lastError) return null;
  const reason = failureMessage(status.lastError);
  return {
    zh: `${reason.zh}已有 ${status.pending} 条记录安全保存在本机，恢复后自动上传。`,
    en: `${reason.en} ${status.pending} changes are kept safely in this browser and upload once it works again.`,
  };
}
