import type { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { childCategoryIds } from '@/knowledge/taxonomy/taxonomy-lookup';
import { documentOfScriptId, scriptIdAt, scriptsOfCategory, titleLength, type ScriptIndexData } from './script-index';

/** Usage of a script by this agent, as summarised from the use log. */
export interface ScriptUsage {
  count: number;
  /** Epoch ms of the newest use. */
  lastUsedAt: number;
}

export interface RankingOptions {
  categoryFilter?: string | readonly string[];
  taxonomy?: Taxonomy;
  boostCategoryId?: string;
  usage?: ReadonlyMap<string, ScriptUsage>;
  now?: number;
}

/** Scripts of the category the agent just clicked: ahead of comparable matches, not of much better ones. */
export const CATEGORY_BOOST = 1.3;
/** Usage lifts a script by up to 10%: ahead of near-equal matches, never past a clearly better one. */
export const USAGE_BOOST = 0.1;
const DAY_MS = 86_400_000;
/** A use a week ago counts half as much as one today. */
const RECENCY_HALF_LIFE_DAYS = 7;

/** 0–1: how often (saturating at about 30 uses) and how recently the agent used the script. */
export function usageScore(usage: ScriptUsage | undefined, now: number): number {
  if (!usage || !(usage.count > 0)) return 0;
  const frequency = Math.min(1, Math.log2(1 + usage.count) / 5);
  const ageDays = Number.isFinite(usage.lastUsedAt) ? Math.max(0, now - usage.lastUsedAt) / DAY_MS : Infinity;
  const recency = Math.pow(0.5, ageDays / RECENCY_HALF_LIFE_DAYS);
  return 0.5 * frequency + 0.5 * recency;
}

/** 1 for the scripts the category filter lets through (all when there is no filter). */
export function allowedScripts(data: ScriptIndexData, categoryFilter: string | readonly string[] | undefined, taxonomy?: Taxonomy): Uint8Array {
  const allowed = new Uint8Array(data.scriptCount);
  const ids = filterIds(categoryFilter, taxonomy);
  if (ids.length === 0) return allowed.fill(1);
  for (const id of ids) for (const documentIndex of scriptsOfCategory(data, id) ?? []) allowed[documentIndex] = 1;
  return allowed;
}

export interface Ranked {
  documentIndex: number;
  score: number;
}

/**
 * The best `limit` scripts by relevance × category boost × usage boost. Relevance 0 means no match.
 * Equal scores never fall to the order of the library file: the shorter title (the more specific
 * script) first, then the script id. A bounded insertion keeps this linear for the usual limit of 10.
 */
export function topScripts(
  data: ScriptIndexData,
  relevance: Float32Array | Float64Array,
  options: RankingOptions,
  limit: number,
): Ranked[] {
  const boosted = options.boostCategoryId ? allowedScripts(data, options.boostCategoryId) : undefined;
  const usage = usageByDocument(data, options.usage, options.now ?? Date.now());
  const top: Ranked[] = [];
  const titleLengths = titleLengthsOf(data);
  const ahead = (documentIndex: number, score: number, other: Ranked) =>
    score > other.score ||
    (score === other.score &&
      (titleLengths[documentIndex]! < titleLengths[other.documentIndex]! ||
        (titleLengths[documentIndex] === titleLengths[other.documentIndex] && scriptIdAt(data, documentIndex) < scriptIdAt(data, other.documentIndex))));
  for (let documentIndex = 0; documentIndex < relevance.length; documentIndex++) {
    const base = relevance[documentIndex]!;
    if (!(base > 0)) continue;
    let score = base;
    if (boosted?.[documentIndex]) score *= CATEGORY_BOOST;
    if (usage) score *= 1 + USAGE_BOOST * usage[documentIndex]!;
    if (top.length === limit && !ahead(documentIndex, score, top[limit - 1]!)) continue;
    let at = top.length;
    while (at > 0 && ahead(documentIndex, score, top[at - 1]!)) at--;
    top.splice(at, 0, { documentIndex, score });
    if (top.length > limit) top.pop();
  }
  return top;
}

/** Title lengths, the first tie-breaker, computed once per index. */
function titleLengthsOf(data: ScriptIndexData): Uint16Array {
  if (!data.titleLengths) {
    data.titleLengths = new Uint16Array(data.scriptCount);
    for (let documentIndex = 0; documentIndex < data.scriptCount; documentIndex++) data.titleLengths[documentIndex] = titleLength(data, documentIndex);
  }
  return data.titleLengths;
}

/** usageScore per script, or undefined without usage. */
export function usageByDocument(data: ScriptIndexData, usage: ReadonlyMap<string, ScriptUsage> | undefined, now: number): Float32Array | undefined {
  if (!usage || usage.size === 0) return undefined;
  const scores = new Float32Array(data.scriptCount);
  for (const [scriptId, use] of usage) {
    const documentIndex = documentOfScriptId(data, scriptId);
    if (documentIndex !== undefined) scores[documentIndex] = usageScore(use, now);
  }
  return scores;
}

export function normalizedLimit(limit: number | undefined): number {
  if (limit === undefined || Number.isNaN(limit)) return 10;
  return Math.max(0, Math.min(1000, Math.floor(limit)));
}

/**
 * A filter is one category id or several. With the taxonomy, each id also stands for its
 * sub-categories, so filtering by a parent finds their scripts too, the same in the sidebar and
 * the CLI.
 */
export function filterIds(categoryFilter: string | readonly string[] | undefined, taxonomy?: Taxonomy): readonly string[] {
  if (categoryFilter === undefined) return [];
  const ids = typeof categoryFilter === 'string' ? (categoryFilter ? [categoryFilter] : []) : categoryFilter;
  if (!taxonomy) return ids;
  return [...new Set(ids.flatMap((id) => [id, ...childCategoryIds(taxonomy, id)]))];
}
