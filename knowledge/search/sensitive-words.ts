import { foldText } from './text-folding';

/**
 * Words that make a QA lead want a supervisor on the call (the quality systems' early warning). Matched
 * after folding, so Traditional (投訴, 媒體, 律師) and full-width digits (３１５) are found too.
 */

/** Regulators, the media and public exposure, the law, group complaints, a customer at risk. */
const MAJOR_WORDS = [
  // regulators and official channels
  '工信部', '工业和信息化部', '通信管理局', '通管局', '管局', '申诉中心', '12300', '信访', '上访', '市场监管局', '市场监督管理局', '工商局',
  '消协', '消费者协会', '315', '3·15', '3.15', '三一五', '12315', '12345', '市长热线', '政府热线', '领导留言板', '人民网',
  // the media, and saying they will go public
  '媒体', '记者', '曝光', '电视台', '报社', '登报', '热搜', '自媒体', '黑猫投诉', '发帖',
  '发微博', '上微博', '发抖音', '上抖音', '发快手', '发小红书', '发朋友圈',
  // the law
  '律师', '起诉', '法院', '诉讼', '打官司', '仲裁', '报警', '公安', '派出所',
  // group complaints
  '群体投诉', '集体投诉', '联名', '维权群',
  // the customer's safety comes before any script
  '自杀', '跳楼', '轻生', '不想活',
] as const;

/**
 * Dissatisfaction a supervisor should know about within the day. A platform named on its own
 * (刷抖音很卡) is only escalated: customers name the apps that lag; posting there is major above.
 */
const ESCALATED_WORDS = [
  '投诉', '差评', '举报', '越级', '升级投诉', '找领导', '你们领导', '找经理', '你们经理', '找主管', '赔偿', '索赔', '退网', '维权', '欺诈',
  '骗子', '坑人', '霸王条款', '虚假宣传', '乱扣费', '不满意', '微博', '抖音', '快手', '小红书',
] as const;

export const DEFAULT_SENSITIVE_WORDS: readonly string[] = [...MAJOR_WORDS, ...ESCALATED_WORDS];

const MAJOR = new Set<string>(MAJOR_WORDS.map((word) => foldText(word)));

/** Sensitive words seen in the agent's notes and the risk grade they call for. */
export interface EscalationWarning {
  words: string[];
  suggestedRisk: 'escalated' | 'major' | null;
}

export interface SensitiveHit {
  /** The word of the list that matched (as the list spells it). */
  word: string;
  /** [start, end) in the original text. */
  start: number;
  end: number;
}

interface Matcher {
  /** Folded words by their first code unit, longest first (升级投诉 before 投诉). */
  byFirstCode: Map<number, Array<{ folded: string; word: string }>>;
}

const matchers = new WeakMap<readonly string[], Matcher>();

function matcherFor(words: readonly string[]): Matcher {
  let matcher = matchers.get(words);
  if (matcher) return matcher;
  const byFirstCode = new Map<number, Array<{ folded: string; word: string }>>();
  for (const word of words) {
    const folded = foldText(word.trim());
    if (folded === '') continue;
    const list = byFirstCode.get(folded.charCodeAt(0)) ?? [];
    if (!list.some((entry) => entry.folded === folded)) list.push({ folded, word: word.trim() });
    byFirstCode.set(folded.charCodeAt(0), list);
  }
  for (const list of byFirstCode.values()) list.sort((a, b) => b.folded.length - a.folded.length);
  matcher = { byFirstCode };
  matchers.set(words, matcher);
  return matcher;
}

const DIGIT = /[0-9]/;
/** A number followed by one of these is an amount or a quantity (315元, 3.15G), not 3·15. */
const UNIT_AFTER = /^[元块角分毛兆个次天号台张条米%gmkb]/;
const CURRENCY_BEFORE = /[¥￥$]/;

/**
 * Every sensitive word in the text, longest match first, not overlapping. Words made of digits
 * only count as whole numbers: 315 is not found inside a phone number or in "315元".
 */
export function findSensitiveWords(text: string, words: readonly string[] = DEFAULT_SENSITIVE_WORDS): SensitiveHit[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const { byFirstCode } = matcherFor(words);
  const folded = foldText(text);
  const hits: SensitiveHit[] = [];
  for (let i = 0; i < folded.length; i++) {
    const candidates = byFirstCode.get(folded.charCodeAt(i));
    if (!candidates) continue;
    for (const { folded: word, word: listed } of candidates) {
      if (!folded.startsWith(word, i)) continue;
      const end = i + word.length;
      if (DIGIT.test(word[0]!) && !isWholeNumber(folded, i, end)) continue;
      hits.push({ word: listed, start: i, end });
      i = end - 1;
      break;
    }
  }
  return hits;
}

function isWholeNumber(text: string, start: number, end: number): boolean {
  const before = text[start - 1] ?? '';
  const after = text.slice(end, end + 2);
  if (DIGIT.test(before) || CURRENCY_BEFORE.test(before)) return false;
  if (before === '.' && DIGIT.test(text[start - 2] ?? '')) return false;
  if (DIGIT.test(after[0] ?? '') || (after[0] === '.' && DIGIT.test(after[1] ?? ''))) return false;
  return !UNIT_AFTER.test(after.trimStart());
}

/**
 * The risk grade the words suggest (ordinary / escalated / major): regulators, media, lawyers, group complaints
 * or a customer at risk → major; any other sensitive word → escalated; none → null. The agent
 * and team lead decide; this only proposes.
 */
export function suggestedRiskGrade(hits: readonly SensitiveHit[]): 'escalated' | 'major' | null {
  if (hits.length === 0) return null;
  return hits.some((hit) => MAJOR.has(foldText(hit.word))) ? 'major' : 'escalated';
}
