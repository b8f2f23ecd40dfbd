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
 * Keys whose two 15-bit halves are both below these limits go through a direct table instead
 * of a hash: characters get ids in order of first sight, so the common ones are small and most
 * of the millions of pairs a library holds take this path.
 */
const PAIR_DIRECT_BITS = 10;
const SLOT_STRIDE = 4;
const KEY = 0;
const COUNT = 1;
const LAST_DOCUMENT = 2;
const LAST_ENTRY = 3;

/**
 * What a per-build table says about a code unit of library text (see `addPairsOfText`): the id
 * of its folded character in the low 16 bits and flags above them; SEPARATOR between words; 0
 * for a code unit not looked up yet.
 */
export const SEPARATOR = -1;

/**
 * Collects postings one occurrence at a time. Documents must come in ascending order, all
 * occurrences of a document before the next one: the fields of a key in the current document
 * are then ORed into its one entry. Pairs are added straight from the text (`addPairsOfText`),
 * the inner loop of index building, millions of times per library.
 */
export class PostingsBuilder {
  /** Direct key → slot + 1 for keys whose halves are below the limits. */
  private readonly direct: Int32Array;
  private readonly highLimit: number;
  private readonly lowBits: number;
  private readonly lowLimit: number;
  private readonly hashed = new Map<number, number>();
  /**
   * Per slot, side by side so one cache line serves a pair: its key, its entry count, the
   * document + 1 of its newest entry and that entry's position.
   */
  private slotState: Int32Array<ArrayBuffer> = new Int32Array(SLOT_STRIDE << 12);
  /** Per slot: 1 when it occurred in a field added with `marked` (titles). */
  private slotMarks: Uint8Array<ArrayBuffer> = new Uint8Array(1 << 12);
  private slotCount = 0;
  private entrySlots: Int32Array<ArrayBuffer>;
  private entryValues: Int32Array<ArrayBuffer>;
  private length = 0;

  /**
   * `expectedEntries`: a guess that saves growing the arrays. Pairs of ids (`pairs`) or single
   * ids below 0x8000 (`single`, all through the direct table).
   */
  constructor(expectedEntries: number, keys: 'pairs' | 'single') {
    const highBits = keys === 'pairs' ? PAIR_DIRECT_BITS : 0;
    this.lowBits = keys === 'pairs' ? PAIR_DIRECT_BITS : 15;
    this.highLimit = 1 << highBits;
    this.lowLimit = 1 << this.lowBits;
    this.direct = new Int32Array(1 << (highBits + this.lowBits));
    const size = Math.max(16, expectedEntries);
    this.entrySlots = new Int32Array(size);
    this.entryValues = new Int32Array(size);
  }

  private slotOf(high: number, low: number): number {
    if (high < this.highLimit && low < this.lowLimit) {
      const cell = (high << this.lowBits) | low;
      const slot = this.direct[cell]! - 1;
      if (slot >= 0) return slot;
      const created = this.newSlot(high * 0x8000 + low);
      this.direct[cell] = created + 1;
      return created;
    }
    const key = high * 0x8000 + low;
    const slot = this.hashed.get(key);
    if (slot !== undefined) return slot;
    const created = this.newSlot(key);
    this.hashed.set(key, created);
    return created;
  }

  /** Adds each non-zero id of `ids[0, length)` (single ids, below 0x8000) as a key. */
  addIds(ids: Int32Array, length: number, documentIndex: number, fieldBit: number): void {
    const direct = this.direct;
    const documentMark = documentIndex + 1;
    const entryValue = (documentIndex << FIELD_BITS) | fieldBit;
    let state = this.slotState;
    for (let i = 0; i < length; i++) {
      const id = ids[i]!;
      if (id === 0) continue;
      let slot = direct[id]! - 1;
      if (slot < 0) {
        slot = this.newSlot(id);
        direct[id] = slot + 1;
        state = this.slotState;
      }
      const at = slot * SLOT_STRIDE;
      if (state[at + LAST_DOCUMENT] === documentMark) {
        const entry = state[at + LAST_ENTRY]!;
        this.entryValues[entry] = this.entryValues[entry]! | fieldBit;
        continue;
      }
      if (this.length === this.entrySlots.length) this.growEntries();
      this.entrySlots[this.length] = slot;
      this.entryValues[this.length] = entryValue;
      state[at + LAST_DOCUMENT] = documentMark;
      state[at + LAST_ENTRY] = this.length;
      state[at + COUNT] = state[at + COUNT]! + 1;
      this.length += 1;
    }
  }

  /**
   * Adds the pairs of adjacent word characters of `text` as keys (`bigramKey` of their ids),
   * looking each code unit up in `codeTable` (see SEPARATOR; `learn` fills a code unit not looked
   * up yet). With `ids`, also writes each code unit's id there (0 between words). Returns the
   * flags of the code units seen, ORed. `marked`: remember the keys' slots (`markedKeys`).
   */
  addPairsOfText(
    text: string,
    codeTable: Int32Array,
    learn: (code: number) => number,
    documentIndex: number,
    fieldBit: number,
    marked = false,
    ids?: Int32Array,
  ): number {
    const direct = this.direct;
    const documentMark = documentIndex + 1;
    const entryValue = (documentIndex << FIELD_BITS) | fieldBit;
    let state = this.slotState;
    let entrySlots = this.entrySlots;
    let entryValues = this.entryValues;
    let entryCount = this.length;
    let flags = 0;
    let previous = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let value = codeTable[code]!;
      if (value === 0) value = learn(code);
      if (value < 0) {
        if (ids) ids[i] = 0;
        previous = 0;
        continue;
      }
      flags |= value;
      const id = value & 0xffff;
      if (ids) ids[i] = id;
      if (previous === 0) {
        previous = id;
        continue;
      }
      let slot: number;
      if (previous < 1 << PAIR_DIRECT_BITS && id < 1 << PAIR_DIRECT_BITS) {
        const cell = (previous << PAIR_DIRECT_BITS) | id;
        slot = direct[cell]! - 1;
        if (slot < 0) {
          slot = this.newSlot(previous * 0x8000 + id);
          direct[cell] = slot + 1;
          state = this.slotState;
        }
      } else {
        slot = this.slotOf(previous, id);
        state = this.slotState;
      }
      previous = id;
      if (marked) this.slotMarks[slot] = 1;
      const at = slot * SLOT_STRIDE;
      if (state[at + LAST_DOCUMENT] === documentMark) {
        const entry = state[at + LAST_ENTRY]!;
        entryValues[entry] = entryValues[entry]! | fieldBit;
        continue;
      }
      if (entryCount === entrySlots.length) {
        this.length = entryCount;
        this.growEntries();
        entrySlots = this.entrySlots;
        entryValues = this.entryValues;
      }
      entrySlots[entryCount] = slot;
      entryValues[entryCount] = entryValue;
      state[at + LAST_DOCUMENT] = documentMark;
      state[at + LAST_ENTRY] = entryCount;
      state[at + COUNT] = state[at + COUNT]! + 1;
      entryCount += 1;
    }
    this.length = entryCount;
    return flags >>> 16;
  }

  /** Keys whose slots were added with `marked`. */
  markedKeys(): Int32Array {
    const keys: number[] = [];
    for (let slot = 0; slot < this.slotCount; slot++) if (this.slotMarks[slot]) keys.push(this.slotState[slot * SLOT_STRIDE + KEY]!);
    return Int32Array.from(keys);
  }

  private newSlot(key: number): number {
    const slot = this.slotCount++;
    if (slot * SLOT_STRIDE === this.slotState.length) {
      this.slotState = grow(this.slotState, 2);
      const marks = new Uint8Array(this.slotMarks.length * 2);
      marks.set(this.slotMarks);
      this.slotMarks = marks;
    }
    this.slotState[slot * SLOT_STRIDE + KEY] = key;
    return slot;
  }

  private growEntries(): void {
    this.entrySlots = grow(this.entrySlots, 1.5);
    this.entryValues = grow(this.entryValues, 1.5);
  }

  build(): PostingsTable {
    const slotCount = this.slotCount;
    const offsets = new Int32Array(slotCount + 1);
    const state = this.slotState;
    for (let slot = 0; slot < slotCount; slot++) offsets[slot + 1] = offsets[slot]! + state[slot * SLOT_STRIDE + COUNT]!;
    // Each slot's next free place, kept where its count was (the count is no longer needed).
    for (let slot = 0; slot < slotCount; slot++) state[slot * SLOT_STRIDE + COUNT] = offsets[slot]!;
    const entries = new Int32Array(this.length);
    const entrySlots = this.entrySlots;
    const entryValues = this.entryValues;
    for (let i = 0; i < this.length; i++) {
      const at = entrySlots[i]! * SLOT_STRIDE + COUNT;
      entries[state[at]!] = entryValues[i]!;
      state[at] = state[at]! + 1;
    }
    let size = 16;
    while (size < slotCount * 2) size *= 2;
    const keys = new Int32Array(size).fill(-1);
    const slots = new Int32Array(size);
    const shift = 32 - Math.log2(size);
    for (let slot = 0; slot < slotCount; slot++) {
      const key = state[slot * SLOT_STRIDE + KEY]!;
      let at = home(key, shift);
      while (keys[at] !== -1) at = (at + 1) & (size - 1);
      keys[at] = key;
      slots[at] = slot;
    }
    return PostingsTable.restore({ keys, slots, offsets, entries });
  }
}

function grow(array: Int32Array<ArrayBuffer>, factor: number): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(Math.ceil(array.length * factor));
  grown.set(array);
  return grown;
}
