// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SidebarApp } from '@/components/sidebar/SidebarApp';
import { NO_CENTRE, fakeScriptClient, fakeTaggingClient } from './fake-clients';
import type { CentreStatus } from '@/knowledge/centre/centre-status';

afterEach(cleanup);

function renderSidebar(scriptOptions: Parameters<typeof fakeScriptClient>[0] = {}) {
  const tagging = fakeTaggingClient('8012', { tabId: 7, workOrderRef: 'WO-2026-0042', site: 'crm.example.com' });
  const scripts = fakeScriptClient(scriptOptions);
  render(<SidebarApp client={tagging.client} scriptClient={scripts.client} collapsible />);
  return { tagging, scripts };
}

const total = () => document.querySelector('.iceberg-total')!.textContent;

/** A click as the agent's real mouse makes it: the category buttons ignore clicks a page script dispatches. */
function agentClick(element: Element) {
  const event = new MouseEvent('click', { bubbles: true, cancelable: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  element.dispatchEvent(event);
}

describe('the sidebar’s tagging panel', () => {
  it('records a click on a category, shows it in today’s counts and on the button, and stores the work order', async () => {
    const { tagging } = renderSidebar();
    const categories = await screen.findByRole('group', { name: '投诉分类' });
    expect(screen.getByText('WO-2026-0042')).toBeTruthy();
    expect(total()).toBe('0');

    agentClick(within(categories).getByRole('button', { name: /计费\/资费争议/ }));

    await waitFor(() => expect(total()).toBe('1'));
    expect(tagging.events).toHaveLength(1);
    expect(tagging.events[0]).toMatchObject({ categoryId: 'billing', workOrderRef: 'WO-2026-0042', agentId: '8012' });
    expect(within(categories).getByRole('button', { name: /计费\/资费争议/ }).textContent).toContain('1');
  });

  it('a click a page script forges records nothing', async () => {
    const { tagging } = renderSidebar();
    const categories = await screen.findByRole('group', { name: '投诉分类' });
    fireEvent.click(within(categories).getByRole('button', { name: /计费\/资费争议/ }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(tagging.events).toEqual([]);
    expect(total()).toBe('0');
  });

  it('undo takes the last click back out of the counts, and says so', async () => {
    const { tagging } = renderSidebar();
    const categories = await screen.findByRole('group', { name: '投诉分类' });
    agentClick(within(categories).getByRole('button', { name: /网络质量/ }));
    await waitFor(() => expect(total()).toBe('1'));

    fireEvent.click(screen.getByRole('button', { name: /撤销/ }));

    await waitFor(() => expect(total()).toBe('0'));
    expect(tagging.events[0]!.voided).toBe(true);
    expect(screen.getByText('已撤销上一次点击')).toBeTruthy();
  });

  it('the optional details after a click land on that click (ticket raised counts as a ticket)', async () => {
    const { tagging } = renderSidebar();
    const categories = await screen.findByRole('group', { name: '投诉分类' });
    agentClick(within(categories).getByRole('button', { name: /套餐争议/ }));
    const ticket = await screen.findByRole('checkbox', { name: '已立投诉工单' });

    fireEvent.click(ticket);

    await waitFor(() => expect(tagging.events[0]!.ticketRaised).toBe(true));
    await waitFor(() => expect(document.querySelector('[data-ticket-count]')!.textContent).toBe('1'));
  });

  it('switches to English and back with one button', async () => {
    renderSidebar();
    fireEvent.click(await screen.findByRole('button', { name: 'English' }));
    expect(await screen.findByRole('group', { name: 'Complaint categories' })).toBeTruthy();
  });
});

describe('the sidebar’s script panel', () => {
  it('finds scripts as the agent types and shows the matching words highlighted', async () => {
    renderSidebar();
    const box = await screen.findByRole('searchbox', { name: /搜索话术/ });

    fireEvent.input(box, { target: { value: '流量包' } });

    const results = await screen.findByRole('list', { name: '话术结果' });
    await waitFor(() => expect(within(results).getAllByRole('listitem').length).toBeGreaterThan(0));
    expect(results.querySelector('mark')?.textContent).toContain('流量');
  });

  it('opens a script, fills its placeholders and copies the filled text, logging the use', async () => {
    const { scripts } = renderSidebar();
    fireEvent.input(await screen.findByRole('searchbox', { name: /搜索话术/ }), { target: { value: '5G 降速' } });
    const results = await screen.findByRole('list', { name: '话术结果' });
    const first = (await within(results).findAllByRole('listitem'))[0]!;

    fireEvent.click(within(first).getAllByRole('button')[0]!);
    fireEvent.click(await within(first).findByRole('button', { name: '复制' }));
    const form = await within(first).findByRole('form', { name: '填写话术中的占位内容' });
    for (const field of within(form).getAllByRole('textbox')) fireEvent.input(field, { target: { value: '3' } });
    fireEvent.submit(form);

    expect(await screen.findByText('已复制到剪贴板')).toBeTruthy();
    const copied = await navigator.clipboard.readText();
    expect(copied.length).toBeGreaterThan(20);
    expect(copied).not.toMatch(/[[{［｛]/);
    expect(scripts.uses).toEqual([{ scriptId: first.getAttribute('data-script-id'), action: 'copy' }]);
  });

  it('says plainly when nothing matches', async () => {
    renderSidebar();
    fireEvent.input(await screen.findByRole('searchbox', { name: /搜索话术/ }), { target: { value: 'qzxjvw' } });
    expect(await screen.findByText(/没有找到匹配的话术/)).toBeTruthy();
  });

  it('when no script holds every word, shows partial matches and says so, each with why it matched and what it lacks', async () => {
    renderSidebar();
    fireEvent.input(await screen.findByRole('searchbox', { name: /搜索话术/ }), { target: { value: '信号不好 机顶盒' } });

    expect(await screen.findByText(/^部分匹配/, { selector: 'li' })).toBeTruthy();
    const status = screen.getAllByRole('status').find((element) => /条结果/.test(element.textContent ?? ''))!;
    expect(status.textContent).toContain('部分匹配');
    const results = screen.getByRole('list', { name: '话术结果' });
    const signal = within(results).getAllByRole('listitem').find((item) => item.getAttribute('data-script-id') === 'network-001')!;
    expect(within(signal).getByText('同义 信号差')).toBeTruthy();
    expect(signal.querySelector('[data-missing-terms]')!.textContent).toBe('缺少：机顶盒');
    const box = within(results).getAllByRole('listitem').find((item) => item.getAttribute('data-script-id') === 'device-003')!;
    expect(within(box).getByText('原词 机顶盒')).toBeTruthy();
  });

  it('lists scripts holding part of a colloquial query after the one holding every word, and says where the partial ones start', async () => {
    renderSidebar();
    fireEvent.input(await screen.findByRole('searchbox', { name: /搜索话术/ }), { target: { value: '套餐太贵了想换个便宜的' } });

    expect(await screen.findByText('前 1 条包含全部词语；其后的只包含部分词语（见“缺少”）。', { selector: 'li' })).toBeTruthy();
    expect(screen.queryByText(/^部分匹配/, { selector: 'li' })).toBeNull();
    const [complete, ...partial] = within(screen.getByRole('list', { name: '话术结果' })).getAllByRole('listitem');
    expect(complete!.querySelector('[data-missing-terms]')).toBeNull();
    expect(partial.map((item) => item.getAttribute('data-script-id'))).toContain('plan-001');
    for (const item of partial) expect(item.querySelector('[data-missing-terms]')!.textContent).toBe('缺少：想换个便宜');
    // A screen reader hears it with the result count, in the live status.
    const status = screen.getAllByRole('status').find((element) => /条结果/.test(element.textContent ?? ''))!;
    expect(status.textContent).toContain('前 1 条包含全部词语');
  });

  it('says which filler words it ignored and that a pasted query was cut, never silently', async () => {
    renderSidebar();
    const box = await screen.findByRole('searchbox', { name: /搜索话术/ });
    fireEvent.input(box, { target: { value: '喂 信号不好' } });
    expect(await screen.findByText('已忽略口头语：喂')).toBeTruthy();

    // Filler words are shown, not spoken: at every search they would drown the rest.
    const liveStatus = () => screen.getAllByRole('status').find((element) => /条结果|没有找到/.test(element.textContent ?? ''))!;
    expect(liveStatus().textContent).not.toContain('喂');

    fireEvent.input(box, { target: { value: `光猫故障，${'客户说家里网络时好时坏'.repeat(15)}` } });
    expect(await screen.findByText(/只搜索了前 100 个字/, { selector: 'li' })).toBeTruthy();
    expect(within(screen.getByRole('list', { name: '话术结果' })).getAllByRole('listitem').length).toBeGreaterThan(0);
    // A screen reader hears the cut with the result count.
    expect(liveStatus().textContent).toMatch(/条结果.*只搜索了前 100 个字/);
  });

  it('tells a screen reader, with the result count, which words of the query the library lacks', async () => {
    renderSidebar();
    fireEvent.input(await screen.findByRole('searchbox', { name: /搜索话术/ }), { target: { value: '机顶盒 犀牛' } });
    expect(await screen.findByText('案例库中没有：犀牛', { selector: 'li' })).toBeTruthy();
    const status = screen.getAllByRole('status').find((element) => /条结果/.test(element.textContent ?? ''))!;
    expect(status.textContent).toContain('案例库中没有：犀牛');
  });

  it('asks the background to load the library when the agent puts the cursor in the search box, not at every keystroke', async () => {
    const { scripts } = renderSidebar();
    const box = await screen.findByRole('searchbox', { name: /搜索话术/ });
    expect(scripts.prepared()).toBe(0);
    fireEvent.focus(box);
    expect(scripts.prepared()).toBe(1);
    fireEvent.input(box, { target: { value: '机顶盒' } });
    await screen.findByText(/条结果/);
    expect(scripts.prepared()).toBe(1);
  });

  it('right after the browser wakes, lists matching titles at once and fills in the scripts when the full library is loaded', async () => {
    const { scripts } = renderSidebar({ waking: true });
    fireEvent.input(await screen.findByRole('searchbox', { name: /搜索话术/ }), { target: { value: '机顶盒' } });
    expect(await screen.findByText(/正在载入完整案例库/)).toBeTruthy();
    const results = screen.getByRole('list', { name: '话术结果' });
    const first = within(results).getAllByRole('listitem')[0]!;
    fireEvent.click(within(first).getAllByRole('button')[0]!);
    expect(within(first).queryByRole('button', { name: '复制' })).toBeNull();

    scripts.finishLoading();

    await waitFor(() => expect(screen.queryByText(/正在载入完整案例库/)).toBeNull());
    expect(await within(screen.getByRole('list', { name: '话术结果' })).findByRole('button', { name: '复制' })).toBeTruthy();
  });

  it('tells the team lead about a search whose scripts went unused, and which script the agent used instead', async () => {
    const { scripts } = renderSidebar();
    const box = await screen.findByRole('searchbox', { name: /搜索话术/ });
    fireEvent.input(box, { target: { value: '嘤嘤嘤钱' } });
    await screen.findByText(/条结果|没有找到/);
    await new Promise((resolve) => setTimeout(resolve, 1700)); // the agent reads the results: the search settles

    fireEvent.input(box, { target: { value: '账单翻倍' } });
    const results = screen.getByRole('list', { name: '话术结果' });
    await waitFor(() => expect(results.querySelector('[data-script-id="billing-001"]')).toBeTruthy());
    const billing = results.querySelector('[data-script-id="billing-001"]')!;
    fireEvent.click(within(billing as HTMLElement).getAllByRole('button')[0]!);
    fireEvent.click(await within(billing as HTMLElement).findByRole('button', { name: '复制' }));
    const form = await within(billing as HTMLElement).findByRole('form', { name: '填写话术中的占位内容' });
    for (const field of within(form).getAllByRole('textbox')) fireEvent.input(field, { target: { value: '3' } });
    fireEvent.submit(form);

    await waitFor(() => expect(scripts.misses).toHaveLength(1));
    expect(scripts.misses[0]).toMatchObject({ query: '嘤嘤嘤钱', categoryId: null, usedInsteadScriptId: 'billing-001' });
    expect(scripts.uses).toEqual([{ scriptId: 'billing-001', action: 'copy' }]);
  });

  it('still tells the team lead about a search left unused when the page it sits in goes away (the next work order: nothing is unmounted then)', async () => {
    const { scripts } = renderSidebar();
    const box = await screen.findByRole('searchbox', { name: /搜索话术/ });
    fireEvent.input(box, { target: { value: '嘤嘤嘤钱' } });
    await screen.findByText(/条结果|没有找到/);
    await new Promise((resolve) => setTimeout(resolve, 1700)); // settled, and its window to be used is still open
    expect(scripts.misses).toEqual([]);
    // The background holds it meanwhile, for a tab closed with the sidebar in it.
    expect(scripts.pending()).toMatchObject([{ query: '嘤嘤嘤钱' }]);

    dispatchEvent(new Event('pagehide'));

    expect(scripts.pending()).toEqual([]);
    expect(scripts.misses).toHaveLength(1);
    expect(scripts.misses[0]).toMatchObject({ query: '嘤嘤嘤钱', categoryId: null });
    dispatchEvent(new Event('pagehide')); // a page restored from the back-forward cache and hidden again reports nothing twice
    expect(scripts.misses).toHaveLength(1);
  });
});

describe('the sidebar and the centre', () => {
  it('stores the agent id the CRM page shows, not the typed one', async () => {
    const tagging = fakeTaggingClient('unassigned', { tabId: 7, workOrderRef: 'WO-1', site: 'crm.example.com', agentId: '8801' });
    render(<SidebarApp client={tagging.client} scriptClient={fakeScriptClient().client} collapsible />);
    const categories = await screen.findByRole('group', { name: '投诉分类' });
    // The page names the agent: no "set your agent id" warning.
    expect(screen.queryByText(/尚未设置坐席工号/)).toBeNull();
    agentClick(within(categories).getByRole('button', { name: /计费\/资费争议/ }));
    await waitFor(() => expect(tagging.events).toHaveLength(1));
    expect(tagging.events[0]!.agentId).toBe('8801');
  });

  it('says nothing about a centre when the browser works alone', async () => {
    const tagging = fakeTaggingClient('8012', null, NO_CENTRE);
    render(<SidebarApp client={tagging.client} scriptClient={fakeScriptClient().client} collapsible />);
    await screen.findByRole('group', { name: '投诉分类' });
    expect(document.querySelector('.iceberg-centre-status')).toBeNull();
  });

  it('shows in the footer what waits for the centre and why, that the clicks are safe, and the published library', async () => {
    const failing: CentreStatus = {
      upload: {
        configured: true,
        status: {
          pending: 12,
          lastSuccessAt: null,
          lastAttemptAt: '2026-11-23T02:00:00.000Z',
          lastError: { kind: 'wrong-credentials', httpStatus: 516, serverCode: 516, detail: 'Authentication failed', at: '2026-11-23T02:00:00.000Z' },
          consecutiveFailures: 3,
          retryAfter: '2026-11-23T02:01:00.000Z',
          uploaded: 0,
        },
      },
      library: {
        name: '华东区案例库',
        version: '2026.11',
        subscription: {
          url: 'https://files.centre.example/iceberg/case-library.json',
          etag: '"v7"',
          lastModified: null,
          contentHash: 'abc',
          checkedAt: '2026-11-23T01:30:00.000Z',
          appliedAt: '2026-11-22T01:30:00.000Z',
          name: '华东区案例库',
          version: '2026.11',
          trouble: null,
        },
      },
    };
    const tagging = fakeTaggingClient('8012', null, failing);
    render(<SidebarApp client={tagging.client} scriptClient={fakeScriptClient().client} collapsible />);
    const status = await screen.findByText(/上传到中心失败/);
    const footer = status.closest('.iceberg-centre-status')!;
    expect(footer.textContent).toContain('12 条记录安全保存在本机');
    expect(footer.textContent).toContain('密码');
    expect(footer.textContent).toContain('华东区案例库 v2026.11');
    expect(footer.textContent).toContain('检查于');

    tagging.push({ type: 'centreStatusChanged', centre: { ...failing, upload: { configured: true, status: { ...failing.upload.status, pending: 0, lastError: null, lastSuccessAt: new Date().toISOString() } } } });
    await screen.findByText(/已全部上传到中心/);
    expect(document.querySelector('[data-upload-error]')).toBeNull();
  });
});
