import type { SubscribedDocument } from '@/storage/database/database';

/**
 * A change by hand refused because the centre publishes the document: agents' browsers take the
 * centre's file, and its next check would undo the change. The page hides these actions while
 * the centre publishes; this is the backend's own refusal, for a page drawn before the policy
 * arrived. A module of its own, so the page's components can tell it apart without loading storage.
 */
export class PublishedDocumentLocked extends Error {
  constructor(readonly document: SubscribedDocument) {
    super(`The centre publishes the ${document}: it is not changed by hand here`);
    this.name = 'PublishedDocumentLocked';
  }
}
