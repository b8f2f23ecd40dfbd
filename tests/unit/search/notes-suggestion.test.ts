import { describe, expect, it } from 'vitest';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { suggestFromNotes } from '@/knowledge/search/notes-suggestion';
import { buildScriptIndex, type ScriptMatch } from '@/knowledge/search/script-search';

const index = buildScriptIndex(defaultLibrary().scripts);
const ids = (matches: readonly ScriptMatch[]) => matches.map((match) => match.script.id);

describe('suggestFromNotes', () => {
  it.each([
    ['客户说这个月流量用超了，没收到任何短信提醒，要求减免套外流量费', 'billing-002'],
    ['客户想携号转网，查询说不符合条件，怀疑我们故意不让转', 'porting-001'],
    ['客户很生气，说再不解决就打315，还要找消协', 'escalation-002'],
    ['宽带每晚8点后断网，已经第三次来电，前两次都让重启光猫', 'handling-004'],
    ['客户说在家里信号不好，电话老是打不通，家人打不进来', 'network-001'],
    ['老人手机被订了好几个增值业务，女儿陪着来电要求退订', 'billing-vas-004'],
    ['客戶說寬頻斷網，光貓紅燈一直閃', 'device-002'],
  ])('%s → %s', (notes, expected) => {
    expect(ids(suggestFromNotes(index, notes, { limit: 3 }))).toContain(expected);
  });

  it('reads notes written with the customer’s pauses (网速啊慢) as without them', () => {
    for (const [spoken, plain] of [
      ['客户说网速啊慢得要死，测速只有几兆', '客户说网速慢得要死，测速只有几兆'],
      ['客户一直问话费啊怎么这么多，要查详单', '客户一直问话费怎么这么多，要查详单'],
    ]) {
      const suggested = suggestFromNotes(index, spoken!, { limit: 3 });
      expect(ids(suggested)).toEqual(ids(suggestFromNotes(index, plain!, { limit: 3 })));
      expect(suggested.length).toBeGreaterThan(0);
    }
    expect(ids(suggestFromNotes(index, '客户一直问话费啊怎么这么多，要查详单', { limit: 1 }))).toEqual(['billing-001']);
  });

  it('suggests nothing for notes that name no case', () => {
    expect(suggestFromNotes(index, '客户来电')).toEqual([]);
    expect(suggestFromNotes(index, '今天天气不错')).toEqual([]);
    expect(suggestFromNotes(index, '')).toEqual([]);
    expect(suggestFromNotes(index, '   \n ')).toEqual([]);
  });

  it('follows the end of long notes, where the call is now', () => {
    const notes = '客户咨询携号转网的条件。'.repeat(100) + '现在客户又说收不到银行验证码短信，很着急';
    // Its time is printed by tests/bench/search.ts (hostile input).
    const suggestions = ids(suggestFromNotes(index, notes, { limit: 3 }));
    expect(suggestions[0]).toBe('sms-002');
  });

  it('highlights what the notes and the script share', () => {
    const [match] = suggestFromNotes(index, '客户说光猫故障，亮红灯');
    expect(match!.script.id).toBe('device-002');
    const title = match!.highlights.title ?? [];
    expect(title.map(([start, end]) => match!.script.title.slice(start, end))).toContain('光猫故障');
  });

  it('applies the category filter, the boost and the limit', () => {
    const notes = '客户说流量用完了没提醒，要投诉';
    expect(suggestFromNotes(index, notes, { categoryFilter: 'billing-roaming' }).every((match) => match.script.categoryIds.includes('billing-roaming'))).toBe(true);
    expect(suggestFromNotes(index, notes, { limit: 1 })).toHaveLength(1);
    const boosted = ids(suggestFromNotes(index, notes, { boostCategoryId: 'attitude', limit: 3 }));
    const plain = ids(suggestFromNotes(index, notes, { limit: 3 }));
    expect(boosted[0]).toBe(plain[0]); // a boost lifts comparable scripts, not weak ones over a clear answer
  });

  it('copes with hostile notes', () => {
    for (const notes of ['.*+?^${}()|[]\\', '\ud800\u0000', '😀'.repeat(5_000), '流'.repeat(100_000)]) {
      expect(() => suggestFromNotes(index, notes)).not.toThrow();
    }
  });
});
