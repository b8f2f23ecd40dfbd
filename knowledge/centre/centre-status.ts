import { z } from 'zod';
import { SubscriptionState } from './library-subscription';
import { UploadStatus } from './upload-status';

/**
 * What an agent sees of the centre in the sidebar footer: whether clicks reach it (and how many
 * wait), and which case library is in force and when the centre's copy was last checked.
 */
export const CentreStatus = z.object({
  upload: z.object({ configured: z.boolean(), status: UploadStatus }),
  library: z.object({
    name: z.string(),
    version: z.string(),
    /** The centre's published library: its address, last check and why a file was refused; null when not subscribed. */
    subscription: SubscriptionState.nullable(),
  }),
});
export type CentreStatus = z.infer<typeof CentreStatus>;
