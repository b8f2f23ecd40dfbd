import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '@/knowledge/default-taxonomy';
describe('x', () => { it('y', () => { expect(DEFAULT_TAXONOMY.categories.length).toBeGreaterThan(10); }); });
