import type { CaseScript } from '@/knowledge/case-library/case-script';
import { parseQuery, type QueryTerm } from './query-terms';
import { allowedScripts, filterIds, normalizedLimit, topScripts, usageByDocument, type Ranked, type ScriptUsage } from './ranking';
import {
  buildIndexData,
  indexDataSnapshot,
  restoreIndexData,
  SCRIPT_INDEX_SNAPSHOT_FORMAT,
  SCRIPT_INDEX_SNAPSHOT_VERSION,
  fieldIndexOf,
  foldedShortText,
  SCENARIO,
  scriptAt,
  SEARCH_FIELDS,
  SHORT_FIELD_COUNT,
  type ScriptIndexData,
  type SearchField,
} from './script-index';
import { pinyinRanges } from './pinyin-matching';
import { pinyinReadingsText, restorePinyinReadings } from './pinyin-table';
import { homophoneRanges, matchTerm, MatchedBy, partialRanges, type TermHits } from './term-matching';

/**
 * Search over the case library for agents typing Chinese mid-call: Simplified or Traditional,
 * pinyin or initials, small typos, mixed with English and digits. Pure TypeScript, so the same
 * code runs in the service worker, the CLI and the tests.
 *
 * Space-separated terms are ANDed; Chinese and Latin runs are separate terms (5G降速 = 5g 降速).
 * Each term is tried, in order, until it finds enough (term-matching.ts):
 * 1. exactly, through a character-bigram index of the folded text: fast at 10,000 scripts, and
 *    precise for 2-character terms, where Fuse's typo tolerance lets in noise;
 * 2. Latin letters also as pinyin, full or initials, against every reading of each character;
 * 3. Chinese as homophones (宽代 → 宽带), the commonest typo with a pinyin input method;
 * 4. as two or three words written together (套餐降党 → 套餐 + 降档), as most of a phrase, or as a
 *    sentence typed into the box;
 * 5. as a typo, with Fuse.js (weighted title and keywords, ignoreLocation, a threshold that grows
 *    with the term) over the few scripts that share most of its characters, or over keyword pinyin.
 * Scores weigh where the term is (title, keywords, scenario before the body) and how it matched.
 */

export type { ScriptUsage } from './ranking';
export type { SearchField } from './script-index';

export interface ScriptSearchOptions {
  /** Only scripts linked to this category id, or to any of these ids (a parent and its sub-categories). */
  categoryFilter?: string | readonly string[];
  /** The category the agent just clicked: its scripts rank higher. */
  boostCategoryId?: string;
  /** Recently or frequently used scripts rank higher among equals. */
  usage?: ReadonlyMap<string, ScriptUsage>;
  /** Epoch ms, for the recency of usage (default Date.now()). */
  now?: number;
  /** Default 10. */
  limit?: number;
}

export interface ScriptMatch {
  script: CaseScript;
  /** Higher is better. */
  score: number;
  /** [start, endExclusive) ranges in the ORIGINAL field text to highlight; keywords: ranges in keywords.join('、') */
  highlights: Partial<Record<SearchField, Array<[number, number]>>>;
}

/** What the sidebar gets for a match: the script and where to highlight it. */
export type ScriptHit = Pick<ScriptMatch, 'script' | 'highlights'>;

/** Built once per library (off the click path) and kept in memory. */
export interface ScriptIndex {
  readonly scriptCount: number;
}

const indexData = new WeakMap<ScriptIndex, ScriptIndexData>();

export function buildScriptIndex(scripts: readonly CaseScript[]): ScriptIndex {
  const data = buildIndexData(scripts);
  const index: ScriptIndex = Object.freeze({ scriptCount: data.scriptCount });
  indexData.set(index, data);
  return index;
}

/**
 * An index as plain data (strings and typed arrays, no class instances): what IndexedDB stores
 * with the library, so that a woken service worker restores the index instead of rebuilding it.
 * It holds everything a search and its results need, the scripts included.
 */
export interface ScriptIndexSnapshot {
  readonly format: typeof SCRIPT_INDEX_SNAPSHOT_FORMAT;
  readonly version: number;
  /** Pinyin readings of the library's characters, so restoring needs no pinyin-pro lookups. */
  readonly pinyin: string;
  readonly data: ReturnType<typeof indexDataSnapshot>;
}

export function scriptIndexSnapshot(index: ScriptIndex): ScriptIndexSnapshot {
  const data = scriptIndexData(index);
  return {
    format: SCRIPT_INDEX_SNAPSHOT_FORMAT,
    version: SCRIPT_INDEX_SNAPSHOT_VERSION,
    pinyin: pinyinReadingsText(data.codeOfId),
    data: indexDataSnapshot(data),
  };
}

/**
 * The index back from a stored snapshot, or null when the snapshot is of another format or an
 * older version (then build the index from the library again, and store the new snapshot).
 */
export function restoreScriptIndex(snapshot: unknown): ScriptIndex | null {
  if (!isCurrentSnapshot(snapshot)) return null;
  restorePinyinReadings(snapshot.pinyin);
  const data = restoreIndexData(snapshot.data);
  const index: ScriptIndex = Object.freeze({ scriptCount: data.scriptCount });
  indexData.set(index, data);
  return index;
}

function isCurrentSnapshot(snapshot: unknown): snapshot is ScriptIndexSnapshot {
  if (typeof snapshot !== 'object' || snapshot === null) return false;
  const { format, version, pinyin, data } = snapshot as Partial<ScriptIndexSnapshot>;
  return format === SCRIPT_INDEX_SNAPSHOT_FORMAT && version === SCRIPT_INDEX_SNAPSHOT_VERSION && typeof pinyin === 'string' && typeof data === 'object' && data !== null;
}

export function scriptIndexData(index: ScriptIndex): ScriptIndexData {
  const data = indexData.get(index);
  if (!data) throw new TypeError('not a script index: build it with buildScriptIndex()');
  return data;
}

/**
 * Ranked scripts for a query. An empty query lists the scripts of `categoryFilter` (or of
 * `boostCategoryId`), else the scripts the agent has used, most used first; with none of these,
 * nothing.
 */
export function searchScripts(index: ScriptIndex, query: string, options: ScriptSearchOptions = {}): ScriptMatch[] {
  const data = scriptIndexData(index);
  const limit = normalizedLimit(options.limit);
  if (limit === 0 || data.scriptCount === 0) return [];
  const terms = parseQuery(typeof query === 'string' ? query : '');
  const allowed = allowedScripts(data, options.categoryFilter);
  if (terms.length === 0) return browse(data, allowed, options, limit);

  const relevance = new Float32Array(data.scriptCount);
  const termHits: TermHits[] = [];
  for (const term of terms) {
    const hits = matchTerm({ data, allowed }, term);
    if (hits.count === 0) return [];
    termHits.push(hits);
    // AND: later terms only look at scripts every earlier term matched.
    for (let documentIndex = 0; documentIndex < allowed.length; documentIndex++) {
      if (!hits.scores[documentIndex]) allowed[documentIndex] = 0;
    }
  }
  for (let documentIndex = 0; documentIndex < allowed.length; documentIndex++) {
    if (!allowed[documentIndex]) continue;
    let sum = 0;
    for (const hits of termHits) sum += hits.scores[documentIndex]!;
    relevance[documentIndex] = sum;
  }
  return topScripts(data, relevance, options, limit).map((ranked) => ({
    script: scriptAt(data, ranked.documentIndex),
    score: ranked.score,
    highlights: highlightsFor(data, ranked.documentIndex, terms, termHits),
  }));
}

function browse(data: ScriptIndexData, allowed: Uint8Array, options: ScriptSearchOptions, limit: number): ScriptMatch[] {
  const filtered = filterIds(options.categoryFilter);
  const categories = filtered.length > 0 ? filtered : options.boostCategoryId ? [options.boostCategoryId] : [];
  const relevance = new Float64Array(data.scriptCount);
  if (categories.length > 0) {
    const inCategories = allowedScripts(data, categories);
    for (let documentIndex = 0; documentIndex < data.scriptCount; documentIndex++) relevance[documentIndex] = allowed[documentIndex]! & inCategories[documentIndex]!;
  } else {
    const usage = usageByDocument(data, options.usage, options.now ?? Date.now());
    if (usage) for (let documentIndex = 0; documentIndex < data.scriptCount; documentIndex++) relevance[documentIndex] = allowed[documentIndex] ? usage[documentIndex]! : 0;
  }
  return topScripts(data, relevance, { ...options, boostCategoryId: undefined }, limit).map((ranked: Ranked) => ({
    script: scriptAt(data, ranked.documentIndex),
    score: ranked.score,
    highlights: {},
  }));
}

// ---------------------------------------------------------------------------------------------
// Highlights, only for the scripts shown

/** Enough to show where a term is; a script body may mention a common word dozens of times. */
const MAX_RANGES_PER_TERM = 20;

function highlightsFor(
  data: ScriptIndexData,
  documentIndex: number,
  terms: readonly QueryTerm[],
  termHits: readonly TermHits[],
): ScriptMatch['highlights'] {
  const perField: Array<Array<[number, number]>> = SEARCH_FIELDS.map(() => []);
  terms.forEach((term, termIndex) => {
    const hits = termHits[termIndex]!;
    // Show the most precise way the term matched: a literal match makes typo guesses noise.
    const matchedBy = mostPrecise(hits.matchedBy[documentIndex]!);
    if (matchedBy === MatchedBy.fuzzy) {
      hits.fuzzyRanges.get(documentIndex)?.forEach((ranges, field) => perField[field]!.push(...ranges));
      return;
    }
    if (matchedBy === MatchedBy.words) {
      for (const word of hits.words) {
        for (let field = 0; field < SEARCH_FIELDS.length; field++) {
          perField[field]!.push(...literalRanges(data, documentIndex, field, word));
          if (field < SHORT_FIELD_COUNT) perField[field]!.push(...homophoneRanges(foldedShortText(data, documentIndex, field), word));
        }
      }
      return;
    }
    for (const form of term.forms) {
      for (let field = 0; field < SEARCH_FIELDS.length; field++) {
        const ranges = perField[field]!;
        const short = field < SHORT_FIELD_COUNT;
        if (matchedBy === MatchedBy.literal && (form.length > 1 || short)) ranges.push(...literalRanges(data, documentIndex, field, form));
        if (matchedBy & MatchedBy.pinyin && field < SCENARIO) ranges.push(...pinyinRanges(foldedShortText(data, documentIndex, field), form));
        if (matchedBy & MatchedBy.homophone && short) ranges.push(...homophoneRanges(foldedShortText(data, documentIndex, field), form));
        if (matchedBy === MatchedBy.partial) ranges.push(...partialRanges(data, documentIndex, field, form));
      }
    }
  });
  const highlights: ScriptMatch['highlights'] = {};
  SEARCH_FIELDS.forEach((field, fieldIndex) => {
    const merged = mergeRanges(perField[fieldIndex]!);
    if (merged.length > 0) highlights[field] = merged;
  });
  return highlights;
}

function literalRanges(data: ScriptIndexData, documentIndex: number, field: number, form: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let at = fieldIndexOf(data, documentIndex, field, form); at >= 0 && ranges.length < MAX_RANGES_PER_TERM; at = fieldIndexOf(data, documentIndex, field, form, at + form.length)) {
    ranges.push([at, at + form.length]);
  }
  return ranges;
}

function mostPrecise(matchedBy: number): number {
  if (matchedBy & MatchedBy.literal) return MatchedBy.literal;
  if (matchedBy & (MatchedBy.pinyin | MatchedBy.homophone)) return matchedBy & (MatchedBy.pinyin | MatchedBy.homophone);
  if (matchedBy & MatchedBy.words) return MatchedBy.words;
  if (matchedBy & MatchedBy.fuzzy) return MatchedBy.fuzzy;
  return matchedBy & MatchedBy.partial;
}

/** Sorted, overlapping and touching ranges joined. */
export function mergeRanges(ranges: ReadonlyArray<readonly [number, number]>): Array<[number, number]> {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: Array<[number, number]> = [];
  for (const [start, end] of sorted) {
    const last = merged.at(-1);
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}
