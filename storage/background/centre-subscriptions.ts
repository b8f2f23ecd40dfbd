import {
  checkLibrarySubscription,
  checkTaxonomySubscription,
  stateToCheckWith,
  type GetFetch,
} from '@/knowledge/centre/library-subscription';
import { localDay } from '@/knowledge/clicks/local-time';
import { DEFAULT_LIBRARY_CHECK_MINUTES, type AgentSettings } from '@/knowledge/settings/settings';
import { buildSearchIndex, currentLibrary } from '@/storage/database/case-library';
import type { IcebergDatabase } from '@/storage/database/database';
import { applyLibraryDecision, applyTaxonomyDecision, subscriptionState } from '@/storage/database/subscriptions';
import { currentTaxonomy } from '@/storage/database/taxonomy';
import { clearAlarm, onAlarm, setRepeatingAlarm } from '@/storage/platform/alarms';
import { mayReach } from '@/storage/platform/permissions';

const CHECK_ALARM = 'iceberg:library-check';
/** A published file's whole answer, body included. */
const FETCH_TIMEOUT_MS = 60_000;

/**
 * The centre's published taxonomy and case library, kept up to date: checked at start, on an
 * alarm every `libraryCheckMinutes` and when the addresses change; the taxonomy first, since
 * the library's categories are checked against the taxonomy in force. A refused or unreachable
 * file changes nothing (the last good one stays); the stored state says why.
 */
export class CentreSubscriptions {
  private checking: Promise<void> | null = null;

  constructor(
    private readonly db: IcebergDatabase,
    private readonly settings: () => Promise<AgentSettings>,
    private readonly changed: () => void,
    private readonly fetch: GetFetch = (url, init) => globalThis.fetch(url, init),
  ) {
    onAlarm(CHECK_ALARM, () => void this.check());
  }

  /** Sets the check alarm for the settings in force (none without an address). */
  async schedule(): Promise<void> {
    const settings = await this.settings();
    if (!settings.libraryUrl && !settings.taxonomyUrl) return clearAlarm(CHECK_ALARM).catch(() => undefined);
    await setRepeatingAlarm(CHECK_ALARM, settings.libraryCheckMinutes ?? DEFAULT_LIBRARY_CHECK_MINUTES).catch(() => undefined);
  }

  /**
   * Checks now if an address was never checked, or not for a whole period: a service worker
   * starts often (it sleeps after 30 s idle), and each start need not ask the server.
   */
  async checkIfDue(): Promise<void> {
    const settings = await this.settings();
    const period = (settings.libraryCheckMinutes ?? DEFAULT_LIBRARY_CHECK_MINUTES) * 60_000;
    const states = await Promise.all([
      settings.taxonomyUrl ? subscriptionState(this.db, 'taxonomy') : undefined,
      settings.libraryUrl ? subscriptionState(this.db, 'library') : undefined,
    ]);
    const due = [settings.taxonomyUrl, settings.libraryUrl].some((url, index) => {
      if (!url) return false;
      const state = states[index];
      return !state?.checkedAt || state.url !== url || Date.parse(state.checkedAt) + period <= Date.now();
    });
    if (due) await this.check();
  }

  /** Checks both addresses now; a check already under way is joined, not repeated. */
  check(): Promise<void> {
    this.checking ??= this.checkBoth().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  /**
   * A check that starts after this call, for a person who asks: a check already under way began
   * before what they just did (published a new file, restored a backup) and may have missed it.
   */
  async checkFromNow(): Promise<void> {
    await this.checking?.catch(() => undefined);
    await this.check();
  }

  private async checkBoth(): Promise<void> {
    const { libraryUrl, taxonomyUrl } = await this.settings();
    const transport = { fetch: this.fetch, timeoutMs: FETCH_TIMEOUT_MS, now: () => new Date(), mayReach };
    const today = localDay(new Date());
    try {
      if (taxonomyUrl) {
        const [state, taxonomy] = await Promise.all([subscriptionState(this.db, 'taxonomy'), currentTaxonomy(this.db)]);
        const decision = await checkTaxonomySubscription(taxonomyUrl, stateToCheckWith(state, taxonomyUrl, taxonomy), { today }, transport);
        await applyTaxonomyDecision(this.db, decision, new Date());
      }
      if (libraryUrl) {
        const [state, current, taxonomy] = await Promise.all([
          subscriptionState(this.db, 'library'),
          currentLibrary(this.db),
          currentTaxonomy(this.db),
        ]);
        const decision = await checkLibrarySubscription(libraryUrl, stateToCheckWith(state, libraryUrl, current), { current, taxonomy, today }, transport);
        // Its search index is built now and stored with it, so the agents' first search after the
        // update restores it instead of building it on a keystroke (a search arriving meanwhile
        // waits for this build instead). A failed build only leaves that to the first search.
        const built = decision.action === 'replace' ? (await buildSearchIndex(this.db, { library: decision.value }).catch(() => null))?.built : undefined;
        await applyLibraryDecision(this.db, decision, new Date(), built);
      }
    } catch (error) {
      console.error('Iceberg: checking the published library failed', error);
    } finally {
      this.changed();
    }
  }
}
