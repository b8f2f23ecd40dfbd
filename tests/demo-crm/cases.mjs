// Demo cases for the demo CRM. Served to the SPA as JSON by /api/cases and
// importable by the e2e tests, so the ids below are the single source of truth.
//
// Phone numbers are stored already masked: the CRM never has a raw 11-digit
// number to leak onto the screen (that is how the real CRMs we target behave).

/** @typedef {{ name: string, phoneMasked: string, plan: string, tier: string, tenure: string, region: string }} DemoCustomer */
/** @typedef {{ at: string, text: string }} DemoEvent */
/**
 * @typedef {object} DemoCase
 * @property {string} id           Case reference, shown in #case-ref.
 * @property {string} callRef      Call (recording) reference, shown as 通话流水.
 * @property {string} title        Short complaint title.
 * @property {string} category     Complaint category as the CRM names it.
 * @property {string} ticketType   Default value of the ticket type <select>.
 * @property {string} status       Case status.
 * @property {string} receivedAt   When the call came in.
 * @property {string} summary      What the customer says, as typed by first-line staff.
 * @property {DemoCustomer} customer
 * @property {DemoEvent[]} history Recent account events shown beside the case.
 */

/** Ticket types offered by the ticket form, value → label. */
export const TICKET_TYPES = [
  { value: 'billing', label: '计费争议' },
  { value: 'network', label: '网络故障' },
  { value: 'plan', label: '套餐争议' },
  { value: 'messaging', label: '短信/语音异常' },
  { value: 'broadband', label: '宽带故障' },
  { value: 'roaming', label: '国际漫游' },
  { value: 'portability', label: '携号转网' },
  { value: 'vas', label: '增值业务退订' },
  { value: 'escalation', label: '投诉升级' },
  { value: 'other', label: '其他' },
];

/** @type {DemoCase[]} */
export const DEMO_CASES = [
  {
    id: 'CASE-2026-0001',
    callRef: 'CALL-20261123-0931',
    title: '5G 降速争议',
    category: '网络质量',
    ticketType: 'network',
    status: '处理中',
    receivedAt: '2026-11-23 09:31',
    summary:
      '客户反映本月流量尚未用完，手机却被限速到 1Mbps，看视频一直卡顿。客户认为运营商故意降速，要求解释原因并补偿本月月租。',
    customer: {
      name: '王女士',
      phoneMasked: '138****5678',
      plan: '5G畅享套餐 129元（含 60GB 通用流量）',
      tier: 'VIP',
      tenure: '在网 9 年',
      region: '广东 深圳',
    },
    history: [
      { at: '11-21 22:14', text: '流量使用达 60GB 阈值，触发限速短信（客户称未收到）' },
      { at: '11-18 10:02', text: '办理 20GB 定向流量包（视频专属）' },
      { at: '10-30 16:45', text: '上月账单 129.00 元，已自动扣款' },
    ],
  },
  {
    id: 'CASE-2026-0002',
    callRef: 'CALL-20261123-0947',
    title: '家庭套餐资费误解',
    category: '资费争议',
    ticketType: 'plan',
    status: '待处理',
    receivedAt: '2026-11-23 09:47',
    summary:
      '客户以为两张副卡共享主卡流量，实际副卡流量单独计费，本月多出 86 元。客户称营业厅办理时未说明，要求退还差额。',
    customer: {
      name: '李先生',
      phoneMasked: '139****2046',
      plan: '家庭融合套餐 199元（含 300M 宽带 + 2 张副卡）',
      tier: '普通客户',
      tenure: '在网 4 年',
      region: '广东 广州',
    },
    history: [
      { at: '11-20 09:12', text: '副卡 2 号流量超出，产生套餐外流量费 86.00 元' },
      { at: '09-02 14:30', text: '营业厅办理家庭融合套餐变更（受理工号 G2317）' },
    ],
  },
  {
    id: 'CASE-2026-0003',
    callRef: 'CALL-20261123-1002',
    title: '短信发送失败',
    category: '业务故障',
    ticketType: 'messaging',
    status: '处理中',
    receivedAt: '2026-11-23 10:02',
    summary:
      '客户近三天无法向其他运营商的号码发送短信，提示“发送失败”，接收正常。已重启手机、检查短信中心号码，问题依旧。',
    customer: {
      name: '张女士',
      phoneMasked: '136****0817',
      plan: '4G畅聊套餐 58元',
      tier: '普通客户',
      tenure: '在网 12 年',
      region: '湖南 长沙',
    },
    history: [
      { at: '11-20 08:55', text: '系统风控：短时间内群发短信，异网短信功能临时关闭' },
      { at: '11-01 00:00', text: '月初套餐重置' },
    ],
  },
  {
    id: 'CASE-2026-0004',
    callRef: 'CALL-20261123-1015',
    title: '宽带断网',
    category: '宽带故障',
    ticketType: 'broadband',
    status: '已升级',
    receivedAt: '2026-11-23 10:15',
    summary:
      '家庭宽带一天断网十几次，光猫 LOS 灯红色闪烁，重启无效。客户在家办公，情绪激动，要求今天上门维修。',
    customer: {
      name: '陈先生',
      phoneMasked: '137****3391',
      plan: '家庭宽带 500M 融合套餐 169元',
      tier: 'VIP',
      tenure: '在网 6 年',
      region: '浙江 杭州',
    },
    history: [
      { at: '11-23 07:40', text: '光猫上报 LOS 告警 14 次' },
      { at: '11-22 19:05', text: '客户自助报障，系统建议重启光猫' },
      { at: '11-15 11:20', text: '片区光缆割接施工通知' },
    ],
  },
  {
    id: 'CASE-2026-0005',
    callRef: 'CALL-20261123-1031',
    title: '国际漫游扣费',
    category: '资费争议',
    ticketType: 'roaming',
    status: '待处理',
    receivedAt: '2026-11-23 10:31',
    summary:
      '客户赴日本出差一周，出发前已开通日包，回国后发现被按标准漫游资费扣费 412 元，要求按日包重新计费并退款。',
    customer: {
      name: '刘女士',
      phoneMasked: '135****7720',
      plan: '5G尊享套餐 239元',
      tier: 'VIP',
      tenure: '在网 15 年',
      region: '上海',
    },
    history: [
      { at: '11-22 23:10', text: '漫游流量费 412.00 元入账' },
      { at: '11-16 06:20', text: '入境日本，接入当地合作网络' },
      { at: '11-15 21:48', text: '订购国际漫游日包 25元/天（生效时间 11-17 00:00）' },
    ],
  },
  {
    id: 'CASE-2026-0006',
    callRef: 'CALL-20261123-1048',
    title: '携号转网受限',
    category: '携号转网',
    ticketType: 'portability',
    status: '处理中',
    receivedAt: '2026-11-23 10:48',
    summary:
      '客户申请携号转网，收到“存在未到期合约，暂不符合条件”的短信。客户坚称从未签过合约，怀疑被营业厅私自办理。',
    customer: {
      name: '赵先生',
      phoneMasked: '188****6604',
      plan: '5G畅享套餐 99元',
      tier: '普通客户',
      tenure: '在网 3 年',
      region: '江苏 南京',
    },
    history: [
      { at: '11-22 15:30', text: '携号转网资格查询：存在合约（购机送费，至 2027-03）' },
      { at: '2025-03-12', text: '合约机办理记录（渠道：合作厅）' },
    ],
  },
  {
    id: 'CASE-2026-0007',
    callRef: 'CALL-20261123-1104',
    title: '增值业务扣费',
    category: '增值业务',
    ticketType: 'vas',
    status: '待处理',
    receivedAt: '2026-11-23 11:04',
    summary:
      '客户发现账单中有“视频彩铃 10元/月”和“游戏会员 15元/月”，已连续扣费 3 个月。客户否认订购，要求退订并全额退款。',
    customer: {
      name: '周女士',
      phoneMasked: '150****9132',
      plan: '4G畅聊套餐 38元',
      tier: '普通客户',
      tenure: '在网 7 年',
      region: '四川 成都',
    },
    history: [
      { at: '11-01 00:00', text: '增值业务费 25.00 元入账' },
      { at: '08-19 20:31', text: '短信验证码订购“游戏会员”（来源：第三方页面）' },
      { at: '08-19 20:29', text: '订购“视频彩铃”' },
    ],
  },
];
