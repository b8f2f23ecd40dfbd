import type { CaseScript } from '@/knowledge/case-library/case-script';
import type { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { defaultCompiledLexicon, compileLexicon, type CompiledLexicon, type SearchLexicon } from './lexicon';
import { parseQuery, type QueryTerm, type QueryVocabulary } from './query-terms';
import { allowedScripts, filterIds, normalizedLimit, topScripts, usageByDocument, type Ranked, type ScriptUsage } from './ranking';
import {
  buildIndexData,
  indexDataSnapshot,
  restoreIndexData,
  SCRIPT_INDEX_SNAPSHOT_FORMAT,
  SCRIPT_INDEX_SNAPSHOT_VERSION,
  ALIASES,
  KEYWORDS,
  fieldIndexOf,
  foldedShortText,
  originalText,
  SCENARIO,
  scriptAt,
  SEARCH_FIELDS,
  SHORT_FIELD_COUNT,
  type ScriptIndexData,
  type SearchField,
} from './script-index';
import { pinyinRanges } from './pinyin-matching';
import { pinyinReadingsText, restorePinyinReadings } from './pinyin-table';
import { FIELD_WEIGHTS, homophoneRanges, occursLiterally, matchTerm, MatchedBy, partialRanges, SYNONYM, type TermHits } from './term-matching';

/**
 * Search over the case library for agents typing Chinese mid-call: Simplified or Traditional,
 * pinyin or initials, small typos, everyday words for what the library writes formally, mixed
 * with English and digits. Pure TypeScript, so the same code runs in the service worker, the
 * CLI and the tests.
 *
 * The query is split into terms (query-terms.ts): at spaces and punctuation, where Chinese meets
 * Latin letters or digits (5G降速 = 5g 降速), and, for Chinese the library does not contain as
 * written, by the lexicon: filler words drop out and spoken phrases bring the library's terms
 * (信号不好 → 信号差). Each term is matched on its own, so their order never matters, and tried
 * until it finds enough (term-matching.ts):
 * 1. exactly, through a character-bigram index of the folded text; spoken phrases also as their
 *    library terms;
 * 2. Latin letters also as pinyin, full or initials, against every reading of each character;
 * 3. Chinese as homophones (宽代 → 宽带), the commonest typo with a pinyin input method;
 * 4. as two or three words written together (套餐降党 → 套餐 + 降档), as most of a phrase, or as a
 *    sentence typed into the box;
 * 5. as a typo, with Fuse.js over the few scripts that share most of its characters.
 * Scripts that match every term come first. When none does, the scripts that match some are
 * ranked by how much of the query they hold, rarer terms weighing more (as BM25 weighs words),
 * and the result says it is partial. Each match says why it matched.
 */

export type { ScriptUsage } from './ranking';
export type { SearchField } from './script-index';

export interface ScriptSearchOptions {
  /** Only scripts linked to this category id, or to any of these ids. */
  categoryFilter?: string | readonly string[];
  /** With it, a category filter also takes the sub-categories of each id (a parent finds its children's scripts). */
  taxonomy?: Taxonomy;
  /** The category the agent just clicked: its scripts rank higher. */
  boostCategoryId?: string;
  /** Recently or frequently used scripts rank higher among equals. */
  usage?: ReadonlyMap<string, ScriptUsage>;
  /** Epoch ms, for the recency of usage (default Date.now()). */
  now?: number;
  /** Default 10. */
  limit?: number;
}

/** How a term of the query matched a script, for the agent to see why it is there. */
export type MatchHow =
  /** the term as written */
  | 'exact'
  /** a library term the lexicon gives for what the agent typed (信号差 for 信号不好) */
  | 'synonym'
  /** an alias a team lead attached to the script (from an earlier search that missed it) */
  | 'alias'
  /** pinyin (xinhao) */
  | 'pinyin'
  /** pinyin initials (xh) */
  | 'initials'
  /** a character of the same sound (宽代 for 宽带) */
  | 'homophone'
  /** a mistyped character (Fuse.js) */
  | 'typo'
  /** as two or three words written apart (套餐降档 → 套餐 … 降档) */
  | 'words'
  /** most of the phrase, or shared words of a sentence */
  | 'similar';

export interface MatchReason {
  /** The term as it read in the query (folded). */
  term: string;
  how: MatchHow;
  /** Where it was found first (title before keywords, aliases, scenario, solution, script). */
  field: SearchField;
  /** The text found there (信号差, 宽带, 流量包). */
  found: string;
}

export interface ScriptMatch {
  script: CaseScript;
  /** Higher is better. */
  score: number;
  /** [start, endExclusive) ranges in the ORIGINAL field text to highlight; keywords and aliases: ranges in `list.join('、')`. */
  highlights: Partial<Record<SearchField, Array<[number, number]>>>;
  /** One per term that matched. */
  reasons: MatchReason[];
  /** True when the script lacks some of the query's terms (see missingTerms). */
  partial: boolean;
  /** Terms of the query this script does not hold. */
  missingTerms: string[];
}

/** What the sidebar gets for a match: the script, where to highlight it, and why it matched. */
export type ScriptHit = Pick<ScriptMatch, 'script' | 'highlights' | 'reasons' | 'partial' | 'missingTerms'>;

/** A match as it leaves the search engine: the score stays behind. */
export function scriptHit({ script, highlights, reasons, partial, missingTerms }: ScriptMatch): ScriptHit {
  return { script, highlights, reasons, partial, missingTerms };
}

export interface ScriptSearchResult {
  matches: ScriptMatch[];
  /** No script holds every term: the matches hold some (the UI says "partial matches"). */
  partial: boolean;
  /** The terms searched, as they read after folding (信号不好, 5g, 降速). */
  terms: string[];
  /** Filler words left out (喂, 那个, 我想问一下). */
  ignoredTerms: string[];
  /** Terms beyond the most a query takes: not searched. */
  droppedTerms: string[];
  /** Terms that no script holds at all (a word the library never uses). */
  notFoundTerms: string[];
  /** The query was longer than the most a query takes: only its start was searched. */
  truncated: boolean;
}

/** What a search answers the sidebar: the hits and what became of the query's terms. */
export interface ScriptSearchAnswer extends Omit<ScriptSearchResult, 'matches' | 'terms'> {
  hits: ScriptHit[];
  /** Scripts in the library. */
  scriptCount: number;
  /**
   * Answered from the naming index (titles, keywords, aliases) while the full index is still
   * loading after the service worker woke: the hits carry no scenario or script text yet, and a
   * full answer follows (`searchIndexReady`).
   */
  provisional: boolean;
}

export function searchAnswer(result: ScriptSearchResult, scriptCount: number, provisional = false): ScriptSearchAnswer {
  const { matches, terms: _terms, ...about } = result;
  return { ...about, hits: matches.map(scriptHit), scriptCount, provisional };
}

/** Built once per library (off the click path) and kept in memory, or restored from a snapshot. */
export interface ScriptIndex {
  readonly scriptCount: number;
}

export interface ScriptIndexOptions {
  /** How customers say things (default: the shipped lexicon). */
  lexicon?: SearchLexicon;
}

const indexData = new WeakMap<ScriptIndex, ScriptIndexData>();

function registered(data: ScriptIndexData): ScriptIndex {
  const index: ScriptIndex = Object.freeze({ scriptCount: data.scriptCount });
  indexData.set(index, data);
  return index;
}

export function buildScriptIndex(scripts: readonly CaseScript[], options: ScriptIndexOptions = {}): ScriptIndex {
  const lexicon: CompiledLexicon = options.lexicon ? compileLexicon(options.lexicon) : defaultCompiledLexicon();
  return registered(buildIndexData(scripts, lexicon));
}

/**
 * The index of what names each script (title, keywords, aliases), without the scenario and
 * script text: a small fraction of the full index, so a woken service worker reads it and
 * answers the first keystroke while the full index is still loading.
 */
export function buildNamingIndex(scripts: readonly CaseScript[], options: ScriptIndexOptions = {}): ScriptIndex {
  return buildScriptIndex(
    scripts.map((script) => ({ ...script, scenario: '', solution: '', script: '' })),
    options,
  );
}

/** Both indexes of a library, as snapshots for storing: what a library import leaves for the service worker. */
export function searchIndexSnapshots(scripts: readonly CaseScript[], options: ScriptIndexOptions = {}): { full: ScriptIndex; snapshots: ScriptIndexSnapshots } {
  const full = buildScriptIndex(scripts, options);
  return { full, snapshots: { naming: scriptIndexSnapshot(buildNamingIndex(scripts, options)), full: scriptIndexSnapshot(full) } };
}

export interface ScriptIndexSnapshots {
  readonly naming: ScriptIndexSnapshot;
  readonly full: ScriptIndexSnapshot;
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
  return registered(restoreIndexData(snapshot.data));
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

/** The index's lexicon and library words, as query parsing needs them. */
export function queryVocabulary(data: ScriptIndexData): QueryVocabulary {
  const everything = new Uint8Array(data.scriptCount).fill(1);
  return {
    lexicon: data.lexicon,
    isLibraryWord: (word) => data.keywordScripts.has(word),
    occursInLibrary: (text) => occursLiterally({ data, allowed: everything }, text),
  };
}

/** Ranked scripts for a query: `searchLibrary(…).matches`. */
export function searchScripts(index: ScriptIndex, query: string, options: ScriptSearchOptions = {}): ScriptMatch[] {
  return searchLibrary(index, query, options).matches;
}

/**
 * Fewer scripts than this holding every word: scripts holding part of the query may follow them
 * (partialFollowers), at most MAX_PARTIAL_FOLLOWERS.
 */
const FEW_COMPLETE_MATCHES = 3;
const MAX_PARTIAL_FOLLOWERS = 5;

/**
 * A word of the library (a keyword, an alias, a lexicon term) or a spoken phrase the lexicon
 * knows: what a query is about, as opposed to the everyday words around it.
 */
function isLibraryWording(term: QueryTerm, vocabulary: QueryVocabulary): boolean {
  return term.synonyms.length > 0 || term.forms.some((form) => vocabulary.isLibraryWord(form) || vocabulary.lexicon.libraryTerms.has(form));
}

/** A term scoring below this in a script is in its body text only (solution, script), not in what names or sets it. */
const BODY_ONLY_BELOW = FIELD_WEIGHTS[SCENARIO] * SYNONYM;
/** A term scoring this much in a script is in its title, keywords or aliases, as written or as a synonym. */
const NAMING_AT_LEAST = FIELD_WEIGHTS[KEYWORDS] * SYNONYM;
/** Found as written or through a synonym or pinyin: not as a typo, a homophone, or words a homophone may stand in. */
const FOUND_AS_WRITTEN = MatchedBy.literal | MatchedBy.synonym | MatchedBy.pinyin;

/** Below this share of the best partial match's coverage, a script holds too little of the query to show. */
const PARTIAL_COVERAGE_FLOOR = 0.5;

/**
 * Ranked scripts for a query, and what became of its terms. An empty query lists the scripts of
 * `categoryFilter` (or of `boostCategoryId`), else the scripts the agent has used, most used
 * first; with none of these, nothing.
 */
export function searchLibrary(index: ScriptIndex, query: string, options: ScriptSearchOptions = {}): ScriptSearchResult {
  const data = scriptIndexData(index);
  const limit = normalizedLimit(options.limit);
  const vocabulary = queryVocabulary(data);
  const parsed = parseQuery(typeof query === 'string' ? query : '', vocabulary);
  const result: ScriptSearchResult = {
    matches: [],
    partial: false,
    terms: parsed.terms.map((term) => term.text),
    ignoredTerms: [...parsed.ignored],
    droppedTerms: [...parsed.dropped],
    notFoundTerms: [],
    truncated: parsed.truncated,
  };
  if (limit === 0 || data.scriptCount === 0) return result;
  const allowed = allowedScripts(data, options.categoryFilter, options.taxonomy);
  if (parsed.terms.length === 0) {
    // Only filler words (喂, 你好) search nothing rather than everything.
    if (parsed.ignored.length === 0) result.matches = browse(data, allowed, options, limit);
    return result;
  }

  // Each term on its own, over every allowed script: the order of terms cannot change the result.
  const terms = parsed.terms;
  const termHits = terms.map((term) => matchTerm({ data, allowed }, term));
  const found = terms.map((_, i) => termHits[i]!.count > 0);
  result.notFoundTerms = terms.filter((term, i) => !found[i] && !term.optional).map((term) => term.text);
  const required = terms.map((term, i) => found[i]! && !term.optional);
  if (!found.some(Boolean)) return { ...result, partial: true };

  const relevance = new Float32Array(data.scriptCount);
  let anyComplete = false;
  // Scripts holding every required term are among those of the rarest one.
  let rarest = -1;
  terms.forEach((_, t) => {
    if (required[t] && (rarest < 0 || termHits[t]!.count < termHits[rarest]!.count)) rarest = t;
  });
  const rarestScores = rarest >= 0 ? termHits[rarest]!.scores : null;
  for (let documentIndex = 0; documentIndex < data.scriptCount; documentIndex++) {
    if (rarestScores ? !(rarestScores[documentIndex]! > 0) : !allowed[documentIndex]) continue;
    let sum = 0;
    let complete = true;
    for (let t = 0; t < terms.length; t++) {
      const score = termHits[t]!.scores[documentIndex]!;
      if (score > 0) sum += score;
      else if (required[t]) complete = false;
    }
    if (complete && sum > 0) {
      relevance[documentIndex] = sum;
      anyComplete = true;
    }
  }
  const partial = !anyComplete;
  if (partial) partialRelevance(data, allowed, terms, termHits, relevance);
  result.partial = partial || result.notFoundTerms.length > 0;
  const top = topScripts(data, relevance, options, limit);
  // With complete matches ranked, a few of them may be followed by partial ones.
  const shown = partial ? top : top.concat(partialFollowers({ data, allowed }, terms, termHits, required, vocabulary, top, options, limit));
  result.matches = shown.map((ranked) => {
    const missingTerms = terms
      .filter((term, t) => !term.optional && !(termHits[t]!.scores[ranked.documentIndex]! > 0))
      .map((term) => term.text);
    return {
      script: scriptAt(data, ranked.documentIndex),
      score: ranked.score,
      ...explain(data, ranked.documentIndex, terms, termHits),
      partial: missingTerms.length > 0,
      missingTerms,
    };
  });
  return result;
}

/**
 * No script holds every term: score by the terms each holds. A term weighs by its rarity in the
 * library (inverse document frequency, as in BM25), times how well it matched (a title match
 * scores higher than a body match), and the sum by the share of the query's weight the script
 * covers, so holding more of the query beats holding one term well. Scripts covering much less
 * than the best are left out.
 */
function partialRelevance(
  data: ScriptIndexData,
  allowed: Uint8Array,
  terms: readonly QueryTerm[],
  termHits: readonly TermHits[],
  relevance: Float32Array,
): void {
  const scriptCount = data.scriptCount;
  const weights = termHits.map((hits, t) => (hits.count === 0 ? 0 : Math.log(1 + scriptCount / hits.count) * (terms[t]!.optional ? 0.3 : 1)));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const coverage = new Float32Array(scriptCount);
  let bestCoverage = 0;
  for (let documentIndex = 0; documentIndex < scriptCount; documentIndex++) {
    if (!allowed[documentIndex]) continue;
    let covered = 0;
    let quality = 0;
    for (let t = 0; t < terms.length; t++) {
      const score = termHits[t]!.scores[documentIndex]!;
      if (!(score > 0)) continue;
      covered += weights[t]!;
      quality += weights[t]! * Math.min(1.5, score / 10);
    }
    if (covered === 0) continue;
    coverage[documentIndex] = covered / totalWeight;
    relevance[documentIndex] = quality * coverage[documentIndex]!;
    bestCoverage = Math.max(bestCoverage, coverage[documentIndex]!);
  }
  for (let documentIndex = 0; documentIndex < scriptCount; documentIndex++) {
    if (coverage[documentIndex]! < bestCoverage * PARTIAL_COVERAGE_FLOOR) relevance[documentIndex] = 0;
  }
}

/**
 * The scripts listed after complete matches that are few (FEW_COMPLETE_MATCHES) only because the
 * query requires everyday words that those scripts hold in their body text alone (想换个便宜 in
 * a quoted customer): the scripts whose title, keywords or aliases hold one of the query's library
 * words or spoken phrases as written (of two characters or more), ranked among themselves as
 * partial matches, at most MAX_PARTIAL_FOLLOWERS. None when every word is the library's, or when
 * the complete matches hold the everyday words where it counts (5G 套餐 降速).
 */
function partialFollowers(
  { data, allowed }: { data: ScriptIndexData; allowed: Uint8Array },
  terms: readonly QueryTerm[],
  termHits: readonly TermHits[],
  required: readonly boolean[],
  vocabulary: QueryVocabulary,
  complete: readonly Ranked[],
  options: ScriptSearchOptions,
  limit: number,
): Ranked[] {
  if (complete.length === 0 || complete.length >= FEW_COMPLETE_MATCHES || complete.length >= limit) return [];
  const libraryWorded = terms.map((term, t) => required[t]! && isLibraryWording(term, vocabulary));
  const incidental = terms.some(
    (term, t) =>
      required[t] && term.kind === 'han' && !libraryWorded[t] && complete.every(({ documentIndex }) => termHits[t]!.scores[documentIndex]! < BODY_ONLY_BELOW),
  );
  if (!incidental) return [];
  const candidates = new Uint8Array(data.scriptCount);
  for (let t = 0; t < terms.length; t++) {
    if (!libraryWorded[t]) continue;
    const { scores, matchedBy, synonyms } = termHits[t]!;
    for (let documentIndex = 0; documentIndex < data.scriptCount; documentIndex++) {
      if (!allowed[documentIndex] || scores[documentIndex]! < NAMING_AT_LEAST || !(matchedBy[documentIndex]! & FOUND_AS_WRITTEN)) continue;
      if ((synonyms.get(documentIndex) ?? terms[t]!.text).length < 2) continue; // 慢, 差: too little to go on
      candidates[documentIndex] = 1;
    }
  }
  for (const { documentIndex } of complete) candidates[documentIndex] = 0;
  const relevance = new Float32Array(data.scriptCount);
  partialRelevance(data, candidates, terms, termHits, relevance);
  return topScripts(data, relevance, options, Math.min(MAX_PARTIAL_FOLLOWERS, limit - complete.length));
}

function browse(data: ScriptIndexData, allowed: Uint8Array, options: ScriptSearchOptions, limit: number): ScriptMatch[] {
  const filtered = filterIds(options.categoryFilter, options.taxonomy);
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
    reasons: [],
    partial: false,
    missingTerms: [],
  }));
}

// ---------------------------------------------------------------------------------------------
// Highlights, only for the scripts shown

/** Enough to show where a term is; a script body may mention a common word dozens of times. */
const MAX_RANGES_PER_TERM = 20;

function explain(
  data: ScriptIndexData,
  documentIndex: number,
  terms: readonly QueryTerm[],
  termHits: readonly TermHits[],
): Pick<ScriptMatch, 'highlights' | 'reasons'> {
  const perField: Array<Array<[number, number]>> = SEARCH_FIELDS.map(() => []);
  const reasons: MatchReason[] = [];
  terms.forEach((term, termIndex) => {
    const hits = termHits[termIndex]!;
    if (!(hits.scores[documentIndex]! > 0)) return;
    // Show the most precise way the term matched: a literal match makes typo guesses noise.
    const matchedBy = mostPrecise(hits.matchedBy[documentIndex]!);
    const ranges = termRanges(data, documentIndex, term, hits, matchedBy);
    ranges.forEach((fieldRanges, field) => perField[field]!.push(...fieldRanges));
    const field = ranges.findIndex((fieldRanges) => fieldRanges.length > 0);
    const [start, end] = field >= 0 ? mergeRanges(ranges[field]!)[0]! : [0, 0];
    const found = field >= 0 ? originalText(data, documentIndex, field).slice(start, end) : (hits.synonyms.get(documentIndex) ?? term.text);
    reasons.push({ term: term.text, how: howOf(matchedBy, field, term, found), field: SEARCH_FIELDS[Math.max(0, field)]!, found });
  });
  const highlights: ScriptMatch['highlights'] = {};
  SEARCH_FIELDS.forEach((field, fieldIndex) => {
    const merged = mergeRanges(perField[fieldIndex]!);
    if (merged.length > 0) highlights[field] = merged;
  });
  return { highlights, reasons };
}

/** Where a term matched, per field. */
function termRanges(data: ScriptIndexData, documentIndex: number, term: QueryTerm, hits: TermHits, matchedBy: number): Array<Array<[number, number]>> {
  const perField: Array<Array<[number, number]>> = SEARCH_FIELDS.map(() => []);
  if (matchedBy === MatchedBy.fuzzy) {
    hits.fuzzyRanges.get(documentIndex)?.forEach((ranges, field) => perField[field]!.push(...ranges));
    return perField;
  }
  const words = matchedBy === MatchedBy.words ? hits.words : matchedBy === MatchedBy.synonym ? [hits.synonyms.get(documentIndex) ?? ''] : [];
  for (const word of words) {
    if (word === '') continue;
    for (let field = 0; field < SEARCH_FIELDS.length; field++) {
      perField[field]!.push(...literalRanges(data, documentIndex, field, word));
      if (matchedBy === MatchedBy.words && field < SHORT_FIELD_COUNT) perField[field]!.push(...homophoneRanges(foldedShortText(data, documentIndex, field), word));
    }
  }
  if (words.length > 0) return perField;
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
  return perField;
}

function howOf(matchedBy: number, field: number, term: QueryTerm, found: string): MatchHow {
  if (matchedBy === MatchedBy.literal) return field === ALIASES ? 'alias' : 'exact';
  if (matchedBy === MatchedBy.synonym) return 'synonym';
  if (matchedBy & MatchedBy.pinyin) return found.length >= term.text.length ? 'initials' : 'pinyin';
  if (matchedBy & MatchedBy.homophone) return 'homophone';
  if (matchedBy === MatchedBy.words) return 'words';
  if (matchedBy === MatchedBy.fuzzy) return 'typo';
  return 'similar';
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
  if (matchedBy & MatchedBy.synonym) return MatchedBy.synonym;
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
