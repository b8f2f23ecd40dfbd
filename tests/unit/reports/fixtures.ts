import { TAXONOMY_SCHEMA_VERSION, Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { OWN_SOURCE, type StoredClickEvent } from '@/knowledge/clicks/stored-event';

/** A small two-level taxonomy with one retired category. */
export const TAXONOMY: Taxonomy = Taxonomy.parse({
  schemaVersion: TAXONOMY_SCHEMA_VERSION,
  name: 'Report tests',
  version: 't1',
  categories: [
    { id: 'billing', name: { zh: '计费争议', en: 'Billing' }, color: '#d9480f', shortcut: '1' },
    { id: 'billing-vas', parentId: 'billing', name: { zh: '增值业务扣费', en: 'VAS charge' }, color: '#e8590c', shortcut: 'v' },
    { id: 'network', name: { zh: '网络故障', en: 'Network' }, color: '#1971c2', shortcut: '2' },
    { id: 'attitude', name: { zh: '服务态度', en: 'Attitude' }, color: '#c2255c', shortcut: '3' },
    { id: 'old-promo', name: { zh: '旧促销', en: 'Old promotion' }, color: '#555555', retired: true },
  ],
});

let counter = 0;

/** A stored event with sensible defaults; ids are valid, unique UUIDs. */
export function event(overrides: Partial<StoredClickEvent> & { day: string; categoryId: string }): StoredClickEvent {
  counter += 1;
  const hex = counter.toString(16).padStart(12, '0');
  return {
    id: `00000000-0000-4000-8000-${hex}`,
    occurredAt: `${overrides.day}T10:00:00.000+08:00`,
    agentId: 'agent-1',
    workOrderRef: 'C-1',
    site: 'crm.example.com',
    voided: false,
    source: OWN_SOURCE,
    ...overrides,
  };
}

export function many(count: number, overrides: Partial<StoredClickEvent> & { day: string; categoryId: string }): StoredClickEvent[] {
  return Array.from({ length: count }, () => event(overrides));
}
