// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { usePageData } from '@/components/shared/usePageData';

afterEach(cleanup);

/** A page showing a stored count, with its `reload` handed out to the test. */
function countPage(readStored: () => Promise<number>) {
  let reload: () => Promise<void> = async () => undefined;
  function CountPage() {
    const page = usePageData(readStored);
    reload = page.reload;
    return <p data-count={page.data ?? ''}>{page.data}</p>;
  }
  render(<CountPage />);
  return { reload: () => reload() };
}

describe('an extension page’s data', () => {
  it('is read once for reloads asked together (an import and its change notices), and shows what was stored before the last of them', async () => {
    let stored = 1;
    let reads = 0;
    const page = countPage(async () => {
      reads += 1;
      return stored;
    });
    await waitFor(() => expect(screen.getByText('1')).toBeTruthy());
    expect(reads).toBe(1);

    stored = 2;
    let reloads: Promise<void>[] = [];
    await act(async () => {
      reloads = [page.reload(), page.reload()];
      await new Promise((resolve) => setTimeout(resolve, 5));
      stored = 3; // committed just before the third reload asked
      reloads.push(page.reload());
      await Promise.all(reloads);
    });
    expect(reads).toBe(2);
    expect(document.querySelector('[data-count="3"]')).toBeTruthy();
  });

  it('still draws a newer read over an older one that answers last', async () => {
    const answers: Array<(value: number) => void> = [];
    let reads = 0;
    const page = countPage(
      () =>
        new Promise<number>((resolve) => {
          reads += 1;
          // The first read is slow; later ones answer at once with the newer value.
          if (reads === 1) answers.push(resolve);
          else resolve(reads);
        }),
    );
    await act(async () => void (await page.reload()));
    expect(document.querySelector('[data-count="2"]')).toBeTruthy();
    await act(async () => answers[0]!(1));
    expect(document.querySelector('[data-count="2"]')).toBeTruthy();
  });
});
