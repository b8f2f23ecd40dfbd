/** Character classes of folded text; plain numbers because they fill a typed array. */
export const CharClass = {
  Separator: 1,
  Han: 2,
  /** ASCII letters and digits (after folding, so full-width ones too). */
  Latin: 3,
  /** Letters and digits of other scripts (kana, Cyrillic, …): matched literally. */
  OtherWord: 4,
} as const;
export type CharClass = (typeof CharClass)[keyof typeof CharClass];

/**
 * CJK Unified Ideographs, Extension A and the compatibility ideographs: every Chinese character
 * of the BMP from U+3400 on (the generated tables cover these blocks).
 */
export const HAN_BLOCKS = [
  [0x3400, 0x4dc0],
  [0x4e00, 0xa000],
  [0xf900, 0xfb00],
] as const;
