import { describe, expect, it } from 'vitest';
import { workOrderRuleForUrl, matchPatternCovers, matchPatternForAddress, siteForUrl } from '@/knowledge/work-orders/crm-sites';
import { DEFAULT_WORK_ORDER_RULE } from '@/knowledge/work-orders/work-order-reference';
import { AgentSettings, DEFAULT_SETTINGS, SettingsPatch } from '@/knowledge/settings/settings';
import { CrmSite } from '@/knowledge/work-orders/work-order-rule';
import { DEMO_CRM_SITES } from '@/knowledge/work-orders/crm-sites';

describe('matchPatternCovers (Chrome match-pattern semantics)', () => {
  it.each([
    ['https://crm.example.com/*', 'https://crm.example.com/cases/1', true],
    ['https://crm.example.com/*', 'https://crm.example.com/', true],
    ['https://crm.example.com/*', 'http://crm.example.com/cases/1', false],
    ['http://crm.example.com/*', 'https://crm.example.com/cases/1', false],
    ['*://crm.example.com/*', 'http://crm.example.com/a', true],
    ['*://crm.example.com/*', 'https://crm.example.com/a', true],
    ['*://crm.example.com/*', 'ftp://crm.example.com/a', false],
    ['*://crm.example.com/*', 'file:///crm.example.com/a', false],
    ['https://*.example.com/*', 'https://example.com/', true],
    ['https://*.example.com/*', 'https://crm.example.com/x', true],
    ['https://*.example.com/*', 'https://a.b.example.com/x', true],
    ['https://*.example.com/*', 'https://badexample.com/', false],
    ['https://*.example.com/*', 'https://example.com.evil.cn/', false],
    ['https://*/*', 'https://anything.cn/x?y=1', true],
    ['http://127.0.0.1/*', 'http://127.0.0.1:5173/cases/1', true],
    ['http://localhost/*', 'http://localhost:8080/', true],
    ['https://crm.example.com/cases/*', 'https://crm.example.com/cases/7', true],
    ['https://crm.example.com/cases/*', 'https://crm.example.com/dashboard', false],
    ['https://crm.example.com/cases/*', 'https://crm.example.com/cases', false],
    ['https://crm.example.com/work?case=*', 'https://crm.example.com/work?case=C-1', true],
    ['https://crm.example.com/a.b', 'https://crm.example.com/aXb', false],
    ['<all_urls>', 'https://crm.example.com/', false],
    ['crm.example.com', 'https://crm.example.com/', false],
  ])('%s covers %s: %s', (pattern, url, covered) => {
    expect(matchPatternCovers(pattern, new URL(url))).toBe(covered);
  });

  // BUG: knowledge/work-orders/crm-sites.ts compares url.hostname with the pattern's whole host, port included.
  // Chrome accepts an explicit port (https://developer.chrome.com/docs/extensions/develop/concepts/match-patterns)
  // and CrmSite's schema lets one through, but such a site never matches, so its work-order rule is ignored.
  it('BUG: honours an explicit port in the pattern', () => {
    expect(matchPatternCovers('http://localhost:5173/*', new URL('http://localhost:5173/cases/1'))).toBe(true);
    expect(matchPatternCovers('http://localhost:5173/*', new URL('http://localhost:8080/cases/1'))).toBe(false);
  });
});

describe('siteForUrl and workOrderRuleForUrl', () => {
  const helpdesk: CrmSite = {
    matchPattern: 'https://helpdesk.example.com/*',
    label: 'Helpdesk',
    workOrderRule: { selector: '.ticket-no' },
  };
  const anyExample: CrmSite = {
    matchPattern: 'https://*.example.com/*',
    label: 'Everything else',
    workOrderRule: { urlPattern: '/t/(\\d+)' },
  };
  const sites = [helpdesk, anyExample];

  it('picks the most specific configured site that covers the page, in any order', () => {
    expect(siteForUrl([anyExample, helpdesk], 'https://helpdesk.example.com/t/1')).toBe(helpdesk);
    expect(siteForUrl(sites, 'https://helpdesk.example.com/t/1')).toBe(helpdesk);
    expect(siteForUrl(sites, 'https://crm.example.com/t/1')).toBe(anyExample);
    expect(siteForUrl(sites, 'https://crm.other.cn/')).toBeUndefined();
  });

  it('several rules for one host: each part of the CRM (by path) gets its own', () => {
    const console_: CrmSite = { matchPattern: 'https://crm.example.com/console/*', workOrderRule: { selector: '#wo-number' } };
    const orders: CrmSite = { matchPattern: 'https://crm.example.com/orders/*', workOrderRule: { urlPattern: '/orders/(\\d+)' } };
    const rest: CrmSite = { matchPattern: 'https://crm.example.com/*', workOrderRule: { selector: '.ref' } };
    const crm = [rest, console_, orders];
    expect(workOrderRuleForUrl(crm, 'https://crm.example.com/console/board')).toEqual({ selector: '#wo-number' });
    expect(workOrderRuleForUrl(crm, 'https://crm.example.com/orders/123')).toEqual({ urlPattern: '/orders/(\\d+)' });
    expect(workOrderRuleForUrl(crm, 'https://crm.example.com/home')).toEqual({ selector: '.ref' });
  });

  it('ignores URLs it cannot parse', () => {
    expect(siteForUrl(sites, 'not a url')).toBeUndefined();
  });

  it('uses the site’s work-order rule, else the default one', () => {
    expect(workOrderRuleForUrl(sites, 'https://helpdesk.example.com/')).toEqual({ selector: '.ticket-no' });
    expect(workOrderRuleForUrl(sites, 'https://crm.other.cn/')).toBe(DEFAULT_WORK_ORDER_RULE);
  });

  it('matches the demo CRM on any port', () => {
    expect(siteForUrl(DEMO_CRM_SITES, 'http://127.0.0.1:4173/cases/CASE-1')?.label).toBe('Demo CRM');
    expect(siteForUrl(DEMO_CRM_SITES, 'http://localhost:4173/')?.label).toBe('Demo CRM');
  });
});

describe('matchPatternForAddress (what a team lead types in the options page)', () => {
  it.each([
    ['crm.example.com', 'https://crm.example.com/*', 'https://crm.example.com/cases/1'],
    ['  CRM.Example.com  ', 'https://crm.example.com/*', 'https://crm.example.com/'],
    ['https://crm.example.com/app/index.html?x=1', 'https://crm.example.com/*', 'https://crm.example.com/other'],
    // Scheme and port are kept as typed: a CRM on another port is another site.
    ['http://127.0.0.1:4173/cases', 'http://127.0.0.1:4173/*', 'http://127.0.0.1:4173/cases/CASE-1'],
    ['crm.example.com:8443', 'https://crm.example.com:8443/*', 'https://crm.example.com:8443/'],
    ['http://10.1.2.3:8080', 'http://10.1.2.3:8080/*', 'http://10.1.2.3:8080/desk'],
    ['*.example.com', 'https://*.example.com/*', 'https://crm.example.com/'],
  ])('%s → %s', (address, pattern, coveredUrl) => {
    expect(matchPatternForAddress(address)).toEqual({ pattern });
    // The pattern must be one the settings accept and that covers the address typed.
    expect(CrmSite.safeParse({ matchPattern: pattern, workOrderRule: DEFAULT_WORK_ORDER_RULE }).success).toBe(true);
    expect(matchPatternCovers(pattern, new URL(coveredUrl))).toBe(true);
  });

  it('a scheme left out is the one the lead chose; a path narrows the rule to that part of the CRM', () => {
    expect(matchPatternForAddress('crm.intranet:8080', { scheme: 'http' })).toEqual({ pattern: 'http://crm.intranet:8080/*' });
    expect(matchPatternForAddress('https://crm.example.com', { scheme: 'http' })).toEqual({ pattern: 'https://crm.example.com/*' });
    expect(matchPatternForAddress('crm.example.com', { path: '/console' })).toEqual({ pattern: 'https://crm.example.com/console*' });
    expect(matchPatternForAddress('crm.example.com', { path: 'console' })).toEqual({ error: '"console" is not a path (it starts with /, like /console/*)' });
  });

  it.each([
    ['', 'empty address'],
    ['   ', 'empty address'],
    ['crm example com', '"crm example com" is not a web address'],
    ['https://', '"https://" is not a web address'],
    ['ftp://files.example.com', 'only http and https CRMs are supported'],
    ['chrome://settings', 'only http and https CRMs are supported'],
  ])('explains why %j cannot be used', (address, error) => {
    expect(matchPatternForAddress(address)).toEqual({ error });
  });
});

describe('settings schema', () => {
  const messagesOf = (result: { success: boolean; error?: { issues: Array<{ message: string }> } }) =>
    result.success ? [] : result.error!.issues.map((issue) => issue.message);

  it('ships valid defaults: unassigned agent, Chinese UI, sidebar open, the demo CRM', () => {
    expect(AgentSettings.parse(DEFAULT_SETTINGS)).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toMatchObject({ agentId: 'unassigned', locale: 'zh-CN', sidebarCollapsed: false });
  });

  it.each([
    'crm.example.com',
    'https://crm.example.com',
    'ftp://crm.example.com/*',
    'https://crm.*.com/*',
    'https://*crm.example.com/*',
    '<all_urls>',
  ])('rejects the match pattern %s with a message that shows the expected form', (matchPattern) => {
    const result = CrmSite.safeParse({ matchPattern, workOrderRule: DEFAULT_WORK_ORDER_RULE });
    expect(messagesOf(result)).toContain('must be a match pattern like https://crm.example.com/*');
  });

  it('accepts every pattern form that matchPatternCovers understands', () => {
    for (const matchPattern of ['https://crm.example.com/*', '*://*.example.com/*', 'http://*/*', 'https://crm.example.com/cases/*']) {
      expect(CrmSite.safeParse({ matchPattern, workOrderRule: DEFAULT_WORK_ORDER_RULE }).success, matchPattern).toBe(true);
    }
  });

  it('needs a selector or a URL pattern, and the URL pattern must be a valid regular expression', () => {
    expect(messagesOf(CrmSite.safeParse({ matchPattern: 'https://crm.example.com/*', workOrderRule: {} }))).toContain(
      'give a CSS selector, a URL pattern, or both',
    );
    expect(
      messagesOf(CrmSite.safeParse({ matchPattern: 'https://crm.example.com/*', workOrderRule: { urlPattern: '/cases/(' } })),
    ).toContain('not a valid regular expression');
  });

  it('lets a patch change one setting at a time but still validates it', () => {
    expect(SettingsPatch.safeParse({ locale: 'en' }).success).toBe(true);
    expect(SettingsPatch.safeParse({}).success).toBe(true);
    expect(SettingsPatch.safeParse({ locale: 'fr' }).success).toBe(false);
    expect(SettingsPatch.safeParse({ agentId: '  ' }).success).toBe(false);
  });
});
