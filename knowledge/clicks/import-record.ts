import { z } from 'zod';
import { maskPhoneNumbers } from '../privacy/phone-numbers';
import { LocalizedName } from '../taxonomy/taxonomy';
import { ImportId } from './stored-event';

/** One merge import of other agents' click-log exports (the `imports` table). */
export const ImportRecord = z.object({
  id: ImportId,
  fileName: z.string().overwrite(maskPhoneNumbers).max(260),
  format: z.enum(['csv', 'ndjson']),
  importedAt: z.string(),
  /** Agents whose rows the file held. */
  agentIds: z.array(z.string().overwrite(maskPhoneNumbers)),
  /** Data rows in the file, valid or not. */
  rowCount: z.number().int().nonnegative(),
  /** Events this import added (they carry source "import:<id>"). */
  eventCount: z.number().int().nonnegative(),
  /** Rows whose event was already stored (own or imported) and brought nothing new. */
  duplicateCount: z.number().int().nonnegative(),
  /** Already-imported events this file completed (a later undo or a ticket added after). */
  updatedCount: z.number().int().nonnegative(),
  /** Rows older than the retained raw detail, skipped (see README.md ("Exports for QA")). */
  beforeRetentionCount: z.number().int().nonnegative(),
  /** Rows refused for bad values (each listed with row, column and reason at import time). */
  rejectedCount: z.number().int().nonnegative(),
  /** Category names as the exporting browser knew them, for ids this taxonomy lacks. */
  categoryNames: z.record(z.string(), z.object({ name: LocalizedName, parentId: z.string().nullable() })),
  status: z.enum(['running', 'complete', 'cancelled', 'failed']),
});
export type ImportRecord = z.infer<typeof ImportRecord>;
