import { z } from 'zod';

/** Today's counts as the sidebar shows them: clicks per category, the total and the tickets. */
export const DayCounts = z.object({
  day: z.string(),
  byCategory: z.record(z.string(), z.number().int().nonnegative()),
  total: z.number().int().nonnegative(),
  tickets: z.number().int().nonnegative(),
});
export type DayCounts = z.infer<typeof DayCounts>;
