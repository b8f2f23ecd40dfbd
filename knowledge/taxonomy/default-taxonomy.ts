import { TAXONOMY_SCHEMA_VERSION, Taxonomy } from './taxonomy';

/**
 * The complaint taxonomy a telecom service centre starts with. Written for Iceberg from the
 * complaint types telecom centres report (billing, network, plans, attitude, handling errors,
 * marketing promises, devices, SMS, broadband); team leads replace it by importing their own file.
 * Shortcuts 1–9, 0 are the ten most frequent types; letters are the sub-categories.
 */
export const DEFAULT_TAXONOMY: Taxonomy = Taxonomy.parse({
  schemaVersion: TAXONOMY_SCHEMA_VERSION,
  name: '电信客服默认投诉分类',
  version: '2026.11-1',
  categories: [
    {
      id: 'billing',
      name: { zh: '计费/资费争议', en: 'Billing & tariff dispute' },
      color: '#d9480f',
      shortcut: '1',
      description: '对账单金额、扣费项目或资费标准有异议。',
    },
    {
      id: 'billing-vas',
      parentId: 'billing',
      name: { zh: '增值业务扣费', en: 'Value-added service charge' },
      color: '#e8590c',
      shortcut: 'v',
      description: '不知情订购、无法退订的增值业务或会员扣费。',
    },
    {
      id: 'billing-roaming',
      parentId: 'billing',
      name: { zh: '漫游费用', en: 'Roaming charges' },
      color: '#f08c00',
      shortcut: 'r',
      description: '国际/港澳台漫游流量或通话费用超出预期。',
    },
    {
      id: 'network',
      name: { zh: '网络质量/故障', en: 'Network quality or outage' },
      color: '#1971c2',
      shortcut: '2',
      description: '无信号、掉话、上网慢、区域性故障。',
    },
    {
      id: 'network-5g-throttle',
      parentId: 'network',
      name: { zh: '5G 降速/限速', en: '5G throttling' },
      color: '#1c7ed6',
      shortcut: 't',
      description: '达量降速、限速规则与宣传不符。',
    },
    {
      id: 'plan',
      name: { zh: '套餐争议', en: 'Plan dispute' },
      color: '#7048e8',
      shortcut: '3',
      description: '套餐内容、合约期、家庭/融合套餐规则理解不一致。',
    },
    {
      id: 'plan-family',
      parentId: 'plan',
      name: { zh: '家庭/融合套餐', en: 'Family & bundle plans' },
      color: '#845ef7',
      shortcut: 'f',
      description: '副卡共享、融合宽带、成员变更引起的资费误解。',
    },
    {
      id: 'attitude',
      name: { zh: '服务态度', en: 'Service attitude' },
      color: '#c2255c',
      shortcut: '4',
      description: '对坐席、营业厅或装维人员的态度不满。',
    },
    {
      id: 'handling-error',
      name: { zh: '业务办理差错', en: 'Business handling error' },
      color: '#e03131',
      shortcut: '5',
      description: '办错、漏办、未按约定时间办结。',
    },
    {
      id: 'marketing',
      name: { zh: '营销/承诺不兑现', en: 'Marketing & broken promises' },
      color: '#9c36b5',
      shortcut: '6',
      description: '营销外呼骚扰、赠送/优惠未兑现、宣传与实际不符。',
    },
    {
      id: 'device',
      name: { zh: '终端/设备', en: 'Device & terminal' },
      color: '#5c940d',
      shortcut: '7',
      description: '合约机、光猫、机顶盒等设备问题。',
    },
    {
      id: 'sms',
      name: { zh: '短信/彩信', en: 'SMS & MMS' },
      color: '#0c8599',
      shortcut: '8',
      description: '短信发不出、收不到、验证码延迟、垃圾短信。',
    },
    {
      id: 'broadband',
      name: { zh: '宽带/家宽', en: 'Home broadband' },
      color: '#2f9e44',
      shortcut: '9',
      description: '断网、网速慢、装机/移机/拆机不及时。',
    },
    {
      id: 'number-porting',
      name: { zh: '携号转网/销户', en: 'Number porting & closure' },
      color: '#495057',
      shortcut: '0',
      description: '携转受阻、销户条件、欠费与合约限制。',
    },
    {
      id: 'other',
      name: { zh: '其他不满', en: 'Other dissatisfaction' },
      color: '#868e96',
      shortcut: 'q',
      description: '不属于以上类别，但客户明确表达了不满。',
    },
  ],
});
