import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { Taxonomy, type ComplaintCategory } from '@/knowledge/taxonomy/taxonomy';
import { findCategory } from '@/knowledge/taxonomy/taxonomy-lookup';
import type { IcebergDatabase } from './database';

/** The taxonomy in force: the imported one, or the shipped default until a lead imports one. */
export async function currentTaxonomy(db: IcebergDatabase): Promise<Taxonomy> {
  const record = await db.taxonomy.get('current');
  return record ? record.value : DEFAULT_TAXONOMY;
}

/**
 * Replaces the taxonomy. Categories that existing clicks use may be retired but not dropped,
 * so history and exports keep their names.
 */
export async function replaceTaxonomy(db: IcebergDatabase, next: Taxonomy, now: Date): Promise<Taxonomy> {
  const taxonomy = Taxonomy.parse(next);
  return db.transaction('rw', [db.taxonomy, db.events], async () => {
    const previous = await currentTaxonomy(db);
    const kept = new Set(taxonomy.categories.map((category) => category.id));
    const dropped = previous.categories.filter((category) => !kept.has(category.id));
    const carried = new Map<string, ComplaintCategory>();
    const carry = (category: ComplaintCategory) =>
      carried.set(category.id, { ...category, retired: true, shortcut: undefined });
    for (const category of dropped) {
      const used = (await db.events.where('categoryId').equals(category.id).count()) > 0;
      if (used) carry(category);
    }
    // A kept sub-category needs its parent to parse: carry a dropped parent too, also retired.
    for (const category of [...carried.values()]) {
      const parent = category.parentId === undefined ? undefined : findCategory(previous, category.parentId);
      if (parent && !kept.has(parent.id)) carry(parent);
    }
    const merged = Taxonomy.parse({ ...taxonomy, categories: [...taxonomy.categories, ...carried.values()] });
    await db.taxonomy.put({ key: 'current', value: merged, importedAt: now.toISOString() });
    return merged;
  });
}
