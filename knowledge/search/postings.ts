/**
 * Posting lists in one flat Int32Array (a few hundred thousand keys would otherwise mean as many
 * typed-array objects). An entry is `documentIndex << FIELD_BITS | fieldMask`; entries of a key
 * are in ascending document order because documents are added in order.
 */
export const FIELD_BITS = 5;
const FIELD_MASK = (1 << FIELD_BITS) - 1;

export function entryDocument(entry: number): number {
  return entry >> FIELD_BITS;
}

export function entryFields(entry: number): number {
  return entry & FIELD_MASK;
}

export class PostingsTable {
  constructor(
    private readonly slots: Map<number, number>,
    private readonly offsets: Int32Array,
    readonly entries: Int32Array,
  ) {}

  /** [start, end) of the key's entries in `entries`, or undefined. */
  range(key: number): [number, number] | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    return [this.offsets[slot]!, this.offsets[slot + 1]!];
  }

  /** Number of documents the key occurs in. */
  documentCount(key: number): number {
    const slot = this.slots.get(key);
    return slot === undefined ? 0 : this.offsets[slot + 1]! - this.offsets[slot]!;
  }

  get keyCount(): number {
    return this.slots.size;
  }

  get byteLength(): number {
    return this.entries.byteLength + this.offsets.byteLength;
  }
}

/**
 * Collects postings one occurrence at a time. Documents must come in ascending order, all
 * occurrences of a document before the next one: the fields of a key in the current document
 * are then ORed into its one entry.
 */
export class PostingsBuilder {
  private readonly slots = new IntSlots();
  private counts: Int32Array<ArrayBuffer> = new Int32Array(1 << 12);
  /** Per slot: the entry of the current document (entry index + 1 in `lastDocument`'s document). */
  private lastDocument: Int32Array<ArrayBuffer> = new Int32Array(1 << 12);
  private lastEntry: Int32Array<ArrayBuffer> = new Int32Array(1 << 12);
  private entrySlots: Int32Array<ArrayBuffer> = new Int32Array(1 << 14);
  private entryValues: Int32Array<ArrayBuffer> = new Int32Array(1 << 14);
  private length = 0;

  add(key: number, documentIndex: number, fieldBit: number): void {
    const size = this.slots.size;
    const slot = this.slots.slotOf(key);
    if (slot === size) {
      if (slot === this.counts.length) {
        this.counts = grow(this.counts);
        this.lastDocument = grow(this.lastDocument);
        this.lastEntry = grow(this.lastEntry);
      }
    } else if (this.lastDocument[slot] === documentIndex + 1) {
      const entry = this.lastEntry[slot]!;
      this.entryValues[entry] = this.entryValues[entry]! | fieldBit;
      return;
    }
    if (this.length === this.entrySlots.length) {
      this.entrySlots = grow(this.entrySlots);
      this.entryValues = grow(this.entryValues);
    }
    this.entrySlots[this.length] = slot;
    this.entryValues[this.length] = (documentIndex << FIELD_BITS) | fieldBit;
    this.lastDocument[slot] = documentIndex + 1;
    this.lastEntry[slot] = this.length;
    this.length += 1;
    this.counts[slot] = this.counts[slot]! + 1;
  }

  build(): PostingsTable {
    const slotCount = this.slots.size;
    const offsets = new Int32Array(slotCount + 1);
    for (let slot = 0; slot < slotCount; slot++) offsets[slot + 1] = offsets[slot]! + this.counts[slot]!;
    const cursor = offsets.slice(0, slotCount);
    const entries = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) {
      const slot = this.entrySlots[i]!;
      entries[cursor[slot]!] = this.entryValues[i]!;
      cursor[slot] = cursor[slot]! + 1;
    }
    return new PostingsTable(this.slots.toMap(), offsets, entries);
  }
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}

/**
 * Key → slot (0, 1, 2, … in order of first sight) for non-negative integer keys: open addressing
 * in typed arrays. Index building looks up every character pair of the library, millions of
 * times; a Map is several times slower at that.
 */
class IntSlots {
  private keys: Int32Array<ArrayBuffer> = new Int32Array(1 << 12).fill(-1);
  private values: Int32Array<ArrayBuffer> = new Int32Array(1 << 12);
  /** 32 − log2(capacity): Fibonacci hashing takes the product's high bits. */
  private shift = 20;
  size = 0;

  /** The key's slot, assigning the next one (= size before the call) to a new key. */
  slotOf(key: number): number {
    let at = this.home(key);
    const mask = this.keys.length - 1;
    for (;;) {
      const found = this.keys[at]!;
      if (found === key) return this.values[at]!;
      if (found === -1) break;
      at = (at + 1) & mask;
    }
    if ((this.size + 1) * 2 > this.keys.length) {
      this.rehash();
      at = this.free(key);
    }
    this.keys[at] = key;
    this.values[at] = this.size;
    return this.size++;
  }

  toMap(): Map<number, number> {
    const map = new Map<number, number>();
    for (let at = 0; at < this.keys.length; at++) if (this.keys[at] !== -1) map.set(this.keys[at]!, this.values[at]!);
    return map;
  }

  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  private free(key: number): number {
    const mask = this.keys.length - 1;
    let at = this.home(key);
    while (this.keys[at] !== -1) at = (at + 1) & mask;
    return at;
  }

  private rehash(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Int32Array(oldKeys.length * 2).fill(-1);
    this.values = new Int32Array(oldKeys.length * 2);
    this.shift -= 1;
    for (let i = 0; i < oldKeys.length; i++) {
      const key = oldKeys[i]!;
      if (key === -1) continue;
      const at = this.free(key);
      this.keys[at] = key;
      this.values[at] = oldValues[i]!;
    }
  }
}
