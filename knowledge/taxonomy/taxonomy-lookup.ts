import type { ComplaintCategory, Taxonomy } from './taxonomy';
import type { Locale } from '../settings/settings';

/** Keys Iceberg keeps for itself: Alt+Shift+Z undoes, Alt+Shift+I shows or hides the sidebar. */
export const RESERVED_SHORTCUTS = { undo: 'z', toggleSidebar: 'i', searchScripts: 'k' } as const;

export function activeCategories(taxonomy: Taxonomy): ComplaintCategory[] {
  return taxonomy.categories.filter((category) => !category.retired);
}

export function findCategory(taxonomy: Taxonomy, id: string): ComplaintCategory | undefined {
  return taxonomy.categories.find((category) => category.id === id);
}

export function categoryByShortcut(taxonomy: Taxonomy, key: string): ComplaintCategory | undefined {
  const shortcut = key.toLowerCase();
  return activeCategories(taxonomy).find((category) => category.shortcut === shortcut);
}

export function categoryName(category: ComplaintCategory, locale: Locale): string {
  return locale === 'en' ? category.name.en : category.name.zh;
}

/** The ids of a category's sub-categories (retired ones too: their scripts still exist). */
export function childCategoryIds(taxonomy: Taxonomy, parentId: string): string[] {
  return taxonomy.categories.filter((category) => category.parentId === parentId).map((category) => category.id);
}
