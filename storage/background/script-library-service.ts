import {
  restoreScriptIndex,
  scriptHit,
  searchAnswer,
  searchLibrary,
  type ScriptHit,
  type ScriptIndex,
  type ScriptSearchAnswer,
  type ScriptSearchOptions,
} from '@/knowledge/search/script-search';
import { suggestFromNotes } from '@/knowledge/search/notes-suggestion';
import { DEFAULT_SENSITIVE_WORDS, findSensitiveWords, suggestedRiskGrade } from '@/knowledge/search/sensitive-words';
import type { EscalationWarning } from '@/knowledge/search/sensitive-words';
import type { ScriptUse, SearchMiss, ScriptUsageSummary } from '@/knowledge/case-library/script-usage';
import type { IcebergDatabase } from '../database/database';
import { buildSearchIndex, recordScriptUse, recordSearchMiss, scriptUsage } from '../database/case-library';
import { readIndexSnapshot, saveIndexSnapshots, type IndexPart } from '../database/search-index';

/** How many suggestions the notes get: a glance, not a result page. */
const NOTES_SUGGESTIONS = 3;

/**
 * The case library as the background serves it. The search index lives in memory while the
 * service worker runs; a woken worker restores it from the snapshots the library page stored
 * (building it only when none fits the library in force). The naming index (titles, keywords,
 * aliases) is read first and answers the first keystrokes in milliseconds, marked provisional;
 * the full index follows, and `onFullIndexReady` tells the sidebars to ask again.
 */
export class ScriptLibraryService {
  private naming: Promise<ScriptIndex | null> | null = null;
  private full: Promise<ScriptIndex> | null = null;
  private fullIndex: ScriptIndex | null = null;
  private answeredProvisionally = false;
  /** Raised when the library changes, so that a load begun before cannot install an older index. */
  private generation = 0;
  private usage: Promise<Map<string, ScriptUsageSummary>> | null = null;
  private usageLoaded: Map<string, ScriptUsageSummary> | null = null;

  constructor(
    private readonly db: IcebergDatabase,
    private readonly onFullIndexReady: () => void = () => undefined,
  ) {}

  /** Drops the index: the next search reads the stored one of the new library (or builds it). */
  forgetLibrary(): void {
    this.generation += 1;
    this.naming = null;
    this.full = null;
    this.fullIndex = null;
    this.answeredProvisionally = false;
  }

  async search(query: string, options: Omit<ScriptSearchOptions, 'usage' | 'now'>): Promise<ScriptSearchAnswer> {
    const { index, provisional } = await this.indexForSearch();
    // Usage only orders near-equal matches: a provisional answer does not wait for the use log.
    const usage = provisional ? (this.usageLoaded ?? undefined) : await this.loadedUsage();
    if (provisional) {
      this.answeredProvisionally = true;
      void this.loadedUsage().catch(() => undefined);
    }
    const result = searchLibrary(index, query, { ...options, usage, now: Date.now() });
    return searchAnswer(result, index.scriptCount, provisional);
  }

  /**
   * Starts loading what a search needs, unless it is in memory or on its way: the naming index
   * first, as for a search, then the full one. Resolves when the full index is in (or failed).
   */
  prepare(): Promise<void> {
    this.loadedUsage().catch(() => undefined);
    this.indexForSearch().catch(() => undefined);
    return this.loadedFull().then(
      () => undefined,
      () => undefined,
    );
  }

  /** Scripts for what the agent is typing, and a warning when sensitive words show up. */
  async suggestForNotes(
    notes: string,
    options: { sensitiveWords?: readonly string[]; boostCategoryId?: string },
  ): Promise<{ hits: ScriptHit[]; warning: EscalationWarning | null }> {
    const [index, usage] = await Promise.all([this.loadedFull(), this.loadedUsage()]);
    const sensitive = findSensitiveWords(notes, options.sensitiveWords ?? DEFAULT_SENSITIVE_WORDS);
    const words = [...new Set(sensitive.map((hit) => hit.word))];
    const matches = suggestFromNotes(index, notes, {
      boostCategoryId: options.boostCategoryId,
      usage,
      now: Date.now(),
      limit: NOTES_SUGGESTIONS,
    });
    return {
      hits: matches.map(scriptHit),
      warning: words.length > 0 ? { words, suggestedRisk: suggestedRiskGrade(sensitive) } : null,
    };
  }

  async recordUse(use: ScriptUse): Promise<void> {
    await recordScriptUse(this.db, use);
    const usage = await this.loadedUsage();
    const found = usage.get(use.scriptId);
    const at = Date.parse(use.usedAt);
    usage.set(use.scriptId, { count: (found?.count ?? 0) + 1, lastUsedAt: Math.max(found?.lastUsedAt ?? 0, at) });
  }

  async recordMiss(miss: SearchMiss): Promise<void> {
    await recordSearchMiss(this.db, miss);
  }

  /** The full index when it is in memory; else whichever of the naming and the full index loads first. */
  private indexForSearch(): Promise<{ index: ScriptIndex; provisional: boolean }> {
    if (this.fullIndex) return Promise.resolve({ index: this.fullIndex, provisional: false });
    const naming = (this.naming ??= this.restored('naming').catch(() => null));
    const full = this.loadedFull().then((index) => ({ index, provisional: false }));
    const provisional = naming.then((index) => (index ? { index, provisional: true } : full));
    return Promise.race([full, provisional]);
  }

  private loadedFull(): Promise<ScriptIndex> {
    if (this.full) return this.full;
    const generation = this.generation;
    // After the naming index: read side by side, the large read would delay the small one.
    const naming = this.naming ?? Promise.resolve(null);
    const full = naming
      .then(() => this.restoredOrBuilt())
      .then((index) => {
        if (generation !== this.generation) return index;
        this.fullIndex = index;
        if (this.answeredProvisionally) {
          this.answeredProvisionally = false;
          this.onFullIndexReady();
        }
        return index;
      });
    this.full = full;
    full.catch(() => {
      if (this.full === full) this.full = null; // never keep a failed read
    });
    return full;
  }

  private async restoredOrBuilt(): Promise<ScriptIndex> {
    const restored = await this.restored('full').catch(() => null);
    if (restored) return restored;
    const { index, built } = await buildSearchIndex(this.db);
    // Stored for the next wake; a failed write only costs that wake a rebuild.
    void saveIndexSnapshots(this.db, built).catch(() => undefined);
    return index;
  }

  private async restored(part: IndexPart): Promise<ScriptIndex | null> {
    const snapshot = await readIndexSnapshot(this.db, part);
    return snapshot === undefined ? null : restoreScriptIndex(snapshot);
  }

  private loadedUsage(): Promise<Map<string, ScriptUsageSummary>> {
    return (this.usage ??= scriptUsage(this.db).then(
      (usage) => (this.usageLoaded = usage),
      (error: unknown) => {
        this.usage = null;
        throw error;
      },
    ));
  }
}
