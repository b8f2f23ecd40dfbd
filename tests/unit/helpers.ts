import Dexie from 'dexie';
import { IcebergDatabase } from '@/storage/database/database';
import { toOffsetDateTime } from '@/knowledge/clicks/local-time';
import { TAXONOMY_SCHEMA_VERSION, Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import type { RequestOf } from '@/storage/messaging/protocol';

/** A fresh, uniquely named database per test (fake-indexeddb), deleted by `dropDatabase`. */
export function newDatabase(): IcebergDatabase {
  return new IcebergDatabase(`test-${crypto.randomUUID()}`);
}

export async function dropDatabase(db: IcebergDatabase): Promise<void> {
  db.close();
  await Dexie.delete(db.name);
}

/** A click request as the sidebar sends it. */
export function click(
  categoryId: string,
  at: Date = new Date(),
  overrides: Partial<RequestOf<'recordClick'>> = {},
): RequestOf<'recordClick'> {
  return {
    id: crypto.randomUUID(),
    categoryId,
    occurredAt: toOffsetDateTime(at),
    workOrderRef: 'CASE-2026-0001',
    ...overrides,
  };
}

export const CRM = { site: 'crm.example.com', agentId: 'unassigned' };

/** A small taxonomy built from partial categories; defaults fill in names and colours. */
export function taxonomyOf(
  categories: Array<{ id: string; parentId?: string; shortcut?: string; retired?: boolean; color?: string }>,
): Taxonomy {
  return Taxonomy.parse(rawTaxonomy(categories));
}

export function rawTaxonomy(categories: Array<Record<string, unknown>>): Record<string, unknown> {
  return {
    schemaVersion: TAXONOMY_SCHEMA_VERSION,
    name: 'Test taxonomy',
    version: 't1',
    categories: categories.map((category) => ({
      name: { zh: `类别 ${String(category.id)}`, en: `Category ${String(category.id)}` },
      color: '#123456',
      ...category,
    })),
  };
}

export { seededRandom } from './seeded-random';
