import { readFileSync } from 'node:fs';
import { PROBLEM_CODES } from '@/knowledge/files/file-problems';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { checkLibraryFile } from '@/knowledge/case-library/library-check';
import { publishedFiles } from '@/knowledge/files/published-contract';
import { checkTaxonomyFile } from '@/knowledge/taxonomy/taxonomy-check';
import { OPTIONS, TODAY } from './library-fixtures';

const root = new URL('../../../', import.meta.url);
const committed = (path: string) => readFileSync(new URL(path, root));

describe('the published format (docs/schema, docs/templates)', () => {
  it.each(publishedFiles().map((file) => [file.path, file.content]))('%s is up to date (run `npm run schema`)', (path, content) => {
    expect(committed(path).toString('utf8')).toBe(content);
  });

  it('the library JSON Schema accepts the default library and rejects what import rejects', () => {
    const schema = z.fromJSONSchema(JSON.parse(committed('docs/schema/case-library.schema.json').toString('utf8')));
    expect(schema.safeParse(defaultLibrary()).success).toBe(true);
    const broken = structuredClone(defaultLibrary()) as { scripts: Array<Record<string, unknown>> };
    broken.scripts[0]!.updatedAt = '2026/11/01';
    broken.scripts[1]!.categoryIds = ['Billing'];
    delete broken.scripts[2]!.title;
    const paths = schema.safeParse(broken).error?.issues.map((issue) => issue.path.join('.'));
    expect(new Set(paths)).toEqual(new Set(['scripts.0.updatedAt', 'scripts.1.categoryIds.0', 'scripts.2.title']));
  });

  it('the taxonomy JSON Schema accepts the default taxonomy', () => {
    const schema = z.fromJSONSchema(JSON.parse(committed('docs/schema/taxonomy.schema.json').toString('utf8')));
    expect(schema.safeParse(DEFAULT_TAXONOMY).success).toBe(true);
    expect(schema.safeParse({ ...DEFAULT_TAXONOMY, categories: [] }).success).toBe(false);
  });

  it.each(['docs/templates/case-library-template.csv', 'docs/templates/case-library-template.json'])(
    '%s imports cleanly, so a lead can start from it',
    (path) => {
      const check = checkLibraryFile(committed(path), { ...OPTIONS, fileName: path });
      expect(check.problems).toEqual([]);
      expect(check.valid.length).toBeGreaterThanOrEqual(2);
    },
  );

  it('the taxonomy template imports as the default taxonomy', () => {
    const check = checkTaxonomyFile(committed('docs/templates/taxonomy-template.csv'), { today: TODAY });
    expect(check.taxonomy?.categories).toEqual(DEFAULT_TAXONOMY.categories);
  });

  it('docs/file-problems.md documents every problem code, docs/library-format.md every column', () => {
    const catalogue = committed('docs/file-problems.md').toString('utf8');
    expect(PROBLEM_CODES.filter((code) => !catalogue.includes(`| \`${code}\` |`))).toEqual([]);
    const doc = committed('docs/library-format.md').toString('utf8');
    const header = committed('docs/templates/case-library-template.csv').toString('utf8').replace(/^\uFEFF/, '').split('\r\n')[0]!;
    expect(header.split(',').filter((column) => !doc.includes(`\`${column}\``))).toEqual([]);
  });
});
