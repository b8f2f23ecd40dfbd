import Fuse, { type IFuseOptions } from 'fuse.js';
import { scoreFreeText } from './free-text';
import { bestPinyinMatch, COMPLETE_ABBREVIATED, COMPLETE_ABBREVIATED_SECONDARY, COMPLETE_FULL_SECONDARY, titlePinyinCandidates } from './pinyin-matching';
import { homophonePattern, homophonesOf, matchHomophonesAt } from './pinyin-table';
import { entryDocument, entryFields, FIELD_BITS } from './postings';
import type { QueryTerm } from './query-terms';
import {
  ALIASES,
  bigramKey,
  bigramText,
  fieldIndexOf,
  foldedShortText,
  KEYWORD_SEPARATOR,
  KEYWORDS,
  NAMING_FIELDS_MASK,
  SCENARIO,
  scriptsWithScenarioCharacter,
  SEARCH_FIELDS,
  SHORT_FIELD_COUNT,
  SHORT_FIELDS_MASK,
  TITLE,
  type ScriptIndexData,
} from './script-index';

/**
 * How much a match in each field counts (title, keywords, scenario, solution, script): agents
 * scan titles and team leads write keywords as search terms; the body text mentions many things
 * in passing.
 */
export const FIELD_WEIGHTS = [10, 9, 9, 5, 2, 2] as const;

/** How a term matched a script; a bit set, kept to redo the highlights of the results shown. */
export const MatchedBy = {
  literal: 1,
  pinyin: 2,
  homophone: 4,
  fuzzy: 8,
  partial: 16,
  /** As two or three words written together (套餐降档 = 套餐 + 降档): see `TermHits.words`. */
  words: 32,
  /** As a library term the lexicon gives for a spoken phrase: see `TermHits.synonyms`. */
  synonym: 64,
} as const;

/** Ranges per field, [start, endExclusive). */
export type FieldRanges = Array<Array<[number, number]>>;

export interface TermHits {
  /** Per script: the term's score, 0 when it does not match. */
  readonly scores: Float32Array;
  readonly matchedBy: Uint8Array;
  /** Fuse's match positions, which cannot be recomputed cheaply. */
  readonly fuzzyRanges: Map<number, FieldRanges>;
  /** The words a term was split into when it matched as words written together. */
  words: string[];
  /** Per script matched through the lexicon: the library term found. */
  readonly synonyms: Map<number, string>;
  count: number;
}

export interface MatchContext {
  readonly data: ScriptIndexData;
  /** 1 for scripts still in the running (category filter, earlier terms of the query). */
  readonly allowed: Uint8Array;
}

/** Below this many scripts found exactly, a term is also tried as a homophone typo. */
const HOMOPHONE_BELOW = 10;
/** A Chinese term this long without any match is a sentence, not a word. */
const SENTENCE_LENGTH = 8;
/** Below this many, as a partial phrase and as a typo (Fuse). */
const APPROXIMATE_BELOW = 3;
/** Fuse is slow on Chinese text: it ranks at most this many candidates, short fields only. */
const FUZZY_CANDIDATES = 60;

const WHOLE_KEYWORD_BONUS = 4;
const KEYWORD_START_BONUS = 1.5;
const PINYIN_FULL = 0.95;
const PINYIN_INITIALS = 0.85;
const HOMOPHONE = 0.7;
const PARTIAL = 0.7;
const WORDS = 0.75;
const FUZZY = 0.6;
/** A library term for what the customer said: nearly as sure as the words themselves. */
export const SYNONYM = 0.9;

export function matchTerm(context: MatchContext, term: QueryTerm): TermHits {
  const count = context.data.scriptCount;
  const hits = emptyHits(count);
  if (term.synonyms.length > 0) {
    // A spoken phrase: as written, or as the library writes it; typo guesses would only add noise.
    for (const form of term.forms) matchLiteral(context, form, hits);
    matchSynonyms(context, term.synonyms, hits);
    if (hits.count > 0) return hits;
  }
  for (const form of term.forms) {
    matchLiteral(context, form, hits);
    if (term.kind === 'latin' && /[a-z]/.test(form)) matchPinyin(context, form, hits);
  }
  if (term.kind === 'han' && hits.count < HOMOPHONE_BELOW) {
    for (const form of term.forms) if (form.length >= 2 && form.length <= 12) matchHomophones(context, form, hits);
  }
  if (hits.count < APPROXIMATE_BELOW && term.kind === 'han') {
    for (const form of term.forms) {
      if (form.length === 4 || form.length === 6) matchWords(context, form, hits);
      if (form.length >= 4) matchPartial(context, form, hits);
    }
  }
  if (hits.count === 0 && term.kind === 'han') {
    // A sentence typed into the search box: score it like notes.
    for (const form of term.forms) if (form.length >= SENTENCE_LENGTH) matchSentence(context, form, hits);
  }
  if (hits.count < APPROXIMATE_BELOW) {
    for (const form of term.forms) matchFuzzy(context, form, term, hits);
  }
  if (hits.count === 0 && term.kind === 'latin') {
    for (const form of term.forms) matchPinyinTypo(context, form, hits);
  }
  return hits;
}

function emptyHits(scriptCount: number): TermHits {
  return { scores: new Float32Array(scriptCount), matchedBy: new Uint8Array(scriptCount), fuzzyRanges: new Map(), words: [], synonyms: new Map(), count: 0 };
}

/**
 * A script holding several of the library terms the lexicon gives for one spoken phrase renders
 * it more closely than one holding only the most general of them (充了钱没到: 充值未到账 and 话费没到
 * and 充值, against 充值 alone): each further term adds this share of the best one, up to
 * FURTHER_SYNONYMS_COUNTED terms (a long list must not outweigh a better field).
 */
const FURTHER_SYNONYM = 0.1;
const FURTHER_SYNONYMS_COUNTED = 3;

function matchSynonyms(context: MatchContext, synonyms: readonly string[], hits: TermHits): void {
  const scriptCount = context.data.scriptCount;
  const best = new Float32Array(scriptCount);
  const termsHeld = new Uint8Array(scriptCount);
  const bestSynonym = new Map<number, string>();
  for (const synonym of synonyms) {
    const found = emptyHits(scriptCount);
    matchLiteral(context, synonym, found);
    for (let documentIndex = 0; documentIndex < scriptCount && found.count > 0; documentIndex++) {
      const score = found.scores[documentIndex]!;
      if (score === 0) continue;
      termsHeld[documentIndex] = termsHeld[documentIndex]! + 1;
      if (score <= best[documentIndex]!) continue;
      best[documentIndex] = score;
      bestSynonym.set(documentIndex, synonym);
    }
  }
  for (const [documentIndex, synonym] of bestSynonym) {
    const further = Math.min(termsHeld[documentIndex]! - 1, FURTHER_SYNONYMS_COUNTED);
    const score = best[documentIndex]! * SYNONYM * (1 + FURTHER_SYNONYM * further);
    if (score <= hits.scores[documentIndex]!) continue;
    record(hits, documentIndex, score, MatchedBy.synonym);
    hits.synonyms.set(documentIndex, synonym);
  }
}

/** Number of scripts the folded text occurs in as written (for keeping a query run whole). */
/**
 * True when the folded text occurs as written in some allowed script (for keeping a query run
 * whole): the postings answer for one or two characters; longer text stops at the first script
 * that really holds it.
 */
export function occursLiterally(context: MatchContext, form: string): boolean {
  const { data, allowed } = context;
  if (form.length === 1) {
    // Query parsing asks this for every one-character run: the first script is enough.
    let held = false;
    visitShortFieldsHolding(context, form, () => (held = true));
    return held;
  }
  if (form.length === 2) {
    const first = data.charIds[form.charCodeAt(0)]!;
    const second = data.charIds[form.charCodeAt(1)]!;
    const range = first && second ? data.bigrams.range(bigramKey(first, second)) : undefined;
    if (!range) return false;
    for (let i = range[0]; i < range[1]; i++) if (allowed[entryDocument(data.bigrams.entries[i]!)]) return true;
    return false;
  }
  const candidates = intersectBigrams(context, form);
  if (!candidates) return false;
  for (let i = 0; i < candidates.length; i++) {
    const documentIndex = entryDocument(candidates[i]!);
    const fields = entryFields(candidates[i]!);
    for (let field = 0; field < SEARCH_FIELDS.length; field++) {
      if (fields & (1 << field) && fieldIndexOf(data, documentIndex, field, form) >= 0) return true;
    }
  }
  return false;
}

/**
 * Calls `visit` with each allowed script whose short fields hold a one-character form, and the
 * field bits, until it returns true: the naming fields from their postings, then the scenario by
 * reading the scenarios (a script may come twice, once for each).
 */
function visitShortFieldsHolding(context: MatchContext, form: string, visit: (documentIndex: number, fields: number) => boolean | void): void {
  const { data, allowed } = context;
  const id = data.charIds[form.charCodeAt(0)]!;
  // A character with no id occurs nowhere in the library.
  if (id === 0) return;
  const range = data.namingUnigrams.range(id);
  if (range) {
    for (let i = range[0]; i < range[1]; i++) {
      const entry = data.namingUnigrams.entries[i]!;
      if (allowed[entryDocument(entry)] && visit(entryDocument(entry), entryFields(entry)) === true) return;
    }
  }
  scriptsWithScenarioCharacter(data, form, (documentIndex) => allowed[documentIndex] === 1 && visit(documentIndex, 1 << SCENARIO) === true);
}

function record(hits: TermHits, documentIndex: number, score: number, matchedBy: number): void {
  if (score <= 0) return;
  if (hits.scores[documentIndex] === 0) hits.count += 1;
  if (score > hits.scores[documentIndex]!) hits.scores[documentIndex] = score;
  hits.matchedBy[documentIndex] = hits.matchedBy[documentIndex]! | matchedBy;
}

// ---------------------------------------------------------------------------------------------
// Literal (folded substring), found through the bigram index

function matchLiteral(context: MatchContext, form: string, hits: TermHits): void {
  const { data, allowed } = context;
  const scorer = new LiteralScorer(data, form);
  if (form.length === 1) {
    const fields = new Uint8Array(data.scriptCount);
    visitShortFieldsHolding(context, form, (documentIndex, held) => {
      fields[documentIndex] = fields[documentIndex]! | held;
    });
    for (let documentIndex = 0; documentIndex < fields.length; documentIndex++) {
      if (fields[documentIndex]) record(hits, documentIndex, scorer.score(documentIndex, fields[documentIndex]!), MatchedBy.literal);
    }
    return;
  }
  if (form.length === 2) {
    // The bigram is the term: its postings are the answer, fields included.
    const first = data.charIds[form.charCodeAt(0)]!;
    const second = data.charIds[form.charCodeAt(1)]!;
    const range = first && second ? data.bigrams.range(bigramKey(first, second)) : undefined;
    if (!range) return;
    const entries = data.bigrams.entries;
    for (let i = range[0]; i < range[1]; i++) {
      const documentIndex = entryDocument(entries[i]!);
      if (allowed[documentIndex]) record(hits, documentIndex, scorer.score(documentIndex, entryFields(entries[i]!)), MatchedBy.literal);
    }
    return;
  }
  const candidates = intersectBigrams(context, form);
  if (!candidates) return;
  for (let i = 0; i < candidates.length; i++) {
    const documentIndex = entryDocument(candidates[i]!);
    let fields = entryFields(candidates[i]!);
    // Every bigram somewhere in a field does not make the term: check the field text.
    for (let field = 0; field < SEARCH_FIELDS.length; field++) {
      if (fields & (1 << field) && fieldIndexOf(data, documentIndex, field, form) < 0) fields &= ~(1 << field);
    }
    if (fields) record(hits, documentIndex, scorer.score(documentIndex, fields), MatchedBy.literal);
  }
}

/** Entries (document, fields) that hold every bigram of the form, restricted to allowed scripts. */
function intersectBigrams(context: MatchContext, form: string): Int32Array | null {
  const { data, allowed } = context;
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i + 1 < form.length; i++) {
    const first = data.charIds[form.charCodeAt(i)]!;
    const second = data.charIds[form.charCodeAt(i + 1)]!;
    const range = first && second ? data.bigrams.range(bigramKey(first, second)) : undefined;
    if (!range) return null;
    ranges.push(range);
  }
  ranges.sort((a, b) => a[1] - a[0] - (b[1] - b[0]));
  const entries = data.bigrams.entries;
  const [start, end] = ranges[0]!;
  let current = new Int32Array(end - start);
  let length = 0;
  for (let i = start; i < end; i++) if (allowed[entryDocument(entries[i]!)]) current[length++] = entries[i]!;
  // The rarest few bigrams narrow enough; the field text is checked afterwards anyway.
  for (let r = 1; r < Math.min(ranges.length, 4) && length > 0; r++) {
    const [otherStart, otherEnd] = ranges[r]!;
    let kept = 0;
    let j = otherStart;
    for (let i = 0; i < length; i++) {
      const documentIndex = entryDocument(current[i]!);
      while (j < otherEnd && entryDocument(entries[j]!) < documentIndex) j++;
      if (j >= otherEnd) break;
      if (entryDocument(entries[j]!) === documentIndex) {
        const fields = entryFields(current[i]!) & entryFields(entries[j]!);
        if (fields) current[kept++] = (documentIndex << FIELD_BITS) | fields;
      }
    }
    length = kept;
  }
  current = current.subarray(0, length);
  return current;
}

/** Scores literal matches of one form; keyword bonuses are looked up once per form, not per script. */
class LiteralScorer {
  private readonly keywordBonuses: Map<number, number>;

  constructor(
    private readonly data: ScriptIndexData,
    private readonly form: string,
  ) {
    this.keywordBonuses = keywordBonuses(data, form);
  }

  score(documentIndex: number, fields: number): number {
    let best = 0;
    let total = 0;
    if (fields & 1) {
      const title = foldedShortText(this.data, documentIndex, TITLE);
      best = FIELD_WEIGHTS[TITLE] + titleBonus(title, this.form.length, title.startsWith(this.form) ? 0 : -1);
      total = best;
    }
    for (const field of [KEYWORDS, ALIASES]) {
      if (!(fields & (1 << field))) continue;
      const score = FIELD_WEIGHTS[field]! + (this.keywordBonuses.get(documentIndex) ?? 0);
      best = Math.max(best, score);
      total += score;
    }
    for (let field = SCENARIO; field < SEARCH_FIELDS.length; field++) {
      if (fields & (1 << field)) {
        best = Math.max(best, FIELD_WEIGHTS[field]!);
        total += FIELD_WEIGHTS[field]!;
      }
    }
    // Found in several fields: a little more sure than in one.
    return best + 0.2 * (total - best);
  }
}

/** A term that starts the title, or covers most of it, names the script. */
function titleBonus(title: string, length: number, at: number): number {
  return (at === 0 ? 2 : 0) + (3 * Math.min(length, title.length)) / title.length;
}

/**
 * A whole keyword is the team lead's own search term for the script; the start of one (流量 of
 * 流量包) almost as good. Found in the distinct keywords once per form.
 */
function keywordBonuses(data: ScriptIndexData, form: string): Map<number, number> {
  const bonuses = new Map<number, number>();
  for (const [keyword, holders] of data.keywordScripts) {
    if (!keyword.startsWith(form)) continue;
    const bonus = keyword.length === form.length ? WHOLE_KEYWORD_BONUS : KEYWORD_START_BONUS;
    for (const documentIndex of holders) if ((bonuses.get(documentIndex) ?? 0) < bonus) bonuses.set(documentIndex, bonus);
  }
  return bonuses;
}

// ---------------------------------------------------------------------------------------------
// Pinyin: full (liuliang), initials (llb) and mixed (liulb), in the short fields

function matchPinyin(context: MatchContext, letters: string, hits: TermHits): void {
  if (letters.length > 40) return;
  const { data, allowed } = context;
  // Keywords repeat across scripts: match each distinct keyword once.
  for (const [keyword, holders] of data.keywordScripts) {
    const match = bestPinyinMatch(keyword, letters);
    if (!match) continue;
    const score = (FIELD_WEIGHTS[KEYWORDS] + keywordSpanBonus(keyword, match.start, match.end)) * pinyinFactor(match.abbreviated > 0, match.secondary);
    for (const documentIndex of holders) if (allowed[documentIndex]) record(hits, documentIndex, score, MatchedBy.pinyin);
  }
  const titles = titlePinyinCandidates(data, letters, allowed);
  for (let documentIndex = 0; documentIndex < titles.complete.length; documentIndex++) {
    const kind = titles.complete[documentIndex]!;
    if (!kind) continue;
    const abbreviated = kind === COMPLETE_ABBREVIATED || kind === COMPLETE_ABBREVIATED_SECONDARY;
    const secondary = kind === COMPLETE_FULL_SECONDARY || kind === COMPLETE_ABBREVIATED_SECONDARY ? 1 : 0;
    record(hits, documentIndex, FIELD_WEIGHTS[TITLE] * pinyinFactor(abbreviated, secondary), MatchedBy.pinyin);
  }
  for (const documentIndex of titles.toCheck) {
    const title = foldedShortText(data, documentIndex, TITLE);
    const match = bestPinyinMatch(title, letters);
    if (!match) continue;
    const score = (FIELD_WEIGHTS[TITLE] + titleBonus(title, match.end - match.start, match.start)) * pinyinFactor(match.abbreviated > 0, match.secondary);
    record(hits, documentIndex, score, MatchedBy.pinyin);
  }
}

/** A character read through a rarer reading costs a little: enough to decide between two words that read alike. */
const SECONDARY_READING = 0.06;

function pinyinFactor(abbreviated: boolean, secondary: number): number {
  return (abbreviated ? PINYIN_INITIALS : PINYIN_FULL) * (1 - SECONDARY_READING * Math.min(secondary, 3));
}

function keywordSpanBonus(keywords: string, start: number, end: number): number {
  const startsKeyword = start === 0 || keywords[start - 1] === KEYWORD_SEPARATOR;
  const endsKeyword = end === keywords.length || keywords[end] === KEYWORD_SEPARATOR;
  return startsKeyword && endsKeyword ? WHOLE_KEYWORD_BONUS : startsKeyword ? KEYWORD_START_BONUS : 0;
}

// ---------------------------------------------------------------------------------------------
// Homophones (宽代 → 宽带), in the short fields

/**
 * Scripts whose short fields hold the term with some characters swapped for homophones. The
 * candidates come from the bigram index: of the term's adjacent pairs, the one whose homophone
 * bigrams occur least; each occurrence of such a bigram is then checked in place.
 */
function matchHomophones(context: MatchContext, form: string, hits: TermHits): void {
  const { data, allowed } = context;
  let best: { offset: number; keys: number[]; postings: number } | null = null;
  for (let offset = 0; offset + 1 < form.length; offset++) {
    const firstIds = homophoneIds(data, form.charCodeAt(offset));
    const secondIds = homophoneIds(data, form.charCodeAt(offset + 1));
    const keys: number[] = [];
    let postings = 0;
    for (const firstId of firstIds) {
      for (const secondId of secondIds) {
        const key = bigramKey(firstId, secondId);
        const count = data.bigrams.documentCount(key);
        if (count > 0) {
          keys.push(key);
          postings += count;
        }
      }
    }
    if (!best || postings < best.postings) best = { offset, keys, postings };
    if (postings === 0) return; // some pair has no homophone in the library at all
  }
  if (!best) return;
  const pattern = homophonePattern(form);
  const entries = data.bigrams.entries;
  for (const key of best.keys) {
    const range = data.bigrams.range(key)!;
    const bigram = bigramText(data, key);
    for (let i = range[0]; i < range[1]; i++) {
      const documentIndex = entryDocument(entries[i]!);
      const fields = entryFields(entries[i]!) & SHORT_FIELDS_MASK;
      if (!fields || !allowed[documentIndex]) continue;
      let score = 0;
      for (let field = 0; field < SHORT_FIELD_COUNT; field++) {
        if (!(fields & (1 << field))) continue;
        const text = foldedShortText(data, documentIndex, field);
        for (let at = text.indexOf(bigram); at >= 0; at = text.indexOf(bigram, at + 1)) {
          const start = at - best.offset;
          if (start < 0 || !matchHomophonesAt(text, start, form, pattern)) continue;
          let fieldScore: number = FIELD_WEIGHTS[field]!;
          if (field === TITLE) fieldScore += titleBonus(text, form.length, start);
          else if (field === KEYWORDS || field === ALIASES) fieldScore += keywordSpanBonus(text, start, start + form.length);
          score = Math.max(score, fieldScore * HOMOPHONE);
          break;
        }
      }
      if (score > 0) record(hits, documentIndex, score, MatchedBy.homophone);
    }
  }
}

function homophoneIds(data: ScriptIndexData, code: number): number[] {
  const ids: number[] = [];
  for (const homophone of homophonesOf(code)) {
    const id = data.charIds[homophone]!;
    if (id !== 0) ids.push(id);
  }
  return ids;
}

export function homophoneRanges(text: string, form: string): Array<[number, number]> {
  const pattern = homophonePattern(form);
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i + form.length <= text.length; i++) {
    if (matchHomophonesAt(text, i, form, pattern)) {
      ranges.push([i, i + form.length]);
      i += form.length - 1;
    }
  }
  return ranges;
}

// ---------------------------------------------------------------------------------------------
// Partial phrase: most of the term's bigrams (没收到验证码 → 收不到验证码)

const UNKNOWN_BIGRAM_WEIGHT = 1;
/** Share of the term's bigram weight a script must hold to match partially. */
const PARTIAL_SHARE = 0.5;
/**
 * A lower share that still matches when the script's title, keywords or aliases hold a run of
 * NAMED_RUN of the term's characters as written (号码被别人用 → 号码被回收): rare bigrams at the seams
 * between the words of a spoken term (人用 in 别人用) weigh much, and one script using such a
 * bigram in passing must not take away a match that names the case.
 */
const PARTIAL_SHARE_NAMED = 0.4;
const NAMED_RUN = 3;

/** Field weight for partial matches: the short fields carry the meaning. */
const PARTIAL_FIELD_FACTOR = [1, 1, 1, 0.8, 0.4, 0.4] as const;

function matchPartial(context: MatchContext, form: string, hits: TermHits): void {
  const { data, allowed } = context;
  const scriptCount = data.scriptCount;
  const keys = new Set<number>();
  /** Per key, the positions in the form where it starts (the first 32), to spot runs of the form a script names. */
  const positions = new Map<number, number>();
  for (let i = 0; i + 1 < form.length; i++) {
    const first = data.charIds[form.charCodeAt(i)]!;
    const second = data.charIds[form.charCodeAt(i + 1)]!;
    const key = first && second ? bigramKey(first, second) : -1 - i; // unknown bigram: counts, matches nothing
    keys.add(key);
    if (i < 32) positions.set(key, (positions.get(key) ?? 0) | (1 << i));
  }
  if (keys.size < 3) return;
  const weights = new Map<number, number>();
  let totalWeight = 0;
  for (const key of keys) {
    // Rare bigrams say more (inverse document frequency); one the library never uses is mostly
    // the seam between two words (金不 in 押金不退) and says little.
    const documentCount = key >= 0 ? data.bigrams.documentCount(key) : 0;
    const weight = documentCount === 0 ? UNKNOWN_BIGRAM_WEIGHT : Math.log(1 + scriptCount / (1 + documentCount));
    weights.set(key, weight);
    totalWeight += weight;
  }
  const coverage = new Float32Array(scriptCount);
  /** Per script, the positions of the form's bigrams its title, keywords or aliases hold. */
  const named = new Int32Array(scriptCount);
  const touched: number[] = [];
  for (const [key, weight] of weights) {
    const range = key >= 0 ? data.bigrams.range(key) : undefined;
    if (!range) continue;
    const keyPositions = positions.get(key) ?? 0;
    for (let i = range[0]; i < range[1]; i++) {
      const entry = data.bigrams.entries[i]!;
      const documentIndex = entryDocument(entry);
      if (!allowed[documentIndex]) continue;
      const fields = entryFields(entry);
      if (fields & NAMING_FIELDS_MASK) named[documentIndex] = named[documentIndex]! | keyPositions;
      let factor = 0;
      for (let field = 0; field < PARTIAL_FIELD_FACTOR.length; field++) {
        if (fields & (1 << field)) factor = Math.max(factor, PARTIAL_FIELD_FACTOR[field]!);
      }
      if (coverage[documentIndex] === 0) touched.push(documentIndex);
      coverage[documentIndex] = coverage[documentIndex]! + weight * factor;
    }
  }
  const runs = Array.from({ length: Math.max(0, form.length - NAMED_RUN + 1) }, (_, start) => form.slice(start, start + NAMED_RUN));
  for (const documentIndex of touched) {
    const share = coverage[documentIndex]! / totalWeight;
    // Two adjacent bigrams of the form in its naming fields, at least: only then can it name a run.
    const mayNameRun = (named[documentIndex]! & (named[documentIndex]! >>> 1)) !== 0;
    if (share >= PARTIAL_SHARE || (share >= PARTIAL_SHARE_NAMED && mayNameRun && namesAnyOf(data, documentIndex, runs))) {
      record(hits, documentIndex, FIELD_WEIGHTS[TITLE] * share * PARTIAL, MatchedBy.partial);
    }
  }
}

/** Whether the script's title, keywords or aliases hold one of the runs (NAMED_RUN consecutive characters of the form). */
function namesAnyOf(data: ScriptIndexData, documentIndex: number, runs: readonly string[]): boolean {
  return runs.some((run) => NAMING_FIELDS.some((field) => fieldIndexOf(data, documentIndex, field, run) >= 0));
}

const NAMING_FIELDS = [TITLE, KEYWORDS, ALIASES] as const;

/**
 * Chinese queries run words together: most 4- and 6-character ones are two or three 2-character
 * words (套餐降档, 宽带装机超时). When the whole does not match, the words are ANDed, each exact
 * or as a homophone (套餐降党 → 套餐 + 降档).
 */
function matchWords(context: MatchContext, form: string, hits: TermHits): void {
  const scriptCount = context.data.scriptCount;
  const words = form.length === 4 ? [form.slice(0, 2), form.slice(2)] : [form.slice(0, 2), form.slice(2, 4), form.slice(4)];
  const sum = new Float32Array(scriptCount);
  const allowed = context.allowed.slice();
  for (const word of words) {
    const wordHits = emptyHits(scriptCount);
    matchLiteral({ data: context.data, allowed }, word, wordHits);
    if (wordHits.count < HOMOPHONE_BELOW) matchHomophones({ data: context.data, allowed }, word, wordHits);
    if (wordHits.count === 0) return;
    for (let documentIndex = 0; documentIndex < scriptCount; documentIndex++) {
      if (wordHits.scores[documentIndex]) sum[documentIndex] = sum[documentIndex]! + wordHits.scores[documentIndex]!;
      else allowed[documentIndex] = 0;
    }
  }
  let found = false;
  for (let documentIndex = 0; documentIndex < scriptCount; documentIndex++) {
    if (!allowed[documentIndex]) continue;
    record(hits, documentIndex, (sum[documentIndex]! / words.length) * WORDS, MatchedBy.words);
    found = true;
  }
  if (found) hits.words = words;
}

function matchSentence(context: MatchContext, form: string, hits: TermHits): void {
  const { relevance } = scoreFreeText(context.data, form, context.allowed);
  for (let documentIndex = 0; documentIndex < relevance.length; documentIndex++) {
    // Scaled below a title match: a sentence is vaguer than a word.
    if (relevance[documentIndex]! > 0) record(hits, documentIndex, Math.min(FIELD_WEIGHTS[TITLE], relevance[documentIndex]! / 3) * PARTIAL, MatchedBy.partial);
  }
}

/** Where the form's bigrams occur in a field, for highlighting partial matches. */
export function partialRanges(data: ScriptIndexData, documentIndex: number, field: number, form: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  for (let i = 0; i + 1 < form.length; i++) {
    const bigram = form.slice(i, i + 2);
    for (let at = fieldIndexOf(data, documentIndex, field, bigram); at >= 0 && ranges.length < 50; at = fieldIndexOf(data, documentIndex, field, bigram, at + 2)) {
      ranges.push([at, at + 2]);
    }
  }
  return ranges;
}

// ---------------------------------------------------------------------------------------------
// Typos: Fuse (Bitap) over a few candidates that share most of the term's characters

const FUZZY_KEYS = [
  { name: 'title', weight: 2 },
  { name: 'keywords', weight: 2 },
  { name: 'aliases', weight: 2 },
];
const FUZZY_FIELDS: Record<string, number> = { title: TITLE, keywords: KEYWORDS, aliases: ALIASES };

interface FuzzyRecord {
  documentIndex: number;
  title: string;
  keywords: string;
  aliases: string;
}

/**
 * Errors Fuse may forgive: none in 1–2 Chinese characters or 1–3 letters (every short string is
 * one edit from too many others), then about one in four.
 */
function allowedErrors(form: string, kind: QueryTerm['kind']): number {
  if (kind === 'han') return form.length < 3 ? 0 : form.length <= 5 ? 1 : form.length <= 8 ? 2 : 3;
  return form.length < 4 ? 0 : form.length === 4 ? 1 : form.length <= 7 ? 2 : 3;
}

function matchFuzzy(context: MatchContext, form: string, term: QueryTerm, hits: TermHits): void {
  const errors = allowedErrors(form, term.kind);
  if (errors === 0 || form.length > 32) return; // Bitap works on at most 32 characters
  const candidates = fuzzyCandidates(context, form, errors);
  if (candidates.length === 0) return;
  const options: IFuseOptions<FuzzyRecord> = {
    keys: FUZZY_KEYS,
    ignoreLocation: true, // the typo may be anywhere in the title
    threshold: errors / form.length + 0.01,
    includeScore: true,
    includeMatches: true,
    isCaseSensitive: true, // already folded
    minMatchCharLength: 1,
  };
  const fuse = new Fuse(candidates, options);
  for (const result of fuse.search(form)) {
    const ranges: FieldRanges = [];
    let fieldWeight = 0;
    for (const match of result.matches ?? []) {
      const field = FUZZY_FIELDS[match.key ?? 'title'] ?? TITLE;
      fieldWeight = Math.max(fieldWeight, FIELD_WEIGHTS[field]!);
      ranges[field] = joinNearbyRanges(match.indices.map(([start, end]) => [start, end + 1] as [number, number]), form.length);
    }
    const score = fieldWeight * FUZZY * (1 - (result.score ?? 1));
    const documentIndex = result.item.documentIndex;
    if (score <= 0) continue;
    record(hits, documentIndex, score, MatchedBy.fuzzy);
    hits.fuzzyRanges.set(documentIndex, ranges);
  }
}

/**
 * Pinyin with a typo (liulaingbao): Fuse over the pinyin of the library's distinct keywords that
 * start with the same letter (agents rarely mistype the first one), then the scripts that carry
 * the keyword.
 */
function matchPinyinTypo(context: MatchContext, letters: string, hits: TermHits): void {
  const errors = allowedErrors(letters, 'latin');
  if (errors === 0 || letters.length > 32 || !/^[a-z]+$/.test(letters)) return;
  const candidates = context.data.keywordPinyinByFirstLetter.get(letters[0]!) ?? [];
  const fuse = new Fuse(candidates, {
    keys: ['pinyin'],
    ignoreLocation: true,
    threshold: errors / letters.length + 0.01,
    includeScore: true,
    isCaseSensitive: true,
  });
  for (const result of fuse.search(letters, { limit: 20 })) {
    // The typed pinyin must be most of the keyword, not a few letters inside a long one.
    if (result.item.pinyin.length > letters.length + errors + 2) continue;
    const { keyword } = result.item;
    const score = FIELD_WEIGHTS[KEYWORDS] * FUZZY * (1 - (result.score ?? 1));
    for (const documentIndex of context.data.keywordScripts.get(keyword) ?? []) {
      if (!context.allowed[documentIndex] || score <= hits.scores[documentIndex]!) continue;
      const ranges: FieldRanges = [];
      for (const field of [KEYWORDS, ALIASES]) {
        const keywords = foldedShortText(context.data, documentIndex, field);
        ranges[field] = [];
        for (let at = keywords.indexOf(keyword); at >= 0; at = keywords.indexOf(keyword, at + keyword.length)) ranges[field].push([at, at + keyword.length]);
      }
      record(hits, documentIndex, score, MatchedBy.fuzzy);
      hits.fuzzyRanges.set(documentIndex, ranges);
    }
  }
}

/** Scripts whose title and keywords hold enough of the term's characters. */
function fuzzyCandidates(context: MatchContext, form: string, errors: number): FuzzyRecord[] {
  const { data, allowed } = context;
  const distinct = new Set(form);
  const needed = Math.max(2, distinct.size - errors);
  const shared = new Uint8Array(data.scriptCount);
  const touched: number[] = [];
  for (const char of distinct) {
    const id = data.charIds[char.charCodeAt(0)]!;
    const range = id ? data.namingUnigrams.range(id) : undefined;
    if (!range) continue;
    for (let i = range[0]; i < range[1]; i++) {
      const entry = data.namingUnigrams.entries[i]!;
      const documentIndex = entryDocument(entry);
      if (!allowed[documentIndex]) continue;
      if (shared[documentIndex] === 0) touched.push(documentIndex);
      shared[documentIndex] = shared[documentIndex]! + 1;
    }
  }
  const candidates = touched.filter((documentIndex) => shared[documentIndex]! >= needed);
  candidates.sort((a, b) => shared[b]! - shared[a]! || a - b);
  return candidates.slice(0, FUZZY_CANDIDATES).map((documentIndex) => ({
    documentIndex,
    title: foldedShortText(data, documentIndex, TITLE),
    keywords: foldedShortText(data, documentIndex, KEYWORDS),
    aliases: foldedShortText(data, documentIndex, ALIASES),
  }));
}

/** Bitap marks single characters (流_包 for 流亮包): show the whole stretch instead. */
function joinNearbyRanges(ranges: Array<[number, number]>, termLength: number): Array<[number, number]> {
  const joined: Array<[number, number]> = [];
  for (const range of ranges.sort((a, b) => a[0] - b[0])) {
    const last = joined.at(-1);
    if (last && range[0] - last[1] <= 1 && range[1] - last[0] <= termLength + 1) last[1] = Math.max(last[1], range[1]);
    else joined.push([range[0], range[1]]);
  }
  return joined;
}
