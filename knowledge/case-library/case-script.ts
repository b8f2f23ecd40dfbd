import { z } from 'zod';
import { CategoryId } from '../taxonomy/taxonomy';
import { maskPhoneNumbers } from '../privacy/phone-numbers';

/**
 * Text fields pass the privacy gate (`.overwrite(maskPhoneNumbers)`): a customer's number pasted
 * from a real case is masked on import, on restore and on every write.
 *
 * The case library (案例库) contract: one scenario + solution + script (场景 + 方案 + 话术) per
 * entry. The JSON Schema in docs/schema/, the CSV columns, the import checks and the default
 * library all derive from this file (see docs/library-format.md).
 */
export const CASE_LIBRARY_SCHEMA_VERSION = 1;

export const SCRIPT_LIMITS = {
  id: 64,
  title: 80,
  scenario: 1000,
  solution: 2000,
  script: 4000,
  keyword: 30,
  keywords: 30,
  alias: 40,
  aliases: 30,
  categoryIds: 10,
  owner: 40,
  scriptsPerLibrary: 20_000,
} as const;

/** What export writes between the items of a list field (keywords, categoryIds) in one CSV cell. */
export const LIST_SEPARATOR = '|';
/**
 * What import also accepts between items, because leads type them in Excel: | ; ； 、 ， , or a
 * line break. A keyword may therefore contain none of them.
 */
export const LIST_ITEM_SEPARATORS = /[|;；、，,\r\n]+/;

export const ScriptId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/,
    'id must be 1–64 characters of A–Z, a–z, 0–9, "_", "." and "-", starting with a letter or digit',
  )
  .meta({ description: 'Stable id, never reused for another script, e.g. "billing-001".' });
export type ScriptId = z.infer<typeof ScriptId>;

/** A calendar date as team leads write it: 2026-11-23. */
export const IsoDate = z.iso.date('date must be YYYY-MM-DD, e.g. 2026-11-23');

/**
 * An item of a list held in one CSV cell (keywords, aliases, lexicon phrases): trimmed, phone
 * numbers masked, 1 to `max` characters, none of the separators `LIST_ITEM_SEPARATORS` splits the cell at.
 */
export function listItem(max: number, name: string, plural: string) {
  return z
    .string()
    .trim()
    .overwrite(maskPhoneNumbers)
    .min(1)
    .max(max)
    .regex(/^[^|;；、，,\r\n]+$/, `${name} may not contain | ; ； 、 ， , or a line break (they separate ${plural})`);
}

export const Keyword = listItem(SCRIPT_LIMITS.keyword, 'a keyword', 'keywords');

/** A search attached to a script by a team lead: the words agents and customers use for the case. */
export const Alias = listItem(SCRIPT_LIMITS.alias, 'an alias', 'aliases');

export const CaseScript = z.object({
  id: ScriptId,
  title: z.string().trim().overwrite(maskPhoneNumbers).min(1).max(SCRIPT_LIMITS.title).meta({ description: '标题: what the agent scans in the result list.' }),
  scenario: z.string().trim().overwrite(maskPhoneNumbers).min(1).max(SCRIPT_LIMITS.scenario).meta({ description: '场景: when this script applies.' }),
  solution: z.string().trim().overwrite(maskPhoneNumbers).min(1).max(SCRIPT_LIMITS.solution).meta({ description: '方案: what the agent does.' }),
  script: z
    .string()
    .trim()
    .overwrite(maskPhoneNumbers)
    .min(1)
    .max(SCRIPT_LIMITS.script)
    .meta({ description: '话术: what the agent says. Placeholders: [X], [X个工作日], {工作日}; see docs/library-format.md.' }),
  keywords: z.array(Keyword).max(SCRIPT_LIMITS.keywords).default([]).meta({ description: '关键词: search terms and tags.' }),
  aliases: z
    .array(Alias)
    .max(SCRIPT_LIMITS.aliases)
    .optional()
    .meta({ description: '别名: searches that should find this script, in the words agents and customers use; added from searches that missed it.' }),
  categoryIds: z
    .array(CategoryId)
    .max(SCRIPT_LIMITS.categoryIds)
    .default([])
    .meta({ description: '分类: complaint category ids from the taxonomy.' }),
  updatedAt: IsoDate.meta({ description: '更新日期 (YYYY-MM-DD).' }),
  owner: z.string().trim().overwrite(maskPhoneNumbers).min(1).max(SCRIPT_LIMITS.owner).optional().meta({ description: '负责人: who maintains the script.' }),
  verifiedAt: IsoDate.optional().meta({ description: '核验日期: when the script was last checked against current policy.' }),
});
export type CaseScript = z.infer<typeof CaseScript>;
/** What a file may contain before defaults are applied (keywords and categoryIds optional). */
export type CaseScriptInput = z.input<typeof CaseScript>;

export const CaseLibrary = z
  .object({
    schemaVersion: z.literal(CASE_LIBRARY_SCHEMA_VERSION),
    name: z.string().trim().overwrite(maskPhoneNumbers).min(1).max(80),
    version: z.string().trim().min(1).max(40),
    scripts: z.array(CaseScript).max(SCRIPT_LIMITS.scriptsPerLibrary),
  })
  .superRefine((library, issue) => {
    const firstIndex = new Map<string, number>();
    library.scripts.forEach((script, index) => {
      const earlier = firstIndex.get(script.id);
      if (earlier !== undefined) {
        issue.addIssue({
          code: 'custom',
          path: ['scripts', index, 'id'],
          message: `duplicate script id "${script.id}" (also at index ${earlier})`,
        });
      } else {
        firstIndex.set(script.id, index);
      }
    });
  });
export type CaseLibrary = z.infer<typeof CaseLibrary>;

/** Library objects that came out of `CaseLibrary.parse` in this process (libraries are never changed in place). */
const validatedLibraries = new WeakSet<object>();

/**
 * `CaseLibrary.parse`, except for a library object this process already got from it: an import's
 * library is validated when it is put together and would be again on its way to storage (each
 * parse takes about 0.4 s at 10,000 scripts in Chromium).
 */
export function validCaseLibrary(value: unknown): CaseLibrary {
  if (typeof value === 'object' && value !== null && validatedLibraries.has(value)) return value as CaseLibrary;
  const library = CaseLibrary.parse(value);
  validatedLibraries.add(library);
  return library;
}

/** The fields of a script in their canonical order (JSON key order and CSV column order). */
export const CASE_SCRIPT_FIELDS = [
  'id',
  'title',
  'scenario',
  'solution',
  'script',
  'keywords',
  'categoryIds',
  'updatedAt',
  'owner',
  'verifiedAt',
  'aliases',
] as const satisfies readonly (keyof CaseScript)[];
export type CaseScriptField = (typeof CASE_SCRIPT_FIELDS)[number];

// Placeholders ([X], {工作日}) live in their own module, which the sidebar imports alone.
export { fillPlaceholders, placeholdersIn, type Placeholder } from './placeholders';
