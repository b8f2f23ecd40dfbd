import { CASE_LIBRARY_SCHEMA_VERSION, CaseLibrary, type CaseScript, type CaseScriptInput } from '@/knowledge/case-library/case-script';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import type { LibraryImportOptions } from '@/knowledge/case-library/library-check';

/** Helpers shared by the library tests: small scripts and libraries a reader can take in at once. */

export const TODAY = '2026-11-23';

export const OPTIONS: LibraryImportOptions = { taxonomy: DEFAULT_TAXONOMY, today: TODAY };

export function script(id: string, overrides: Partial<CaseScriptInput> = {}): CaseScript {
  return {
    id,
    title: `标题 ${id}`,
    scenario: '客户反映本月话费异常。',
    solution: '核对账单明细，必要时提交核查工单。',
    script: '您的心情我理解，我已记录，[X] 个工作日内回电告知结果。',
    keywords: ['话费'],
    categoryIds: ['billing'],
    updatedAt: '2026-11-01',
    ...overrides,
  };
}

export function library(scripts: CaseScript[], name = '测试案例库', version = '1'): CaseLibrary {
  return CaseLibrary.parse({ schemaVersion: CASE_LIBRARY_SCHEMA_VERSION, name, version, scripts });
}

/** CSV text from lines, joined with CRLF as Excel writes it. */
export function csv(...lines: string[]): string {
  return `${lines.join('\r\n')}\r\n`;
}

export const HEADER = 'id,title,scenario,solution,script,keywords,categoryIds,updatedAt,owner,verifiedAt';

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
