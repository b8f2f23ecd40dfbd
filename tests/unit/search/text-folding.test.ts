import { describe, expect, it } from 'vitest';
import { foldText, queryForms } from '@/knowledge/search/text-folding';
import { TRADITIONAL_SIMPLIFIED_PAIRS } from '@/knowledge/search/traditional-characters';
import { traditionalCharacterPairs } from '@/knowledge/search/traditional-table-source';

describe('text folding', () => {
  it('uses a Traditional → Simplified table that matches what OpenCC generates today', () => {
    // Fails after an opencc-js update: run `npx tsx knowledge/cli/write-traditional-table.ts`.
    expect(TRADITIONAL_SIMPLIFIED_PAIRS).toBe(traditionalCharacterPairs());
  });

  it('folds Traditional, Hong Kong and full-width text to one Simplified, lower-case form of the same length', () => {
    expect(foldText('寬頻斷網')).toBe('宽频断网');
    expect(foldText('帳單')).toBe('账单');
    expect(foldText('ＷｉＦｉ通話')).toBe('wifi通话');
    expect(foldText('什么')).toBe('什么');
  });

  it('also converts Taiwan phrases in queries, keeping the character form as an alternative', () => {
    expect(queryForms('寬頻')).toEqual(['宽频', '宽带']);
  });
});
