import { describe, expect, it } from 'vitest';
import type { CaseScript } from '@/knowledge/case-library/case-script';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { compileLexicon, defaultSearchLexicon, SearchLexicon } from '@/knowledge/search/lexicon';
import { MAX_QUERY_TERMS } from '@/knowledge/search/query-terms';
import { searchNotices } from '@/knowledge/search/search-notices';
import { MAX_SEARCH_QUERY_LENGTH } from '@/knowledge/case-library/script-usage';
import { buildScriptIndex, searchLibrary, type ScriptMatch } from '@/knowledge/search/script-search';

const index = buildScriptIndex(defaultLibrary().scripts);
const ids = (matches: readonly ScriptMatch[]) => matches.map((match) => match.script.id);

function script(id: string, overrides: Partial<CaseScript>): CaseScript {
  return { id, title: '标题', scenario: '场景', solution: '方案', script: '话术', keywords: [], categoryIds: ['other'], updatedAt: '2026-11-01', ...overrides };
}

describe('the lexicon: how customers say it', () => {
  it('ships as valid data whose filler words carry no library terms', () => {
    // Read without parsing at run time: parsing must find nothing to trim, mask or fill in.
    expect(SearchLexicon.parse(defaultSearchLexicon())).toEqual(defaultSearchLexicon());
    const compiled = compileLexicon(defaultSearchLexicon());
    expect(defaultSearchLexicon().entries.length).toBeGreaterThan(50);
    expect(compiled.phrases.get('信号不好')?.libraryTerms).toContain('信号差');
    expect(compiled.phrases.get('那个')?.libraryTerms).toEqual([]);
  });

  it('finds scripts written formally from everyday words, and says which library term it used', () => {
    const [first] = searchLibrary(index, '信号不好').matches;
    expect(first?.script.id).toBe('network-001');
    expect(first?.reasons).toContainEqual({ term: '信号不好', how: 'synonym', field: 'title', found: '信号差' });
    expect(ids(searchLibrary(index, '钱对不上').matches)).toContain('billing-001');
    expect(ids(searchLibrary(index, '不想要了').matches).slice(0, 3).some((id) => id.startsWith('billing-vas'))).toBe(true);
  });

  it('knows an installer who never came (宽带师傅一直不来), not only a keyword of a script about installers', () => {
    const top = ids(searchLibrary(index, '宽带师傅一直不来').matches).slice(0, 2);
    expect(top).toContain('broadband-002'); // 新装宽带超过承诺时限未装机
    expect(searchLibrary(index, '宽带师傅一直不来').partial).toBe(false);
  });

  it('combines an everyday word with the words around it (信号 + 不行 → 信号 + 差)', () => {
    const result = searchLibrary(index, '信号不太行');
    expect(result.terms).toEqual(['信号', '不行']);
    expect(ids(result.matches)[0]).toBe('network-001');
    expect(ids(searchLibrary(index, '转不了网').matches)[0]).toMatch(/^porting-/);
  });

  it('does not expand what is written as the library writes it', () => {
    const [first] = searchLibrary(index, '信号差').matches;
    expect(first?.reasons.map((reason) => reason.how)).toEqual(['exact']);
  });

  it('leaves out filler words, says so, and finds what the words around them find', () => {
    const result = searchLibrary(index, '喂你好，我那个宽带又断网了');
    expect(result.ignoredTerms).toEqual(expect.arrayContaining(['喂', '你好', '那个']));
    expect(result.terms).toEqual(['宽带', '断网']);
    expect(ids(result.matches)).toEqual(ids(searchLibrary(index, '宽带 断网').matches));
    expect(searchLibrary(index, '喂 你好').matches).toEqual([]);
  });

  it('hears a pause particle (啊, 嘛, 呢) as a pause: the words around it read as if it were not there', () => {
    for (const [spoken, plain] of [
      ['我这个话费啊怎么这么多', '我这个话费怎么这么多'],
      ['那个套餐嘛太贵了', '那个套餐太贵了'],
      ['网速啊慢得要死', '网速慢得要死'],
      ['我那个手机啊信号老是不好', '我那个手机信号老是不好'],
    ]) {
      const withPause = searchLibrary(index, spoken!);
      expect(withPause.terms).toEqual(searchLibrary(index, plain!).terms);
      expect(ids(withPause.matches)).toEqual(ids(searchLibrary(index, plain!).matches));
      expect(withPause.ignoredTerms).toEqual(expect.arrayContaining([...spoken!].filter((char) => '啊嘛'.includes(char))));
    }
    // Without the pause taken out, 话费啊怎么这么多 was 话费 + 多 and put a double charge first.
    expect(ids(searchLibrary(index, '我这个话费啊怎么这么多').matches)[0]).toBe('billing-001');
    expect(searchLibrary(index, '手机啊信号不好').terms).not.toContain('手机啊信号');
    expect(searchLibrary(index, '那个套餐嘛太贵了').ignoredTerms).toEqual(['那个', '嘛', '了']); // in the order typed
    expect(searchLibrary(index, '那个啊那个套餐太贵').ignoredTerms).toEqual(['那个', '啊']); // each once
  });

  it('keeps a particle that the library holds as written (a quoted customer), and one the lexicon does not call a filler', () => {
    expect(searchLibrary(index, '你们都不知道吗').terms).toEqual(['你们都不知道吗']); // billing-003 quotes the customer
    const quoted = buildScriptIndex([script('a', { title: '客户说“好啊好啊”就挂了' }), script('b', { title: '好好沟通' })]);
    expect(ids(searchLibrary(quoted, '好啊好啊').matches)).toEqual(['a']);
    const noFillers: SearchLexicon = { ...defaultSearchLexicon(), entries: defaultSearchLexicon().entries.filter((entry) => entry.libraryTerms.length > 0) };
    const plain = buildScriptIndex(defaultLibrary().scripts, { lexicon: noFillers });
    expect(searchLibrary(plain, '话费啊怎么这么多').ignoredTerms).toEqual([]);
  });

  it('finds a spoken phrase a lead wrote with a pause in it, typed with or without the pause', () => {
    const scripts = [script('a', { title: '月租争议' }), script('b', { title: '流量包' })];
    const lexicon: SearchLexicon = { ...defaultSearchLexicon(), entries: [...defaultSearchLexicon().entries, { libraryTerms: ['月租'], spokenPhrases: ['座机呀那费'] }] };
    const withPhrase = buildScriptIndex(scripts, { lexicon });
    for (const query of ['座机呀那费', '座机那费', '喂座机呀那费']) {
      expect(ids(searchLibrary(withPhrase, query).matches), query).toEqual(['a']);
      expect(searchLibrary(withPhrase, query).matches[0]?.reasons, query).toContainEqual(expect.objectContaining({ how: 'synonym', found: '月租' }));
    }
  });

  it('compiles a lexicon once, however many indexes are built with it', () => {
    const lexicon: SearchLexicon = { ...defaultSearchLexicon(), entries: [{ libraryTerms: ['月租'], spokenPhrases: ['座机费'] }] };
    expect(compileLexicon(lexicon)).toBe(compileLexicon(lexicon));
    expect(compileLexicon({ ...lexicon })).not.toBe(compileLexicon(lexicon));
  });

  it('takes a lexicon a team lead extended', () => {
    const scripts = [script('a', { title: '月租争议' }), script('b', { title: '流量包' })];
    const lexicon: SearchLexicon = { ...defaultSearchLexicon(), entries: [...defaultSearchLexicon().entries, { libraryTerms: ['月租'], spokenPhrases: ['座机费'] }] };
    expect(ids(searchLibrary(buildScriptIndex(scripts), '座机费').matches)).toEqual([]);
    expect(ids(searchLibrary(buildScriptIndex(scripts, { lexicon }), '座机费').matches)).toEqual(['a']);
  });

  it('ranks first the script holding more of the library terms a spoken phrase stands for, not the one holding only the most general', () => {
    const lexicon: SearchLexicon = { ...defaultSearchLexicon(), entries: [{ libraryTerms: ['充值未到账', '充值'], spokenPhrases: ['充了钱没到'] }] };
    // Listed first, with 充值 at the start of a shorter title: it won while only the best term counted.
    const general = script('general', { title: '充值输错号码', keywords: ['充值'] });
    const specific = script('specific', { title: '线上充值成功但话费未到账', keywords: ['充值未到账', '充值'] });
    const result = searchLibrary(buildScriptIndex([general, specific], { lexicon }), '充了钱没到');
    expect(ids(result.matches)).toEqual(['specific', 'general']);
    expect(result.matches[0]?.reasons.some((reason) => reason.how === 'synonym')).toBe(true);
  });

  it('knows a phone lost or stolen, a recharge to the wrong number, and a customer who wants an explanation', () => {
    expect(ids(searchLibrary(index, '手机被偷了要挂失').matches)[0]).toBe('other-006');
    expect(ids(searchLibrary(index, '我手机掉了怎么办').matches)[0]).toBe('other-006');
    expect(ids(searchLibrary(index, '话费充错号码了').matches)[0]).toBe('billing-008');
    expect(ids(searchLibrary(index, '充到别人手机上了').matches)[0]).toBe('billing-008');
    const explanation = searchLibrary(index, '你们必须给我一个说法');
    expect(ids(explanation.matches).slice(0, 2).sort()).toEqual(['escalation-001', 'handling-003']);
  });
});

describe('partial matches and no silent cut-offs', () => {
  it('still finds the script whose title names part of a spoken term when another script uses a seam of that term in passing', () => {
    // 号码被别人用 holds the bigram 人用, a seam between 别人 and 用. One script saying 被人用来 makes
    // it rare, and so heavy that other-004 (号码被回收) fell below the partial share: nothing found.
    const seam = script('seam', { title: '手机丢失后的紧急处理', scenario: '客户担心号码被人用来收验证码。' });
    const withSeam = buildScriptIndex([...defaultLibrary().scripts, seam]);
    expect(ids(searchLibrary(withSeam, '号码被别人用了').matches)[0]).toBe('other-004');
  });

  it('gives the same results whatever the order of the terms', () => {
    const orders = ['5G 漫游 机顶盒', '机顶盒 5G 漫游', '漫游 机顶盒 5G'];
    const results = orders.map((query) => ids(searchLibrary(index, query, { limit: 20 }).matches));
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it('does not let a term no script holds empty the result, and names that term', () => {
    const result = searchLibrary(index, '嘤嘤嘤 光猫');
    expect(result.notFoundTerms).toEqual(['嘤嘤嘤']);
    expect(result.partial).toBe(true);
    expect(ids(result.matches)).toEqual(ids(searchLibrary(index, '光猫').matches));
    expect(result.matches[0]?.missingTerms).toEqual(['嘤嘤嘤']);
  });

  it('lists the scripts holding part of the query after the few holding every word, when those words are everyday ones', () => {
    // 想换个便宜 occurs as written in one script's quoted customer; the scripts on cheaper plans hold the rest.
    const result = searchLibrary(index, '套餐太贵了想换个便宜的');
    const [complete, ...rest] = result.matches;
    expect(complete?.partial).toBe(false);
    expect(rest.length).toBeGreaterThanOrEqual(2);
    expect(ids(rest)).toContain('plan-001');
    for (const match of rest) expect(match.missingTerms).toEqual(['想换个便宜']);
    expect(result.partial).toBe(false);
    expect(searchNotices(result, result.matches)).toContainEqual({ kind: 'partial-after', complete: 1 });
  });

  it('does not follow up with scripts that hold only the everyday words, or a library word only as a homophone', () => {
    const result = searchLibrary(index, '你们客服一直挂我电话'); // 客服 is no keyword of the library
    expect(ids(result.matches)).toEqual(['attitude-001']);
    expect(searchNotices(result, result.matches)).not.toContainEqual(expect.objectContaining({ kind: 'partial-after' }));
    // 宽代 is a typo; 移机 read as 议期 (a homophone) would bring the 靓号 agreement script.
    expect(ids(searchLibrary(index, '宽代移机').matches)).toEqual(['broadband-003']);
    // Digits are no library words: 300 alone finds nothing worth listing after 存300送600.
    expect(ids(searchLibrary(index, '存300送600').matches)).toEqual(['plan-001']);
  });

  it('keeps the AND where the complete matches hold every word where it counts: library words, topic words in titles, a typo of a title word', () => {
    for (const query of ['5G 降速', '5G 套餐 降速', '光猫故章']) {
      const result = searchLibrary(index, query, { limit: 20 });
      expect(result.matches.length, query).toBeGreaterThan(0);
      expect(result.matches.every((match) => !match.partial), query).toBe(true);
      expect(searchNotices(result, result.matches), query).toEqual([]);
    }
  });

  it('lists a few scripts after the complete ones, each naming the library word in its title, keywords or aliases', () => {
    // Only one script holds 到期 and 续费, in its body text; the broadband scripts hold 宽带.
    const result = searchLibrary(index, '宽带到期了怎么续费', { limit: 20 });
    const followers = result.matches.filter((match) => match.partial);
    expect(result.matches.length - followers.length).toBe(1);
    expect(followers.length).toBeGreaterThan(0);
    expect(followers.length).toBeLessThanOrEqual(5);
    for (const { script } of followers) expect(`${script.title}${script.keywords.join('、')}`).toContain('宽带');
  });

  it('reports a query cut at its length limit and the terms beyond the most it takes', () => {
    const long = searchLibrary(index, `光猫故障 ${'很长的备注'.repeat(30)}`);
    expect(long.truncated).toBe(true);
    expect(MAX_SEARCH_QUERY_LENGTH).toBeLessThan(150);
    const many = Array.from({ length: MAX_QUERY_TERMS + 3 }, (_, i) => `t${i}`).join(' ');
    const result = searchLibrary(index, many);
    expect(result.terms).toHaveLength(MAX_QUERY_TERMS);
    expect(result.droppedTerms).toEqual([`t${MAX_QUERY_TERMS}`, `t${MAX_QUERY_TERMS + 1}`, `t${MAX_QUERY_TERMS + 2}`]);
  });
});

describe('why a script matched', () => {
  const reasonsFor = (query: string, id: string) => searchLibrary(index, query, { limit: 20 }).matches.find((match) => match.script.id === id)?.reasons;

  it.each([
    ['光猫故障', 'device-002', { term: '光猫故障', how: 'exact', field: 'title', found: '光猫故障' }],
    ['liuliangbao', 'billing-002', { term: 'liuliangbao', how: 'pinyin', field: 'keywords', found: '流量包' }],
    ['llb', 'billing-002', { term: 'llb', how: 'initials', field: 'keywords', found: '流量包' }],
    ['宽代', 'broadband-003', { term: '宽代', how: 'homophone', field: 'title', found: '宽带' }],
    ['套餐降党', 'plan-001', { term: '套餐降党', how: 'words', field: 'title', found: '降档套餐' }],
  ])('%s → %s', (query, id, reason) => {
    expect(reasonsFor(query, id)).toContainEqual(reason);
  });

  it('names an alias a team lead attached', () => {
    const aliased = buildScriptIndex([script('a', { title: '账单异常', aliases: ['钱数不对劲'] }), script('b', { title: '流量' })]);
    expect(searchLibrary(aliased, '钱数不对劲').matches[0]?.reasons).toEqual([{ term: '钱数不对劲', how: 'alias', field: 'aliases', found: '钱数不对劲' }]);
  });
});

describe('ties', () => {
  it('reads a polyphonic character as usual first: heyueji is 合约机 (contract phone), not 合约期 read with 期 as ji', () => {
    const top = ids(searchLibrary(index, 'heyueji', { limit: 3 }).matches);
    expect(top.slice(0, 2).sort()).toEqual(['device-001', 'marketing-004']);
    expect(ids(searchLibrary(index, 'heyueqi', { limit: 2 }).matches).sort()).toEqual(['plan-001', 'porting-002']);
  });

  it('never lets the order of the library file decide', () => {
    const scripts = [
      script('z-1', { title: '积分清零争议（长标题）', keywords: ['积分'] }),
      script('a-2', { title: '积分清零争议', keywords: ['积分'] }),
      script('m-3', { title: '积分清零争议', keywords: ['积分'] }),
    ];
    const forward = ids(searchLibrary(buildScriptIndex(scripts), '积分').matches);
    const backward = ids(searchLibrary(buildScriptIndex([...scripts].reverse()), '积分').matches);
    expect(forward).toEqual(['a-2', 'm-3', 'z-1']);
    expect(backward).toEqual(forward);
    expect(ids(searchLibrary(buildScriptIndex([...scripts].reverse()), 'jf').matches)).toEqual(forward);
  });
});
