import type { RelevanceQuery } from './relevance-queries';

/**
 * How customers and agents actually phrase problems, labeled against the default library: kept
 * apart from relevance-queries.ts (which is written in the library's own words) and reported
 * apart. Written as heard on calls, not from the lexicon:
 * - spoken: everyday words for what the library writes formally (信号不好 for 信号差);
 * - buried: a library word among filler and everyday words (喂你好我那个宽带又断了);
 * - fragment: incomplete, as typed in a hurry (钱扣了, 网老断);
 * - sentence: a whole spoken sentence typed into the box.
 */
export const COLLOQUIAL_QUERIES: readonly RelevanceQuery[] = [
  // spoken
  { query: '信号不太行', kind: 'spoken', expected: ['network-001'] },
  { query: '家里信号很差', kind: 'spoken', expected: ['network-001'] },
  { query: '手机没信号', kind: 'spoken', expected: ['network-001', 'network-002'] },
  { query: '网络卡', kind: 'spoken', expected: ['broadband-004', 'network-5g-001', 'network-5g-004'] },
  { query: '网速太慢了', kind: 'spoken', expected: ['broadband-004', 'network-5g-001', 'network-5g-004'] },
  { query: '钱对不上', kind: 'spoken', expected: ['billing-001'] },
  { query: '不想要了', kind: 'spoken', expected: ['billing-vas-001', 'billing-vas-002', 'billing-vas-003', 'billing-vas-004'] },
  { query: '乱扣钱', kind: 'spoken', expected: ['billing-001', 'billing-vas-001'] },
  { query: '扣了两次钱', kind: 'spoken', expected: ['billing-003'] },
  { query: '话费怎么这么贵', kind: 'spoken', expected: ['billing-001'] },
  { query: '充了钱没到', kind: 'spoken', expected: ['billing-004'] },
  { query: '流量用超了', kind: 'spoken', expected: ['billing-002'] },
  { query: '出国被扣了好多钱', kind: 'spoken', expected: ['roaming-001'] },
  { query: '在国外没信号', kind: 'spoken', expected: ['roaming-003'] },
  { query: '态度不好', kind: 'spoken', expected: ['attitude-001', 'attitude-002'] },
  { query: '客服把我电话挂了', kind: 'spoken', expected: ['attitude-001'] },
  { query: '一直打不进去', kind: 'spoken', expected: ['attitude-004'] },
  { query: '老给我打电话推销', kind: 'spoken', expected: ['marketing-001'] },
  { query: '说好送的话费没给', kind: 'spoken', expected: ['marketing-002'] },
  { query: '跟当初说的不一样', kind: 'spoken', expected: ['plan-002', 'network-5g-002'] },
  { query: '换个便宜的套餐', kind: 'spoken', expected: ['plan-001'] },
  { query: '验证码收不到', kind: 'spoken', expected: ['sms-002'] },
  { query: '短信发不出去', kind: 'spoken', expected: ['sms-001', 'sms-004'] },
  { query: '天天收到广告短信', kind: 'spoken', expected: ['sms-003'] },
  { query: '手机老死机', kind: 'spoken', expected: ['device-001'] },
  { query: '光猫亮红灯', kind: 'spoken', expected: ['device-002'] },
  { query: '电视看不了', kind: 'spoken', expected: ['device-003'] },
  { query: '搬家了宽带怎么办', kind: 'spoken', expected: ['broadband-003'] },
  { query: '宽带一直没人来装', kind: 'spoken', expected: ['broadband-002'] },
  { query: '想换运营商', kind: 'spoken', expected: ['porting-001', 'porting-002', 'porting-004'] },
  { query: '这个号不要了', kind: 'spoken', expected: ['porting-003'] },
  { query: '要去工信部告你们', kind: 'spoken', expected: ['escalation-001'] },
  { query: '我要发到网上曝光', kind: 'spoken', expected: ['escalation-003'] },
  { query: '找律师打官司', kind: 'spoken', expected: ['escalation-004'] },
  { query: '骗子冒充你们客服', kind: 'spoken', expected: ['other-002'] },
  { query: '积分怎么没了', kind: 'spoken', expected: ['other-003'] },
  { query: '号码被别人用了', kind: 'spoken', expected: ['other-004'] },
  { query: '刷脸认证不了', kind: 'spoken', expected: ['other-005'] },
  { query: '打电话老断', kind: 'spoken', expected: ['network-003'] },
  { query: '通话有杂音听不清楚', kind: 'spoken', expected: ['network-003'] },

  // buried: a library word among everyday words
  { query: '喂你好我那个宽带又断网了', kind: 'buried', expected: ['broadband-001', 'device-002', 'broadband-005'] },
  { query: '我想问一下我的流量包怎么用不了', kind: 'buried', expected: ['roaming-002', 'billing-002'] },
  { query: '就是我这个月账单怎么翻倍了', kind: 'buried', expected: ['billing-001'] },
  { query: '你们那个视频会员怎么自己续费了', kind: 'buried', expected: ['billing-vas-003'] },
  { query: '麻烦帮我查一下为什么停机了', kind: 'buried', expected: ['billing-005', 'plan-family-004'] },
  { query: '请问携号转网要什么条件', kind: 'buried', expected: ['porting-001', 'porting-002'] },
  { query: '我家老人被订了好多增值业务', kind: 'buried', expected: ['billing-vas-004'] },
  { query: '那个副卡把流量都用光了', kind: 'buried', expected: ['plan-family-001'] },
  { query: '嗯就是宽带网速特别慢', kind: 'buried', expected: ['broadband-004'] },
  { query: '我想问问销户要带什么', kind: 'buried', expected: ['porting-003'] },
  { query: '哎你们的5G怎么限速了', kind: 'buried', expected: ['network-5g-001', 'network-5g-004', 'network-5g-002'] },
  { query: '我这个靓号为什么不能降套餐', kind: 'buried', expected: ['billing-006'] },
  { query: '请问光猫押金什么时候退', kind: 'buried', expected: ['device-004'] },
  { query: '我上次反映的工单怎么还没人回复', kind: 'buried', expected: ['handling-003'] },
  { query: '这个垃圾短信能不能处理一下', kind: 'buried', expected: ['sms-003'] },
  { query: '你好我的机顶盒老是卡', kind: 'buried', expected: ['device-003'] },
  { query: '那个营业员给我办错套餐了', kind: 'buried', expected: ['handling-001'] },
  { query: '我在边境怎么会有漫游费', kind: 'buried', expected: ['roaming-004'] },
  { query: '麻烦看一下我的积分到期了吗', kind: 'buried', expected: ['other-003'] },
  { query: '喂是不是主卡欠费了副卡也停了', kind: 'buried', expected: ['plan-family-004'] },

  // fragment: incomplete, typed in a hurry
  { query: '钱扣了', kind: 'fragment', expected: ['billing-001', 'billing-vas-001', 'billing-003', 'billing-004'], note: 'billing-004 is 钱扣了 but the top-up never arrived' },
  { query: '网老断', kind: 'fragment', expected: ['broadband-005', 'broadband-001'] },
  { query: '没网', kind: 'fragment', expected: ['broadband-001', 'device-002', 'network-002'] },
  { query: '退不掉', kind: 'fragment', expected: ['billing-vas-002'] },
  { query: '流量超了', kind: 'fragment', expected: ['billing-002'] },
  { query: '被停机', kind: 'fragment', expected: ['billing-005', 'plan-family-004'] },
  { query: '话费没到', kind: 'fragment', expected: ['billing-004'] },
  { query: '转不了网', kind: 'fragment', expected: ['porting-001', 'porting-002'] },
  { query: '装宽带', kind: 'fragment', expected: ['broadband-002'] },
  { query: '挂我电话', kind: 'fragment', expected: ['attitude-001'] },
  { query: '天天推销', kind: 'fragment', expected: ['marketing-001'] },
  { query: '优惠没了', kind: 'fragment', expected: ['billing-007'] },
  { query: '月租涨了', kind: 'fragment', expected: ['billing-007'] },
  { query: '骂人', kind: 'fragment', expected: ['escalation-008'] },
  { query: '整个小区都没信号', kind: 'fragment', expected: ['escalation-005', 'network-002'] },
  { query: '老人看不懂', kind: 'fragment', expected: ['other-001'] },
  { query: '师傅乱收钱', kind: 'fragment', expected: ['attitude-003'] },
  { query: '漏办了', kind: 'fragment', expected: ['handling-002'] },

  // sentence: a whole spoken sentence
  { query: '去国外玩了一趟回来话费好几千', kind: 'sentence', expected: ['roaming-001'] },
  { query: '我根本没订过这个业务怎么就扣钱了', kind: 'sentence', expected: ['billing-vas-001'] },
  { query: '都打了三次了还是没解决', kind: 'sentence', expected: ['handling-004'] },
  { query: '说是免费升级结果每个月多收钱', kind: 'sentence', expected: ['marketing-003'] },
  { query: '合约还没到期能不能换成小套餐', kind: 'sentence', expected: ['plan-001'] },
  { query: '没出国怎么也扣了漫游费', kind: 'sentence', expected: ['roaming-004'] },
  { query: '老套餐改了以后改不回去了', kind: 'sentence', expected: ['plan-003'] },
  { query: '家里人的副卡加了以后多收了钱', kind: 'sentence', expected: ['plan-family-003'] },
  { query: '营业厅的人爱答不理还推来推去', kind: 'sentence', expected: ['attitude-002'] },
  { query: '我妈手机上不知道怎么多了好几个业务', kind: 'sentence', expected: ['billing-vas-004'] },
  { query: '用了十几年的老用户了就这么对我', kind: 'sentence', expected: ['escalation-007'] },
  { query: '你们再不处理我就打315', kind: 'sentence', expected: ['escalation-002'] },
];

/**
 * Notes an agent types while the customer talks: long, in the customer's words, labeled with the
 * scripts a suggestion should offer.
 */
export const NOTES_TEXTS: readonly RelevanceQuery[] = [
  { query: '客户说这个月流量用超了，之前一直没收到短信提醒，现在要求把超出的流量费减免掉，情绪比较激动', kind: 'notes', expected: ['billing-002'] },
  { query: '客户反映家里宽带每天晚上都掉线，打游戏卡得不行，已经报修过一次了师傅来看了也没修好', kind: 'notes', expected: ['broadband-005', 'handling-004'] },
  { query: '客户称上个月去日本玩了一周，回来发现话费扣了两千多，说根本不知道要开漫游包', kind: 'notes', expected: ['roaming-001'] },
  { query: '客户手机里不知道什么时候开了好几个业务，每个月都扣钱，说自己从来没订过，要求全部取消并退钱', kind: 'notes', expected: ['billing-vas-001', 'billing-vas-004'] },
  { query: '客户家住顶楼，屋里信号特别差，打电话经常断，问能不能给他解决一下', kind: 'notes', expected: ['network-001'] },
  { query: '客户说打了好几次热线都一直在排队，好不容易打通了又被转来转去，非常不满', kind: 'notes', expected: ['attitude-004'] },
  { query: '客户情绪很激动，在电话里骂人，说再不给解决就去网上发帖曝光', kind: 'notes', expected: ['escalation-008', 'escalation-003'] },
  { query: '客户要把号码转到别的运营商去，查询说不符合条件，客户认为我们故意不让转', kind: 'notes', expected: ['porting-001'] },
  { query: '客户说营业员当时说套餐里有100G流量，结果大部分是只能看视频的流量，觉得被骗了', kind: 'notes', expected: ['plan-002'] },
  { query: '客户的光猫一直亮红灯，上不了网，已经重启好几次了还是不行', kind: 'notes', expected: ['device-002'] },
  { query: '客户刚搬了新家，申请把宽带挪过去，说等了一个多礼拜还没弄好，期间还在扣费', kind: 'notes', expected: ['broadband-003'] },
  { query: '客户说银行发的验证码一直收不到，登录不了手机银行，很着急', kind: 'notes', expected: ['sms-002'] },
  { query: '客户这个月话费比平时多了一倍，想知道钱都花哪了，怀疑我们乱收费', kind: 'notes', expected: ['billing-001'] },
  { query: '客户说在网上充了一百块话费，钱已经扣了但是号码还是停机状态', kind: 'notes', expected: ['billing-004'] },
  { query: '客户的视频会员到期以后自己续费了，说当初只是办了一块钱体验，没同意续费', kind: 'notes', expected: ['billing-vas-003'] },
  { query: '客户副卡是给孩子用的，结果孩子把主卡的流量都用完了，客户不清楚是共享的', kind: 'notes', expected: ['plan-family-001'] },
  { query: '客户说最近天天有人打电话推销套餐，已经说了不要还一直打，很烦', kind: 'notes', expected: ['marketing-001'] },
  { query: '客户要求直接在电话里把号码注销掉，不想去营业厅', kind: 'notes', expected: ['porting-003'] },
  { query: '客户说他们整栋楼这几天都没有信号，好几户邻居一起打电话来反映', kind: 'notes', expected: ['escalation-005', 'network-002'] },
  { query: '客户合约期还没到，想把套餐换成便宜一点的，营业厅说不能改，客户不接受', kind: 'notes', expected: ['plan-001'] },
  { query: '客户表示已经找了律师，说我们补卡给了别人导致银行卡被盗刷，要起诉', kind: 'notes', expected: ['escalation-004'] },
  { query: '客户说装宽带约好了周六上门，结果师傅没来，也没人通知，已经超过承诺的时间了', kind: 'notes', expected: ['broadband-002'] },
];
