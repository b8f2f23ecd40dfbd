/**
 * Posting lists in flat typed arrays (a few hundred thousand keys would otherwise mean as many
 * objects), so that a table is built in one pass and stored or restored as plain buffers. An
 * entry is `documentIndex << FIELD_BITS | fieldMask`; entries of a key are in ascending document
 * order because documents are added in order.
 */
export const FIELD_BITS = 6;
const FIELD_MASK = (1 << FIELD_BITS) - 1;

export function entryDocument(entry: number): number {
  return entry >> FIELD_BITS;
}

export function entryFields(entry: number): number {
  return entry & FIELD_MASK;
}

/** A table as plain data: what IndexedDB stores and `PostingsTable.restore` takes back. */
export interface PostingsSnapshot {
  /** Open addressing: key per cell, -1 for an empty cell; its length is a power of two. */
  readonly keys: Int32Array;
  /** Per cell: the key's slot. */
  readonly slots: Int32Array;
  /** Per slot: where its entries start in `entries` (slot count + 1 values). */
  readonly offsets: Int32Array;
  readonly entries: Int32Array;
}

/** Fibonacci hashing: the product's high bits. */
function home(key: number, shift: number): number {
  return Math.imul(key, 0x9e3779b1) >>> shift;
}

export class PostingsTable {
  private readonly shift: number;
  private readonly mask: number;

  private constructor(private readonly snapshot: PostingsSnapshot) {
    this.shift = 32 - Math.log2(snapshot.keys.length);
    this.mask = snapshot.keys.length - 1;
  }

  static restore(snapshot: PostingsSnapshot): PostingsTable {
    const size = snapshot.keys.length;
    if (size < 2 || (size & (size - 1)) !== 0 || snapshot.slots.length !== size) throw new TypeError('not a postings table');
    return new PostingsTable(snapshot);
  }

  get entries(): Int32Array {
    return this.snapshot.entries;
  }

  private slotOf(key: number): number {
    const { keys, slots } = this.snapshot;
    for (let at = home(key, this.shift); ; at = (at + 1) & this.mask) {
      const found = keys[at]!;
      if (found === key) return slots[at]!;
      if (found === -1) return -1;
    }
  }

  /** [start, end) of the key's entries in `entries`, or undefined. */
  range(key: number): [number, number] | undefined {
    const slot = this.slotOf(key);
    if (slot < 0) return undefined;
    return [this.snapshot.offsets[slot]!, this.snapshot.offsets[slot + 1]!];
  }

  /** Number of documents the key occurs in. */
  documentCount(key: number): number {
    const slot = this.slotOf(key);
    return slot < 0 ? 0 : this.snapshot.offsets[slot + 1]! - this.snapshot.offsets[slot]!;
  }

  get keyCount(): number {
    return this.snapshot.offsets.length - 1;
  }

  /** Every key, in no particular order. */
  *allKeys(): IterableIterator<number> {
    for (const key of this.snapshot.keys) if (key !== -1) yield key;
  }

  toSnapshot(): PostingsSnapshot {
    return this.snapshot;
  }
}

/**
 * What a per-build table says about a code unit of library text (see `addPairsOfText`): the id
 * of its folded character in the low 16 bits and flags above them; SEPARATOR between words; 0
 * for a code unit not looked up yet.
 */
export const SEPARATOR = -1;

/** Character ids are below this (15 bits), so that keys stay small integers (V8 keeps them unboxed in Maps). */
export const CHAR_ID_LIMIT = 1 << 15;

/** The key of a pair of character ids; a single id is its own key. */
export function bigramKey(firstId: number, secondId: number): number {
  return firstId * CHAR_ID_LIMIT + secondId;
}

/** The ids a pair key was made of (see bigramKey). */
export function firstIdOf(key: number): number {
  return Math.floor(key / CHAR_ID_LIMIT);
}

export function secondIdOf(key: number): number {
  return key % CHAR_ID_LIMIT;
}

/** A per-build table of code units (see SEPARATOR), filled as the text is read. */
export interface CodeUnitTable {
  /** Per code unit: its value, 0 for one not looked up yet. */
  readonly codeValues: Int32Array;
  /** Looks up a code unit not looked up yet: stores its value in `codeValues` and returns it. */
  learn(code: number): number;
}

/**
 * Pair keys whose two ids are both below this limit go through a direct table instead of a hash:
 * characters get ids in order of first sight, so the common ones are small and most of the
 * millions of pairs a library holds take this path.
 */
const DIRECT_LIMIT = 1 << 10;

/**
 * Collects postings one occurrence at a time. Documents must come in ascending order, all
 * occurrences of a document before the next one: the fields of a key in the current document
 * are then ORed into its one entry. Pairs are added straight from the text (`addPairsOfText`),
 * the inner loop of index building, millions of times per library.
 */
export class PostingsBuilder {
  /**
   * Key → slot + 1 for pair keys whose two ids are below DIRECT_LIMIT (most pairs: ids are given
   * in order of first sight), and for every single id (cell `high * DIRECT_LIMIT + low`).
   */
  private readonly direct: Int32Array;
  /** The low ids the direct table covers: DIRECT_LIMIT for pairs, every id for single ids. */
  private readonly directWidth: number;
  /** Key → slot for the other keys. */
  private readonly hashed = new Map<number, number>();
  // The arrays that grow start empty and are grown by the constructor: a field stored only once
  // is taken by the engine as constant, and the first growth then throws away the optimised code
  // of the loops below, which takes tens of milliseconds to compile, mid-build.
  private slotKeys = EMPTY;
  /**
   * Per slot, two numbers side by side (one cache line): where its newest occurrence is, so a key
   * seen again in the same document adds its field there; and how many documents it occurred in,
   * which saves `build` a counting pass over the occurrences.
   */
  private slotTallies = EMPTY;
  /** Per slot: 1 when it occurred in a field added with `marked` (titles). */
  private slotMarks = new Uint8Array(0);
  private slotCount = 0;
  /**
   * Occurrences in the order they came, one number each: `slot << FIELD_BITS | fieldMask`. The
   * document is not in it (`documents` says where each document's run starts), which halves
   * the memory a build goes through.
   */
  private occurrences = EMPTY;
  private occurrenceCount = 0;
  /** Documents that have occurrences, ascending, and where their run starts in `occurrences`. */
  private documents = EMPTY;
  private documentRunStarts = EMPTY;
  private documentCount = 0;
  private documentIndex = -1;
  /** Where the current document's occurrences start: a slot whose newest occurrence is before it has none yet. */
  private documentStart = 0;
  /** Where `scanPairs` stopped: the id before the stop (0 after a separator) and the flags seen so far. */
  private scanPrevious = 0;
  private scanFlags = 0;
  private scanIdsOffset = 0;

  /**
   * `expectedEntries`: a guess that saves growing the arrays; `documentCount`: how many documents
   * may come (growing past it costs a first build the optimised code of every loop that adds a
   * document, when the growth path is taken the first time). Keys are pairs of ids
   * (`addPairsOfText`) or single ids (`addIds`).
   */
  constructor(expectedEntries: number, keys: 'pairs' | 'single', documentCount = 0) {
    this.directWidth = keys === 'pairs' ? DIRECT_LIMIT : CHAR_ID_LIMIT;
    this.direct = new Int32Array(keys === 'pairs' ? DIRECT_LIMIT * DIRECT_LIMIT : CHAR_ID_LIMIT);
    this.occurrences = grow(this.occurrences, Math.max(16, expectedEntries));
    this.growSlots(1 << 12);
    this.growDocuments(Math.max(16, documentCount));
  }

  private growSlots(length: number): void {
    this.slotKeys = grow(this.slotKeys, length);
    this.slotTallies = grow(this.slotTallies, length * 2);
    const marks = new Uint8Array(length);
    marks.set(this.slotMarks);
    this.slotMarks = marks;
  }

  private growDocuments(length: number): void {
    this.documents = grow(this.documents, length);
    this.documentRunStarts = grow(this.documentRunStarts, length);
  }

  private startDocument(documentIndex: number): void {
    if (documentIndex === this.documentIndex) return;
    this.documentIndex = documentIndex;
    this.documentStart = this.occurrenceCount;
    if (this.documentCount > 0 && this.documentRunStarts[this.documentCount - 1] === this.occurrenceCount) this.documentCount -= 1; // the previous one had none
    if (this.documentCount === this.documents.length) this.growDocuments(this.documents.length * 2);
    this.documents[this.documentCount] = documentIndex;
    this.documentRunStarts[this.documentCount] = this.occurrenceCount;
    this.documentCount += 1;
  }

  /** The slot of a key, created when new. */
  private slotOf(high: number, low: number): number {
    const key = bigramKey(high, low);
    if (high < DIRECT_LIMIT && low < this.directWidth) {
      const cell = high * DIRECT_LIMIT + low;
      const slot = this.direct[cell]! - 1;
      if (slot >= 0) return slot;
      const created = this.newSlot(key);
      this.direct[cell] = created + 1;
      return created;
    }
    const slot = this.hashed.get(key);
    if (slot !== undefined) return slot;
    const created = this.newSlot(key);
    this.hashed.set(key, created);
    return created;
  }

  /** Adds an occurrence of the slot's key in the current document: the slow path of the loops below. */
  private addToSlot(slot: number, fieldBit: number): void {
    if (this.occurrenceCount === this.occurrences.length) this.occurrences = grow(this.occurrences, Math.ceil(this.occurrences.length * 1.5));
    this.occurrenceCount = addOccurrence(this.occurrences, this.slotTallies, slot, fieldBit, this.documentStart, this.occurrenceCount);
  }

  /** Adds each non-zero id of `ids[0, length)` (single ids) as a key. */
  addIds(ids: Int32Array, length: number, documentIndex: number, fieldBit: number): void {
    this.startDocument(documentIndex);
    for (let at = this.scanIds(ids, 0, length, fieldBit); at < length; at = this.scanIds(ids, at + 1, length, fieldBit)) {
      this.addToSlot(this.slotOf(0, ids[at]!), fieldBit);
    }
  }

  /** The inner loop of `addIds`, stopping (like `scanPairs`) at an id it cannot add itself. */
  private scanIds(ids: Int32Array, from: number, length: number, fieldBit: number): number {
    const direct = this.direct;
    const tallies = this.slotTallies;
    const occurrences = this.occurrences;
    const capacity = occurrences.length;
    const documentStart = this.documentStart;
    let count = this.occurrenceCount;
    let i = from;
    for (; i < length; i++) {
      const id = ids[i]!;
      if (id === 0) continue;
      if (id >= CHAR_ID_LIMIT || count === capacity) break;
      const slot = direct[id]! - 1;
      if (slot < 0) break;
      count = addOccurrence(occurrences, tallies, slot, fieldBit, documentStart, count);
    }
    this.occurrenceCount = count;
    return i;
  }

  /**
   * Adds the pairs of adjacent word characters of `text` as keys (`bigramKey` of their ids),
   * looking each code unit up in `table`. With `ids`, also writes each code unit's id there (0
   * between words), from `idsOffset` on. Returns the flags of the code units seen, ORed.
   * `marked`: remember the keys' slots (`markedKeys`).
   */
  addPairsOfText(
    text: string,
    table: CodeUnitTable,
    documentIndex: number,
    fieldBit: number,
    marked = false,
    ids?: Int32Array,
    idsOffset = 0,
  ): number {
    this.startDocument(documentIndex);
    this.scanPrevious = 0;
    this.scanFlags = 0;
    this.scanIdsOffset = idsOffset;
    for (let at = this.scanPairs(text, 0, table, fieldBit, marked, ids); at < text.length; at = this.scanPairs(text, at, table, fieldBit, marked, ids)) {
      // The scan stopped at a code unit not looked up yet, or at a pair it could not add itself.
      const code = text.charCodeAt(at);
      if (table.codeValues[code] === 0) {
        // The scan resumes here and reads the table again: a code unit left unknown would loop forever.
        if (table.learn(code) === 0 || table.codeValues[code] === 0) throw new RangeError(`code unit ${code} was not given a value`);
        continue;
      }
      const id = table.codeValues[code]! & 0xffff;
      const slot = this.slotOf(this.scanPrevious, id);
      if (marked) this.slotMarks[slot] = 1;
      this.addToSlot(slot, fieldBit);
      this.scanPrevious = id;
      at += 1;
    }
    return this.scanFlags >>> 16;
  }

  /**
   * The inner loop: pairs of the direct table, while the arrays have room. It stops (returns the
   * position) at whatever needs more than that, so that its compiled code holds no rarely taken
   * paths (the engine throws optimised code away when a path it has not seen taken yet is taken)
   * and no calls (a code unit not looked up yet stops it: a call to look it up here made every
   * build slower).
   */
  private scanPairs(text: string, from: number, table: CodeUnitTable, fieldBit: number, marked: boolean, ids: Int32Array | undefined): number {
    const codeTable = table.codeValues;
    const direct = this.direct;
    const tallies = this.slotTallies;
    const marks = this.slotMarks;
    const slotKeys = this.slotKeys;
    let slotCount = this.slotCount;
    const occurrences = this.occurrences;
    const capacity = occurrences.length;
    const documentStart = this.documentStart;
    let occurrenceCount = this.occurrenceCount;
    let flags = this.scanFlags;
    let previous = this.scanPrevious;
    const idsOffset = this.scanIdsOffset;
    let i = from;
    for (; i < text.length; i++) {
      const value = codeTable[text.charCodeAt(i)]!;
      if (value <= 0) {
        if (value === 0) break;
        if (ids) ids[idsOffset + i] = 0;
        previous = 0;
        continue;
      }
      flags |= value;
      const id = value & 0xffff;
      if (ids) ids[idsOffset + i] = id;
      if (previous !== 0) {
        if ((previous | id) >= DIRECT_LIMIT || occurrenceCount === capacity) break;
        const cell = previous * DIRECT_LIMIT + id;
        let slot = direct[cell]! - 1;
        if (slot < 0) {
          // A new pair, while the slot arrays have room: most pairs of a library's first
          // documents, which run before this loop is optimised; a stop per new pair made a first
          // build 12-17 ms slower.
          if (slotCount === slotKeys.length) break;
          slot = slotCount++;
          slotKeys[slot] = bigramKey(previous, id);
          tallies[slot * 2] = -1;
          direct[cell] = slot + 1;
        }
        if (marked) marks[slot] = 1;
        occurrenceCount = addOccurrence(occurrences, tallies, slot, fieldBit, documentStart, occurrenceCount);
      }
      previous = id;
    }
    this.occurrenceCount = occurrenceCount;
    this.slotCount = slotCount;
    this.scanFlags = flags;
    this.scanPrevious = previous;
    return i;
  }

  /** Keys whose slots were added with `marked`. */
  markedKeys(): Int32Array {
    const keys: number[] = [];
    for (let slot = 0; slot < this.slotCount; slot++) if (this.slotMarks[slot]) keys.push(this.slotKeys[slot]!);
    return Int32Array.from(keys);
  }

  private newSlot(key: number): number {
    const slot = this.slotCount++;
    if (slot === this.slotKeys.length) this.growSlots(slot * 2);
    // Occurrences keep the slot in 25 bits: more distinct keys than that would take over 33 million characters.
    if (slot >= 1 << (31 - FIELD_BITS)) throw new RangeError('too many distinct character pairs for one index');
    this.slotKeys[slot] = key;
    this.slotTallies[slot * 2] = -1;
    return slot;
  }

  build(): PostingsTable {
    // One function per pass: each is optimised on its own while it runs (a library's build calls
    // each once per table), and none carries code for the passes after it that has not run yet.
    const offsets = slotOffsets(this.slotTallies, this.slotCount);
    const entries = documentEntries(this.occurrences, this.occurrenceCount, offsets, this.documents, this.documentRunStarts, this.documentCount);
    return PostingsTable.restore({ ...keyCells(this.slotKeys, this.slotCount), offsets, entries });
  }
}

/** Where each slot's entries start (slot count + 1 values): its document count, summed. */
function slotOffsets(tallies: Int32Array, slotCount: number): Int32Array {
  const offsets = new Int32Array(slotCount + 1);
  for (let slot = 0; slot < slotCount; slot++) offsets[slot + 1] = offsets[slot]! + tallies[slot * 2 + 1]!;
  return offsets;
}

/** The entries, by slot: each occurrence with its document, in document order within a slot. */
function documentEntries(occurrences: Int32Array, length: number, offsets: Int32Array, documents: Int32Array, runStarts: Int32Array, documentCount: number): Int32Array {
  const next = offsets.slice(0, offsets.length - 1);
  const entries = new Int32Array(length);
  for (let run = 0; run < documentCount; run++) {
    const documentBits = documents[run]! << FIELD_BITS;
    const end = run + 1 < documentCount ? runStarts[run + 1]! : length;
    for (let i = runStarts[run]!; i < end; i++) {
      const occurrence = occurrences[i]!;
      entries[next[occurrence >>> FIELD_BITS]!++] = documentBits | (occurrence & FIELD_MASK);
    }
  }
  return entries;
}

/** The open-addressing cells of the keys (see PostingsSnapshot). */
function keyCells(slotKeys: Int32Array, slotCount: number): { keys: Int32Array; slots: Int32Array } {
  let size = 16;
  while (size < slotCount * 2) size *= 2;
  const keys = new Int32Array(size).fill(-1);
  const slots = new Int32Array(size);
  const shift = 32 - Math.log2(size);
  for (let slot = 0; slot < slotCount; slot++) {
    const key = slotKeys[slot]!;
    let at = home(key, shift);
    while (keys[at] !== -1) at = (at + 1) & (size - 1);
    keys[at] = key;
    slots[at] = slot;
  }
  return { keys, slots };
}

/**
 * Adds an occurrence of a slot's key to the current document's run, which starts at
 * `documentStart`: ORs the field into the key's occurrence when the run has one, else appends
 * one at `count` (the caller makes room). Returns the new occurrence count.
 */
function addOccurrence(occurrences: Int32Array, tallies: Int32Array, slot: number, fieldBit: number, documentStart: number, count: number): number {
  const newest = tallies[slot * 2]!;
  if (newest >= documentStart) {
    occurrences[newest] = occurrences[newest]! | fieldBit;
    return count;
  }
  occurrences[count] = (slot << FIELD_BITS) | fieldBit;
  tallies[slot * 2] = count;
  tallies[slot * 2 + 1] = tallies[slot * 2 + 1]! + 1;
  return count + 1;
}

const EMPTY = new Int32Array(0);

function grow(array: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(length);
  grown.set(array);
  return grown;
}
