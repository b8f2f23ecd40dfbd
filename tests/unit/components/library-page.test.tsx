// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { LibraryPage } from '@/components/library/LibraryPage';
import { checkLibraryFile, incomingLibrary, type LibraryImportCheck } from '@/knowledge/case-library/library-check';
import { applyImport, previewImport, type ImportMode } from '@/knowledge/case-library/library-diff';
import type { CaseLibrary } from '@/knowledge/case-library/case-script';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import type { LibraryPageBackend, LibraryPageData } from '@/storage/pages/case-library';
import { HEADER, TODAY, csv, library, script } from '../library/library-fixtures';

afterEach(cleanup);

/** The page's backend over the real checks and diff, with the library kept in memory (no worker, no IndexedDB). */
function memoryBackend(current: CaseLibrary, published: LibraryPageData['published'] = { library: null, taxonomy: null }) {
  let checked: LibraryImportCheck | null = null;
  const applied: ImportMode[] = [];
  const backend: LibraryPageBackend = {
    load: async () => ({
      locale: 'zh-CN',
      published,
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
    checkPublished: async () => undefined,
    onChange: () => () => undefined,
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

describe('a case library the centre publishes', () => {
  const existing = library([script('billing-001')]);
  const refusedFile = {
    url: 'https://files.centre.example/iceberg/case-library.csv',
    state: {
      url: 'https://files.centre.example/iceberg/case-library.csv',
      etag: null,
      lastModified: null,
      contentHash: 'abc',
      checkedAt: '2026-11-23T02:00:00.000Z',
      appliedAt: '2026-11-22T02:00:00.000Z',
      name: existing.name,
      version: existing.version,
      trouble: {
        action: 'refused' as const,
        why: 'invalid-file' as const,
        message: { zh: '发布的文件没有通过导入检查，仍使用上一版。', en: 'The published file did not pass the import check; the previous version stays in use.' },
        httpStatus: 200,
        detail: 'unknown category',
        problems: checkLibraryFile(
          new TextEncoder().encode(csv(HEADER, 'billing-004,分类写错,客户质疑扣费。,核对扣费记录。,我马上为您核实。,扣费,no-such-category,2026-11-20,,')),
          { fileName: 'case-library.csv', taxonomy: DEFAULT_TAXONOMY, today: TODAY },
        ).problems,
        at: '2026-11-23T02:00:00.000Z',
      },
    },
  };

  it('shows what the agents get and why the newest file was refused, and offers no manual import', async () => {
    const { backend } = memoryBackend(existing, { library: refusedFile, taxonomy: null });
    render(<LibraryPage backend={backend} />);
    const notice = await screen.findByRole('heading', { name: '中心发布地址' });
    const section = notice.closest('section')!;
    expect(section.textContent).toContain('https://files.centre.example/iceberg/case-library.csv');
    expect(section.textContent).toContain('发布的文件未被采用');
    expect(within(section).getByRole('table').textContent).toContain('no-such-category');
    expect(screen.queryByRole('heading', { name: '导入案例库' })).toBeNull(); // hidden: not in the accessibility tree
    expect(screen.getByRole('button', { name: '立即检查更新' })).toBeTruthy();
  });
});
