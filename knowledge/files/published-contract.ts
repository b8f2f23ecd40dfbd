import { z } from 'zod';
import { DEFAULT_TAXONOMY } from '../taxonomy/default-taxonomy';
import { Taxonomy } from '../taxonomy/taxonomy';
import { CASE_LIBRARY_SCHEMA_VERSION, CaseLibrary } from '../case-library/case-script';
import { libraryToCsv, libraryToJson, taxonomyToCsv } from './library-files';
import { defaultSearchLexicon, SearchLexicon } from '../search/lexicon';
import { lexiconToCsv } from '../search/lexicon-files';

/**
 * The files that publish the library format for team leads and other tools: JSON Schemas
 * generated from the Zod schemas, and templates written by the same exporters as a real export.
 * `npm run schema` writes them into docs/; a unit test fails when the committed copies differ.
 */

function jsonSchema(schema: z.ZodType, title: string, description: string): string {
  const generated = z.toJSONSchema(schema, { io: 'input', target: 'draft-2020-12' });
  const { $schema, ...rest } = generated;
  return `${JSON.stringify({ $schema, title, description, ...rest }, null, 2)}\n`;
}

export function caseLibraryJsonSchema(): string {
  return jsonSchema(
    CaseLibrary,
    'Iceberg case library (案例库)',
    'Scenario + solution + script (场景 + 方案 + 话术) per entry. Generated from knowledge/case-library/case-script.ts by `npm run schema`; see docs/library-format.md. Do not edit by hand.',
  );
}

export function taxonomyJsonSchema(): string {
  return jsonSchema(
    Taxonomy,
    'Iceberg complaint taxonomy (投诉分类表)',
    'Complaint categories, at most two levels. Generated from knowledge/taxonomy/taxonomy.ts by `npm run schema`; see docs/library-format.md. Do not edit by hand.',
  );
}

export function searchLexiconJsonSchema(): string {
  return jsonSchema(
    SearchLexicon,
    'Iceberg search lexicon (口语词典)',
    'Spoken phrases mapped to how the case library writes them; entries without library terms list filler words. Generated from knowledge/search/lexicon.ts by `npm run schema`; see docs/search-lexicon.md. Do not edit by hand.',
  );
}

/** Two scripts that show every column: placeholders, quotes, commas, line breaks, empty optionals. */
export const TEMPLATE_LIBRARY: CaseLibrary = CaseLibrary.parse({
  schemaVersion: CASE_LIBRARY_SCHEMA_VERSION,
  name: '案例库模板',
  version: '1',
  scripts: [
    {
      id: 'billing-101',
      title: '套餐外流量费用争议',
      scenario: '客户说"我根本没用这么多流量"，质疑本月 [金额] 元的套外流量费。',
      solution: '1. 核实身份，调取流量详单。\n2. 说明流量产生的日期和时段。\n3. 客户仍不接受的，提交账务核查工单，普通级 48 小时内回电。',
      script:
        '[先生/女士]，账单突然多出一笔，换作是我也会着急。我已经把详单调出来了，这笔流量主要产生在 [日期]。您还有疑问的话，我现在就提交核查，工单号 [工单号]，{工作日} 内由专人回电告诉您结果。',
      keywords: ['流量', '套外费用', '账单'],
      categoryIds: ['billing'],
      updatedAt: '2026-11-20',
      owner: '计费投诉组',
      verifiedAt: '2026-11-21',
    },
    {
      id: 'sms-101',
      title: '验证码短信收不到',
      scenario: '客户登录银行 App 时收不到验证码，已经重试多次，很着急。',
      solution: '检查短信中心号码、拦截设置和号码状态；都正常的，提交短信故障工单并约定回电时间。',
      script: '您着急登录却一直收不到验证码，确实耽误事。我这边已经记录下来，[X] 小时内核实短信通道并回电告诉您结果。',
      keywords: ['验证码', '收不到短信'],
      categoryIds: ['sms'],
      updatedAt: '2026-11-20',
    },
  ],
});

export interface PublishedFile {
  /** Relative to the repository root. */
  path: string;
  content: string;
}

export function publishedFiles(): PublishedFile[] {
  return [
    { path: 'docs/schema/case-library.schema.json', content: caseLibraryJsonSchema() },
    { path: 'docs/schema/taxonomy.schema.json', content: taxonomyJsonSchema() },
    { path: 'docs/templates/case-library-template.csv', content: libraryToCsv(TEMPLATE_LIBRARY) },
    { path: 'docs/templates/case-library-template.json', content: libraryToJson(TEMPLATE_LIBRARY) },
    { path: 'docs/templates/taxonomy-template.csv', content: taxonomyToCsv(DEFAULT_TAXONOMY) },
    { path: 'docs/schema/search-lexicon.schema.json', content: searchLexiconJsonSchema() },
    { path: 'docs/templates/search-lexicon.csv', content: lexiconToCsv(defaultSearchLexicon()) },
  ];
}
