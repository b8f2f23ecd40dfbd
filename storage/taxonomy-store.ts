import { DEFAULT_TAXONOMY } from '@/knowledge/default-taxonomy';
import { Taxonomy } from '@/knowledge/taxonomy';
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
    const carried = [];
    for (const category of dropped) {
      const used = (await db.events.where('categoryId').equals(category.id).count()) > 0;
      if (used) carried.push({ ...category, retired: true, shortcut: undefined });
    }
    const merged = Taxonomy.parse({ ...taxonomy, categories: [...taxonomy.categories, ...carried] });
    await db.taxonomy.put({ key: 'current', value: merged, importedAt: now.toISOString() });
    return merged;
  });
}
