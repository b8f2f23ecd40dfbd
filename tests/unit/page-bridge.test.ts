// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WORK_ORDER_RULE } from '@/knowledge/work-orders/work-order-reference';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import { RESERVED_SHORTCUTS } from '@/knowledge/taxonomy/taxonomy-lookup';
import { SIDEBAR_WIDTH_PX, reservePageSpace } from '@/components/crm-page/docking';
import { listenForShortcuts, shortcutKey } from '@/components/shared/shortcuts';
import { readPageWorkOrderReference, watchWorkOrderReference } from '@/components/crm-page/work-order-watcher';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

let controller: AbortController;
beforeEach(() => {
  controller = new AbortController();
  document.body.innerHTML = '';
  document.documentElement.removeAttribute('style');
  history.replaceState(null, '', '/');
});
afterEach(() => {
  controller.abort();
});

describe('readPageWorkOrderReference', () => {
  it('reads the demo CRM’s #case-ref with the default rule', () => {
    document.body.innerHTML = '<header><span id="case-ref">CASE-1</span></header>';
    expect(readPageWorkOrderReference(document, DEFAULT_WORK_ORDER_RULE)).toBe('CASE-1');
  });

  it('also reads a [data-case-ref] element, masking a caller’s number', () => {
    document.body.innerHTML = '<div data-case-ref>  来电 138 1234 5678 </div>';
    expect(readPageWorkOrderReference(document, DEFAULT_WORK_ORDER_RULE)).toBe('来电 138****5678');
  });

  it('falls back to the page URL when the element is missing', () => {
    history.pushState(null, '', '/cases/CASE-2026-0042');
    expect(readPageWorkOrderReference(document, DEFAULT_WORK_ORDER_RULE)).toBe('CASE-2026-0042');
  });

  it('survives a site rule with an invalid CSS selector', () => {
    history.pushState(null, '', '/cases/CASE-7');
    expect(readPageWorkOrderReference(document, { ...DEFAULT_WORK_ORDER_RULE, selector: '#[broken' })).toBe('CASE-7');
  });

  it('returns null on a page without a case', () => {
    document.body.innerHTML = '<main>Dashboard</main>';
    expect(readPageWorkOrderReference(document, DEFAULT_WORK_ORDER_RULE)).toBeNull();
  });
});

describe('shortcutKey (physical key, independent of layout and Shift)', () => {
  it.each([
    ['Digit1', '1'],
    ['Digit0', '0'],
    ['Numpad3', '3'],
    ['KeyV', 'v'],
    ['KeyZ', 'z'],
    ['Enter', null],
    ['Space', null],
    ['NumpadAdd', null],
    ['F1', null],
    ['Keyv', null],
    ['', null],
  ])('%s → %s', (code, key) => {
    expect(shortcutKey(code)).toBe(key);
  });

  it('can produce every shortcut of the default taxonomy and both reserved keys', () => {
    const reachable = new Set([
      ...Array.from({ length: 10 }, (_, digit) => shortcutKey(`Digit${digit}`)),
      ...Array.from({ length: 26 }, (_, i) => shortcutKey(`Key${String.fromCharCode(65 + i)}`)),
    ]);
    for (const category of DEFAULT_TAXONOMY.categories) expect(reachable.has(category.shortcut!), category.id).toBe(true);
    for (const key of Object.values(RESERVED_SHORTCUTS)) expect(reachable.has(key)).toBe(true);
  });
});

describe('listenForShortcuts', () => {
  /**
   * happy-dom events carry no isTrusted (so they behave like a page script's synthetic events);
   * this marks one as a real key press, which only the browser can produce.
   */
  function keydown(code: string, modifiers: KeyboardEventInit, trusted: boolean): KeyboardEvent {
    const event = new KeyboardEvent('keydown', { code, bubbles: true, cancelable: true, ...modifiers });
    if (trusted) Object.defineProperty(event, 'isTrusted', { value: true });
    return event;
  }

  it('ignores a synthetic Alt+Shift+1 dispatched by the page', () => {
    const onShortcut = vi.fn(() => true);
    listenForShortcuts(window, onShortcut, controller.signal);
    const event = keydown('Digit1', { altKey: true, shiftKey: true }, false);
    document.body.dispatchEvent(event);
    expect(event.isTrusted).toBeFalsy();
    expect(onShortcut).not.toHaveBeenCalled();
  });

  it('handles a real Alt+Shift+1 and keeps it from the CRM', () => {
    const onShortcut = vi.fn(() => true);
    const crmHandler = vi.fn();
    document.body.addEventListener('keydown', crmHandler);
    listenForShortcuts(window, onShortcut, controller.signal);

    const event = keydown('Digit1', { altKey: true, shiftKey: true }, true);
    document.body.dispatchEvent(event);

    expect(onShortcut).toHaveBeenCalledExactlyOnceWith('1');
    expect(event.defaultPrevented).toBe(true);
    expect(crmHandler).not.toHaveBeenCalled();
  });

  it('lets the CRM have keys the sidebar does not use', () => {
    const crmHandler = vi.fn();
    document.body.addEventListener('keydown', crmHandler);
    listenForShortcuts(window, () => false, controller.signal);
    const event = keydown('KeyQ', { altKey: true, shiftKey: true }, true);
    document.body.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
    expect(crmHandler).toHaveBeenCalledOnce();
  });

  it.each([
    ['Alt only', { altKey: true }],
    ['Shift only', { shiftKey: true }],
    ['Ctrl+Alt+Shift', { ctrlKey: true, altKey: true, shiftKey: true }],
    ['Meta+Alt+Shift', { metaKey: true, altKey: true, shiftKey: true }],
  ])('ignores %s', (_label, modifiers) => {
    const onShortcut = vi.fn(() => true);
    listenForShortcuts(window, onShortcut, controller.signal);
    document.body.dispatchEvent(keydown('Digit1', modifiers, true));
    expect(onShortcut).not.toHaveBeenCalled();
  });

  it('ignores non-shortcut keys and stops listening once aborted', () => {
    const onShortcut = vi.fn(() => true);
    listenForShortcuts(window, onShortcut, controller.signal);
    document.body.dispatchEvent(keydown('Enter', { altKey: true, shiftKey: true }, true));
    controller.abort();
    document.body.dispatchEvent(keydown('Digit2', { altKey: true, shiftKey: true }, true));
    expect(onShortcut).not.toHaveBeenCalled();
  });
});

describe('watchWorkOrderReference', () => {
  function watch() {
    const reports: Array<string | null> = [];
    watchWorkOrderReference(document, () => DEFAULT_WORK_ORDER_RULE, (workOrderRef) => reports.push(workOrderRef), controller.signal);
    return reports;
  }

  it('reports the current case at once', () => {
    document.body.innerHTML = '<span id="case-ref">CASE-1</span>';
    expect(watch()).toEqual(['CASE-1']);
  });

  it('reports a new case after the CRM re-renders it', async () => {
    document.body.innerHTML = '<span id="case-ref">CASE-1</span>';
    const reports = watch();
    document.getElementById('case-ref')!.textContent = 'CASE-2';
    await vi.waitFor(() => expect(reports).toEqual(['CASE-1', 'CASE-2']));
  });

  it('reports once for a burst of DOM changes, and not at all when the case stays the same', async () => {
    document.body.innerHTML = '<span id="case-ref">CASE-1</span><ul id="log"></ul>';
    const reports = watch();
    const log = document.getElementById('log')!;
    for (let i = 0; i < 20; i += 1) log.append(document.createElement('li'));
    await sleep(120);
    expect(reports).toEqual(['CASE-1']);

    for (let i = 0; i < 20; i += 1) log.append(document.createElement('li'));
    document.getElementById('case-ref')!.textContent = 'CASE-3';
    await vi.waitFor(() => expect(reports).toEqual(['CASE-1', 'CASE-3']));
    await sleep(120);
    expect(reports).toEqual(['CASE-1', 'CASE-3']);
  });

  it('follows single-page navigation (pushState + render) and going back (popstate)', async () => {
    const reports = watch();
    expect(reports).toEqual([null]);

    history.pushState(null, '', '/cases/CASE-10');
    document.body.innerHTML = '<h1>Case</h1>';
    await vi.waitFor(() => expect(reports).toEqual([null, 'CASE-10']));

    history.replaceState(null, '', '/cases/CASE-11');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await vi.waitFor(() => expect(reports).toEqual([null, 'CASE-10', 'CASE-11']));
  });

  it('reports the case going away', async () => {
    document.body.innerHTML = '<span id="case-ref">CASE-1</span>';
    const reports = watch();
    document.body.innerHTML = '<main>Dashboard</main>';
    await vi.waitFor(() => expect(reports).toEqual(['CASE-1', null]));
  });

  it('stops watching once aborted', async () => {
    document.body.innerHTML = '<span id="case-ref">CASE-1</span>';
    const reports = watch();
    controller.abort();
    document.getElementById('case-ref')!.textContent = 'CASE-2';
    await sleep(120);
    expect(reports).toEqual(['CASE-1']);
  });
});

describe('reservePageSpace', () => {
  const marginRight = () => [
    document.documentElement.style.getPropertyValue('margin-right'),
    document.documentElement.style.getPropertyPriority('margin-right'),
  ];

  it('reserves the sidebar’s width on the right with !important, and gives it back', () => {
    const release = reservePageSpace(document, SIDEBAR_WIDTH_PX);
    expect(marginRight()).toEqual(['300px', 'important']);
    release();
    expect(marginRight()).toEqual(['', '']);
  });

  it('restores the CRM’s own inline margin and its priority', () => {
    document.documentElement.style.setProperty('margin-right', '12px');
    reservePageSpace(document, SIDEBAR_WIDTH_PX)();
    expect(marginRight()).toEqual(['12px', '']);

    document.documentElement.style.setProperty('margin-right', '8px', 'important');
    reservePageSpace(document, SIDEBAR_WIDTH_PX)();
    expect(marginRight()).toEqual(['8px', 'important']);
  });

  it('leaves the page alone when the page changed the margin since (nothing of the page is overwritten)', () => {
    const release = reservePageSpace(document, SIDEBAR_WIDTH_PX);
    document.documentElement.style.setProperty('margin-right', '5px');
    release();
    expect(marginRight()).toEqual(['5px', '']);
  });
});
