import { z } from 'zod';
import { listItem } from '@/knowledge/case-library/case-script';
import defaultLexiconJson from './default-lexicon.json';
import { foldText } from './text-folding';
import { maskPhoneNumbers } from '../privacy/phone-numbers';

/**
 * The search lexicon (口语词典): how customers and agents say a problem, mapped to how the case
 * library writes it. Customers say 信号不好, 钱对不上, 不想要了; scripts say 信号差, 账单异常,
 * 退订. Kept as data that a team lead can extend (docs/search-lexicon.md); the search reads
 * it, the library page imports and exports it like the library itself.
 *
 * An entry maps spoken phrases to library terms. A query holding a spoken phrase searches for
 * the phrase and for each library term; library terms are not expanded in turn, so a query
 * written as the library writes it finds exactly what it says. An entry without library terms
 * lists filler words (喂, 那个, 我想问一下): ignored wherever they stand alone in a query.
 */

export const LEXICON_SCHEMA_VERSION = 1;

export const LEXICON_LIMITS = {
  phrase: 20,
  libraryTerms: 20,
  spokenPhrases: 200,
  note: 200,
  entries: 5000,
} as const;

export const LexiconPhrase = listItem(LEXICON_LIMITS.phrase, 'a phrase', 'phrases');

export const LexiconEntry = z.object({
  libraryTerms: z
    .array(LexiconPhrase)
    .max(LEXICON_LIMITS.libraryTerms)
    .default([])
    .meta({ description: '书面用语: how the case library writes it (信号差). Empty: the spoken phrases are filler words.' }),
  spokenPhrases: z
    .array(LexiconPhrase)
    .min(1)
    .max(LEXICON_LIMITS.spokenPhrases)
    .meta({ description: '口语说法: how customers and agents say it (信号不好, 信号不行).' }),
  note: z.string().trim().overwrite(maskPhoneNumbers).max(LEXICON_LIMITS.note).optional().meta({ description: '说明: for the team lead.' }),
});
export type LexiconEntry = z.infer<typeof LexiconEntry>;

export const SearchLexicon = z.object({
  schemaVersion: z.literal(LEXICON_SCHEMA_VERSION),
  name: z.string().trim().min(1).max(80),
  version: z.string().trim().min(1).max(40),
  entries: z.array(LexiconEntry).max(LEXICON_LIMITS.entries),
});
export type SearchLexicon = z.infer<typeof SearchLexicon>;

export const LEXICON_ENTRY_FIELDS = ['libraryTerms', 'spokenPhrases', 'note'] as const satisfies readonly (keyof LexiconEntry)[];

/**
 * The lexicon that ships with Iceberg. Not parsed at run time: it is this project's own file,
 * which tests/unit/search/lexicon.test.ts parses and finds unchanged by parsing (trimmed, masked,
 * with every default written out), and parsing its thousand phrases took 3 to 6 ms of every first
 * index build.
 */
const SHIPPED_LEXICON: SearchLexicon = { ...defaultLexiconJson, schemaVersion: LEXICON_SCHEMA_VERSION };

export function defaultSearchLexicon(): SearchLexicon {
  return SHIPPED_LEXICON;
}

/** Its name and version as shipped, read without parsing it (see shippedSearchInputs). */
export const DEFAULT_LEXICON_RELEASE: { readonly name: string; readonly version: string } = { name: defaultLexiconJson.name, version: defaultLexiconJson.version };

/** What a folded phrase means to the search. */
export interface PhraseMeaning {
  /** Folded library terms to search for instead; empty for a filler word. */
  readonly libraryTerms: readonly string[];
}

/** A lexicon ready for searching: folded phrases and what they mean. */
export interface CompiledLexicon {
  /** Name and version: stored with an index snapshot, so a changed lexicon rebuilds it. */
  readonly key: string;
  readonly phrases: ReadonlyMap<string, PhraseMeaning>;
  /** Folded library terms, words of the domain that segmentation keeps whole. */
  readonly libraryTerms: ReadonlySet<string>;
  readonly source: SearchLexicon;
}

/** Compiled lexicons by source: an import builds two indexes with the same lexicon (searchIndexSnapshots). */
const compiledLexicons = new WeakMap<SearchLexicon, CompiledLexicon>();

/** The lexicon ready for searching; compiled once per lexicon object (lexicons are not changed in place). */
export function compileLexicon(lexicon: SearchLexicon): CompiledLexicon {
  let compiled = compiledLexicons.get(lexicon);
  if (!compiled) compiledLexicons.set(lexicon, (compiled = compiledLexicon(lexicon)));
  return compiled;
}

function compiledLexicon(lexicon: SearchLexicon): CompiledLexicon {
  const terms = new Map<string, Set<string>>();
  const fillers = new Set<string>();
  const libraryTerms = new Set<string>();
  for (const entry of lexicon.entries) {
    const targets = entry.libraryTerms.map(foldText);
    targets.forEach((term) => libraryTerms.add(term));
    for (const phrase of entry.spokenPhrases.map(foldText)) {
      if (targets.length === 0) {
        fillers.add(phrase);
        continue;
      }
      const known = terms.get(phrase) ?? new Set<string>();
      for (const target of targets) if (target !== phrase) known.add(target);
      terms.set(phrase, known);
    }
  }
  const phrases = new Map<string, PhraseMeaning>();
  // A phrase that means something in one entry is no filler word because another lists it.
  for (const filler of fillers) if (!terms.has(filler) && !libraryTerms.has(filler)) phrases.set(filler, { libraryTerms: [] });
  for (const [phrase, targets] of terms) phrases.set(phrase, { libraryTerms: [...targets] });
  const compiled = { key: `${lexicon.name}@${lexicon.version}`, phrases, libraryTerms, source: lexicon };
  // Queries and notes are read without their pauses: a phrase written with one (凭啥呀扣钱) is found so too.
  for (const [phrase, meaning] of [...phrases]) {
    const said = withoutPauses(phrase, compiled);
    if (said !== '' && !phrases.has(said)) phrases.set(said, meaning);
  }
  return compiled;
}

/**
 * Modal particles (啊, 呢, 嘛, 吗…): pauses in speech that never sit inside a word, unlike the
 * one-character fillers that do (太 in 不太行). Left in a query, they would cut a spoken phrase
 * in two (话费啊怎么这么多) or glue the words around them into one term (手机啊信号).
 */
const PAUSE_PARTICLES = new Set('啊呀呢嘛吗呃嗯哎唉哦噢');

/** A modal particle that the lexicon lists as a filler word (take it out of the filler row and it is kept). */
export function isPause(char: string, lexicon: Pick<CompiledLexicon, 'phrases'>): boolean {
  return PAUSE_PARTICLES.has(char) && lexicon.phrases.get(char)?.libraryTerms.length === 0;
}

/** Folded text without its pauses: what the customer said, as if said in one breath. */
export function withoutPauses(text: string, lexicon: Pick<CompiledLexicon, 'phrases'>): string {
  // Most text has no pause: it comes back as it is, without a string built per character.
  let said = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    if (!isPause(text[i]!, lexicon)) continue;
    said += text.slice(from, i);
    from = i + 1;
  }
  return from === 0 ? text : said + text.slice(from);
}

/** A compiled lexicon as plain data, stored with an index snapshot: restoring it folds nothing. */
export interface CompiledLexiconData {
  readonly key: string;
  readonly phrases: ReadonlyArray<readonly [string, readonly string[]]>;
  readonly libraryTerms: readonly string[];
  readonly source: SearchLexicon;
}

export function compiledLexiconData(lexicon: CompiledLexicon): CompiledLexiconData {
  return {
    key: lexicon.key,
    phrases: [...lexicon.phrases].map(([phrase, meaning]) => [phrase, meaning.libraryTerms] as const),
    libraryTerms: [...lexicon.libraryTerms],
    source: lexicon.source,
  };
}

export function restoreCompiledLexicon(data: CompiledLexiconData): CompiledLexicon {
  return {
    key: data.key,
    phrases: new Map(data.phrases.map(([phrase, libraryTerms]) => [phrase, { libraryTerms }])),
    libraryTerms: new Set(data.libraryTerms),
    source: data.source,
  };
}

export function defaultCompiledLexicon(): CompiledLexicon {
  return compileLexicon(defaultSearchLexicon());
}
