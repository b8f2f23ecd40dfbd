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
 * Keys whose two 15-bit halves are both below this go through a direct table instead of a hash:
 * characters get ids in order of first sight, so the common ones are small and most of the
 * millions of pairs a library holds take this path.
 */
const DIRECT_BITS = 10;
const DIRECT_LIMIT = 1 << DIRECT_BITS;
const SLOT_STRIDE = 4;
const KEY = 0;
const COUNT = 1;
const LAST_DOCUMENT = 2;
const LAST_ENTRY = 3;

/**
 * Collects postings one occurrence at a time. Documents must come in ascending order, all
 * occurrences of a document before the next one: the fields of a key in the current document
 * are then ORed into its one entry.
 */
export class PostingsBuilder {
  /** Direct key → slot + 1 for small keys (see DIRECT_LIMIT). */
  private readonly direct: Int32Array;
  private readonly directHighLimit: number;
  private readonly hashed = new Map<number, number>();
  /**
   * Per slot, side by side so one cache line serves a pair: its key, its entry count, the
   * document + 1 of its newest entry and that entry's position.
   */
  private slotState: Int32Array<ArrayBuffer> = new Int32Array(SLOT_STRIDE << 12);
  private slotCount = 0;
  private entrySlots: Int32Array<ArrayBuffer>;
  private entryValues: Int32Array<ArrayBuffer>;
  private length = 0;

  /**
   * `expectedEntries`: a guess that saves growing the arrays (the text length is an upper bound).
   * `directHighBits`: how many bits of a key's high half the direct table covers (0 for keys
   * below 0x8000, such as single character ids).
   */
  constructor(expectedEntries = 1 << 14, directHighBits = DIRECT_BITS) {
    this.direct = new Int32Array((1 << directHighBits) * DIRECT_LIMIT);
    this.directHighLimit = 1 << directHighBits;
    const size = Math.max(16, expectedEntries);
    this.entrySlots = new Int32Array(size);
    this.entryValues = new Int32Array(size);
  }

  add(key: number, documentIndex: number, fieldBit: number): void {
    const high = key >>> 15;
    const low = key & 0x7fff;
    let slot: number;
    if (high < this.directHighLimit && low < DIRECT_LIMIT) {
      const cell = (high << DIRECT_BITS) | low;
      slot = this.direct[cell]! - 1;
      if (slot < 0) {
        slot = this.newSlot(key);
        this.direct[cell] = slot + 1;
      }
    } else {
      slot = this.hashed.get(key) ?? -1;
      if (slot < 0) {
        slot = this.newSlot(key);
        this.hashed.set(key, slot);
      }
    }
    const state = this.slotState;
    const at = slot * SLOT_STRIDE;
    if (state[at + LAST_DOCUMENT] === documentIndex + 1) {
      const entry = state[at + LAST_ENTRY]!;
      this.entryValues[entry] = this.entryValues[entry]! | fieldBit;
      return;
    }
    if (this.length === this.entrySlots.length) {
      this.entrySlots = grow(this.entrySlots);
      this.entryValues = grow(this.entryValues);
    }
    this.entrySlots[this.length] = slot;
    this.entryValues[this.length] = (documentIndex << FIELD_BITS) | fieldBit;
    state[at + LAST_DOCUMENT] = documentIndex + 1;
    state[at + LAST_ENTRY] = this.length;
    state[at + COUNT] = state[at + COUNT]! + 1;
    this.length += 1;
  }

  /**
   * Adds the pairs of adjacent non-zero ids of `ids[0, length)` as keys (`bigramKey`): the inner
   * loop of index building, millions of times per library, with the tables held in locals.
   */
  addPairs(ids: Int32Array, length: number, documentIndex: number, fieldBit: number, onPair?: (key: number) => void): void {
    const direct = this.direct;
    const documentMark = documentIndex + 1;
    const entryValue = (documentIndex << FIELD_BITS) | fieldBit;
    let state = this.slotState;
    let entrySlots = this.entrySlots;
    let entryValues = this.entryValues;
    let entryCount = this.length;
    let previous = 0;
    for (let i = 0; i < length; i++) {
      const id = ids[i]!;
      if (id === 0 || previous === 0) {
        previous = id;
        continue;
      }
      const key = previous * 0x8000 + id;
      let slot: number;
      if (previous < DIRECT_LIMIT && id < DIRECT_LIMIT) {
        const cell = (previous << DIRECT_BITS) | id;
        slot = direct[cell]! - 1;
        if (slot < 0) {
          slot = this.newSlot(key);
          direct[cell] = slot + 1;
          state = this.slotState;
        }
      } else {
        slot = this.hashed.get(key) ?? -1;
        if (slot < 0) {
          slot = this.newSlot(key);
          this.hashed.set(key, slot);
          state = this.slotState;
        }
      }
      previous = id;
      if (onPair) onPair(key);
      const at = slot * SLOT_STRIDE;
      if (state[at + LAST_DOCUMENT] === documentMark) {
        const entry = state[at + LAST_ENTRY]!;
        entryValues[entry] = entryValues[entry]! | fieldBit;
        continue;
      }
      if (entryCount === entrySlots.length) {
        this.entrySlots = entrySlots = grow(entrySlots);
        this.entryValues = entryValues = grow(entryValues);
      }
      entrySlots[entryCount] = slot;
      entryValues[entryCount] = entryValue;
      state[at + LAST_DOCUMENT] = documentMark;
      state[at + LAST_ENTRY] = entryCount;
      state[at + COUNT] = state[at + COUNT]! + 1;
      entryCount += 1;
    }
    this.length = entryCount;
  }

  private newSlot(key: number): number {
    const slot = this.slotCount++;
    if (slot * SLOT_STRIDE === this.slotState.length) this.slotState = grow(this.slotState);
    this.slotState[slot * SLOT_STRIDE + KEY] = key;
    return slot;
  }

  build(): PostingsTable {
    const slotCount = this.slotCount;
    const offsets = new Int32Array(slotCount + 1);
    const state = this.slotState;
    for (let slot = 0; slot < slotCount; slot++) offsets[slot + 1] = offsets[slot]! + state[slot * SLOT_STRIDE + COUNT]!;
    const cursor = offsets.slice(0, slotCount);
    const entries = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const slot = this.entrySlots[i]!;
      entries[cursor[slot]!] = this.entryValues[i]!;
      cursor[slot] = cursor[slot]! + 1;
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

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
