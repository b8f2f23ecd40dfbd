// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { LibraryPage } from '@/components/library/LibraryPage';
import { HEADER, TODAY, csv, library, script, searchMiss } from '../library/library-fixtures';
import type { SearchMiss } from '@/knowledge/case-library/script-usage';
import { memoryBackend } from './memory-library-backend';
import { checkLibraryFile } from '@/knowledge/case-library/library-check';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { PublishedDocumentLocked } from '@/storage/pages/published-lock';

afterEach(cleanup);

function chooseFile(text: string, name = '华东区案例库_v2.csv', inputId = 'library-file') {
  const input = document.getElementById(inputId) as HTMLInputElement;
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

  it('confirms an import only once the library in force shows it, never beside the old count', async () => {
    const { backend } = memoryBackend(existing);
    const load = backend.load.bind(backend);
    let slow = false;
    backend.load = async () => {
      if (slow) await new Promise((resolve) => setTimeout(resolve, 50));
      return load();
    };
    render(<LibraryPage backend={backend} />);
    await screen.findByRole('heading', { name: '导入案例库' });
    chooseFile(file);
    fireEvent.click(await screen.findByRole('checkbox', { name: /仅导入没有错误的 2 行/ }));
    slow = true;
    fireEvent.click(screen.getByRole('button', { name: '导入' }));

    await screen.findByText(/导入完成/);
    expect(document.querySelector('[data-script-count]')!.getAttribute('data-script-count')).toBe('3');
  });

  it('says the centre publishes the library when the backend refuses an import the page still offered (the policy came after the page was drawn)', async () => {
    const { backend, current } = memoryBackend(existing);
    backend.applyLibraryImport = () => Promise.reject(new PublishedDocumentLocked('library'));
    render(<LibraryPage backend={backend} />);
    await screen.findByRole('heading', { name: '导入案例库' });
    chooseFile(file);
    fireEvent.click(await screen.findByRole('checkbox', { name: /仅导入没有错误的 2 行/ }));
    fireEvent.click(screen.getByRole('button', { name: '导入' }));

    const alert = await screen.findByText(/案例库由中心发布，本机不能导入或改动/);
    expect(alert.getAttribute('data-import-result')).toBe('failed');
    expect(alert.textContent).not.toContain('The centre publishes'); // the page's words, not the error's
    expect(current().scripts.map((entry) => entry.id)).toEqual(['billing-001', 'billing-002']);
  });
});

describe('searches that missed', () => {
  const miss = (query: string, outcome: SearchMiss['outcome'], usedInsteadScriptId?: string) => searchMiss(query, { outcome, ...(usedInsteadScriptId ? { usedInsteadScriptId } : {}) });
  const existing = library([script('billing-001', { title: '月账单金额突然翻倍' }), script('billing-002')]);

  it('lists them with the script agents used instead proposed; attaching makes the search an alias and takes it off the list', async () => {
    const { backend, current } = memoryBackend(existing, { misses: [miss('钱对不上', 'not-used', 'billing-001'), miss('钱对不上', 'no-results'), miss('嘤嘤嘤', 'no-results')] });
    render(<LibraryPage backend={backend} />);
    const table = await screen.findByRole('table');
    const row = table.querySelector<HTMLElement>('[data-miss-query="钱对不上"]')!;
    expect(row.textContent).toContain('无结果 1');
    expect(row.textContent).toContain('未使用 1');
    expect(within(row).getByRole<HTMLInputElement>('combobox').value).toBe('billing-001');
    expect(row.textContent).toContain('月账单金额突然翻倍');

    fireEvent.click(within(row).getByRole('button', { name: '设为别名' }));

    expect(await screen.findByText(/已把“钱对不上”设为 billing-001 的别名/)).toBeTruthy();
    expect(current().scripts[0]!.aliases).toEqual(['钱对不上']);
    await waitFor(() => expect(document.querySelector('[data-miss-query="钱对不上"]')).toBeNull());
    expect(document.querySelector('[data-miss-query="嘤嘤嘤"]')).toBeTruthy();
  });

  it('says why a search cannot be attached', async () => {
    const { backend } = memoryBackend(existing, { misses: [miss('扣钱了', 'not-used')] });
    render(<LibraryPage backend={backend} />);
    const row = (await screen.findByRole('table')).querySelector<HTMLElement>('[data-miss-query="扣钱了"]')!;
    fireEvent.input(within(row).getByRole('combobox'), { target: { value: 'no-such-script' } });
    fireEvent.click(within(row).getByRole('button', { name: '设为别名' }));
    expect(await screen.findByText('案例库中没有这个话术编号。')).toBeTruthy();
  });
});

describe('the search lexicon', () => {
  it('checks a lexicon file, lists what to fix, and replaces the lexicon only when nothing blocks', async () => {
    const { backend, lexicon } = memoryBackend(library([script('billing-001')]));
    render(<LibraryPage backend={backend} />);
    await screen.findByRole('heading', { name: /口语词典/ });

    chooseFile(csv('书面用语,口语说法,说明', '账单异常,钱对不上|钱不对,', '信号差,,没有口语说法'), '华东口语词典_v3.csv', 'lexicon-file');
    expect(await screen.findByText(/整个文件无法导入/)).toBeTruthy();
    expect(screen.getByRole<HTMLButtonElement>('button', { name: '导入' }).disabled).toBe(true);

    chooseFile(csv('书面用语,口语说法,说明', '账单异常,钱对不上|钱不对,', '月租,座机费,'), '华东口语词典_v3.csv', 'lexicon-file');
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>('button', { name: '导入' }).disabled).toBe(false));
    fireEvent.click(screen.getByRole('button', { name: '导入' }));

    expect(await screen.findByText(/口语词典已更新/)).toBeTruthy();
    expect(lexicon()).toMatchObject({ name: '华东口语词典', version: '3', entries: [{ libraryTerms: ['账单异常'] }, { libraryTerms: ['月租'] }] });
    await waitFor(() => expect(document.querySelector('[data-lexicon-entries]')!.getAttribute('data-lexicon-entries')).toBe('2'));
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
    const { backend } = memoryBackend(existing, { published: { library: refusedFile, taxonomy: null }, misses: [searchMiss('扣钱了', { outcome: 'not-used' })] });
    render(<LibraryPage backend={backend} />);
    const notice = await screen.findByRole('heading', { name: '中心发布地址' });
    const section = notice.closest('section')!;
    expect(section.textContent).toContain('https://files.centre.example/iceberg/case-library.csv');
    expect(section.textContent).toContain('发布的文件未被采用');
    expect(within(section).getByRole('table').textContent).toContain('no-such-category');
    expect(screen.queryByRole('heading', { name: '导入案例库' })).toBeNull(); // hidden: not in the accessibility tree
    expect(screen.getByRole('button', { name: '立即检查更新' })).toBeTruthy();
    // A missed search cannot become an alias here: the centre's next file would drop it.
    expect(screen.getByRole<HTMLButtonElement>('button', { name: '设为别名' }).disabled).toBe(true);
    expect(document.querySelector('[data-attach-locked]')!.textContent).toMatch(/中心/);
  });
});
