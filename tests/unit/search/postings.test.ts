import { describe, expect, it } from 'vitest';
import { bigramKey as pairKey, entryDocument, entryFields, PostingsBuilder, SEPARATOR, type PostingsTable } from '@/knowledge/search/postings';
import { seededRandom } from '../seeded-random';

/**
 * The builder's fast paths (the direct table, the scan that stops at whatever it cannot add
 * itself) against the plainest reading of what a postings table holds: per key, the documents
 * it occurs in, ascending, with the fields ORed.
 */
interface Field {
  readonly text: string;
  readonly bit: number;
  readonly marked: boolean;
}

type Expected = Map<number, Map<number, number>>;

/** Ids given in order of first sight, as the index's character table does; spaces and punctuation separate words. */
function characterTable() {
  const codeTable = new Int32Array(65536);
  let nextId = 1;
  const learn = (code: number): number => {
    const value = code === 0x20 || code === 0x3001 ? SEPARATOR : nextId++;
    codeTable[code] = value;
    return value;
  };
  return { table: { codeValues: codeTable, learn }, idOf: (code: number) => codeTable[code] || learn(code) };
}

function note(expected: Expected, key: number, documentIndex: number, bit: number): void {
  const documents = expected.get(key) ?? new Map<number, number>();
  documents.set(documentIndex, (documents.get(documentIndex) ?? 0) | bit);
  expected.set(key, documents);
}

function tableAsMap(table: PostingsTable, keys: Iterable<number>): Expected {
  const result: Expected = new Map();
  for (const key of keys) {
    const [start, end] = table.range(key)!;
    const documents = new Map<number, number>();
    for (let i = start; i < end; i++) {
      const entry = table.entries[i]!;
      // A document out of order or twice shows as a mismatch of the key's map.
      if (i > start && entryDocument(entry) <= entryDocument(table.entries[i - 1]!)) documents.set(-1, 0);
      documents.set(entryDocument(entry), entryFields(entry));
    }
    result.set(key, documents);
  }
  return result;
}

/** Text over `alphabet` characters of the CJK block, with separators now and then. */
function randomText(random: () => number, length: number, alphabet: number): string {
  let text = '';
  for (let i = 0; i < length; i++) {
    if (random() < 0.08) text += random() < 0.5 ? ' ' : '、';
    // Skewed towards the first characters, as real text is.
    else text += String.fromCharCode(0x4e00 + Math.floor(alphabet * random() ** 3));
  }
  return text;
}

describe('postings built from text', () => {
  it('hold every pair and single character with its documents ascending and its fields ORed, past the direct table and through growth', () => {
    const random = seededRandom(7);
    const { table, idOf } = characterTable();
    // 3,000 distinct characters: ids beyond the direct table's 1,024, so keys take the hashed path too.
    const documents: Field[][] = Array.from({ length: 300 }, (_, documentIndex) =>
      documentIndex % 37 === 5
        ? [] // a document with nothing to index
        : [
            { text: randomText(random, 12, 3000), bit: 1, marked: true },
            { text: randomText(random, 40, 3000), bit: 2, marked: false },
            { text: randomText(random, 400, 3000), bit: 16, marked: false },
            { text: randomText(random, 400, 3000), bit: 32, marked: false },
          ],
    );
    // Tiny guesses: the occurrence arrays must grow many times.
    const pairs = new PostingsBuilder(8, 'pairs');
    const singles = new PostingsBuilder(8, 'single');
    const expectedPairs: Expected = new Map();
    const expectedSingles: Expected = new Map();
    const expectedMarked = new Set<number>();
    const ids = new Int32Array(1000);
    documents.forEach((fields, i) => {
      const documentIndex = i * 3; // documents need not be consecutive, only ascending
      for (const field of fields) {
        const returned = pairs.addPairsOfText(field.text, table, documentIndex, field.bit, field.marked, ids);
        expect(returned).toBe(0); // no flags in this table
        singles.addIds(ids, field.text.length, documentIndex, field.bit);
        const expectedIds = Array.from(field.text, (char) => Math.max(0, idOf(char.charCodeAt(0))));
        expect(Array.from(ids.subarray(0, field.text.length)), 'ids as read, 0 between words').toEqual(expectedIds);
        let previous = 0;
        for (let at = 0; at < field.text.length; at++) {
          const id = idOf(field.text.charCodeAt(at));
          if (id === SEPARATOR) {
            previous = 0;
            continue;
          }
          note(expectedSingles, id, documentIndex, field.bit);
          if (previous !== 0) {
            note(expectedPairs, pairKey(previous, id), documentIndex, field.bit);
            if (field.marked) expectedMarked.add(pairKey(previous, id));
          }
          previous = id;
        }
      }
    });
    const pairTable = pairs.build();
    const singleTable = singles.build();
    expect(Math.max(...expectedSingles.keys())).toBeGreaterThan(1024);
    expect(pairTable.keyCount).toBe(expectedPairs.size);
    expect(tableAsMap(pairTable, expectedPairs.keys())).toEqual(expectedPairs);
    expect(singleTable.keyCount).toBe(expectedSingles.size);
    expect(tableAsMap(singleTable, expectedSingles.keys())).toEqual(expectedSingles);
    expect(new Set(pairs.markedKeys())).toEqual(expectedMarked);
    expect(pairTable.range(pairKey(29999, 29998))).toBeUndefined();
  });

  it('keeps documents apart across thousands of documents, with empty and separator-only fields and an empty last document', () => {
    const { table, idOf } = characterTable();
    const texts = (documentIndex: number) =>
      documentIndex % 7 === 3 ? ['', ' 、 '] : documentIndex === 4999 ? [''] : [`网络${String.fromCharCode(0x4e00 + (documentIndex % 50))}断`, documentIndex % 2 ? '网络' : ''];
    const pairs = new PostingsBuilder(8, 'pairs');
    const singles = new PostingsBuilder(8, 'single');
    const expectedPairs: Expected = new Map();
    const ids = new Int32Array(16);
    for (let documentIndex = 0; documentIndex < 5000; documentIndex++) {
      texts(documentIndex).forEach((text, field) => {
        const bit = 1 << field;
        pairs.addPairsOfText(text, table, documentIndex, bit, false, ids);
        singles.addIds(ids, text.length, documentIndex, bit);
        let previous = 0;
        for (const char of text) {
          const id = idOf(char.charCodeAt(0));
          if (id !== SEPARATOR && previous !== 0) note(expectedPairs, pairKey(previous, id), documentIndex, bit);
          previous = id === SEPARATOR ? 0 : id;
        }
      });
    }
    expect(tableAsMap(pairs.build(), expectedPairs.keys())).toEqual(expectedPairs);
    const network = pairKey(idOf(0x7f51), idOf(0x7edc)); // 网络
    const documents = [...expectedPairs.get(network)!.keys()];
    expect(documents).toHaveLength(5000 - Math.ceil((5000 - 3) / 7) - 1);
    expect(singles.build().documentCount(idOf(0x65ad))).toBe(documents.length); // 断
  });

  it('returns the flags of the code units it read, ORed, whatever path each pair took', () => {
    const codeTable = new Int32Array(65536);
    const traditional = 1 << 16;
    let nextId = 1;
    const learn = (code: number) => (codeTable[code] = (nextId++ | (code === 0x7db2 ? traditional : 0)));
    const table = { codeValues: codeTable, learn };
    const builder = new PostingsBuilder(4, 'pairs');
    expect(builder.addPairsOfText('网络', table, 0, 1)).toBe(0);
    expect(builder.addPairsOfText('网路網路', table, 0, 2)).toBe(traditional >>> 16);
    expect(builder.addPairsOfText('网络', table, 1, 1)).toBe(0);
    const postings = builder.build();
    const key = pairKey(codeTable[0x7f51]! & 0xffff, codeTable[0x7edc]! & 0xffff); // 网络
    expect(tableAsMap(postings, [key]).get(key)).toEqual(new Map([[0, 1], [1, 1]]));
  });
});
