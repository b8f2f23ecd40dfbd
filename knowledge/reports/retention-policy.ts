import { z } from 'zod';
import { addDays } from './calendar';

/**
 * "Keep raw events N days": raw events older than the last N local days (today included) are
 * deleted; the daily rollups (all counts) stay. `rawDetailStartsAt` is the first day whose raw
 * events are all still there; before it only counts remain.
 */
export const RetentionPolicy = z.object({
  key: z.literal('policy'),
  /** null keeps raw events forever. */
  keepRawEventsDays: z.number().int().min(1).max(36_500).nullable(),
  rawDetailStartsAt: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  lastPrunedAt: z.string().nullable(),
});
export type RetentionPolicy = z.infer<typeof RetentionPolicy>;

export const DEFAULT_RETENTION: RetentionPolicy = {
  key: 'policy',
  keepRawEventsDays: null,
  rawDetailStartsAt: null,
  lastPrunedAt: null,
};

/** The first day kept when keeping `keepDays` days up to and including `today`. */
export function retentionCutoff(today: string, keepDays: number): string {
  return addDays(today, -(keepDays - 1));
}
