import { describe, expect, it } from 'vitest';
import { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import {
  RESERVED_SHORTCUTS,
  activeCategories,
  categoryByShortcut,
  categoryName,
  findCategory,
} from '@/knowledge/taxonomy/taxonomy-lookup';
import { rawTaxonomy, taxonomyOf } from './helpers';

/** "path: message" for every problem the schema reports, so a test can read like the error a lead sees. */
function problems(raw: unknown): string[] {
  const result = Taxonomy.safeParse(raw);
  if (result.success) return [];
  return result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('the default taxonomy', () => {
  const categories = DEFAULT_TAXONOMY.categories;

  it('is valid against the import schema (as a team lead would re-import it)', () => {
    expect(problems(JSON.parse(JSON.stringify(DEFAULT_TAXONOMY)))).toEqual([]);
  });

  it('has 10–15 categories over at most two levels', () => {
    expect(categories.length).toBeGreaterThanOrEqual(10);
    expect(categories.length).toBeLessThanOrEqual(15);
    for (const category of categories.filter((c) => c.parentId)) {
      const parent = findCategory(DEFAULT_TAXONOMY, category.parentId!);
      expect(parent, `${category.id}'s parent`).toBeDefined();
      expect(parent!.parentId, `${category.id}'s parent is top-level`).toBeUndefined();
    }
  });

  it('covers the complaint types telecom centres report', () => {
    const ids = categories.map((category) => category.id);
    expect(ids).toEqual(
      expect.arrayContaining(['billing', 'network', 'plan', 'attitude', 'handling-error', 'marketing', 'device', 'sms', 'broadband']),
    );
  });

  it('keeps its ids stable (they appear in every export; change this list only on purpose)', () => {
    expect(categories.map((category) => category.id)).toEqual([
      'billing',
      'billing-vas',
      'billing-roaming',
      'network',
      'network-5g-throttle',
      'plan',
      'plan-family',
      'attitude',
      'handling-error',
      'marketing',
      'device',
      'sms',
      'broadband',
      'number-porting',
      'other',
    ]);
  });

  it('gives every category a unique id, a unique shortcut, a colour and both names', () => {
    const ids = categories.map((category) => category.id);
    const shortcuts = categories.map((category) => category.shortcut);
    expect(new Set(ids).size).toBe(ids.length);
    expect(shortcuts.every((shortcut) => typeof shortcut === 'string')).toBe(true);
    expect(new Set(shortcuts).size).toBe(shortcuts.length);
    for (const category of categories) {
      expect(category.color).toMatch(/^#[0-9a-f]{6}$/i);
      expect(category.name.zh).toMatch(/\p{Script=Han}/u);
      expect(category.name.en.trim()).not.toBe('');
      expect(category.retired).toBe(false);
    }
  });

  it('puts digits 1–9 and 0 on the top-level categories', () => {
    const digitHolders = categories.filter((category) => /^\d$/.test(category.shortcut ?? ''));
    expect(digitHolders.map((category) => category.shortcut).sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(digitHolders.every((category) => !category.parentId)).toBe(true);
  });

  it('leaves the reserved undo and show/hide keys free', () => {
    const shortcuts = new Set(categories.map((category) => category.shortcut));
    for (const reserved of Object.values(RESERVED_SHORTCUTS)) expect(shortcuts.has(reserved)).toBe(false);
  });
});

describe('the taxonomy schema rejects a bad import with a message that names the problem', () => {
  it.each([
    {
      problem: 'a duplicate id',
      categories: [{ id: 'billing' }, { id: 'billing' }],
      expected: 'categories.1.id: duplicate category id "billing" (also at index 0)',
    },
    {
      problem: 'two active categories on one shortcut',
      categories: [{ id: 'billing', shortcut: '1' }, { id: 'network', shortcut: '1' }],
      expected: 'categories.1.shortcut: shortcut "1" is already used by "billing"',
    },
    {
      problem: 'the reserved undo key z',
      categories: [{ id: 'billing', shortcut: 'z' }],
      expected: 'categories.0.shortcut: shortcut must be one digit or lower-case letter (i, k and z are reserved)',
    },
    {
      problem: 'the reserved show/hide key i',
      categories: [{ id: 'billing', shortcut: 'i' }],
      expected: 'categories.0.shortcut: shortcut must be one digit or lower-case letter (i, k and z are reserved)',
    },
    {
      problem: 'the reserved script-search key k',
      categories: [{ id: 'billing', shortcut: 'k' }],
      expected: 'categories.0.shortcut: shortcut must be one digit or lower-case letter (i, k and z are reserved)',
    },
    {
      problem: 'a two-character shortcut',
      categories: [{ id: 'billing', shortcut: '12' }],
      expected: 'categories.0.shortcut: shortcut must be one digit or lower-case letter (i, k and z are reserved)',
    },
    {
      problem: 'an unknown parent',
      categories: [{ id: 'billing-vas', parentId: 'billing' }],
      expected: 'categories.0.parentId: unknown parent category "billing"',
    },
    {
      problem: 'three levels of nesting',
      categories: [{ id: 'billing' }, { id: 'billing-vas', parentId: 'billing' }, { id: 'billing-vas-sms', parentId: 'billing-vas' }],
      expected: 'categories.2.parentId: parent "billing-vas" is itself a sub-category; only two levels are allowed',
    },
    { problem: 'a short colour', categories: [{ id: 'billing', color: '#fff' }], expected: 'categories.0.color: color must be #RRGGBB' },
    { problem: 'a colour name', categories: [{ id: 'billing', color: 'red' }], expected: 'categories.0.color: color must be #RRGGBB' },
    { problem: 'a non-hex colour', categories: [{ id: 'billing', color: '#12345g' }], expected: 'categories.0.color: color must be #RRGGBB' },
    {
      problem: 'an id with capitals',
      categories: [{ id: 'Billing' }],
      expected: 'categories.0.id: id must be 2–40 characters of a–z, 0–9 and "-", starting with a letter',
    },
  ])('$problem', ({ categories, expected }) => {
    expect(problems(rawTaxonomy(categories))).toContain(expected);
  });

  it('rejects a category without a Chinese name', () => {
    const raw = rawTaxonomy([{ id: 'billing', name: { zh: '  ', en: 'Billing' } }]);
    expect(problems(raw).some((problem) => problem.startsWith('categories.0.name.zh'))).toBe(true);
  });

  it('rejects an empty taxonomy and an unknown schema version', () => {
    expect(problems(rawTaxonomy([])).some((problem) => problem.startsWith('categories'))).toBe(true);
    expect(problems({ ...rawTaxonomy([{ id: 'billing' }]), schemaVersion: 2 }).some((p) => p.startsWith('schemaVersion'))).toBe(true);
  });

  it('accepts a retired category sharing a shortcut with an active one, in either order', () => {
    expect(problems(rawTaxonomy([{ id: 'old-billing', shortcut: '1', retired: true }, { id: 'billing', shortcut: '1' }]))).toEqual([]);
    expect(problems(rawTaxonomy([{ id: 'billing', shortcut: '1' }, { id: 'old-billing', shortcut: '1', retired: true }]))).toEqual([]);
  });

  it('treats a category as active unless it says otherwise', () => {
    expect(taxonomyOf([{ id: 'billing' }]).categories[0]!.retired).toBe(false);
  });
});

describe('taxonomy lookups', () => {
  const taxonomy = taxonomyOf([
    { id: 'old-billing', shortcut: '1', retired: true },
    { id: 'billing', shortcut: '1' },
    { id: 'billing-vas', parentId: 'billing', shortcut: 'v' },
  ]);

  it('finds the active category for a shortcut, ignoring case and retired holders', () => {
    expect(categoryByShortcut(taxonomy, '1')?.id).toBe('billing');
    expect(categoryByShortcut(taxonomy, 'V')?.id).toBe('billing-vas');
    expect(categoryByShortcut(taxonomy, '9')).toBeUndefined();
  });

  it('still finds retired categories by id (history and exports keep their names)', () => {
    expect(findCategory(taxonomy, 'old-billing')?.retired).toBe(true);
    expect(activeCategories(taxonomy).map((category) => category.id)).toEqual(['billing', 'billing-vas']);
  });

  it('names a category in the agent’s language', () => {
    const billing = findCategory(DEFAULT_TAXONOMY, 'billing')!;
    expect(categoryName(billing, 'zh-CN')).toBe('计费/资费争议');
    expect(categoryName(billing, 'en')).toBe('Billing & tariff dispute');
  });
});
