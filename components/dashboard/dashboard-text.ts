import { textFor, type TextCatalogue } from '@/components/shared/i18n';
import type { Locale } from '@/knowledge/settings/settings';

/** The dashboard's words, Simplified Chinese first; English when the agent's locale is 'en'. */
const zhCN = {
  title: 'Iceberg 冰山 · QA 与组长看板',
  settingsLink: '设置',
  libraryLink: '案例库',
  loading: '加载中…',
  loadFailed: '报表加载失败：',
  // range and filters
  rangeTitle: '统计范围',
  preset: '时间段',
  presets: { today: '今天', last7: '最近 7 天', lastWeek: '上周', last30: '最近 30 天', custom: '自定义' },
  from: '开始日期',
  to: '结束日期',
  badRange: '开始日期不能晚于结束日期。',
  nav: '页面目录',
  grouping: '分组',
  groupings: { day: '按日', week: '按周', month: '按月' },
  agent: '坐席',
  site: '站点',
  category: '分类',
  source: '数据来源',
  all: '全部',
  sourceOwn: '本机点击',
  sourceImported: '全部导入数据',
  sourceImport: (fileName: string) => `导入：${fileName}`,
  previous: (from: string, to: string) => `对比上一周期 ${from} 至 ${to}`,
  rawDetail: (day: string) => `原始点击明细从 ${day} 起保留；更早的日期只保留计数（报表和计数导出仍然完整，点击日志导出不含更早的明细）。`,
  rawDetailInRange: '所选范围有一部分早于此日期。',
  // figures
  figuresTitle: '关键指标',
  clicks: '广义投诉',
  tickets: '投诉工单',
  ratioPer100: '冰山比（每 100 条广义投诉的工单数）',
  clicksPerTicket: '每张工单对应的广义投诉',
  voided: '已撤销（不计入）',
  vsPrevious: '上期',
  noData: '所选范围内没有点击记录。',
  // TOP-10
  topTitle: 'TOP-10 投诉热点（按广义投诉）',
  topChartLabel: (from: string, to: string) => `${from} 至 ${to} 广义投诉最多的分类`,
  rank: '排名',
  name: '分类',
  share: '占比',
  change: '较上期',
  new: '新出现',
  retired: '已停用',
  unknownCategory: '未知分类',
  previousRank: '上期排名',
  groupsTitle: '按一级分类',
  within: '其中最多',
  // breakdowns
  breakdownTitle: '按计数规则、风险等级、客户情绪',
  byRule: '计数规则',
  byRisk: '风险等级',
  byEmotion: '客户情绪',
  rules: {
    'customer-dissatisfied': '客户明确表达不满',
    'company-at-fault': '公司有责',
    'explanation-not-accepted': '无责但不接受解释',
    unspecified: '未填写',
  } as Record<string, string>,
  risks: { ordinary: '普通', escalated: '升级', major: '重大', unspecified: '未填写' } as Record<string, string>,
  emotions: { calm: '平静', anxious: '焦急', doubting: '质疑', angry: '愤怒', disappointed: '失望', unspecified: '未填写' } as Record<string, string>,
  count: '次数',
  // trend
  trendTitle: '分类趋势',
  trendChartLabel: (grouping: string) => `各分类广义投诉趋势（${grouping}）`,
  trendPicker: '显示的分类',
  trendAll: '合计',
  period: '周期',
  partial: '（不完整周期）',
  // anomalies
  anomaliesTitle: '异常',
  noAnomalies: '没有发现异常：没有分类明显高于其近两周的平均水平。',
  anomaly: (name: string, metric: string, day: string, count: number, mean: string) =>
    `${day} ${name}：${metric} ${count}，近两周日均 ${mean}`,
  anomalyRule: '规则：某分类当天数量 ≥ 近 14 个有效工作日均值 + 3 倍标准差，且 ≥ 均值的 2 倍，且至少 5 次点击（工单至少 3 张）。',
  anomalyBadge: '异常',
  // script usage
  usageTitle: '话术使用',
  usageTop: '最常用的话术',
  noUsage: '还没有坐席使用过话术。',
  missesTitle: '没有搜到结果的搜索',
  noMisses: '暂无。',
  times: '次',
  lastUsed: '最近使用',
  // export
  exportTitle: '导出',
  exportHelp: '按上面选择的时间范围和筛选条件导出。点击日志 CSV 为 UTF-8（带 BOM），可直接用 Excel 打开；列说明见 docs/export-format.md。',
  exportKinds: { 'clicks-csv': '点击日志 CSV', 'clicks-ndjson': '点击日志 NDJSON', 'counts-csv': '按日 × 分类计数 CSV' },
  pickLocation: '选择保存位置并直接写入磁盘（适合大文件）',
  pickUnavailable: '此浏览器不支持直接写入磁盘：文件会先在内存中生成再下载，超大导出可能占用较多内存。',
  downloadNote: '未勾选时文件先在内存中生成再下载。',
  exporting: '正在导出…',
  exported: (n: string) => `导出完成：${n} 行。`,
  exportedFile: '文件',
  exportCancelled: '已取消导出。',
  exportFailed: '导出失败：',
  cancel: '取消',
  rowsWritten: (written: string, read: string | null, total: string | null) =>
    `已写入 ${written} 行${read !== null && total !== null ? `（已读取 ${read} / ${total} 条）` : total !== null ? ` / 共 ${total}` : ''}`,
  importSkipped: '未导入（已取消）',
  // import
  importTitle: '合并导入（团队视图）',
  importHelp: '选择多位坐席导出的点击日志（CSV 或 NDJSON）。同一事件只计一次，重复导入不会重复计数；有问题的行会逐行列出，其余数据照常导入。导入的数据与本机点击分开标记，可按导入整体移除。',
  chooseFiles: '选择文件…',
  importing: '导入中…',
  waiting: '等待中',
  rowsRead: '读取行数',
  added: '新增',
  duplicates: '已存在',
  updated: '补全',
  beforeRetention: '早于保留期（跳过）',
  bad: '有问题的行',
  importFailed: '无法导入：',
  importCancelled: '已取消（已写入的部分保留，可在下面移除）',
  row: '行',
  column: '列',
  reason: '原因',
  value: '值',
  moreProblems: (n: number) => `另有 ${n} 个问题未列出。`,
  importsTitle: '已导入的数据',
  noImports: '还没有导入过数据。',
  importedAt: '导入时间',
  agents: '坐席',
  events: '事件',
  status: '状态',
  statuses: { running: '进行中', complete: '完成', cancelled: '已取消', failed: '失败' } as Record<string, string>,
  remove: '移除',
  confirmRemove: (fileName: string) => `确认移除“${fileName}”导入的全部数据？`,
  confirm: '确认',
  // backup
  backupTitle: '备份与恢复',
  backupHelp: '备份文件包含全部数据：设置、分类表、案例库、点击事件和计数。',
  backup: '下载备份',
  restore: '从备份恢复…',
  restoreConfirm: (fileName: string) => `用“${fileName}”恢复将替换本机的全部数据（设置、分类表、案例库、点击和计数）。文件会先完整校验，校验不通过则不做任何改动。`,
  restoreGo: '替换全部数据并恢复',
  restoring: '正在校验并恢复…',
  restored: (rows: number) => `恢复完成：共 ${rows} 条记录。`,
  restoreFailed: '未恢复，数据没有改动：',
  line: '第',
  lineSuffix: '行',
  // retention
  retentionTitle: '数据保留与存储',
  keepDays: '原始点击保留天数',
  keepDaysHelp: '留空表示全部保留。超过天数的原始点击会被删除，但每日计数保留，报表和计数导出不受影响。',
  days: '天',
  save: '保存并清理',
  saved: (deleted: number) => `已保存。删除了 ${deleted} 条过期的原始点击。`,
  invalidDays: '请输入 1 到 36500 之间的整数，或留空。',
  storageUsed: '已用空间',
  quota: '可用配额',
  persistent: '持久存储',
  yes: '是（浏览器不会自动清除）',
  no: '否（空间不足时浏览器可能清除数据）',
  unknown: '未知',
  rows: '条',
  tables: { events: '原始点击事件', importedEvents: '其中合并导入', rollupDays: '计数记录（日×来源）', imports: '导入记录', scriptUses: '话术使用', searchMisses: '未命中搜索' } as Record<string, string>,
};

export type DashboardText = typeof zhCN;

const en: DashboardText = {
  title: 'Iceberg · QA and team-lead dashboard',
  settingsLink: 'Settings',
  libraryLink: 'Case library',
  loading: 'Loading…',
  loadFailed: 'The report could not be loaded: ',
  rangeTitle: 'Range',
  preset: 'Period',
  presets: { today: 'Today', last7: 'Last 7 days', lastWeek: 'Last week', last30: 'Last 30 days', custom: 'Custom' },
  from: 'From',
  to: 'To',
  badRange: 'The start date cannot be after the end date.',
  nav: 'On this page',
  grouping: 'Group by',
  groupings: { day: 'Day', week: 'Week', month: 'Month' },
  agent: 'Agent',
  site: 'Site',
  category: 'Category',
  source: 'Source',
  all: 'All',
  sourceOwn: 'This browser’s clicks',
  sourceImported: 'All imported data',
  sourceImport: (fileName: string) => `Import: ${fileName}`,
  previous: (from: string, to: string) => `Compared with the previous period ${from} to ${to}`,
  rawDetail: (day: string) =>
    `Raw click detail is kept from ${day}; earlier days keep only their counts (reports and the counts export stay complete; the click-log export has no earlier detail).`,
  rawDetailInRange: 'Part of the chosen range is earlier than that.',
  figuresTitle: 'Key figures',
  clicks: 'Generalized complaints',
  tickets: 'Complaint tickets',
  ratioPer100: 'Iceberg ratio (tickets per 100 generalized complaints)',
  clicksPerTicket: 'Generalized complaints per ticket',
  voided: 'Undone (not counted)',
  vsPrevious: 'previous',
  noData: 'No clicks in the chosen range.',
  topTitle: 'TOP-10 hot spots (by generalized complaints)',
  topChartLabel: (from: string, to: string) => `Categories with the most generalized complaints, ${from} to ${to}`,
  rank: 'Rank',
  name: 'Category',
  share: 'Share',
  change: 'Change',
  new: 'new',
  retired: 'retired',
  unknownCategory: 'unknown category',
  previousRank: 'Previous rank',
  groupsTitle: 'By top-level category',
  within: 'mostly',
  breakdownTitle: 'By counting rule, risk grade and emotion',
  byRule: 'Counting rule',
  byRisk: 'Risk grade',
  byEmotion: 'Customer emotion',
  rules: {
    'customer-dissatisfied': 'Clearly dissatisfied',
    'company-at-fault': 'Company at fault',
    'explanation-not-accepted': 'Explanation not accepted',
    unspecified: 'Not given',
  },
  risks: { ordinary: 'Ordinary', escalated: 'Escalated', major: 'Major', unspecified: 'Not given' },
  emotions: { calm: 'Calm', anxious: 'Anxious', doubting: 'Doubting', angry: 'Angry', disappointed: 'Disappointed', unspecified: 'Not given' },
  count: 'Count',
  trendTitle: 'Trend per category',
  trendChartLabel: (grouping: string) => `Generalized complaints per category over time (${grouping})`,
  trendPicker: 'Categories shown',
  trendAll: 'Total',
  period: 'Period',
  partial: ' (partial)',
  anomaliesTitle: 'Anomalies',
  noAnomalies: 'No anomalies: no category is well above its average of the last two weeks.',
  anomaly: (name: string, metric: string, day: string, count: number, mean: string) =>
    `${day} ${name}: ${metric} ${count}, daily average over two weeks ${mean}`,
  anomalyRule:
    'Rule: a category-day is flagged when its count ≥ mean + 3σ of the previous 14 active days, ≥ twice the mean, and at least 5 clicks (3 tickets).',
  anomalyBadge: 'anomaly',
  usageTitle: 'Script usage',
  usageTop: 'Most used scripts',
  noUsage: 'No agent has used a script yet.',
  missesTitle: 'Searches that found nothing',
  noMisses: 'None yet.',
  times: '×',
  lastUsed: 'Last used',
  exportTitle: 'Export',
  exportHelp:
    'Exports use the range and filters chosen above. The click-log CSV is UTF-8 with BOM and opens in Excel as is; columns are described in docs/export-format.md.',
  exportKinds: { 'clicks-csv': 'Click log CSV', 'clicks-ndjson': 'Click log NDJSON', 'counts-csv': 'Counts per day × category CSV' },
  pickLocation: 'Choose where to save and write straight to disk (for large files)',
  pickUnavailable: 'This browser cannot write straight to disk: the file is built in memory, then downloaded; very large exports use a lot of memory.',
  downloadNote: 'When unticked, the file is built in memory, then downloaded.',
  exporting: 'Exporting…',
  exported: (n: string) => `Export finished: ${n} rows.`,
  exportedFile: 'File',
  exportCancelled: 'Export cancelled.',
  exportFailed: 'Export failed: ',
  cancel: 'Cancel',
  rowsWritten: (written: string, read: string | null, total: string | null) =>
    `${written} rows written${read !== null && total !== null ? ` (${read} of ${total} events read)` : total !== null ? ` of ${total}` : ''}`,
  importSkipped: 'Not imported (cancelled)',
  importTitle: 'Merge import (team view)',
  importHelp:
    'Choose click-log exports (CSV or NDJSON) of several agents. Each event counts once, so importing a file again adds nothing; bad rows are listed one by one and the rest is imported. Imported data is kept apart from this browser’s clicks and can be removed per import.',
  chooseFiles: 'Choose files…',
  importing: 'Importing…',
  waiting: 'waiting',
  rowsRead: 'Rows read',
  added: 'Added',
  duplicates: 'Already present',
  updated: 'Completed',
  beforeRetention: 'Before retention (skipped)',
  bad: 'Bad rows',
  importFailed: 'Cannot import: ',
  importCancelled: 'Cancelled (the part written is kept; remove it below)',
  row: 'Row',
  column: 'Column',
  reason: 'Reason',
  value: 'Value',
  moreProblems: (n: number) => `${n} more problems not listed.`,
  importsTitle: 'Imported data',
  noImports: 'Nothing imported yet.',
  importedAt: 'Imported',
  agents: 'Agents',
  events: 'Events',
  status: 'Status',
  statuses: { running: 'running', complete: 'complete', cancelled: 'cancelled', failed: 'failed' },
  remove: 'Remove',
  confirmRemove: (fileName: string) => `Remove everything “${fileName}” imported?`,
  confirm: 'Confirm',
  backupTitle: 'Backup and restore',
  backupHelp: 'A backup holds the whole database: settings, taxonomy, case library, click events and counts.',
  backup: 'Download backup',
  restore: 'Restore from a backup…',
  restoreConfirm: (fileName: string) =>
    `Restoring “${fileName}” replaces everything in this browser (settings, taxonomy, case library, clicks and counts). The file is checked in full first; if it is bad, nothing changes.`,
  restoreGo: 'Replace everything and restore',
  restoring: 'Checking and restoring…',
  restored: (rows: number) => `Restored: ${rows} records.`,
  restoreFailed: 'Not restored; nothing was changed: ',
  line: 'Line',
  lineSuffix: '',
  retentionTitle: 'Retention and storage',
  keepDays: 'Keep raw clicks for',
  keepDaysHelp: 'Empty keeps everything. Older raw clicks are deleted, but daily counts stay, so reports and the counts export are unaffected.',
  days: 'days',
  save: 'Save and prune',
  saved: (deleted: number) => `Saved. ${deleted} expired raw clicks deleted.`,
  invalidDays: 'Enter a whole number from 1 to 36500, or leave it empty.',
  storageUsed: 'Used',
  quota: 'Quota',
  persistent: 'Persistent storage',
  yes: 'yes (the browser will not evict it)',
  no: 'no (the browser may clear data when disk is low)',
  unknown: 'unknown',
  rows: 'rows',
  tables: { events: 'Raw click events', importedEvents: 'of which merged in', rollupDays: 'Count records (day × source)', imports: 'Imports', scriptUses: 'Script uses', searchMisses: 'Missed searches' },
};

const dashboardCatalogue: TextCatalogue<DashboardText> = { 'zh-CN': zhCN, en };

export function dashboardText(locale: Locale): DashboardText {
  return textFor(dashboardCatalogue, locale);
}

// Building an Intl.NumberFormat costs far more than using one, and a dashboard render formats
// thousands of numbers: keep one per locale, style and precision.
const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: Locale, style: 'decimal' | 'percent', fractionDigits: number): Intl.NumberFormat {
  const key = `${locale}|${style}|${fractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style, maximumFractionDigits: fractionDigits, minimumFractionDigits: fractionDigits });
    numberFormats.set(key, format);
  }
  return format;
}

/** Numbers in the page's language. */
export function formatNumber(locale: Locale, value: number, fractionDigits = 0): string {
  return numberFormat(locale, 'decimal', fractionDigits).format(value);
}

export function formatPercent(locale: Locale, share: number | null, fractionDigits = 1): string {
  if (share === null) return '—';
  return numberFormat(locale, 'percent', fractionDigits).format(share);
}

export function formatBytes(locale: Locale, bytes: number | null, unknown: string): string {
  if (bytes === null) return unknown;
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${formatNumber(locale, value, unit === 0 ? 0 : 1)} ${units[unit]}`;
}
