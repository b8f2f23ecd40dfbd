import type { SubscribedDocument } from '@/storage/database/database';
import { settingsInForce } from '@/storage/settings-source';

/**
 * A change by hand refused because the centre publishes the document: agents' browsers take the
 * centre's file, and its next check would undo the change. The page hides these actions while
 * the centre publishes; this is the backend's own refusal, for a page drawn before the policy
 * arrived.
 */
export class PublishedDocumentLocked extends Error {
  constructor(readonly document: SubscribedDocument) {
    super(`The centre publishes the ${document}: it is not changed by hand here`);
    this.name = 'PublishedDocumentLocked';
  }
}

/**
 * Whether the centre publishes the document (its address is in the settings in force). Reads IT's
 * policy, which extension pages and the service worker can and the pages' Web Workers cannot.
 */
export async function isPublished(db: Parameters<typeof settingsInForce>[0], document: SubscribedDocument): Promise<boolean> {
  const settings = await settingsInForce(db);
  return Boolean(document === 'library' ? settings.libraryUrl : settings.taxonomyUrl);
}
