import { MAX_SEARCH_QUERY_LENGTH } from '@/knowledge/case-library/script-usage';
import { isPause, withoutPauses, type CompiledLexicon } from './lexicon';
import { CharClass } from './character-classes';
import { charClassOf, foldCode, foldText, queryForms } from './text-folding';

/** More terms than this add nothing an agent can type mid-call: the rest are reported as dropped. */
export const MAX_QUERY_TERMS = 16;

export type TermKind = 'han' | 'latin' | 'other';

export interface QueryTerm {
  /** The term as it reads in the query (folded). */
  readonly text: string;
  /** Folded forms searched as alternatives: one, or two for Traditional input (網路: 网路, 网络). */
  readonly forms: readonly string[];
  readonly kind: TermKind;
  /** Library terms the lexicon maps this spoken phrase to (信号差 for 信号不好), folded. */
  readonly synonyms: readonly string[];
  /** A stray character between known words (在, 个): scores when it matches, never required. */
  readonly optional: boolean;
}

export interface ParsedQuery {
  readonly terms: readonly QueryTerm[];
  /** Filler words left out of the search (喂, 那个, 我想问一下). */
  readonly ignored: readonly string[];
  /** Terms beyond MAX_QUERY_TERMS, not searched. */
  readonly dropped: readonly string[];
  /** The query was longer than MAX_SEARCH_QUERY_LENGTH; the rest was not searched. */
  readonly truncated: boolean;
}

/** What segmentation knows besides the query: the lexicon and the library's own words. */
export interface QueryVocabulary {
  readonly lexicon: CompiledLexicon;
  /** True for a folded keyword or alias of the library. */
  isLibraryWord(word: string): boolean;
  /** True when the folded text occurs as written somewhere in the library: such a run stays whole. */
  occursInLibrary(text: string): boolean;
}

/**
 * Splits a query into terms: at spaces and punctuation, and where Chinese meets Latin letters or
 * digits (`5G降速` is 5g + 降速), because Latin runs may be pinyin or English words that the
 * library writes apart from the Chinese. A Chinese run that the library does not contain as
 * written is segmented with the lexicon and the library's keywords (segmentRun): filler words
 * drop out, spoken phrases bring their library terms, and the words around them become terms
 * of their own. Order never matters: each term is matched on its own (script-search.ts).
 */
export function parseQuery(query: string, vocabulary?: QueryVocabulary): ParsedQuery {
  const truncated = query.length > MAX_SEARCH_QUERY_LENGTH;
  const text = query.slice(0, MAX_SEARCH_QUERY_LENGTH);
  const terms: QueryTerm[] = [];
  const ignored: string[] = [];
  const dropped: string[] = [];
  const seen = new Set<string>();
  const add = (term: QueryTerm) => {
    const key = term.forms.join('|');
    if (seen.has(key)) return;
    seen.add(key);
    if (terms.length >= MAX_QUERY_TERMS) dropped.push(term.text);
    else terms.push(term);
  };
  let runStart = -1;
  let runClass: CharClass = CharClass.Separator;
  const flush = (end: number) => {
    if (runStart < 0) return;
    const raw = text.slice(runStart, end);
    runStart = -1;
    const forms = queryForms(raw);
    const kind: TermKind = runClass === CharClass.Han ? 'han' : runClass === CharClass.Latin ? 'latin' : 'other';
    if (kind !== 'han' || !vocabulary) {
      add(plainTerm(forms, kind));
      return;
    }
    addHanRun(forms, vocabulary);
  };
  const addHanRun = (forms: readonly string[], vocabulary: QueryVocabulary) => {
    const kind = 'han';
    if (forms.every((form) => vocabulary.lexicon.phrases.get(form)?.libraryTerms.length === 0)) {
      ignored.push(forms[0]!);
      return;
    }
    if (forms.some((form) => vocabulary.occursInLibrary(form))) {
      add(plainTerm(forms, kind, vocabulary.lexicon));
      return;
    }
    // 话费啊怎么这么多 is 话费怎么这么多 said with a pause: without it, the spoken phrase is found.
    const paused = pausesTakenOut(forms, vocabulary.lexicon);
    if (paused) {
      ignored.push(...paused.pauses);
      if (paused.forms[0] !== '') addHanRun(paused.forms, vocabulary);
      return;
    }
    const tokens = segmentRun(forms.at(-1)!, vocabulary);
    if (tokens.every((token) => token.kind === 'unknown')) {
      add(plainTerm(forms, kind));
      return;
    }
    for (const token of tokens) {
      if (token.kind === 'filler') ignored.push(token.text);
      else if (token.kind === 'unknown') add({ ...plainTerm([token.text], kind), optional: token.text.length === 1 });
      else add(plainTerm([token.text], kind, vocabulary.lexicon));
    }
  };
  for (let i = 0; i < text.length; i++) {
    const charClass = charClassOf(foldCode(text.charCodeAt(i)));
    if (charClass === CharClass.Separator) {
      flush(i);
    } else if (runStart < 0 || charClass !== runClass) {
      flush(i);
      runStart = i;
      runClass = charClass;
    }
  }
  flush(text.length);
  // Each once, in the order typed: a run's pauses are taken out before its filler words are found.
  const folded = foldText(text);
  const typedAt = (word: string) => folded.indexOf(word) >>> 0;
  const inOrder = [...new Set(ignored)].sort((a, b) => typedAt(a) - typedAt(b));
  return { terms, ignored: inOrder, dropped, truncated };
}

/** The run's forms with their pause particles taken out, and the particles; null when it has none. */
function pausesTakenOut(forms: readonly string[], lexicon: CompiledLexicon): { forms: string[]; pauses: string[] } | null {
  const pauses = [...forms[0]!].filter((char) => isPause(char, lexicon));
  if (pauses.length === 0) return null;
  return { forms: [...new Set(forms.map((form) => withoutPauses(form, lexicon)))], pauses };
}

function plainTerm(forms: readonly string[], kind: TermKind, lexicon?: CompiledLexicon): QueryTerm {
  const synonyms = new Set<string>();
  for (const form of forms) for (const synonym of lexicon?.phrases.get(form)?.libraryTerms ?? []) synonyms.add(synonym);
  return { text: forms[0]!, forms, kind, synonyms: [...synonyms].filter((synonym) => !forms.includes(synonym)), optional: false };
}

export type TokenKind = 'spoken' | 'filler' | 'word' | 'unknown';

export interface Token {
  readonly text: string;
  readonly kind: TokenKind;
}

/** Longest dictionary word looked up during segmentation. */
const MAX_WORD_LENGTH = 12;

/**
 * What Chinese puts inside a two-character word without changing what it is about: potential
 * complements (转不了网 = 转网, 退不掉, 上不去网) and degree words (不太行 = 不行). A word split
 * like this is recognised as the word.
 */
const INFIXES = ['不了', '不到', '不上', '不进', '不出', '不掉', '不动', '不成', '不', '太', '很', '怎么', '了'];

/**
 * Dictionary segmentation of a folded Chinese run: the split that covers the most text with
 * known words, longer words counting more (a word of n characters scores n²), then the fewest
 * pieces. Known words are the lexicon's phrases and terms and the library's keywords; the
 * characters in between are joined into unknown stretches. Lexicon-driven rather than a general
 * segmenter (a jieba port ships a 4 MB dictionary and needs hundreds of milliseconds to load):
 * only the words that change what the search does need to be recognised.
 */
export function segmentRun(text: string, vocabulary: QueryVocabulary): Token[] {
  const n = text.length;
  const best = new Float64Array(n + 1).fill(-1);
  const pieces = new Int32Array(n + 1);
  const start = new Int32Array(n + 1);
  const kinds: TokenKind[] = new Array<TokenKind>(n + 1);
  best[0] = 0;
  const relax = (from: number, to: number, score: number, kind: TokenKind) => {
    const total = best[from]! + score;
    const count = pieces[from]! + 1;
    if (total > best[to]! || (total === best[to]! && count < pieces[to]!)) {
      best[to] = total;
      pieces[to] = count;
      start[to] = from;
      kinds[to] = kind;
    }
  };
  const joinedWord: string[] = new Array<string>(n + 1);
  for (let i = 0; i < n; i++) {
    if (best[i]! < 0) continue;
    relax(i, i + 1, 0, 'unknown');
    for (let length = 1; length <= MAX_WORD_LENGTH && i + length <= n; length++) {
      const kind = wordKind(text.slice(i, i + length), vocabulary);
      if (kind) relax(i, i + length, length * length, kind);
    }
    for (const infix of INFIXES) {
      const end = i + 1 + infix.length + 1;
      if (end > n || !text.startsWith(infix, i + 1)) continue;
      const word = text[i]! + text[end - 1]!;
      const kind = wordKind(word, vocabulary);
      if (!kind || kind === 'filler') continue;
      const before = best[end]!;
      relax(i, end, 4, kind);
      if (best[end] !== before || start[end] === i) joinedWord[end] = word;
    }
  }
  const tokens: Token[] = [];
  for (let end = n; end > 0; end = start[end]!) {
    const piece = text.slice(start[end], end);
    tokens.push({ text: joinedWord[end] !== undefined && piece.length > 2 && piece[0] === joinedWord[end]![0] ? joinedWord[end]! : piece, kind: kinds[end]! });
  }
  tokens.reverse();
  // A one-character filler inside an unknown stretch is part of it (不太行, 信号不太好), not a pause.
  for (let i = 1; i + 1 < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.kind === 'filler' && token.text.length === 1 && tokens[i - 1]!.kind === 'unknown' && tokens[i + 1]!.kind === 'unknown') tokens[i] = { ...token, kind: 'unknown' };
  }
  // Neighbouring unknown characters form one stretch (a word the dictionary does not know).
  const joined: Token[] = [];
  for (const token of tokens) {
    const last = joined.at(-1);
    if (last && last.kind === 'unknown' && token.kind === 'unknown') joined[joined.length - 1] = { text: last.text + token.text, kind: 'unknown' };
    else joined.push(token);
  }
  return joined;
}

function wordKind(word: string, vocabulary: QueryVocabulary): TokenKind | null {
  const meaning = vocabulary.lexicon.phrases.get(word);
  if (meaning) return meaning.libraryTerms.length > 0 ? 'spoken' : 'filler';
  if (word.length >= 2 && (vocabulary.lexicon.libraryTerms.has(word) || vocabulary.isLibraryWord(word))) return 'word';
  return null;
}

/** The folded words of a text that the lexicon knows as spoken phrases (for free text: notes). */
export function spokenPhrasesIn(text: string, vocabulary: QueryVocabulary): Token[] {
  const found: Token[] = [];
  for (const run of foldText(text).split(/[^\p{Script=Han}]+/u)) {
    if (run.length >= 2) for (const token of segmentRun(run, vocabulary)) if (token.kind === 'spoken') found.push(token);
  }
  return found;
}
