import { z } from 'zod';
import { maskPhoneNumbers } from '../privacy/phone-numbers';

/** Stable, human-readable ids: they appear in exports, so they must never change meaning. */
export const CategoryId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,39}$/, 'id must be 2–40 characters of a–z, 0–9 and "-", starting with a letter');
export type CategoryId = z.infer<typeof CategoryId>;

/** One key, pressed with Alt+Shift anywhere in the CRM (see RESERVED_SHORTCUTS for i and z). */
export const CategoryShortcut = z
  .string()
  .regex(/^[0-9a-hjl-y]$/, 'shortcut must be one digit or lower-case letter (i, k and z are reserved)');

/** Names and descriptions pass the privacy gate, like all text Iceberg stores. */
export const LocalizedName = z.object({
  zh: z.string().trim().overwrite(maskPhoneNumbers).min(1).max(40),
  en: z.string().trim().overwrite(maskPhoneNumbers).min(1).max(60),
});
export type LocalizedName = z.infer<typeof LocalizedName>;

export const ComplaintCategory = z.object({
  id: CategoryId,
  name: LocalizedName,
  /** Second level of the taxonomy; the parent must exist and be top-level. */
  parentId: CategoryId.optional(),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'color must be #RRGGBB'),
  shortcut: CategoryShortcut.optional(),
  description: z.string().overwrite(maskPhoneNumbers).max(400).optional(),
  /** Retired categories take no new clicks but stay valid in history and exports. */
  retired: z.boolean().default(false),
});
export type ComplaintCategory = z.infer<typeof ComplaintCategory>;

export const TAXONOMY_SCHEMA_VERSION = 1;

export const Taxonomy = z
  .object({
    schemaVersion: z.literal(TAXONOMY_SCHEMA_VERSION),
    name: z.string().trim().overwrite(maskPhoneNumbers).min(1).max(80),
    version: z.string().trim().min(1).max(40),
    categories: z.array(ComplaintCategory).min(1).max(200),
  })
  .superRefine((taxonomy, issue) => {
    const ids = new Map<string, number>();
    const shortcuts = new Map<string, string>();
    taxonomy.categories.forEach((category, index) => {
      if (ids.has(category.id)) {
        issue.addIssue({
          code: 'custom',
          path: ['categories', index, 'id'],
          message: `duplicate category id "${category.id}" (also at index ${ids.get(category.id)})`,
        });
      }
      ids.set(category.id, index);
      if (category.shortcut && !category.retired) {
        const holder = shortcuts.get(category.shortcut);
        if (holder) {
          issue.addIssue({
            code: 'custom',
            path: ['categories', index, 'shortcut'],
            message: `shortcut "${category.shortcut}" is already used by "${holder}"`,
          });
        }
        shortcuts.set(category.shortcut, category.id);
      }
    });
    const byId = new Map(taxonomy.categories.map((category) => [category.id, category]));
    taxonomy.categories.forEach((category, index) => {
      if (!category.parentId) return;
      const parent = byId.get(category.parentId);
      if (!parent) {
        issue.addIssue({
          code: 'custom',
          path: ['categories', index, 'parentId'],
          message: `unknown parent category "${category.parentId}"`,
        });
      } else if (parent.parentId) {
        issue.addIssue({
          code: 'custom',
          path: ['categories', index, 'parentId'],
          message: `parent "${parent.id}" is itself a sub-category; only two levels are allowed`,
        });
      }
    });
  });
export type Taxonomy = z.infer<typeof Taxonomy>;
