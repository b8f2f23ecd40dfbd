import type { LocalizedName, Taxonomy } from '../taxonomy/taxonomy';

export interface CategoryInfo {
  id: string;
  name: LocalizedName;
  parentId: string | null;
  retired: boolean;
  /** False when neither the taxonomy nor any import knows the id: the name is the id itself. */
  known: boolean;
  color: string | null;
}

/**
 * Names for category ids in reports and exports. The taxonomy in force comes first (retired
 * categories stay in it, so their history keeps its name); names carried by merged imports fill
 * in categories this browser's taxonomy never had; the id itself is the last resort.
 */
export class CategoryDirectory {
  private readonly byId = new Map<string, CategoryInfo>();

  constructor(taxonomy: Taxonomy | null, extraNames: Iterable<[string, { name: LocalizedName; parentId?: string | null }]> = []) {
    for (const [id, extra] of extraNames) {
      this.byId.set(id, { id, name: extra.name, parentId: extra.parentId ?? null, retired: false, known: true, color: null });
    }
    for (const category of taxonomy?.categories ?? []) {
      this.byId.set(category.id, {
        id: category.id,
        name: category.name,
        parentId: category.parentId ?? null,
        retired: category.retired,
        known: true,
        color: category.color,
      });
    }
  }

  get(id: string): CategoryInfo {
    return this.byId.get(id) ?? { id, name: { zh: id, en: id }, parentId: null, retired: false, known: false, color: null };
  }

  /** Every named category (taxonomy first, retired included, then names from imports). */
  all(): CategoryInfo[] {
    return [...this.byId.values()];
  }

  /** The top-level category an id belongs to (itself when top-level or unknown). */
  topLevelOf(id: string): string {
    return this.get(id).parentId ?? id;
  }

  /** The ids themselves plus their sub-categories, for a category filter. */
  withSubcategories(ids: readonly string[]): Set<string> {
    const wanted = new Set(ids);
    for (const info of this.byId.values()) if (info.parentId && wanted.has(info.parentId)) wanted.add(info.id);
    return wanted;
  }
}
