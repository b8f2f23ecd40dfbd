import {
  buildScriptIndex,
  restoreScriptIndex,
  scriptIndexSnapshot,
  searchScripts,
  type ScriptIndex,
  type ScriptIndexSnapshot,
  type ScriptSearchOptions,
} from '@/knowledge/search/script-search';
import { suggestFromNotes } from '@/knowledge/search/notes-suggestion';
import { DEFAULT_SENSITIVE_WORDS, findSensitiveWords, suggestedRiskGrade } from '@/knowledge/search/sensitive-words';
import type { EscalationWarning } from '@/knowledge/search/sensitive-words';
import type { ScriptHit, ScriptMatch } from '@/knowledge/search/script-search';
import type { ScriptUse, SearchMiss, ScriptUsageSummary } from '@/knowledge/case-library/script-usage';
import type { IcebergDatabase } from '../database/database';
import { currentLibrary, recordScriptUse, recordSearchMiss, scriptUsage } from '../database/case-library';

/** What a match sends to the sidebar: the score stays in the background. */
function hitOf({ script, highlights, reasons, partial, missingTerms }: ScriptMatch): ScriptHit {
  return { script, highlights, reasons, partial, missingTerms };
}

interface LoadedLibrary {
  index: ScriptIndex;
  scriptCount: number;
}

/**
 * Where the background keeps the search index between wakes, as plain data (IndexedDB). It must
 * hold the snapshot of the library in force only: whoever replaces the library clears it.
 */
export interface IndexSnapshotStore {
  load(): Promise<unknown>;
  save(snapshot: ScriptIndexSnapshot): Promise<void>;
  clear(): Promise<void>;
}

/** How many suggestions the notes get: a glance, not a result page. */
const NOTES_SUGGESTIONS = 3;

/**
 * The case library as the background serves it: the search index is built once per library
 * (building it for 10,000 scripts takes a while) and usage counts are kept in memory.
 */
export class ScriptLibraryService {
  private library: Promise<LoadedLibrary> | null = null;
  private usage: Promise<Map<string, ScriptUsageSummary>> | null = null;

  /** With `snapshots`, a woken worker restores the index instead of building it (milliseconds instead of most of a second). */
  constructor(
    private readonly db: IcebergDatabase,
    private readonly snapshots?: IndexSnapshotStore,
  ) {}

  /** Drops the index and its stored snapshot: the next search rebuilds both from the stored library. */
  forgetLibrary(): void {
    this.library = null;
    void this.snapshots?.clear().catch(() => undefined);
  }

  async search(query: string, options: Omit<ScriptSearchOptions, 'usage' | 'now'>): Promise<{ hits: ScriptHit[]; scriptCount: number }> {
    const [{ index, scriptCount }, usage] = await Promise.all([this.loadedLibrary(), this.loadedUsage()]);
    const matches = query.trim() === '' ? [] : searchScripts(index, query, { ...options, usage, now: Date.now() });
    return { hits: matches.map(hitOf), scriptCount };
  }

  /** Scripts for what the agent is typing, and a warning when sensitive words show up. */
  async suggestForNotes(
    notes: string,
    options: { sensitiveWords?: readonly string[]; boostCategoryId?: string },
  ): Promise<{ hits: ScriptHit[]; warning: EscalationWarning | null }> {
    const [{ index }, usage] = await Promise.all([this.loadedLibrary(), this.loadedUsage()]);
    const sensitive = findSensitiveWords(notes, options.sensitiveWords ?? DEFAULT_SENSITIVE_WORDS);
    const words = [...new Set(sensitive.map((hit) => hit.word))];
    const matches = suggestFromNotes(index, notes, {
      boostCategoryId: options.boostCategoryId,
      usage,
      now: Date.now(),
      limit: NOTES_SUGGESTIONS,
    });
    return {
      hits: matches.map(hitOf),
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

  private loadedLibrary(): Promise<LoadedLibrary> {
    return (this.library ??= this.restoredOrBuilt().catch((error: unknown) => {
      this.library = null; // never keep a failed read
      throw error;
    }));
  }

  private async restoredOrBuilt(): Promise<LoadedLibrary> {
    const stored = await this.snapshots?.load().catch(() => undefined);
    const restored = stored === undefined ? null : restoreScriptIndex(stored);
    if (restored) return { index: restored, scriptCount: restored.scriptCount };
    const library = await currentLibrary(this.db);
    const index = buildScriptIndex(library.scripts);
    // Stored for the next wake; a failed write only costs that wake a rebuild.
    void this.snapshots?.save(scriptIndexSnapshot(index)).catch(() => undefined);
    return { index, scriptCount: library.scripts.length };
  }

  private loadedUsage(): Promise<Map<string, ScriptUsageSummary>> {
    return (this.usage ??= scriptUsage(this.db).catch((error: unknown) => {
      this.usage = null;
      throw error;
    }));
  }
}
