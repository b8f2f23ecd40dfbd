import { describe, expect, it } from 'vitest';
import { PINYIN_READINGS } from '@/knowledge/search/pinyin-readings';
import { addPinyinReadingsOfCodes, pinyinReadings, queryCharReadings } from '@/knowledge/search/pinyin-table';
import { pinyinReadingEntries } from '@/knowledge/search/pinyin-table-source';

const codeOf = (char: string) => char.charCodeAt(0);

describe('pinyin readings', () => {
  it('come from a table that matches what pinyin-pro gives today, character by character', () => {
    // Fails after a pinyin-pro update: run `npx tsx knowledge/cli/write-search-tables.ts`.
    expect(PINYIN_READINGS).toBe(pinyinReadingEntries());
  });

  it('keep every reading of a polyphonic character, ü as both v and u, and the blocks at both ends', () => {
    addPinyinReadingsOfCodes(['重', '绿', '流', '量', '一', '㑇', '䶮', '鿏'].map(codeOf));
    expect(pinyinReadings(codeOf('重'))).toEqual(expect.arrayContaining(['zhong', 'chong']));
    expect(pinyinReadings(codeOf('绿'))).toEqual(expect.arrayContaining(['lv', 'lu']));
    expect(pinyinReadings(codeOf('流'))).toEqual(['liu']);
    expect(pinyinReadings(codeOf('量'))).toEqual(expect.arrayContaining(['liang']));
    // The first and last characters with readings in Extension A and in the unified block: an
    // entry off by one would give them their neighbours' (empty) readings.
    expect(pinyinReadings(codeOf('一'))).toEqual(['yi']);
    expect(pinyinReadings(codeOf('㑇'))).toEqual(['zhou']);
    expect(pinyinReadings(codeOf('䶮'))).toEqual(['yan']);
    expect(pinyinReadings(codeOf('鿏'))).toEqual(['mai']);
  });

  it('give a Traditional character typed in a query its readings, and nothing to other characters', () => {
    expect(queryCharReadings(codeOf('線'))).toEqual(['xian']);
    expect(queryCharReadings(codeOf('﨑'))).toEqual([]); // a compatibility ideograph pinyin-pro has no reading for
    expect(queryCharReadings(codeOf('a'))).toEqual([]);
    expect(queryCharReadings(codeOf('〇'))).toEqual([]);
  });
});
