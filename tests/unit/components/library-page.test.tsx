// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { LibraryPage } from '@/components/library/LibraryPage';
import { checkLibraryFile, incomingLibrary, type LibraryImportCheck } from '@/knowledge/case-library/library-check';
import { applyImport, previewImport, type ImportMode } from '@/knowledge/case-library/library-diff';
import type { CaseLibrary } from '@/knowledge/case-library/case-script';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import type { LibraryPageBackend } from '@/storage/pages/case-library';
import { HEADER, TODAY, csv, library, script } from '../library/library-fixtures';

afterEach(cleanup);

/** The page's backend over the real checks and diff, with the library kept in memory (no worker, no IndexedDB). */
function memoryBackend(current: CaseLibrary) {
  let checked: LibraryImportCheck | null = null;
  const applied: ImportMode[] = [];
  const backend: LibraryPageBackend = {
    load: async () => ({
      locale: 'zh-CN',
      library: { name: current.name, version: current.version, scriptCount: current.scripts.length, importedAt: '', isDefault: false },
      taxonomy: { name: DEFAULT_TAXONOMY.name, version: DEFAULT_TAXONOMY.version, activeCount: DEFAULT_TAXONOMY.categories.length, retiredCount: 0 },
      usage: [],
      misses: [],
    }),
    checkLibraryFile: async (file, encoding, onStage) => {
      onStage('checking');
      checked = checkLibraryFile(new Uint8Array(await file.arrayBuffer()), { fileName: file.name, taxonomy: DEFAULT_TAXONOMY, today: TODAY, encoding: encoding as never });
      const { valid, ...summary } = checked;
      return { check: { ...summary, validCount: valid.length }, preview: previewImport(current, valid) };
    },
    applyLibraryImport: async (mode) => {
      applied.push(mode);
      current = applyImport(current, incomingLibrary(checked!), mode);
      return { scriptCount: current.scripts.length };
    },
    restoreDefaultLibrary: async () => undefined,
    checkTaxonomyFile: async () => ({ taxonomy: null, problems: [] }),
    importTaxonomy: async () => undefined,
    exportLibrary: async () => ({ text: '', fileName: 'x.csv', mime: 'text/csv' }),
    exportTaxonomy: async () => ({ text: '', fileName: 'x.csv', mime: 'text/csv' }),
  };
  return { backend, applied, current: () => current };
}

function chooseFile(text: string, name = '华东区案例库_v2.csv') {
  const input = document.getElementById('library-file') as HTMLInputElement;
  const file = new File([text], name, { type: 'text/csv' });
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  fireEvent.change(input);
}

describe('the library import preview', () => {
  const existing = library([script('billing-001'), script('billing-002')]);
  const file = csv(
    HEADER,
    'billing-001,话费异常（改）,客户反映本月话费异常。,核对账单明细。,您的心情我理解，我已记录。,话费,billing,2026-11-20,,',
    'billing-003,新话术,客户质疑扣费。,核对扣费记录。,我马上为您核实。,扣费,billing,2026-11-20,,',
    'billing-004,分类写错,客户质疑扣费。,核对扣费记录。,我马上为您核实。,扣费,no-such-category,2026-11-20,,',
  );

  it('lists each problem with its row, column and reason, and counts what the import would change', async () => {
    const { backend } = memoryBackend(existing);
    render(<LibraryPage backend={backend} />);
    await screen.findByRole('heading', { name: '导入案例库' });

    chooseFile(file);

    const problems = await screen.findByRole('table');
    const rows = within(problems).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.textContent).toContain('4');
    expect(rows[0]!.textContent).toContain('categoryIds');
    expect(rows[0]!.textContent).toContain('no-such-category');
    // Merge: one new script, one changed; replace would also remove billing-002.
    expect(document.querySelector('[data-added]')!.textContent).toBe('1');
    expect(document.querySelector('[data-changed]')!.textContent).toBe('1');
    fireEvent.click(screen.getByRole('radio', { name: /替换/ }));
    expect(document.querySelector('[data-removed]')!.textContent).toBe('1');
  });

  it('writes nothing until the lead confirms, and imports only the valid rows when told to', async () => {
    const { backend, applied, current } = memoryBackend(existing);
    render(<LibraryPage backend={backend} />);
    await screen.findByRole('heading', { name: '导入案例库' });
    chooseFile(file);
    const importButton = await screen.findByRole('button', { name: '导入' });
    expect((importButton as HTMLButtonElement).disabled).toBe(true); // a row has an error
    expect(applied).toEqual([]);

    fireEvent.click(screen.getByRole('checkbox', { name: /仅导入没有错误的 2 行/ }));
    fireEvent.click(importButton);

    await waitFor(() => expect(applied).toEqual(['merge']));
    expect(await screen.findByText(/导入完成/)).toBeTruthy();
    expect(current().scripts.map((entry) => entry.id).sort()).toEqual(['billing-001', 'billing-002', 'billing-003']);
  });
});
