// Demo CRM single-page app.
//
// Deliberately framework-free and safe under the strictest CSP we serve
// (script-src 'self', style-src 'self', Trusted Types with no policy): every
// node is built with createElement/textContent, never innerHTML, and there are
// no inline handlers or style attributes. Navigation between cases uses
// history.pushState, so the page never reloads – like the SPAs agents use.

/** Event log the e2e tests can read: navigations, submits, button clicks. */
window.__crmLog = [];

// A hostile page trying to forge an extension message. The extension must ignore it.
window.postMessage({ type: 'iceberg:recordClick', categoryId: 'billing' }, '*');

/** '/strict' when served under the strict-CSP prefix, '' otherwise. */
const BASE = /^\/strict(\/|$)/.test(location.pathname) ? '/strict' : '';
const EMBEDDED = new URLSearchParams(location.search).has('embedded') || window.top !== window;
const APP_NAME = '星海电信 · 客服工作台';

const state = {
  /** @type {any[]} */ cases: [],
  /** @type {Map<string, any>} */ byId: new Map(),
  /** @type {{ value: string, label: string }[]} */ ticketTypes: [],
  /** Notes typed per case, kept in memory while navigating. */
  notes: new Map(),
  /** Submitted tickets per case. */
  tickets: new Map(),
  ticketSeq: 0,
  loadError: '',
  /** Per-page call timer; cleared on every navigation. */
  timerId: 0,
};

const main = /** @type {HTMLElement} */ (document.getElementById('crm-main'));
const navList = /** @type {HTMLElement} */ (document.getElementById('case-nav-list'));
const toast = /** @type {HTMLElement} */ (document.getElementById('crm-toast'));

function log(event, detail = {}) {
  window.__crmLog.push({ at: Date.now(), event, ...detail });
}

/**
 * Tiny DOM builder: h('a', { href: '/x', class: 'y' }, 'text', child).
 * Attributes go through setAttribute; `on` holds event listeners.
 */
function h(tag, props = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'on') {
      for (const [type, listener] of Object.entries(value)) el.addEventListener(type, listener);
    } else if (key === 'text') {
      el.textContent = String(value);
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
  return el;
}

const caseHref = (id) => `${BASE}/cases/${encodeURIComponent(id)}`;
const listHref = () => `${BASE}/cases`;

// ---------------------------------------------------------------- routing

function currentRoute() {
  const rest = location.pathname.slice(BASE.length);
  const match = /^\/cases\/([^/]+)\/?$/.exec(rest);
  return match ? { name: 'case', caseId: decodeURIComponent(match[1]) } : { name: 'list' };
}

function navigate(href) {
  history.pushState({}, '', href);
  render();
  window.scrollTo(0, 0);
}

document.addEventListener('click', (event) => {
  if (event.defaultPrevented || event.button !== 0) return;
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const target = event.target instanceof Element ? event.target : null;
  const link = target?.closest('a[data-case-link], a[data-route]');
  if (!(link instanceof HTMLAnchorElement) || link.origin !== location.origin) return;
  event.preventDefault();
  if (link.pathname !== location.pathname) navigate(link.pathname);
});

window.addEventListener('popstate', () => render());

// ---------------------------------------------------------------- rendering

function render() {
  window.clearInterval(state.timerId);
  const route = currentRoute();
  renderNav(route);

  if (state.loadError) {
    document.title = `加载失败 · ${APP_NAME}`;
    main.replaceChildren(h('p', { class: 'load-error', role: 'alert' }, state.loadError));
    return;
  }

  if (route.name === 'case') {
    const crmCase = state.byId.get(route.caseId);
    if (crmCase) renderCase(crmCase);
    else renderMissingCase(route.caseId);
  } else {
    renderList();
  }
  log('navigate', { path: location.pathname, caseId: route.caseId ?? null });
}

function renderNav(route) {
  navList.replaceChildren(
    ...state.cases.map((c) =>
      h(
        'li',
        {},
        h(
          'a',
          {
            href: caseHref(c.id),
            'data-case-link': true,
            'data-case-id': c.id,
            class: 'sidenav-link',
            'aria-current': route.caseId === c.id ? 'page' : undefined,
          },
          h('span', { class: 'sidenav-name' }, c.customer.name),
          h('span', { class: 'sidenav-topic' }, c.title),
        ),
      ),
    ),
  );
  // Static shell links point at /cases; keep them inside the /strict prefix.
  for (const link of document.querySelectorAll('a[data-route]')) link.setAttribute('href', listHref());
}

function renderList() {
  document.title = `工单列表 · ${APP_NAME}`;
  const rows = state.cases.map((c) =>
    h(
      'tr',
      { 'data-case-id': c.id },
      h('td', {}, h('a', { href: caseHref(c.id), 'data-case-link': true, 'data-case-id': c.id }, c.id)),
      h('td', {}, c.customer.name),
      h('td', {}, c.customer.phoneMasked),
      h('td', {}, c.category),
      h('td', {}, c.title),
      h('td', {}, h('span', { class: `status status-${statusClass(c.status)}` }, c.status)),
      h('td', {}, c.receivedAt),
    ),
  );
  main.replaceChildren(
    h(
      'section',
      { class: 'page-head' },
      h('h1', { class: 'page-title' }, '工单列表'),
      h('span', { class: 'page-sub' }, `今日来电 ${state.cases.length} 通 · 待处理 ${countStatus('待处理')} 件`),
    ),
    h(
      'div',
      { class: 'panel table-panel' },
      h(
        'table',
        { class: 'case-table', id: 'case-table' },
        h(
          'thead',
          {},
          h('tr', {}, ['工单号', '客户', '手机号码', '诉求类型', '问题摘要', '状态', '来电时间'].map((t) => h('th', {}, t))),
        ),
        h('tbody', {}, rows),
      ),
    ),
  );
}

function renderMissingCase(caseId) {
  document.title = `未找到工单 · ${APP_NAME}`;
  main.replaceChildren(
    h(
      'section',
      { class: 'panel not-found' },
      h('h1', { class: 'page-title' }, '未找到工单'),
      h('p', {}, `工单 ${caseId} 不存在或已归档。`),
      h('p', {}, h('a', { href: listHref(), 'data-route': true }, '返回工单列表')),
    ),
  );
}

function renderCase(c) {
  document.title = `${c.id} · ${c.customer.name} · ${APP_NAME}`;

  const timer = h('span', { class: 'call-timer', id: 'call-timer' }, '通话中 00:00');
  const startedAt = Date.now();
  state.timerId = window.setInterval(() => {
    // Ticks every second, like real CRMs: a steady stream of DOM mutations.
    timer.textContent = `通话中 ${formatDuration(Date.now() - startedAt)}`;
  }, 1000);

  const header = h(
    'section',
    { class: 'case-header', id: 'case-header' },
    h(
      'div',
      { class: 'case-heading' },
      h('h1', { class: 'case-title' }, '工单 ', h('span', { id: 'case-ref' }, c.id)),
      h(
        'div',
        { class: 'case-meta' },
        h('span', { class: 'call-ref', id: 'call-ref' }, `通话流水 ${c.callRef}`),
        h('span', { class: `status status-${statusClass(c.status)}` }, c.status),
        h('span', { class: 'case-topic' }, `${c.category} · ${c.title}`),
        h('span', { class: 'case-time' }, `来电 ${c.receivedAt}`),
      ),
    ),
    h(
      'div',
      { class: 'call-controls', id: 'call-controls' },
      timer,
      h('button', { type: 'button', id: 'btn-hold', on: { click: () => onCallAction('hold', '已保持通话') } }, '保持'),
      h(
        'button',
        { type: 'button', id: 'btn-transfer', on: { click: () => onCallAction('transfer', '已发起转接：二线支撑组') } },
        '转接',
      ),
      h(
        'button',
        {
          type: 'button',
          id: 'btn-hangup',
          class: 'btn-danger',
          on: {
            click: () => {
              window.clearInterval(state.timerId);
              timer.textContent = '通话已结束';
              onCallAction('hangup', '通话已结束');
            },
          },
        },
        '结束通话',
      ),
    ),
  );

  main.replaceChildren(
    header,
    // Two columns that wrap to one when the content area gets narrow (e.g.
    // once a sidebar is docked). The ticket form's submit button ends up at
    // the right edge of the content area.
    h(
      'div',
      { class: 'case-grid' },
      h('div', { class: 'case-col' }, customerPanel(c), issuePanel(c)),
      h('div', { class: 'case-col' }, notesPanel(c), ticketPanel(c)),
    ),
  );
}

function customerPanel(c) {
  const row = (label, id, value, extra) =>
    h('div', { class: 'field' }, h('dt', {}, label), h('dd', { id }, value, extra));
  return h(
    'section',
    { class: 'panel customer-panel', id: 'customer-panel' },
    h('h2', { class: 'panel-title' }, '客户信息'),
    h(
      'dl',
      { class: 'fields' },
      row('客户姓名', 'customer-name', c.customer.name),
      row('手机号码', 'customer-phone', c.customer.phoneMasked),
      row('当前套餐', 'customer-plan', c.customer.plan),
      row(
        '客户等级',
        'customer-tier',
        c.customer.tier,
        c.customer.tier === 'VIP' ? h('span', { class: 'tier-badge' }, '优先服务') : null,
      ),
      row('在网时长', 'customer-tenure', c.customer.tenure),
      row('归属地', 'customer-region', c.customer.region),
    ),
  );
}

function issuePanel(c) {
  return h(
    'section',
    { class: 'panel issue-panel', id: 'issue-panel' },
    h('h2', { class: 'panel-title' }, '来电诉求'),
    h('p', { class: 'issue-summary', id: 'issue-summary' }, c.summary),
    h('h3', { class: 'panel-subtitle' }, '近期账户记录'),
    h(
      'ul',
      { class: 'history' },
      c.history.map((e) => h('li', {}, h('span', { class: 'history-at' }, e.at), h('span', {}, e.text))),
    ),
  );
}

function notesPanel(c) {
  const notes = h('textarea', {
    id: 'notes',
    name: 'notes',
    rows: 6,
    placeholder: '记录客户诉求、核实情况和处理结果…',
    on: { input: (event) => state.notes.set(c.id, event.target.value) },
  });
  notes.value = state.notes.get(c.id) ?? '';
  return h(
    'section',
    { class: 'panel notes-panel', id: 'notes-panel' },
    h('label', { class: 'panel-title', for: 'notes' }, '通话备注'),
    notes,
    h('p', { class: 'hint' }, '备注随工单切换自动保留（仅本次登录有效）'),
  );
}

function ticketPanel(c) {
  const typeSelect = h(
    'select',
    { id: 'ticket-type', name: 'type' },
    state.ticketTypes.map((t) => h('option', { value: t.value, selected: t.value === c.ticketType }, t.label)),
  );
  const prioritySelect = h(
    'select',
    { id: 'ticket-priority', name: 'priority' },
    h('option', { value: 'normal' }, '普通'),
    h('option', { value: 'urgent', selected: c.customer.tier === 'VIP' }, '紧急'),
  );
  const description = h('textarea', {
    id: 'ticket-description',
    name: 'description',
    rows: 4,
    placeholder: '请描述问题现象、客户诉求及已做处理',
  });
  const error = h('p', { class: 'form-error', id: 'ticket-error', role: 'alert', hidden: true });
  const list = h('ul', { class: 'ticket-list', id: 'ticket-list' });
  const renderTickets = () => {
    const tickets = state.tickets.get(c.id) ?? [];
    list.replaceChildren(
      ...(tickets.length
        ? tickets.map((t) =>
            h(
              'li',
              { class: 'ticket-item', 'data-ticket-no': t.no },
              h('span', { class: 'ticket-no' }, t.no),
              h('span', { class: 'ticket-type' }, t.typeLabel),
              h('span', { class: 'ticket-desc' }, t.description),
            ),
          )
        : [h('li', { class: 'ticket-empty' }, '暂无已提交工单')]),
    );
  };
  renderTickets();

  const form = h(
    'form',
    {
      id: 'ticket-form',
      class: 'ticket-form',
      novalidate: true,
      on: {
        submit: (event) => {
          event.preventDefault();
          const text = description.value.trim();
          if (!text) {
            error.textContent = '请填写问题描述';
            error.hidden = false;
            return;
          }
          error.hidden = true;
          const ticket = {
            no: nextTicketNo(),
            type: typeSelect.value,
            typeLabel: typeSelect.selectedOptions[0]?.textContent ?? '',
            priority: prioritySelect.value,
            description: text,
          };
          state.tickets.set(c.id, [...(state.tickets.get(c.id) ?? []), ticket]);
          description.value = '';
          renderTickets();
          log('ticket', { caseId: c.id, ...ticket });
          showToast(`工单 ${ticket.no} 已提交`);
        },
      },
    },
    h(
      'div',
      { class: 'form-row' },
      h('label', { for: 'ticket-type' }, '工单类型'),
      typeSelect,
      h('label', { for: 'ticket-priority' }, '优先级'),
      prioritySelect,
    ),
    h('label', { for: 'ticket-description' }, '问题描述'),
    description,
    error,
    h(
      'div',
      { class: 'form-actions' },
      h('button', { type: 'reset', id: 'ticket-reset', class: 'btn-plain' }, '清空'),
      h('button', { type: 'submit', id: 'ticket-submit' }, '提交工单'),
    ),
  );

  return h(
    'section',
    { class: 'panel ticket-panel', id: 'ticket-panel' },
    h('h2', { class: 'panel-title' }, '新建工单'),
    form,
    h('h3', { class: 'panel-subtitle' }, '已提交工单'),
    list,
  );
}

// ---------------------------------------------------------------- helpers

function onCallAction(action, message) {
  log('call-action', { action, caseId: currentRoute().caseId ?? null });
  showToast(message);
}

let toastTimer = 0;
function showToast(message) {
  toast.textContent = message;
  toast.hidden = false;
  window.clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => {
    toast.hidden = true;
  }, 2500);
}

function nextTicketNo() {
  state.ticketSeq += 1;
  const d = new Date();
  const ymd = `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
  return `TK-${ymd}-${String(state.ticketSeq).padStart(4, '0')}`;
}

function formatDuration(ms) {
  const seconds = Math.floor(ms / 1000);
  return `${pad(Math.floor(seconds / 60))}:${pad(seconds % 60)}`;
}

const pad = (n) => String(n).padStart(2, '0');

function statusClass(status) {
  return { 待处理: 'open', 处理中: 'active', 已升级: 'escalated' }[status] ?? 'other';
}

function countStatus(status) {
  return state.cases.filter((c) => c.status === status).length;
}

/** Global search: jump to a case by id, masked phone or customer name. */
function setupSearch() {
  const form = document.getElementById('global-search-form');
  const input = /** @type {HTMLInputElement} */ (document.getElementById('global-search'));
  form?.addEventListener('submit', (event) => {
    event.preventDefault();
    const query = input.value.trim().toUpperCase();
    if (!query) return;
    const hit = state.cases.find(
      (c) => c.id.includes(query) || c.customer.phoneMasked.includes(query) || c.customer.name.includes(query),
    );
    if (hit) navigate(caseHref(hit.id));
    else showToast(`未找到与“${input.value.trim()}”相关的工单`);
  });
}

// ---------------------------------------------------------------- boot

async function boot() {
  if (EMBEDDED) document.documentElement.classList.add('is-embedded');
  setupSearch();
  try {
    const response = await fetch('/api/cases', { headers: { Accept: 'application/json' } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const data = await response.json();
    state.cases = data.cases;
    state.ticketTypes = data.ticketTypes;
    state.byId = new Map(state.cases.map((c) => [c.id, c]));
  } catch (error) {
    state.loadError = `工单数据加载失败（${error instanceof Error ? error.message : String(error)}），请刷新重试。`;
  }
  render();
}

boot();
