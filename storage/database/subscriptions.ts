import type { CaseLibrary } from '@/knowledge/case-library/case-script';
import { SubscriptionState, type SubscriptionDecision } from '@/knowledge/centre/library-subscription';
import type { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { replaceLibrary } from './case-library';
import type { IcebergDatabase, SubscribedDocument } from './database';
import type { BuiltSearchIndex } from './search-index';
import { replaceTaxonomy } from './taxonomy';

/**
 * The library and taxonomy a centre publishes: what the last check of each address found. A
 * decision is stored whole: on "replace" the new document and its state in one transaction, so
 * the library in force and what the page says about it never disagree.
 */

/** The stored state of a subscription; null before its first check (or when it was for another address). */
export async function subscriptionState(db: IcebergDatabase, document: SubscribedDocument): Promise<SubscriptionState | null> {
  const record = await db.centreState.get(`subscription:${document}`);
  const parsed = SubscriptionState.safeParse(record?.value);
  return parsed.success ? parsed.data : null;
}

/** `built`: the search index of the decision's library (buildSearchIndex), stored with it. */
export async function applyLibraryDecision(db: IcebergDatabase, decision: SubscriptionDecision<CaseLibrary>, now: Date, built?: BuiltSearchIndex): Promise<void> {
  // The search index changes with the library (see replaceSearchInput): its table is in the transaction too.
  await db.transaction('rw', [db.caseLibrary, db.searchIndex, db.centreState], async () => {
    if (decision.action === 'replace') await replaceLibrary(db, decision.value, { importedAt: now, fileName: decision.state.url }, built);
    await db.centreState.put({ key: 'subscription:library', value: decision.state });
  });
}

export async function applyTaxonomyDecision(db: IcebergDatabase, decision: SubscriptionDecision<Taxonomy>, now: Date): Promise<void> {
  await db.transaction('rw', [db.taxonomy, db.events, db.centreState], async () => {
    if (decision.action === 'replace') await replaceTaxonomy(db, decision.value, now);
    await db.centreState.put({ key: 'subscription:taxonomy', value: decision.state });
  });
}
