import { describe, expect, it } from 'vitest';
import type { CaseScript } from '@/knowledge/case-library/case-script';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { buildScriptIndex, searchLibrary, searchScripts, type ScriptMatch, type SearchField } from '@/knowledge/search/script-search';

const index = buildScriptIndex(defaultLibrary().scripts);
const ids = (matches: readonly ScriptMatch[]) => matches.map((match) => match.script.id);
const now = Date.parse('2026-11-23T10:00:00+08:00');
const HOUR = 3_600_000;

function fieldText(script: CaseScript, field: SearchField): string {
  if (field === 'keywords') return script.keywords.join('、');
  if (field === 'aliases') return (script.aliases ?? []).join('、');
  return script[field];
}

/** The highlighted substrings, per field. */
function highlighted(match: ScriptMatch): Partial<Record<SearchField, string[]>> {
  const texts: Partial<Record<SearchField, string[]>> = {};
  for (const [field, ranges] of Object.entries(match.highlights) as Array<[SearchField, Array<[number, number]>]>) {
    texts[field] = ranges.map(([start, end]) => fieldText(match.script, field).slice(start, end));
  }
  return texts;
}

function script(id: string, overrides: Partial<CaseScript>): CaseScript {
  return {
    id,
    title: '标题',
    scenario: '场景',
    solution: '方案',
    script: '话术',
    keywords: [],
    categoryIds: ['other'],
    updatedAt: '2026-11-01',
    ...overrides,
  };
}

describe('searchScripts: terms', () => {
  it('ANDs space-separated terms: every result holds each term, and a term only narrows', () => {
    const both = searchScripts(index, '5G 降速', { limit: 50 });
    expect(ids(both)[0]).toBe('network-5g-001');
    for (const match of both) {
      const text = [match.script.title, match.script.scenario, match.script.solution, match.script.script, ...match.script.keywords].join(' ');
      expect(text).toMatch(/5G/i);
      expect(text).toContain('降速');
    }
    const flow = ids(searchScripts(index, '流量', { limit: 100 }));
    const flowRelief = ids(searchScripts(index, '流量 减免', { limit: 100 }));
    expect(flowRelief.length).toBeGreaterThan(0);
    expect(flowRelief.length).toBeLessThan(flow.length);
    expect(flowRelief.every((id) => flow.includes(id))).toBe(true);
  });

  it('when no script holds every term, ranks the scripts holding most of them and says the result is partial', () => {
    const result = searchLibrary(index, '5G 漫游 机顶盒');
    expect(result.partial).toBe(true);
    expect(result.matches.length).toBeGreaterThan(0);
    for (const match of result.matches) {
      expect(match.partial).toBe(true);
      expect(match.missingTerms.length).toBeGreaterThan(0);
      expect(match.missingTerms.length).toBeLessThan(3);
    }
    expect(searchLibrary(index, '5G 降速').partial).toBe(false);
  });

  it('splits Chinese from Latin letters and digits, so 5G降速 finds 5G 套餐达量降速', () => {
    expect(ids(searchScripts(index, '5G降速'))).toEqual(ids(searchScripts(index, '5G 降速')));
  });

  it('treats full-width and upper-case letters like ASCII ones', () => {
    expect(ids(searchScripts(index, 'ＶＯＬＴＥ'))[0]).toBe('network-003');
    expect(ids(searchScripts(index, 'VoLTE'))[0]).toBe('network-003');
  });

  it('finds Simplified text from Traditional queries, Taiwan words included', () => {
    expect(ids(searchScripts(index, '網絡'))).toEqual(ids(searchScripts(index, '网络')));
    expect(ids(searchScripts(index, '簡訊發不出'))[0]).toBe('sms-001');
  });

  it('finds Traditional library text, Taiwan words included, from Simplified queries', () => {
    const traditional = buildScriptIndex([
      script('tw-001', { title: '寬頻斷網，客戶要求賠償', keywords: ['斷網', '寬頻'], scenario: '網路中斷三天。' }),
      script('tw-002', { title: '帳單金額異常', keywords: ['帳單'] }),
    ]);
    expect(ids(searchScripts(traditional, '宽带断网'))).toEqual(['tw-001']); // 寬頻 is Taiwan for 宽带
    expect(ids(searchScripts(traditional, '网络中断'))).toEqual(['tw-001']);
    expect(ids(searchScripts(traditional, '账单'))).toEqual(['tw-002']);
    expect(ids(searchScripts(traditional, 'kdcw'))).toEqual([]);
    expect(ids(searchScripts(traditional, 'kddw'))).toEqual(['tw-001']);
    const [partial] = searchScripts(traditional, '客户赔偿'); // not one phrase there: its parts are
    expect(highlighted(partial!).title).toEqual(['客戶', '賠償']);
    const [phrase] = searchScripts(traditional, '要求赔偿');
    expect(phrase!.script.title.slice(...phrase!.highlights.title![0]!)).toBe('要求賠償');
  });

  it('finds full pinyin, initials and a syllable still being typed', () => {
    expect(ids(searchScripts(index, 'guangmao'))).toEqual(expect.arrayContaining(['device-002', 'device-004']));
    expect(ids(searchScripts(index, 'gmgz'))[0]).toBe('device-002');
    expect(ids(searchScripts(index, 'jidingh'))[0]).toBe('device-003');
    expect(ids(searchScripts(index, 'liulb')).slice(0, 2).sort()).toEqual(['billing-002', 'roaming-002']);
  });

  it('forgives a homophone typo and a wrong character in a longer term', () => {
    expect(ids(searchScripts(index, '宽代移机'))[0]).toBe('broadband-003');
    expect(ids(searchScripts(index, '垃圾短息'))[0]).toBe('sms-003');
  });

  it('reads four characters the library never writes together as two words', () => {
    const [match] = searchScripts(index, '套餐降党'); // 套餐 + 降档, with a homophone typo
    expect(match!.script.id).toBe('plan-001');
    expect(highlighted(match!).title).toEqual(['降档套餐']);
    expect(highlighted(match!).keywords).toContain('降档');
  });

  it('ranks a 2-character query by where it matches: title and keywords before body text', () => {
    const results = searchScripts(index, '光猫', { limit: 20 });
    expect(ids(results).slice(0, 2).sort()).toEqual(['device-002', 'device-004']);
    const firstBodyOnly = results.findIndex((match) => !match.script.title.includes('光猫') && !match.script.keywords.some((keyword) => keyword.includes('光猫')));
    const lastShortField = results.findLastIndex((match) => match.script.title.includes('光猫') || match.script.keywords.some((keyword) => keyword.includes('光猫')));
    expect(firstBodyOnly === -1 || firstBodyOnly > lastShortField).toBe(true);
  });

  it('does not let a 2-character typo match loosely', () => {
    expect(searchScripts(index, '投拆')).toEqual([]);
  });
});

describe('searchScripts: options', () => {
  it('filters by category id', () => {
    const results = searchScripts(index, '短信', { categoryFilter: 'sms', limit: 50 });
    expect(results.length).toBeGreaterThan(0);
    for (const match of results) expect(match.script.categoryIds).toContain('sms');
    expect(searchScripts(index, '流量', { categoryFilter: 'sms' })).toEqual([]);
    expect(searchScripts(index, '流量', { categoryFilter: 'no-such-category' })).toEqual([]);
  });

  it("boosts the scripts of the category the agent just clicked", () => {
    const plain = ids(searchScripts(index, '流量'));
    const boosted = ids(searchScripts(index, '流量', { boostCategoryId: 'billing-roaming' }));
    expect(plain[0]).not.toMatch(/^roaming-/);
    expect(boosted.slice(0, 2).every((id) => id.startsWith('roaming-'))).toBe(true);
    expect(new Set(boosted)).toEqual(new Set(plain)); // boosting reorders, it does not add
  });

  it('puts recently and often used scripts first among equals, not ahead of clearly better matches', () => {
    const equals = ids(searchScripts(index, 'xhzw'));
    expect(equals.slice(0, 3).sort()).toEqual(['porting-001', 'porting-002', 'porting-004']);
    const lastOfEquals = equals[2]!;
    const usage = new Map([[lastOfEquals, { count: 6, lastUsedAt: now - HOUR }]]);
    expect(ids(searchScripts(index, 'xhzw', { usage, now }))[0]).toBe(lastOfEquals);

    const heavyUsage = new Map([['device-004', { count: 500, lastUsedAt: now }]]);
    expect(ids(searchScripts(index, '光猫故障', { usage: heavyUsage, now }))[0]).toBe('device-002');
  });

  it('prefers recent use over old use', () => {
    const recent = new Map([
      ['porting-001', { count: 3, lastUsedAt: now - 60 * 24 * HOUR }],
      ['porting-002', { count: 3, lastUsedAt: now - HOUR }],
      ['porting-004', { count: 3, lastUsedAt: now - 60 * 24 * HOUR }],
    ]);
    expect(ids(searchScripts(index, 'xhzw', { usage: recent, now }))[0]).toBe('porting-002');
  });

  it('returns at most `limit` results, 10 by default', () => {
    expect(searchScripts(index, '客户').length).toBe(10);
    expect(searchScripts(index, '客户', { limit: 3 }).length).toBe(3);
    expect(searchScripts(index, '客户', { limit: 0 })).toEqual([]);
    expect(searchScripts(index, '客户', { limit: -5 })).toEqual([]);
    expect(searchScripts(index, '客户', { limit: Number.NaN }).length).toBe(10);
  });

  it('lists a category, or the used scripts, for an empty query', () => {
    expect(searchScripts(index, '   ')).toEqual([]);
    const sms = searchScripts(index, '', { categoryFilter: 'sms' });
    expect(ids(sms).sort()).toEqual(['sms-001', 'sms-002', 'sms-003', 'sms-004']);
    const clicked = searchScripts(index, '', { boostCategoryId: 'number-porting', usage: new Map([['porting-003', { count: 2, lastUsedAt: now }]]), now });
    expect(ids(clicked)[0]).toBe('porting-003');
    expect(clicked.every((match) => match.script.categoryIds.includes('number-porting'))).toBe(true);
    const used = searchScripts(index, '', { usage: new Map([['sms-002', { count: 1, lastUsedAt: now - HOUR }], ['device-001', { count: 9, lastUsedAt: now }]]), now });
    expect(ids(used)).toEqual(['device-001', 'sms-002']);
  });

  it('searches an empty library without complaint', () => {
    expect(searchScripts(buildScriptIndex([]), '流量')).toEqual([]);
  });
});

describe('searchScripts: highlights', () => {
  it('points at the matched text in the original fields', () => {
    const [match] = searchScripts(index, '光猫故障');
    expect(match!.script.id).toBe('device-002');
    expect(highlighted(match!).title).toEqual(['光猫故障']);
    expect(highlighted(match!).keywords).toEqual(['光猫故障']);
  });

  it('points at the Chinese characters a pinyin or initials query matched', () => {
    const [initials] = searchScripts(index, 'gmgz');
    expect(highlighted(initials!).title).toEqual(['光猫故障']);
    const [pinyin] = searchScripts(index, 'xiehaozhuanwang');
    expect(highlighted(pinyin!).title).toEqual(['携号转网']);
  });

  it('points at the original spelling for folded matches', () => {
    const [match] = searchScripts(index, 'volte');
    expect(highlighted(match!).keywords).toEqual(['VoLTE']);
    const [traditional] = searchScripts(index, '機頂盒');
    expect(highlighted(traditional!).title).toEqual(['机顶盒']);
  });

  it('covers every term of the query and the characters of a typo', () => {
    const [both] = searchScripts(index, '5G 降速');
    expect(highlighted(both!).title).toEqual(['5G', '降速']);
    const [typo] = searchScripts(index, '宽代移机');
    expect(highlighted(typo!).title).toEqual(['宽带移机']);
  });

  it('gives sorted, disjoint ranges inside the field', () => {
    for (const query of ['流量', '5G 降速', 'llb', '退订了还在扣费', 'vlote', '流亮包', '網絡']) {
      for (const match of searchScripts(index, query, { limit: 20 })) {
        for (const [field, ranges] of Object.entries(match.highlights) as Array<[SearchField, Array<[number, number]>]>) {
          const length = fieldText(match.script, field).length;
          let previousEnd = -1;
          for (const [start, end] of ranges) {
            expect(start).toBeGreaterThan(previousEnd);
            expect(end).toBeGreaterThan(start);
            expect(end).toBeLessThanOrEqual(length);
            previousEnd = end;
          }
        }
      }
    }
  });
});

describe('searchScripts: hostile input', () => {
  const hostile = [
    '',
    ' \t\n ',
    '.*+?^${}()|[]\\/',
    '(((((((((((a',
    '\u0000\u0001\u200b\ufeff',
    '\ud800\udc00\ud800',
    '😀🙈 👩‍👩‍👧',
    '<script>alert(1)</script>',
    "'; DROP TABLE scripts; --",
    '流量'.repeat(5_000),
    'a'.repeat(10_000),
    'zh'.repeat(5_000),
    '啊'.repeat(10_000),
    '5'.repeat(10_000),
    Array.from({ length: 2_000 }, (_, i) => String.fromCharCode(0x4e00 + i)).join(' '),
  ];

  it.each(hostile.map((query) => [query.length > 40 ? `${query.slice(0, 20)}… (${query.length} chars)` : JSON.stringify(query), query]))(
    // Their times are printed by tests/bench/search.ts (hostile input).
    '%s: no throw, no more results than asked for',
    (_label, query) => {
      expect(() => searchScripts(index, query)).not.toThrow();
      expect(searchScripts(index, query, { categoryFilter: 'sms', boostCategoryId: 'billing', usage: new Map(), limit: 5 }).length).toBeLessThanOrEqual(5);
    },
  );

  it('survives values a caller should not pass', () => {
    expect(() => searchScripts(index, undefined as unknown as string)).not.toThrow();
    expect(() => searchScripts(index, '流量', { usage: new Map([['billing-002', { count: Number.NaN, lastUsedAt: Number.NaN }]]) })).not.toThrow();
    expect(() => searchScripts({ scriptCount: 1 }, '流量')).toThrow(TypeError);
  });
});

describe('searchScripts: body text', () => {
  it('finds Chinese in the script body written in another form (Traditional, 帐 for 账), and as written', () => {
    const bodies = buildScriptIndex([
      script('b-1', { script: '我已经核对过您这个月的帳單明細，请放心。' }),
      script('b-2', { solution: '核对账单明细后回电。' }),
      script('b-3', { script: '请稍候。' }),
    ]);
    expect(ids(searchScripts(bodies, '账单明细')).sort()).toEqual(['b-1', 'b-2']);
    expect(highlighted(searchScripts(bodies, '账单明细').find((match) => match.script.id === 'b-1')!).script).toEqual(['帳單明細']);
  });
});

describe('searchScripts: one character', () => {
  const library = buildScriptIndex([
    script('c-title', { title: '拆机申请', scenario: '客户搬家' }),
    script('c-keyword', { keywords: ['拆机'], scenario: '客户来电' }),
    script('c-scenario', { scenario: '客户要拆掉宽带，要求退费', categoryIds: ['broadband'] }),
    script('c-traditional', { scenario: '客戶要拆掉寬頻' }),
    script('c-full-width', { scenario: 'ＷＩＦＩ连不上' }),
    script('c-body', { script: '师傅上门拆机' }),
    script('c-none', { scenario: '咨询套餐' }),
  ]);

  it('finds the character in the title, keywords and scenario, naming fields first; not in body text alone', () => {
    const found = ids(searchScripts(library, '拆'));
    expect(found.slice(0, 2).sort()).toEqual(['c-keyword', 'c-title']);
    expect(found.slice(2).sort()).toEqual(['c-scenario', 'c-traditional']);
    expect(highlighted(searchScripts(library, '拆').find((match) => match.script.id === 'c-traditional')!).scenario).toEqual(['拆']);
  });

  it('finds it in a scenario as folded: Traditional, full-width and upper-case letters', () => {
    expect(ids(searchScripts(library, '戶')).sort()).toEqual(['c-keyword', 'c-scenario', 'c-title', 'c-traditional']);
    expect(ids(searchScripts(library, '寬')).sort()).toEqual(['c-scenario', 'c-traditional']);
    expect(ids(searchScripts(library, 'w'))).toEqual(['c-full-width']);
  });

  it('finds a scenario-only character within the chosen category, and nothing where it does not occur', () => {
    expect(ids(searchScripts(library, '退'))).toEqual(['c-scenario']);
    expect(ids(searchScripts(library, '退', { categoryFilter: 'broadband' }))).toEqual(['c-scenario']);
    expect(ids(searchScripts(library, '退', { categoryFilter: 'billing' }))).toEqual([]);
    expect(ids(searchScripts(library, '鹅'))).toEqual([]);
  });
});
