import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { childCategoryIds } from '@/knowledge/taxonomy/taxonomy-lookup';
import { ScriptLibraryService } from '@/storage/background/script-library-service';
import { dropDatabase, newDatabase } from '../helpers';

const BIN = fileURLToPath(new URL('../../../knowledge/cli/iceberg.mjs', import.meta.url));

function cliSearch(query: string, category?: string): Promise<{ ids: string[]; partial: boolean }> {
  const args = [BIN, 'search', '--json', '--limit', '20', ...(category ? ['--category', category] : []), query];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { encoding: 'utf8' }, (error, stdout) => {
      if (error) reject(new Error(error.message));
      else {
        const report = JSON.parse(stdout) as { partial: boolean; results: Array<{ id: string }> };
        resolve({ ids: report.results.map((found) => found.id), partial: report.partial });
      }
    });
  });
}

describe('the CLI and the extension search alike', { timeout: 60_000 }, () => {
  const db = newDatabase();
  const service = new ScriptLibraryService(db);
  afterAll(() => dropDatabase(db));

  it.each([
    ['漫游', 'billing'],
    ['信号不好', undefined],
    ['llb', undefined],
    ['5G 降速', 'network'],
    ['喂你好我家宽带老是断网', 'broadband'],
    ['5G 漫游 机顶盒', undefined],
  ])('"%s" in %s: same scripts in the same order', async (query, category) => {
    expect(childCategoryIds(DEFAULT_TAXONOMY, 'billing').length).toBeGreaterThan(0);
    const [cli, extension] = await Promise.all([
      cliSearch(query, category),
      service.search(query, { limit: 20, taxonomy: DEFAULT_TAXONOMY, ...(category ? { categoryFilter: category } : {}) }),
    ]);
    expect(cli.ids.length).toBeGreaterThan(0);
    expect(cli.ids).toEqual(extension.hits.map((hit) => hit.script.id));
    expect(cli.partial).toBe(extension.hits.every((hit) => hit.partial));
  });

  it('filtering by a parent category finds its sub-categories\' scripts, in the CLI too', async () => {
    const { ids } = await cliSearch('漫游', 'billing');
    expect(ids).toContain('roaming-003'); // billing-roaming and network only, not billing itself
  });
});
