// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { SidebarApp } from '@/components/sidebar/SidebarApp';
import { fakeScriptClient, fakeTaggingClient } from './fake-clients';

afterEach(cleanup);

function renderSidebar() {
  const tagging = fakeTaggingClient('8012', { tabId: 7, workOrderRef: 'WO-2026-0042', site: 'crm.example.com' });
  const scripts = fakeScriptClient();
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
});
