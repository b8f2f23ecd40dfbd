import { describe, expect, it } from 'vitest';
import { DEFAULT_SENSITIVE_WORDS, findSensitiveWords, suggestedRiskGrade } from '@/knowledge/search/sensitive-words';

const words = (text: string, list?: readonly string[]) => findSensitiveWords(text, list).map((hit) => hit.word);

describe('findSensitiveWords', () => {
  it('has the words of the early-warning practice', () => {
    for (const word of ['315', '工信部', '媒体', '曝光', '律师', '起诉', '投诉', '差评', '12315', '消协', '记者', '法院', '微博', '抖音']) {
      expect(DEFAULT_SENSITIVE_WORDS).toContain(word);
    }
    expect(new Set(DEFAULT_SENSITIVE_WORDS).size).toBe(DEFAULT_SENSITIVE_WORDS.length);
  });

  it('finds words with their positions in the original text', () => {
    const text = '客户说再不处理就去工信部投诉，还要找媒体曝光';
    const hits = findSensitiveWords(text);
    expect(hits.map((hit) => hit.word)).toEqual(['工信部', '投诉', '媒体', '曝光']);
    for (const hit of hits) expect(text.slice(hit.start, hit.end)).toBe(hit.word);
  });

  it('finds Traditional spellings and reports the listed word', () => {
    const text = '我要投訴你們，找律師起訴，讓媒體和記者曝光';
    const hits = findSensitiveWords(text);
    expect(hits.map((hit) => hit.word)).toEqual(['投诉', '律师', '起诉', '媒体', '记者', '曝光']);
    expect(hits.map((hit) => text.slice(hit.start, hit.end))).toEqual(['投訴', '律師', '起訴', '媒體', '記者', '曝光']);
  });

  it('finds full-width digits and the 3·15 spellings', () => {
    expect(words('我要打３１５')).toEqual(['315']);
    expect(words('等着上3·15晚会吧')).toEqual(['3·15']);
    expect(words('打１２３１５')).toEqual(['12315']);
  });

  it('counts numbers only as whole numbers, not inside phone numbers or amounts', () => {
    expect(words('回拨号码 13315001234')).toEqual([]);
    expect(words('本月账单 315 元')).toEqual([]);
    expect(words('扣了315元')).toEqual([]);
    expect(words('送了3.15G流量')).toEqual([]);
    expect(words('打12315')).toEqual(['12315']); // one hit, not also 315
    expect(words('315，我说到做到')).toEqual(['315']);
  });

  it('prefers the longest word and does not report overlaps', () => {
    expect(words('要升级投诉')).toEqual(['升级投诉']);
    expect(words('准备群体投诉')).toEqual(['群体投诉']);
  });

  it('uses a configured list, in either script', () => {
    expect(words('客户要求退网，否则投诉', ['退网'])).toEqual(['退网']);
    expect(words('客户说要投诉', ['投訴'])).toEqual(['投訴']);
    expect(words('客户说要投诉', [])).toEqual([]);
    expect(words('客户说要投诉', ['  ', ''])).toEqual([]);
  });

  it('copes with empty, long and odd input', () => {
    expect(findSensitiveWords('')).toEqual([]);
    expect(findSensitiveWords(undefined as unknown as string)).toEqual([]);
    expect(findSensitiveWords('\ud800.*+?()[]')).toEqual([]);
    const long = '客户反复说明情况。'.repeat(2_000) + '最后说要去法院';
    // Its time is printed by tests/bench/search.ts (hostile input).
    expect(words(long)).toEqual(['法院']);
  });
});

describe('suggestedRiskGrade', () => {
  const grade = (text: string, list?: readonly string[]) => suggestedRiskGrade(findSensitiveWords(text, list));

  it('suggests major for regulators, media, the law and group complaints', () => {
    expect(grade('我要去工信部申诉')).toBe('major');
    expect(grade('我打３１５')).toBe('major');
    expect(grade('已经请了律師')).toBe('major');
    expect(grade('我要发抖音曝光你们')).toBe('major');
    expect(grade('我们整栋楼要集体投诉')).toBe('major');
  });

  it('suggests escalated for other dissatisfaction, including a platform merely named', () => {
    expect(grade('我要投诉')).toBe('escalated');
    expect(grade('给你们差评')).toBe('escalated');
    expect(grade('刷抖音很卡')).toBe('escalated');
    expect(grade('客户要求退网', ['退网'])).toBe('escalated');
  });

  it('suggests nothing without sensitive words', () => {
    expect(grade('客户咨询套餐资费')).toBeNull();
    expect(suggestedRiskGrade([])).toBeNull();
  });
});
