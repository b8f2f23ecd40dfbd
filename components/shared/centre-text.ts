import { textFor, type TextCatalogue } from '@/components/shared/i18n';
import type { LocalizedMessage } from '@/knowledge/files/file-problems';
import type { ManagedKey } from '@/knowledge/settings/managed-settings';
import type { Locale } from '@/knowledge/settings/settings';

/**
 * The centre's words (uploads, the published library, IT's policy), shared by every surface
 * that shows them: the sidebar footer, the settings page, the library page and the dashboard.
 */
const zhCN = {
  uploadUpToDate: '已全部上传到中心',
  uploadWaiting: (pending: number) => `${pending} 条待上传到中心`,
  uploadRetrying: '上传到中心失败，将自动重试',
  uploadOff: '未配置上传（点击只保存在本机）',
  lastSuccess: '最近上传',
  never: '从未',
  pending: '待上传',
  uploaded: '已上传',
  lastError: '最近错误',
  nextAttempt: '下次尝试',
  uploadNow: '立即上传',
  library: '案例库',
  taxonomy: '分类表',
  checkedAt: '检查于',
  notChecked: '尚未检查',
  checkNow: '立即检查更新',
  published: '中心发布地址',
  appliedAt: '采用于',
  refused: '发布的文件未被采用',
  managedLibrary: '案例库由中心统一发布，不能在本机导入或修改；组长发布新版本后各坐席自动更新。',
  managedTaxonomy: '分类表由中心统一发布，不能在本机导入。',
  lockedByPolicy: '由 IT 通过策略统一设置，不能在此修改',
  policyTitle: 'IT 策略',
  policyLocked: (keys: string) => `以下设置由 IT 统一管理（已锁定）：${keys}`,
  policyProblems: '策略中有无法使用的值（该项仍用本机或默认值）：',
  storedProblems: '本机保存的设置中有无法使用的值（已改用默认值）：',
  centreTitle: '中心（上传与发布）',
  centreHelp: '填写后，点击会上传到中心的 ClickHouse，案例库和分类表从中心地址自动更新。不填则只在本机工作。',
  libraryUrl: '案例库发布地址',
  taxonomyUrl: '分类表发布地址',
  uploadUrl: '上传地址（ClickHouse HTTP）',
  uploadUser: '上传用户（只能写入）',
  uploadKey: '上传密码',
  uploadTable: '表',
  reportsUrl: '中心报表地址（ClickHouse HTTP）',
  reportsUser: '报表用户（只读）',
  reportsKey: '报表密码',
  keySet: '（已设置，留空不变）',
  save: '保存',
  remove: '清除',
  needsAccess: (origin: string) => `冰山还不能访问 ${origin}`,
  allowAccess: '允许访问',
  sourceLabel: '数据来源',
  sourceBrowser: '本机',
  sourceCentre: '中心（全部坐席）',
  centreNotConfigured: '未配置中心报表（设置页填写只读用户后可用）',
  centreFailed: '中心报表失败：',
  settingNames: {
    locale: '语言',
    crmSites: 'CRM 站点',
    sensitiveWords: '升级敏感词',
    libraryUrl: '案例库地址',
    taxonomyUrl: '分类表地址',
    libraryCheckMinutes: '检查间隔',
    keepRawEventsDays: '原始记录保留天数',
    upload: '上传',
    centreReports: '中心报表',
  } satisfies Record<ManagedKey, string>,
};

export type CentreText = typeof zhCN;

const en: CentreText = {
  uploadUpToDate: 'Everything is uploaded to the centre',
  uploadWaiting: (pending) => `${pending} change${pending === 1 ? '' : 's'} waiting for the centre`,
  uploadRetrying: 'Upload to the centre failed; Iceberg will retry',
  uploadOff: 'No upload configured (clicks stay in this browser)',
  lastSuccess: 'Last upload',
  never: 'never',
  pending: 'Waiting',
  uploaded: 'Uploaded',
  lastError: 'Last error',
  nextAttempt: 'Next attempt',
  uploadNow: 'Upload now',
  library: 'Case library',
  taxonomy: 'Taxonomy',
  checkedAt: 'checked',
  notChecked: 'not checked yet',
  checkNow: 'Check for updates now',
  published: 'Published at',
  appliedAt: 'taken',
  refused: 'The published file was not taken',
  managedLibrary: 'The case library is published by the centre: it cannot be imported or changed here, and every agent gets a new version by itself.',
  managedTaxonomy: 'The taxonomy is published by the centre and cannot be imported here.',
  lockedByPolicy: "Set by IT's policy; it cannot be changed here",
  policyTitle: "IT's policy",
  policyLocked: (keys) => `These settings are managed by IT (locked): ${keys}`,
  policyProblems: 'The policy has values Iceberg cannot use (those keep their own or default value):',
  storedProblems: 'Settings stored in this browser had values Iceberg cannot use (defaults are used):',
  centreTitle: 'Centre (upload and publishing)',
  centreHelp:
    "Once filled in, clicks are uploaded to the centre's ClickHouse and the case library and taxonomy follow the centre's addresses. Left empty, Iceberg works in this browser only.",
  libraryUrl: 'Case library address',
  taxonomyUrl: 'Taxonomy address',
  uploadUrl: 'Upload address (ClickHouse HTTP)',
  uploadUser: 'Upload user (insert only)',
  uploadKey: 'Upload password',
  uploadTable: 'Table',
  reportsUrl: 'Centre reports address (ClickHouse HTTP)',
  reportsUser: 'Reports user (read-only)',
  reportsKey: 'Reports password',
  keySet: '(set; leave empty to keep)',
  save: 'Save',
  remove: 'Clear',
  needsAccess: (origin) => `Iceberg cannot reach ${origin} yet`,
  allowAccess: 'Allow access',
  sourceLabel: 'Source',
  sourceBrowser: 'This browser',
  sourceCentre: 'Centre (all agents)',
  centreNotConfigured: 'Centre reports are not configured (fill in the read-only user in the settings)',
  centreFailed: 'Centre report failed: ',
  settingNames: {
    locale: 'language',
    crmSites: 'CRM sites',
    sensitiveWords: 'escalation words',
    libraryUrl: 'case library address',
    taxonomyUrl: 'taxonomy address',
    libraryCheckMinutes: 'check interval',
    keepRawEventsDays: 'days of raw events kept',
    upload: 'upload',
    centreReports: 'centre reports',
  },
};

export function centreText(locale: Locale): CentreText {
  return textFor({ 'zh-CN': zhCN, en } satisfies TextCatalogue<CentreText>, locale);
}

/** A message from knowledge/ (zh and en) in the UI's locale. */
export function localized(message: LocalizedMessage, locale: Locale): string {
  return locale === 'en' ? message.en : message.zh;
}

/** A time for a status line: the time alone today, with the date on other days. */
export function statusTime(iso: string, locale: Locale): string {
  const at = new Date(iso);
  const today = new Date().toDateString() === at.toDateString();
  return at.toLocaleString(locale, today ? { hour: '2-digit', minute: '2-digit' } : { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}
