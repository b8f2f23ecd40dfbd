import type { CaseScript } from '@/knowledge/case-library/case-script';
import { compiledLexiconData, restoreCompiledLexicon, type CompiledLexicon, type CompiledLexiconData } from './lexicon';
import { addPinyinReadingsOfCodes, groupBigramsByStartLetters, pinyinReadings } from './pinyin-table';
import { bigramKey, CHAR_ID_LIMIT, firstIdOf, PostingsBuilder, PostingsTable, secondIdOf, SEPARATOR, type CodeUnitTable } from './postings';
import { foldCode, foldLibraryText, foldText, isHanCode, isTraditionalCode, isWordCode } from './text-folding';

/**
 * Searchable fields, most important first. Keywords and aliases are searched as
 * `keywords.join('、')` and `aliases.join('、')`.
 */
export const SEARCH_FIELDS = ['title', 'keywords', 'aliases', 'scenario', 'solution', 'script'] as const;
export type SearchField = (typeof SEARCH_FIELDS)[number];
export const TITLE = 0;
export const KEYWORDS = 1;
/** Searches a team lead attached to the script (learned from searches that missed it). */
export const ALIASES = 2;
export const SCENARIO = 3;
const SOLUTION = 4;
const SCRIPT = 5;
/** Title, keywords, aliases and scenario: kept folded in memory, scanned for pinyin and typos. */
export const SHORT_FIELD_COUNT = 4;
export const SHORT_FIELDS_MASK = 0b001111;
/** Title, keywords and aliases: the fields that name the case. */
export const NAMING_FIELDS_MASK = 0b000111;
export const KEYWORD_SEPARATOR = '、';

/** Many strings as one (one object instead of thousands): value i is text[starts[i], starts[i + 1]). */
export interface TextColumn {
  readonly text: string;
  readonly starts: Int32Array;
}

function textColumn(values: readonly string[]): TextColumn {
  const starts = new Int32Array(values.length + 1);
  values.forEach((value, i) => (starts[i + 1] = starts[i]! + value.length));
  return { text: values.join(''), starts };
}

function columnValue(column: TextColumn, i: number): string {
  return column.text.slice(column.starts[i], column.starts[i + 1]);
}

/** Strings by index: kept as given in a built index, read from a column in a restored one. */
export interface StringList {
  get(i: number): string;
}

function columnList(column: TextColumn): StringList {
  return { get: (i) => columnValue(column, i) };
}

function columnOf(list: StringList, count: number): TextColumn {
  return textColumn(Array.from({ length: count }, (_, i) => list.get(i)));
}

/**
 * Folded text of the short fields: phrase-folded text where phrase conversion changed it
 * (Traditional), otherwise the original folded character by character when first read.
 */
function shortFoldedLists(original: readonly StringList[], phraseFolded: ReadonlyMap<number, string>, count: number): StringList[] {
  return Array.from({ length: SHORT_FIELD_COUNT }, (_, field) => {
    const folded = new Array<string | undefined>(count);
    return { get: (i: number) => (folded[i] ??= phraseFolded.get(i * 8 + field) ?? foldText(original[field]!.get(i))) };
  });
}

/** Bits of `ScriptProperties.present`: optional script properties that were given. */
const HAS_OWNER = 1;
const HAS_VERIFIED_AT = 2;
const HAS_ALIASES = 4;

/** Script properties besides the searched fields, as columns. */
export interface ScriptProperties {
  readonly ids: TextColumn;
  readonly categoryIds: TextColumn;
  readonly updatedAt: TextColumn;
  readonly owner: TextColumn;
  readonly verifiedAt: TextColumn;
  readonly present: Uint8Array;
}

function scriptProperties(scripts: readonly CaseScript[]): ScriptProperties {
  const present = new Uint8Array(scripts.length);
  scripts.forEach((script, i) => {
    present[i] = (script.owner !== undefined ? HAS_OWNER : 0) | (script.verifiedAt !== undefined ? HAS_VERIFIED_AT : 0) | (script.aliases !== undefined ? HAS_ALIASES : 0);
  });
  return {
    ids: textColumn(scripts.map((script) => script.id)),
    categoryIds: textColumn(scripts.map((script) => script.categoryIds.join('|'))),
    updatedAt: textColumn(scripts.map((script) => script.updatedAt)),
    owner: textColumn(scripts.map((script) => script.owner ?? '')),
    verifiedAt: textColumn(scripts.map((script) => script.verifiedAt ?? '')),
    present,
  };
}

/** Field text of the scripts as given, in SEARCH_FIELDS order (keywords and aliases joined when asked). */
function scriptFieldLists(scripts: readonly CaseScript[]): StringList[] {
  return [
    { get: (i) => scripts[i]!.title },
    { get: (i) => scripts[i]!.keywords.join(KEYWORD_SEPARATOR) },
    { get: (i) => (scripts[i]!.aliases ?? []).join(KEYWORD_SEPARATOR) },
    { get: (i) => scripts[i]!.scenario },
    { get: (i) => scripts[i]!.solution },
    { get: (i) => scripts[i]!.script },
  ];
}

export interface ScriptIndexData {
  readonly scriptCount: number;
  /** Field text as the agent sees it, per SEARCH_FIELDS entry. */
  readonly original: readonly StringList[];
  /** Folded text of the short fields (see shortFoldedLists). */
  readonly folded: readonly StringList[];
  /**
   * Folded text only where Traditional phrase folding changed it, by `documentIndex * 8 + field`:
   * other short fields are folded when first read, bodies on the fly while searched, which saves
   * a second copy of the text.
   */
  readonly phraseFolded: ReadonlyMap<number, string>;
  /**
   * Per script, what folding changes in the fields searched as written (scenario and bodies): bit
   * `1 << field` for Chinese characters, bit `1 << (OTHER_FOLDING + field)` for other ones (see
   * `readsAsWritten`).
   */
  readonly foldingFields: Uint16Array;
  /** The other script properties of a restored index, to rebuild its scripts; null when built (the scripts are at hand). */
  readonly properties: ScriptProperties | null;
  /** Dense ids for the characters of the library, so bigram keys stay small integers. */
  readonly charIds: Uint16Array;
  /** Character code of each id. */
  readonly codeOfId: Uint16Array;
  /** Pairs of adjacent word characters, all fields. */
  readonly bigrams: PostingsTable;
  /**
   * Single characters of the naming fields (single-character terms, typo candidates, pinyin). A
   * one-character term reads the scenarios instead (`scriptsWithScenarioCharacter`, under 1 ms
   * at 10,000 scripts): postings of every character of every scenario took 12-17 ms of each build.
   */
  readonly namingUnigrams: PostingsTable;
  /** Folded keyword or alias (two characters or more) → indexes of the scripts that carry it, ascending. */
  readonly keywordScripts: ReadonlyMap<string, DocumentList>;
  /** Keywords by the bigram key of their first two characters, to spot them in free text. */
  readonly keywordsByFirstBigram: ReadonlyMap<number, readonly string[]>;
  /** Bigrams of titles, and the same by the letters their characters start with (see pinyin-matching.ts). */
  readonly titleBigrams: Int32Array;
  readonly titleBigramsByStartLetters: ReadonlyMap<number, readonly number[]>;
  /** Each distinct keyword spelled in pinyin (first reading), by its first letter: for pinyin typos. */
  readonly keywordPinyinByFirstLetter: ReadonlyMap<string, ReadonlyArray<{ keyword: string; pinyin: string }>>;
  /** How customers say things, for reading queries and notes. */
  readonly lexicon: CompiledLexicon;
  /** Scripts as given, or rebuilt from the columns on first use (restored index). */
  readonly scripts: Array<CaseScript | undefined>;
  /** Built on first use: category id → scripts; script id → index. */
  categoryScripts?: Map<string, Int32Array>;
  documentOfId?: Map<string, number>;
  titleLengths?: Uint16Array;
  /** The scenarios as written, as one text: a restored index's column, or joined by a built index's first one-character term (see `scriptsWithScenarioCharacter`). */
  scenarios?: TextColumn;
}

/** Script indexes: an array in a built index, a view of the stored table in a restored one. */
export type DocumentList = ArrayLike<number> & Iterable<number>;

const MAX_CHAR_ID = CHAR_ID_LIMIT - 1;

export { bigramKey };

export function bigramText(data: ScriptIndexData, key: number): string {
  return String.fromCharCode(data.codeOfId[firstIdOf(key)]!, data.codeOfId[secondIdOf(key)]!);
}

const TRADITIONAL = 1 << 16;
/** A Chinese character that folding changes (Traditional, a variant such as 帐): plain indexOf cannot find it by its folded form. */
const HAN_FOLDED = 1 << 17;
/** Another character that folding changes (Ｗ, W). */
const OTHER_FOLDED = 1 << 18;
/** Flags as `addPairsOfText` returns them. */
const FIELD_TRADITIONAL = TRADITIONAL >>> 16;
const FIELD_HAN_FOLDED = HAN_FOLDED >>> 16;
const FIELD_OTHER_FOLDED = OTHER_FOLDED >>> 16;
/** Where `foldingFields` keeps the bits of characters other than Chinese. */
const OTHER_FOLDING = 8;

/** Dense ids for folded characters, and a per-build table from original code units to them. */
class CharTable implements CodeUnitTable {
  readonly charIds = new Uint16Array(65536);
  readonly codeOfId = new Uint16Array(MAX_CHAR_ID + 1);
  /** Original code unit → id of its folded form | flags; 0 not seen yet; SEPARATOR between words. */
  readonly codeValues = new Int32Array(65536);
  nextCharId = 1;

  /**
   * Looks up a code unit not seen yet; what `addPairsOfText` calls. A method, not a closure per
   * table: a call site that meets a new function in every build loses its optimised code.
   */
  learn(code: number): number {
    const folded = foldCode(code);
    const flags = (folded === code ? 0 : isHanCode(code) ? HAN_FOLDED : OTHER_FOLDED) | (isTraditionalCode(code) ? TRADITIONAL : 0);
    const value = isWordCode(folded) ? this.idOf(folded) | flags : SEPARATOR;
    this.codeValues[code] = value;
    return value;
  }

  idOf(code: number): number {
    let id = this.charIds[code]!;
    if (id === 0) {
      // Beyond 32,767 distinct characters they share the last id: candidates are verified anyway.
      id = this.nextCharId <= MAX_CHAR_ID ? this.nextCharId++ : MAX_CHAR_ID;
      this.charIds[code] = id;
      this.codeOfId[id] = code;
    }
    return id;
  }
}

/**
 * Folded keywords and aliases (two characters or more) and the scripts that carry them. A class,
 * not closures made per build: a call site that meets new functions in every build loses its
 * optimised code.
 */
class KeywordCollector {
  readonly scriptsOfKeyword = new Map<string, number[]>();
  /**
   * Keyword as written → the scripts of its folded form (NO_SCRIPTS when too short): keywords
   * repeat across scripts, so each is folded once, and then costs one lookup instead of two.
   */
  private readonly scriptsAsWritten = new Map<string, number[]>();

  /** Documents must come in ascending order. */
  add(keyword: string, documentIndex: number): void {
    let holders = this.scriptsAsWritten.get(keyword);
    if (holders === undefined) {
      const { folded } = foldLibraryText(keyword);
      holders = folded.length < 2 ? NO_SCRIPTS : this.scriptsOfKeyword.get(folded);
      if (holders === undefined) this.scriptsOfKeyword.set(folded, (holders = []));
      this.scriptsAsWritten.set(keyword, holders);
    }
    if (holders !== NO_SCRIPTS && holders[holders.length - 1] !== documentIndex) holders.push(documentIndex);
  }
}
const NO_SCRIPTS: number[] = [];

/**
 * The characters of the scripts' text, all of it and the naming fields', estimated from up to
 * 256 scripts spread over the library: adding up every script reads every field's string once
 * more before the pass over the text, a cache miss each (2.7 ms at 10,000 scripts).
 */
function estimatedTextLengths(scripts: readonly CaseScript[]): { all: number; naming: number } {
  const step = Math.max(1, Math.floor(scripts.length / 256));
  let sampled = 0;
  let all = 0;
  let naming = 0;
  for (let i = 0; i < scripts.length; i += step, sampled++) {
    const script = scripts[i]!;
    let names = script.title.length;
    for (const keyword of script.keywords) names += keyword.length + 1;
    for (const alias of script.aliases ?? []) names += alias.length + 1;
    naming += names;
    all += names + script.scenario.length + script.solution.length + script.script.length;
  }
  const scale = sampled === 0 ? 0 : scripts.length / sampled;
  return { all: all * scale, naming: naming * scale };
}

/**
 * One pass over the library's text. Each code unit is looked up once in a per-build table that
 * gives the id of its folded form (or says it separates words), and its pairs go straight into
 * the postings: the text is folded and split into bigrams without building folded copies of the
 * long fields. Bodies in Traditional Chinese are also indexed as phrase conversion reads them
 * (網路 as 网络 besides 网路), short fields only that way.
 */
export function buildIndexData(scripts: readonly CaseScript[], lexicon: CompiledLexicon): ScriptIndexData {
  const pass = new TextPass(scripts);
  for (let documentIndex = 0; documentIndex < scripts.length; documentIndex++) pass.addDocument(documentIndex);
  const { table, fields, bigrams, phraseFolded } = pass;
  const { charIds, codeOfId, nextCharId } = table;

  // Every character's readings, the scenario's too (homophones are matched there).
  addPinyinReadingsOfCodes(codeOfId.subarray(1, nextCharId));

  return withDerivedTables({
    scriptCount: scripts.length,
    original: fields,
    folded: shortFoldedLists(fields, phraseFolded, scripts.length),
    phraseFolded,
    foldingFields: pass.foldingFields,
    properties: null,
    charIds,
    codeOfId: codeOfId.slice(0, nextCharId),
    bigrams: bigrams.build(),
    namingUnigrams: pass.namingUnigrams.build(),
    keywordScripts: pass.keywords.scriptsOfKeyword,
    titleBigrams: bigrams.markedKeys(),
    lexicon,
    scripts: [...scripts],
  });
}

/**
 * The pass of `buildIndexData`, a document at a time: a method called thousands of times, which
 * the engine optimises on its own, rather than the body of a long loop in a large function.
 */
class TextPass {
  readonly table = new CharTable();
  readonly fields: StringList[];
  readonly bigrams: PostingsBuilder;
  readonly namingUnigrams: PostingsBuilder;
  readonly keywords = new KeywordCollector();
  readonly phraseFolded = new Map<number, string>();
  readonly foldingFields: Uint16Array;
  /** Ids of a naming field's code units, as `addPairsOfText` writes them. */
  private ids = new Int32Array(4096);

  constructor(private readonly scripts: readonly CaseScript[]) {
    this.fields = scriptFieldLists(scripts);
    const length = estimatedTextLengths(scripts);
    // About one entry per two characters (a document's repeated pairs and punctuation make none;
    // 0.49 in the default library), and room for an estimate short by a fifth: memory asked for
    // and not used still counts towards the engine's next garbage collection.
    this.bigrams = new PostingsBuilder(length.all * 0.6, 'pairs', scripts.length);
    // Names repeat fewer characters (0.48 to 0.57).
    this.namingUnigrams = new PostingsBuilder(length.naming * 0.7, 'single', scripts.length);
    this.foldingFields = new Uint16Array(scripts.length);
  }

  addDocument(documentIndex: number): void {
    const script = this.scripts[documentIndex]!;
    this.addTitle(script.title, documentIndex);
    this.addListField(script.keywords, documentIndex, KEYWORDS);
    if (script.aliases) this.addListField(script.aliases, documentIndex, ALIASES);
    this.addProse(script.scenario, documentIndex, SCENARIO);
    this.addProse(script.solution, documentIndex, SOLUTION);
    this.addProse(script.script, documentIndex, SCRIPT);
  }

  /** A field searched as written (scenario, bodies): its pairs, and what folding changes in it. */
  private addProse(text: string, documentIndex: number, field: number): void {
    const bit = 1 << field;
    const flags = this.bigrams.addPairsOfText(text, this.table, documentIndex, bit);
    const folding = (flags & FIELD_HAN_FOLDED ? bit : 0) | (flags & FIELD_OTHER_FOLDED ? bit << OTHER_FOLDING : 0);
    this.foldingFields[documentIndex] = this.foldingFields[documentIndex]! | folding;
    if (flags & FIELD_TRADITIONAL) {
      const { folded, phrased } = foldLibraryText(text);
      if (phrased) {
        this.phraseFolded.set(documentIndex * 8 + field, folded);
        this.bigrams.addPairsOfText(folded, this.table, documentIndex, bit);
      }
    }
  }

  /**
   * Keywords or aliases, one at a time: the same pairs and characters as their text joined with
   * KEYWORD_SEPARATOR (which separates words), without building that string for every script.
   */
  private addListField(items: readonly string[], documentIndex: number, field: number): void {
    let length = items.length;
    for (let i = 0; i < items.length; i++) length += items[i]!.length;
    if (length > this.ids.length) this.ids = new Int32Array(length * 2);
    let flags = 0;
    let at = 0;
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      this.keywords.add(item, documentIndex);
      flags |= this.bigrams.addPairsOfText(item, this.table, documentIndex, 1 << field, false, this.ids, at);
      at += item.length;
      this.ids[at++] = 0; // the separator
    }
    if (flags & FIELD_TRADITIONAL) this.addTraditionalNamingField(items.join(KEYWORD_SEPARATOR), documentIndex, field);
    else this.namingUnigrams.addIds(this.ids, at, documentIndex, 1 << field);
  }

  private addTitle(text: string, documentIndex: number): void {
    if (text.length > this.ids.length) this.ids = new Int32Array(text.length * 2);
    const flags = this.bigrams.addPairsOfText(text, this.table, documentIndex, 1 << TITLE, true, this.ids);
    if (flags & FIELD_TRADITIONAL) this.addTraditionalNamingField(text, documentIndex, TITLE);
    else this.namingUnigrams.addIds(this.ids, text.length, documentIndex, 1 << TITLE);
  }

  /**
   * A naming field with Traditional characters: its single characters as it folds, and with
   * phrase conversion (網路 → 网络) where that keeps the length, its pairs so too.
   */
  private addTraditionalNamingField(text: string, documentIndex: number, field: number): void {
    const { folded, phrased } = foldLibraryText(text);
    if (phrased) {
      this.phraseFolded.set(documentIndex * 8 + field, folded);
      this.bigrams.addPairsOfText(folded, this.table, documentIndex, 1 << field, field === TITLE);
    }
    if (folded.length > this.ids.length) this.ids = new Int32Array(folded.length * 2);
    for (let i = 0; i < folded.length; i++) {
      const code = folded.charCodeAt(i);
      this.ids[i] = isWordCode(code) ? this.table.idOf(code) : 0;
    }
    this.namingUnigrams.addIds(this.ids, folded.length, documentIndex, 1 << field);
  }
}

type CoreData = Omit<ScriptIndexData, 'keywordsByFirstBigram' | 'titleBigramsByStartLetters' | 'keywordPinyinByFirstLetter'>;

/**
 * The small lookup tables derived from the rest: rebuilt rather than stored. The pinyin ones wait
 * for the first query in letters, so a woken worker restores its index without them.
 */
function withDerivedTables(core: CoreData): ScriptIndexData {
  const keywordsByFirstBigram = new Map<number, string[]>();
  for (const keyword of core.keywordScripts.keys()) {
    const key = bigramKey(core.charIds[keyword.charCodeAt(0)]!, core.charIds[keyword.charCodeAt(1)]!);
    const list = keywordsByFirstBigram.get(key);
    if (list) list.push(keyword);
    else keywordsByFirstBigram.set(key, [keyword]);
  }
  let titleBigramsByStartLetters: ScriptIndexData['titleBigramsByStartLetters'] | undefined;
  let keywordPinyinByFirstLetter: ScriptIndexData['keywordPinyinByFirstLetter'] | undefined;
  return {
    ...core,
    keywordsByFirstBigram,
    get titleBigramsByStartLetters() {
      return (titleBigramsByStartLetters ??= groupBigramsByStartLetters(core.titleBigrams, core.codeOfId));
    },
    get keywordPinyinByFirstLetter() {
      return (keywordPinyinByFirstLetter ??= keywordPinyin(core.keywordScripts.keys()));
    },
  };
}

function keywordPinyin(keywords: Iterable<string>): Map<string, Array<{ keyword: string; pinyin: string }>> {
  const byFirstLetter = new Map<string, Array<{ keyword: string; pinyin: string }>>();
  for (const keyword of keywords) {
    const pinyin = Array.from(keyword, (char) => pinyinReadings(char.charCodeAt(0))?.[0] ?? char).join('');
    if (!/^[a-z0-9]+$/.test(pinyin)) continue;
    const list = byFirstLetter.get(pinyin[0]!) ?? [];
    list.push({ keyword, pinyin });
    byFirstLetter.set(pinyin[0]!, list);
  }
  return byFirstLetter;
}

// ---------------------------------------------------------------------------------------------
// Reading a script's fields

export function originalText(data: ScriptIndexData, documentIndex: number, field: number): string {
  return data.original[field]!.get(documentIndex);
}

export function titleLength(data: ScriptIndexData, documentIndex: number): number {
  return data.original[TITLE]!.get(documentIndex).length;
}

/** Folded text of a short field (never null), or of a body field when it has a folded copy. */
export function foldedText(data: ScriptIndexData, documentIndex: number, field: number): string | null {
  if (field < SHORT_FIELD_COUNT) return data.folded[field]!.get(documentIndex);
  return data.phraseFolded.get(documentIndex * 8 + field) ?? null;
}

export function foldedShortText(data: ScriptIndexData, documentIndex: number, field: number): string {
  return data.folded[field]!.get(documentIndex);
}

/**
 * Calls `found` with each script whose folded scenario holds the folded word character, in no
 * particular order, until it returns true: single characters have no postings there (see
 * `namingUnigrams`). The scenarios are read as written, joined (one scan), except those that
 * folding changes for this character (`readsAsWritten`), read as folded.
 */
export function scriptsWithScenarioCharacter(data: ScriptIndexData, folded: string, found: (documentIndex: number) => boolean | void): void {
  const { text, starts } = (data.scenarios ??= columnOf(data.original[SCENARIO]!, data.scriptCount));
  let documentIndex = 0;
  for (let at = text.indexOf(folded); at >= 0; at = text.indexOf(folded, starts[documentIndex + 1])) {
    while (starts[documentIndex + 1]! <= at) documentIndex++;
    if (readsAsWritten(data, documentIndex, SCENARIO, folded) && found(documentIndex) === true) return;
  }
  for (let index = 0; index < data.scriptCount; index++) {
    if (!readsAsWritten(data, index, SCENARIO, folded) && foldedShortText(data, index, SCENARIO).includes(folded) && found(index) === true) return;
  }
}

export function scriptIdAt(data: ScriptIndexData, documentIndex: number): string {
  return data.scripts[documentIndex]?.id ?? columnValue(data.properties!.ids, documentIndex);
}

function categoryIdsAt(data: ScriptIndexData, documentIndex: number): readonly string[] {
  const script = data.scripts[documentIndex];
  if (script) return script.categoryIds;
  const ids = columnValue(data.properties!.categoryIds, documentIndex);
  return ids === '' ? [] : ids.split('|');
}

export function scriptAt(data: ScriptIndexData, documentIndex: number): CaseScript {
  const cached = data.scripts[documentIndex];
  if (cached) return cached;
  const list = (text: string, separator: string) => (text === '' ? [] : text.split(separator));
  const properties = data.properties!;
  const present = properties.present[documentIndex]!;
  const script: CaseScript = {
    id: columnValue(properties.ids, documentIndex),
    title: originalText(data, documentIndex, TITLE),
    scenario: originalText(data, documentIndex, SCENARIO),
    solution: originalText(data, documentIndex, 4),
    script: originalText(data, documentIndex, 5),
    keywords: list(originalText(data, documentIndex, KEYWORDS), KEYWORD_SEPARATOR),
    ...(present & HAS_ALIASES ? { aliases: list(originalText(data, documentIndex, ALIASES), KEYWORD_SEPARATOR) } : {}),
    categoryIds: list(columnValue(properties.categoryIds, documentIndex), '|'),
    updatedAt: columnValue(properties.updatedAt, documentIndex),
    ...(present & HAS_OWNER ? { owner: columnValue(properties.owner, documentIndex) } : {}),
    ...(present & HAS_VERIFIED_AT ? { verifiedAt: columnValue(properties.verifiedAt, documentIndex) } : {}),
  };
  data.scripts[documentIndex] = script;
  return script;
}

/** Scripts linked to a category id (ascending), from a table built on first use. */
export function scriptsOfCategory(data: ScriptIndexData, categoryId: string): Int32Array | undefined {
  if (!data.categoryScripts) {
    const lists = new Map<string, number[]>();
    for (let documentIndex = 0; documentIndex < data.scriptCount; documentIndex++) {
      for (const id of new Set(categoryIdsAt(data, documentIndex))) {
        const list = lists.get(id);
        if (list) list.push(documentIndex);
        else lists.set(id, [documentIndex]);
      }
    }
    data.categoryScripts = new Map([...lists].map(([id, list]) => [id, Int32Array.from(list)]));
  }
  return data.categoryScripts.get(categoryId);
}

/** The index of the script with this id, or undefined. */
export function documentOfScriptId(data: ScriptIndexData, scriptId: string): number | undefined {
  if (!data.documentOfId) {
    data.documentOfId = new Map();
    for (let documentIndex = data.scriptCount - 1; documentIndex >= 0; documentIndex--) data.documentOfId.set(scriptIdAt(data, documentIndex), documentIndex);
  }
  return data.documentOfId.get(scriptId);
}

/**
 * indexOf of a folded needle in a field. Body fields without a folded copy are compared one
 * folded code unit at a time.
 */
export function fieldIndexOf(data: ScriptIndexData, documentIndex: number, field: number, needle: string, from = 0): number {
  const folded = foldedText(data, documentIndex, field);
  if (folded !== null) return folded.indexOf(needle, from);
  const text = originalText(data, documentIndex, field);
  if (readsAsWritten(data, documentIndex, field, needle)) return text.indexOf(needle, from);
  const first = needle.charCodeAt(0);
  const last = text.length - needle.length;
  search: for (let i = from; i <= last; i++) {
    if (foldCode(text.charCodeAt(i)) !== first) continue;
    for (let j = 1; j < needle.length; j++) {
      if (foldCode(text.charCodeAt(i + j)) !== needle.charCodeAt(j)) continue search;
    }
    return i;
  }
  return -1;
}

/**
 * True when the engine's own indexOf finds a folded needle in a field as written (scenario,
 * bodies): Chinese needles unless folding changes some of the field's Chinese, and one
 * character of another kind unless folding changes some of the field's other characters.
 */
function readsAsWritten(data: ScriptIndexData, documentIndex: number, field: number, needle: string): boolean {
  let kinds = 0;
  for (let i = 0; i < needle.length; i++) kinds |= isHanCode(needle.charCodeAt(i)) ? 1 : 1 << OTHER_FOLDING;
  // Other characters only as one word character (a one-character term): folding is not tracked
  // for characters between words, which a longer needle may hold.
  if (kinds !== 1 && (needle.length !== 1 || !isWordCode(needle.charCodeAt(0)))) return false;
  return (data.foldingFields[documentIndex]! & (kinds << field)) === 0;
}

// ---------------------------------------------------------------------------------------------
// Persisting: an index as plain data (strings and typed arrays), for IndexedDB

export const SCRIPT_INDEX_SNAPSHOT_FORMAT = 'iceberg-script-index';
/** Raised whenever the layout or the meaning of the stored tables changes: older snapshots are rebuilt. */
export const SCRIPT_INDEX_SNAPSHOT_VERSION = 6;

export interface ScriptIndexDataSnapshot {
  readonly scriptCount: number;
  readonly original: readonly TextColumn[];
  readonly phraseFoldedKeys: Int32Array;
  readonly phraseFolded: readonly string[];
  readonly foldingFields: Uint16Array;
  readonly properties: ScriptProperties;
  readonly codeOfId: Uint16Array;
  readonly bigrams: ReturnType<PostingsTable['toSnapshot']>;
  readonly namingUnigrams: ReturnType<PostingsTable['toSnapshot']>;
  readonly keywords: TextColumn;
  /** Per keyword: where its scripts start in `keywordDocuments` (keyword count + 1 values). */
  readonly keywordOffsets: Int32Array;
  readonly keywordDocuments: Int32Array;
  readonly titleBigrams: Int32Array;
  readonly lexicon: CompiledLexiconData;
}

export function indexDataSnapshot(data: ScriptIndexData): ScriptIndexDataSnapshot {
  const keywords = [...data.keywordScripts.keys()];
  const keywordOffsets = new Int32Array(keywords.length + 1);
  keywords.forEach((keyword, i) => (keywordOffsets[i + 1] = keywordOffsets[i]! + data.keywordScripts.get(keyword)!.length));
  const keywordDocuments = new Int32Array(keywordOffsets[keywords.length]!);
  keywords.forEach((keyword, i) => keywordDocuments.set(data.keywordScripts.get(keyword)!, keywordOffsets[i]));
  return {
    scriptCount: data.scriptCount,
    original: data.original.map((list) => columnOf(list, data.scriptCount)),
    phraseFoldedKeys: Int32Array.from(data.phraseFolded.keys()),
    phraseFolded: [...data.phraseFolded.values()],
    foldingFields: data.foldingFields,
    properties: data.properties ?? scriptProperties(Array.from({ length: data.scriptCount }, (_, i) => scriptAt(data, i))),
    codeOfId: data.codeOfId,
    bigrams: data.bigrams.toSnapshot(),
    namingUnigrams: data.namingUnigrams.toSnapshot(),
    keywords: textColumn(keywords),
    keywordOffsets,
    keywordDocuments,
    titleBigrams: data.titleBigrams,
    lexicon: compiledLexiconData(data.lexicon),
  };
}

/** The index data back from a snapshot; pinyin readings must be restored before (see script-search.ts). */
export function restoreIndexData(snapshot: ScriptIndexDataSnapshot): ScriptIndexData {
  const charIds = new Uint16Array(65536);
  for (let id = 1; id < snapshot.codeOfId.length; id++) if (charIds[snapshot.codeOfId[id]!] === 0) charIds[snapshot.codeOfId[id]!] = id;
  const keywordScripts = new Map<string, DocumentList>();
  for (let i = 0; i + 1 < snapshot.keywordOffsets.length; i++) {
    keywordScripts.set(columnValue(snapshot.keywords, i), snapshot.keywordDocuments.subarray(snapshot.keywordOffsets[i], snapshot.keywordOffsets[i + 1]));
  }
  const phraseFolded = new Map<number, string>();
  snapshot.phraseFoldedKeys.forEach((key, i) => phraseFolded.set(key, snapshot.phraseFolded[i]!));
  const original = snapshot.original.map(columnList);
  return withDerivedTables({
    scriptCount: snapshot.scriptCount,
    original,
    folded: shortFoldedLists(original, phraseFolded, snapshot.scriptCount),
    phraseFolded,
    foldingFields: snapshot.foldingFields,
    // Already one text: a woken worker's first one-character term joins nothing.
    scenarios: snapshot.original[SCENARIO],
    properties: snapshot.properties,
    charIds,
    codeOfId: snapshot.codeOfId,
    bigrams: PostingsTable.restore(snapshot.bigrams),
    namingUnigrams: PostingsTable.restore(snapshot.namingUnigrams),
    keywordScripts,
    titleBigrams: snapshot.titleBigrams,
    lexicon: restoreCompiledLexicon(snapshot.lexicon),
    scripts: new Array<CaseScript | undefined>(snapshot.scriptCount),
  });
}
