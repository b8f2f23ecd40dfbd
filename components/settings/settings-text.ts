import { textFor, type TextCatalogue } from '@/components/shared/i18n';
import type { Locale } from '@/knowledge/settings/settings';

const zhCN = {
  title: 'Iceberg 冰山 · 设置',
  agent: '坐席工号',
  agentHelp: '每次点击都会记录此工号，QA 合并多位坐席数据时依靠它区分。',
  language: '界面语言',
  sites: 'CRM 站点',
  sitesHelp: '侧边栏只出现在这里列出且已授权的站点上。',
  address: 'CRM 地址',
  selector: '工单号 CSS 选择器（可选）',
  urlPattern: '工单号 URL 正则（可选，第一个分组）',
  add: '添加并授权',
  remove: '移除',
  grant: '授权',
  granted: '已授权',
  notGranted: '未授权',
  save: '保存',
  saved: '已保存',
  storage: '本地存储',
  persisted: '持久存储：已开启（浏览器不会自动清除）',
  notPersisted: '持久存储：未开启，浏览器在空间不足时可能清除数据',
  used: '已用',
  library: '案例库与分类表：导入、导出、使用统计 →',
  dashboard: 'QA 与组长看板：报表、导出、合并、备份 →',
  sensitiveWords: '升级预警敏感词',
  sensitiveHelp: '坐席在 CRM 备注中写到这些词时，侧边栏会提示升级风险等级。用逗号、顿号或换行分隔。',
  restoreWords: '恢复默认敏感词',
};

export type SettingsText = typeof zhCN;

const en: SettingsText = {
  title: 'Iceberg · Settings',
  agent: 'Agent id',
  agentHelp: 'Stored with every click; QA tells agents apart by it when merging exports.',
  language: 'Language',
  sites: 'CRM sites',
  sitesHelp: 'The sidebar appears only on the sites listed and granted here.',
  address: 'CRM address',
  selector: 'Work-order number: CSS selector (optional)',
  urlPattern: 'Work-order number: URL regex (optional, first group)',
  add: 'Add and grant',
  remove: 'Remove',
  grant: 'Grant',
  granted: 'granted',
  notGranted: 'not granted',
  save: 'Save',
  saved: 'Saved',
  storage: 'Local storage',
  persisted: 'Persistent storage: on (the browser will not evict it)',
  notPersisted: 'Persistent storage: off; the browser may clear data when disk is low',
  used: 'Used',
  library: 'Case library and taxonomy: import, export, usage →',
  dashboard: 'QA and team-lead dashboard: reports, export, merge, backup →',
  sensitiveWords: 'Escalation words',
  sensitiveHelp: 'When an agent writes one of these in the CRM notes, the sidebar suggests a higher risk grade. Separate with commas or line breaks.',
  restoreWords: 'Restore the default words',
};

const catalogue: TextCatalogue<SettingsText> = { 'zh-CN': zhCN, en };

export function settingsText(locale: Locale): SettingsText {
  return textFor(catalogue, locale);
}
