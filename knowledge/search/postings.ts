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
  private readonly slots = new Map<number, number>();
  private counts: Int32Array<ArrayBuffer> = new Int32Array(1 << 12);
  /** Per slot: the entry of the current document (entry index + 1 in `lastDocument`'s document). */
  private lastDocument: Int32Array<ArrayBuffer> = new Int32Array(1 << 12);
  private lastEntry: Int32Array<ArrayBuffer> = new Int32Array(1 << 12);
  private entrySlots: Int32Array<ArrayBuffer> = new Int32Array(1 << 14);
  private entryValues: Int32Array<ArrayBuffer> = new Int32Array(1 << 14);
  private length = 0;

  add(key: number, documentIndex: number, fieldBit: number): void {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = this.slots.size;
      this.slots.set(key, slot);
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
    return new PostingsTable(this.slots, offsets, entries);
  }
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(array.length * 2);
  grown.set(array);
  return grown;
}
