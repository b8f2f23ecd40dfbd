// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CrmSiteEditor } from '@/components/settings/CrmSiteEditor';
import { DEMO_CRM_SITES } from '@/knowledge/work-orders/crm-sites';
import type { CrmSite } from '@/knowledge/work-orders/work-order-rule';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

function renderEditor(onGrant: (pattern: string) => Promise<boolean>, sites: CrmSite[] = DEMO_CRM_SITES) {
  const saved: CrmSite[][] = [];
  render(
    <CrmSiteEditor
      locale="zh-CN"
      sites={sites}
      granted={sites.map((site) => site.matchPattern)}
      onSaveSites={async (next) => void saved.push(next)}
      onGrant={onGrant}
      onPreview={async () => ({ tab: null, frames: [] })}
    />,
  );
  return saved;
}

function type(name: string, value: string) {
  fireEvent.input(document.querySelector(`[name="${name}"]`)!, { target: { value } });
}

describe('setting up a CRM site', () => {
  it('keeps the port as typed and shows the exact rule before saving; the demo entry stays', async () => {
    const saved = renderEditor(async () => true);
    type('address', 'crm.intranet:8443');
    expect(screen.getByText('https://crm.intranet:8443/*')).toBeTruthy();
    fireEvent.submit(screen.getByRole('form', { name: '添加 CRM 站点' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.map((site) => site.matchPattern)).toEqual([...DEMO_CRM_SITES.map((site) => site.matchPattern), 'https://crm.intranet:8443/*']);
  });

  it('asks before replacing a rule for the same address', async () => {
    const saved = renderEditor(async () => true);
    type('address', 'http://127.0.0.1');
    type('selector', '.ticket');
    fireEvent.submit(screen.getByRole('form', { name: '添加 CRM 站点' }));
    expect(await screen.findByRole('alertdialog', { name: '替换站点规则' })).toBeTruthy();
    expect(saved).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: '替换' }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]!.find((site) => site.matchPattern === 'http://127.0.0.1/*')?.workOrderRule).toEqual({ selector: '.ticket' });
  });

  it('says so when the lead refuses or closes the permission prompt', async () => {
    renderEditor(async () => false);
    type('address', 'crm.example.com');
    fireEvent.submit(screen.getByRole('form', { name: '添加 CRM 站点' }));
    expect((await screen.findByRole('alert')).textContent).toContain('未获授权');
  });

  it('a prompt that never answers gets a hint on where it went', async () => {
    vi.useFakeTimers();
    renderEditor(() => new Promise<boolean>(() => undefined));
    type('address', 'crm.example.com');
    fireEvent.submit(screen.getByRole('form', { name: '添加 CRM 站点' }));
    await act(async () => void (await vi.advanceTimersByTimeAsync(1_000)));
    expect(screen.getByRole('status').textContent).toContain('请在浏览器弹出的提示中允许');
    expect(screen.getByRole('status').textContent).not.toContain('没有看到提示');
    await act(async () => void (await vi.advanceTimersByTimeAsync(15_000)));
    expect(screen.getByRole('status').textContent).toContain('如果没有看到提示');
  });
});
