import { describe, expect, it } from 'vitest';
import { CHAR_CLASS_RUNS, FOLDED_PAIRS, TRADITIONAL_CODES } from '@/knowledge/search/character-table';
import { characterTable } from '@/knowledge/search/character-table-source';
import { CharClass } from '@/knowledge/search/character-classes';
import { charClassOf, foldText, hasTraditional, isTraditionalCode, queryForms } from '@/knowledge/search/text-folding';

describe('text folding', () => {
  it('uses a table of every code unit that matches what OpenCC and the Unicode data of Node give today', () => {
    // Fails after an opencc-js or Node update: run `npx tsx knowledge/cli/write-search-tables.ts`.
    const { foldedPairs, traditionalCodes, charClassRuns } = characterTable();
    expect(FOLDED_PAIRS).toBe(foldedPairs);
    expect(TRADITIONAL_CODES).toBe(traditionalCodes);
    expect(CHAR_CLASS_RUNS).toEqual(charClassRuns);
  });

  it('sorts characters into Chinese, Latin, other letters and separators, and knows Traditional text', () => {
    const classes = [...'宽Ｗw5あ，、 '].map((char) => charClassOf(char.charCodeAt(0)));
    expect(classes).toEqual([CharClass.Han, CharClass.OtherWord, CharClass.Latin, CharClass.Latin, CharClass.OtherWord, CharClass.Separator, CharClass.Separator, CharClass.Separator]);
    expect(isTraditionalCode('網'.charCodeAt(0))).toBe(true);
    expect(isTraditionalCode('网'.charCodeAt(0))).toBe(false);
    expect(hasTraditional('宽带斷網')).toBe(true);
    expect(hasTraditional('宽带断网')).toBe(false);
  });

  it('folds Traditional, Hong Kong and full-width text to one Simplified, lower-case form of the same length', () => {
    expect(foldText('寬頻斷網')).toBe('宽频断网');
    expect(foldText('帳單')).toBe('账单');
    expect(foldText('ＷｉＦｉ通話')).toBe('wifi通话');
    expect(foldText('什么')).toBe('什么');
    // Ideographic space, full-width letters and comma, and a compatibility ideograph (U+F9BE).
    expect(foldText('\u3000ＡＢ，\uf9be')).toBe(' ab,料');
  });

  it('also converts Taiwan phrases in queries, keeping the character form as an alternative', () => {
    expect(queryForms('寬頻')).toEqual(['宽频', '宽带']);
  });
});
