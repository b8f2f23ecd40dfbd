import { buildScriptIndex, searchScripts, type ScriptIndex, type ScriptSearchOptions } from '@/knowledge/search/script-search';
import { suggestFromNotes } from '@/knowledge/search/notes-suggestion';
import { DEFAULT_SENSITIVE_WORDS, findSensitiveWords, suggestedRiskGrade } from '@/knowledge/search/sensitive-words';
import type { EscalationWarning } from '@/knowledge/search/sensitive-words';
import type { ScriptHit } from '@/knowledge/search/script-search';
import type { ScriptUse, SearchMiss, ScriptUsageSummary } from '@/knowledge/case-library/script-usage';
import type { IcebergDatabase } from '../database/database';
import { currentLibrary, recordScriptUse, recordSearchMiss, scriptUsage } from '../database/case-library';

interface LoadedLibrary {
  index: ScriptIndex;
  scriptCount: number;
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

  constructor(private readonly db: IcebergDatabase) {}

  /** Drops the index: the next search rebuilds it from the stored library. */
  forgetLibrary(): void {
    this.library = null;
  }

  async search(query: string, options: Omit<ScriptSearchOptions, 'usage' | 'now'>): Promise<{ hits: ScriptHit[]; scriptCount: number }> {
    const [{ index, scriptCount }, usage] = await Promise.all([this.loadedLibrary(), this.loadedUsage()]);
    const matches = query.trim() === '' ? [] : searchScripts(index, query, { ...options, usage, now: Date.now() });
    return { hits: matches.map(({ script, highlights }) => ({ script, highlights })), scriptCount };
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
      hits: matches.map(({ script, highlights }) => ({ script, highlights })),
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
    return (this.library ??= currentLibrary(this.db).then(
      (library) => ({ index: buildScriptIndex(library.scripts), scriptCount: library.scripts.length }),
      (error: unknown) => {
        this.library = null; // never keep a failed read
        throw error;
      },
    ));
  }

  private loadedUsage(): Promise<Map<string, ScriptUsageSummary>> {
    return (this.usage ??= scriptUsage(this.db).catch((error: unknown) => {
      this.usage = null;
      throw error;
    }));
  }
}
