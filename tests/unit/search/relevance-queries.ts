/**
 * Labeled queries against the default library (knowledge/case-library/default-library.json), written
 * by reading its scripts: what an agent types mid-call, and the script(s) that answer it. A query
 * counts as a hit at k when any expected id is among the first k results. Several ids are listed
 * only where the library really has several equally right scripts (e.g. three 携号转网 scripts).
 */
export type RelevanceKind =
  | 'exact'
  | 'partial'
  | 'typo'
  | 'traditional'
  | 'pinyin'
  | 'initials'
  | 'mixed'
  // colloquial-queries.ts
  | 'spoken'
  | 'buried'
  | 'fragment'
  | 'sentence'
  | 'notes';

export interface RelevanceQuery {
  query: string;
  kind: RelevanceKind;
  expected: readonly string[];
  /** What the agent is after, for whoever reads a failure. */
  note?: string;
}

export const RELEVANCE_QUERIES: readonly RelevanceQuery[] = [
  // exact: a word of a title or a keyword, as written
  { query: '光猫故障', kind: 'exact', expected: ['device-002'] },
  { query: '机顶盒', kind: 'exact', expected: ['device-003'] },
  { query: '垃圾短信', kind: 'exact', expected: ['sms-003'] },
  { query: '验证码', kind: 'exact', expected: ['sms-002', 'other-002'] },
  { query: '积分清零', kind: 'exact', expected: ['other-003'] },
  { query: '宽带移机', kind: 'exact', expected: ['broadband-003'] },
  { query: '靓号', kind: 'exact', expected: ['billing-006'] },
  { query: '重复扣费', kind: 'exact', expected: ['billing-003'] },
  { query: '掉话', kind: 'exact', expected: ['network-003'] },
  { query: '自动续费', kind: 'exact', expected: ['billing-vas-003'] },
  { query: '外呼骚扰', kind: 'exact', expected: ['marketing-001'] },
  { query: '副卡停机', kind: 'exact', expected: ['plan-family-004'] },
  { query: '欠费停机', kind: 'exact', expected: ['billing-005'] },
  { query: '销户', kind: 'exact', expected: ['porting-003'] },
  { query: '辱骂', kind: 'exact', expected: ['escalation-008'] },
  { query: '群体投诉', kind: 'exact', expected: ['escalation-005'] },
  { query: '人脸识别', kind: 'exact', expected: ['other-005'] },
  { query: '合约机', kind: 'exact', expected: ['device-001', 'marketing-004'] },
  { query: '漫游', kind: 'exact', expected: ['roaming-001', 'roaming-002', 'roaming-003', 'roaming-004'] },

  // partial: part of a phrase, or the agent's own wording of it
  { query: '翻倍', kind: 'partial', expected: ['billing-001'] },
  { query: '充值没到账', kind: 'partial', expected: ['billing-004'] },
  { query: '退订了还在扣费', kind: 'partial', expected: ['billing-vas-002'] },
  { query: '流量用完没提醒', kind: 'partial', expected: ['billing-002'] },
  { query: '日本旅游', kind: 'partial', expected: ['roaming-001'] },
  { query: '澳门', kind: 'partial', expected: ['roaming-002'] },
  { query: '信号只有一两格', kind: 'partial', expected: ['network-001'] },
  { query: '送话费没到账', kind: 'partial', expected: ['marketing-002'] },
  { query: '师傅收材料费', kind: 'partial', expected: ['attitude-003'] },
  { query: '热线打不进', kind: 'partial', expected: ['attitude-004'] },
  { query: '收不到短信验证码', kind: 'partial', expected: ['sms-002'] },
  { query: '老人被订购', kind: 'partial', expected: ['billing-vas-004'] },
  { query: '副卡把主卡流量用光', kind: 'partial', expected: ['plan-family-001'] },
  { query: '宽带装机超时', kind: 'partial', expected: ['broadband-002'] },
  { query: '号码回收找回', kind: 'partial', expected: ['other-004'] },
  { query: '冒充客服诈骗', kind: 'partial', expected: ['other-002'] },
  { query: '办错了套餐', kind: 'partial', expected: ['handling-001'] },
  { query: '工单没人回复', kind: 'partial', expected: ['handling-003'] },
  { query: '联系电视台', kind: 'partial', expected: ['escalation-003'] },
  { query: '网课断网', kind: 'partial', expected: ['broadband-001'] },
  { query: '押金不退', kind: 'partial', expected: ['device-004'] },
  { query: '客服挂电话', kind: 'partial', expected: ['attitude-001'] },
  { query: '手机死机', kind: 'partial', expected: ['device-001'] },
  { query: '钱扣了号停了', kind: 'partial', expected: ['billing-004'] },
  { query: '网速变慢', kind: 'partial', expected: ['network-5g-001', 'broadband-004'] },
  // Synonyms and paraphrase, found through the lexicon (knowledge/search/default-lexicon.json).
  { query: '信号不好', kind: 'partial', expected: ['network-001'], note: 'library says 信号差/信号弱' },
  { query: '套餐降不了', kind: 'partial', expected: ['plan-001'], note: 'library says 降档被拒' },
  { query: '出国上网被扣了很多钱', kind: 'partial', expected: ['roaming-001'], note: 'a sentence; library says 出境' },

  // typo: the wrong character of the right sound (the usual IME slip), a wrong character, a letter swap
  { query: '宽代移机', kind: 'typo', expected: ['broadband-003'], note: '代 for 带' },
  { query: '流亮包', kind: 'typo', expected: ['roaming-002', 'billing-002'], note: '亮 for 量' },
  { query: '光猫故章', kind: 'typo', expected: ['device-002'], note: '章 for 障' },
  { query: '携号转往资格', kind: 'typo', expected: ['porting-001'], note: '往 for 网' },
  { query: '机顶和', kind: 'typo', expected: ['device-003'], note: '和 for 盒' },
  { query: '验正码', kind: 'typo', expected: ['sms-002', 'other-002'], note: '正 for 证' },
  { query: '欠费停几', kind: 'typo', expected: ['billing-005'], note: '几 for 机' },
  { query: '积分清领', kind: 'typo', expected: ['other-003'], note: '领 for 零' },
  { query: '慢游费', kind: 'typo', expected: ['roaming-001', 'roaming-004'], note: '慢 for 漫' },
  { query: '自动续废', kind: 'typo', expected: ['billing-vas-003'], note: '废 for 费' },
  { query: '垃圾短息', kind: 'typo', expected: ['sms-003'], note: '息 for 信' },
  { query: '外呼骚绕', kind: 'typo', expected: ['marketing-001'], note: '绕 for 扰' },
  { query: 'vlote', kind: 'typo', expected: ['network-003'], note: 'VoLTE' },
  { query: 'iptb', kind: 'typo', expected: ['device-003'], note: 'IPTV' },
  { query: '光毛', kind: 'typo', expected: ['device-002', 'device-004'], note: '毛 for 猫' },
  { query: '套餐降党', kind: 'typo', expected: ['plan-001'], note: '党 for 档, and the library never writes 套餐降档 together' },
  { query: 'liulaingbao', kind: 'typo', expected: ['roaming-002', 'billing-002'], note: 'letters swapped in pinyin' },
  { query: 'guangmaoguzang', kind: 'typo', expected: ['device-002'], note: 'zang for zhang' },
  // Known miss: a 2-character look-alike (too short to tell a typo from another word).
  { query: '投拆', kind: 'typo', expected: ['attitude-001', 'escalation-001'], note: '拆 for 诉: looks alike, sounds different' },

  // traditional: agents from Taiwan/Hong Kong input, including Taiwan words (簡訊, 寬頻)
  { query: '攜號轉網', kind: 'traditional', expected: ['porting-001', 'porting-002', 'porting-004'] },
  { query: '寬頻斷網', kind: 'traditional', expected: ['broadband-001', 'device-002'], note: '寬頻 is Taiwan for 宽带' },
  { query: '簡訊發不出', kind: 'traditional', expected: ['sms-001'], note: '簡訊 is Taiwan for 短信' },
  { query: '邊境漫遊', kind: 'traditional', expected: ['roaming-004'] },
  { query: '帳單翻倍', kind: 'traditional', expected: ['billing-001'], note: '帳 folds to 帐, the library writes 账' },
  { query: '機頂盒', kind: 'traditional', expected: ['device-003'] },
  { query: '垃圾簡訊', kind: 'traditional', expected: ['sms-003'] },
  { query: '積分清零', kind: 'traditional', expected: ['other-003'] },
  { query: '視頻會員', kind: 'traditional', expected: ['billing-vas-003'] },
  { query: '欠費停機', kind: 'traditional', expected: ['billing-005'] },
  { query: '實名登記', kind: 'traditional', expected: ['handling-005', 'other-005'] },
  { query: '態度差', kind: 'traditional', expected: ['attitude-001', 'attitude-002'] },
  { query: '寬帶 裝機', kind: 'traditional', expected: ['broadband-002'] },
  { query: '話費沒到賬', kind: 'traditional', expected: ['billing-004'] },

  // pinyin: full pinyin without tones, typed instead of picking characters in the IME
  { query: 'liuliangbao', kind: 'pinyin', expected: ['roaming-002', 'billing-002'] },
  { query: 'kuandaiyiji', kind: 'pinyin', expected: ['broadband-003'] },
  { query: 'xiehaozhuanwang', kind: 'pinyin', expected: ['porting-001', 'porting-002', 'porting-004'] },
  { query: 'guangmaoguzhang', kind: 'pinyin', expected: ['device-002'] },
  { query: 'jidinghe', kind: 'pinyin', expected: ['device-003'] },
  { query: 'yanzhengma', kind: 'pinyin', expected: ['sms-002', 'other-002'] },
  { query: 'jifen', kind: 'pinyin', expected: ['other-003'] },
  { query: 'lajiduanxin', kind: 'pinyin', expected: ['sms-003'] },
  { query: 'manyou', kind: 'pinyin', expected: ['roaming-001', 'roaming-002', 'roaming-003', 'roaming-004'] },
  { query: 'zidongxufei', kind: 'pinyin', expected: ['billing-vas-003'] },
  { query: 'diaohua', kind: 'pinyin', expected: ['network-003'] },
  { query: 'xiaohu', kind: 'pinyin', expected: ['porting-003'] },
  { query: 'chongfukoufei', kind: 'pinyin', expected: ['billing-003'], note: '重 read chong' },
  { query: 'liuliang', kind: 'pinyin', expected: ['billing-002', 'roaming-002', 'plan-family-001', 'network-5g-001'] },
  { query: 'qianfeitingji', kind: 'pinyin', expected: ['billing-005'] },
  { query: 'lvshi', kind: 'pinyin', expected: ['escalation-004'], note: 'ü typed as v' },

  // initials: the first letter of each syllable
  { query: 'llb', kind: 'initials', expected: ['roaming-002', 'billing-002'] },
  { query: 'xhzw', kind: 'initials', expected: ['porting-001', 'porting-002', 'porting-004'] },
  { query: 'gmgz', kind: 'initials', expected: ['device-002'] },
  { query: 'jdh', kind: 'initials', expected: ['device-003'] },
  { query: 'yzm', kind: 'initials', expected: ['sms-002', 'other-002'] },
  { query: 'ljdx', kind: 'initials', expected: ['sms-003'] },
  { query: 'kdyj', kind: 'initials', expected: ['broadband-003'] },
  { query: 'zdxf', kind: 'initials', expected: ['billing-vas-003'] },
  { query: 'qftj', kind: 'initials', expected: ['billing-005'] },
  { query: 'jfql', kind: 'initials', expected: ['other-003'] },
  { query: 'czwdz', kind: 'initials', expected: ['billing-004'] },
  { query: 'cfkf', kind: 'initials', expected: ['billing-003'], note: '重 read chong' },
  { query: 'whsr', kind: 'initials', expected: ['marketing-001'] },
  { query: 'xhtj', kind: 'initials', expected: ['porting-003'], note: '销户条件' },
  { query: 'xxxl', kind: 'initials', expected: ['other-002', 'sms-003'], note: '信息泄露' },
  { query: 'rlsb', kind: 'initials', expected: ['other-005'], note: '人脸识别' },

  // mixed: Chinese with English, digits or pinyin
  { query: '5G 降速', kind: 'mixed', expected: ['network-5g-001'] },
  { query: '5G信号差', kind: 'mixed', expected: ['network-5g-003'] },
  { query: 'VIP 投诉', kind: 'mixed', expected: ['escalation-007'] },
  { query: 'IPTV 卡顿', kind: 'mixed', expected: ['device-003'] },
  { query: '315', kind: 'mixed', expected: ['escalation-002', 'network-5g-002'] },
  { query: '106短信', kind: 'mixed', expected: ['sms-002'] },
  { query: '300M 宽带', kind: 'mixed', expected: ['broadband-004'] },
  { query: 'SP扣费', kind: 'mixed', expected: ['billing-vas-001'] },
  { query: 'WiFi通话', kind: 'mixed', expected: ['network-001'] },
  { query: '光猫 LOS', kind: 'mixed', expected: ['device-002'] },
  { query: 'volte 掉话', kind: 'mixed', expected: ['network-003'] },
  { query: '1元体验', kind: 'mixed', expected: ['billing-vas-003'] },
  { query: '100G 流量', kind: 'mixed', expected: ['plan-002'] },
  { query: 'liuliang 减免', kind: 'mixed', expected: ['billing-002', 'roaming-001'] },
  { query: '存300送600', kind: 'mixed', expected: ['plan-001'] },
  { query: 'kuandai 移机', kind: 'mixed', expected: ['broadband-003'] },
  { query: '4K 视频卡顿', kind: 'mixed', expected: ['broadband-004'] },
];
