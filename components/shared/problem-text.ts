import { textFor, type TextCatalogue } from '@/components/shared/i18n';
import type { TextEncodingName } from '@/knowledge/files/text-decoding';
import type { Locale } from '@/knowledge/settings/settings';

const zhCN = {
  severity: '级别',
  severities: { error: '错误', warning: '提示' },
  file: '文件',
  where: '位置',
  column: '列',
  value: '值',
  message: '问题与处理办法',
  more: (n: number) => `另有 ${n} 个问题未列出（命令行 iceberg validate 可列出全部）。`,
  readAs: '按以下编码读取',
  detected: '（自动检测）',
  chosen: '（按所选编码）',
};

export type ProblemText = typeof zhCN;

const en: ProblemText = {
  severity: 'Severity',
  severities: { error: 'Error', warning: 'Warning' },
  file: 'File',
  where: 'Where',
  column: 'Column',
  value: 'Value',
  message: 'Problem and what to do',
  more: (n: number) => `${n} more problems are not listed (iceberg validate on the command line lists them all).`,
  readAs: 'Read as',
  detected: ' (detected)',
  chosen: ' (as chosen)',
};

const catalogue: TextCatalogue<ProblemText> = { 'zh-CN': zhCN, en };

export function problemText(locale: Locale): ProblemText {
  return textFor(catalogue, locale);
}

/** An encoding as people write it: UTF-8, GB18030, Big5, EUC-KR, UTF-16LE. */
export function encodingLabel(encoding: TextEncodingName): string {
  return encoding === 'big5' ? 'Big5' : encoding.toUpperCase();
}
