import type { CrmSite, WorkOrderRule } from './work-order-rule';
import { DEFAULT_WORK_ORDER_RULE } from './work-order-reference';

/** The demo CRM runs on the loopback host; its pattern is granted at install. */
export const DEMO_CRM_SITES: CrmSite[] = [
  { matchPattern: 'http://127.0.0.1/*', label: 'Demo CRM', workOrderRule: DEFAULT_WORK_ORDER_RULE },
  { matchPattern: 'http://localhost/*', label: 'Demo CRM', workOrderRule: DEFAULT_WORK_ORDER_RULE },
];

/** Picks the site rule for a page URL, by Chrome match-pattern semantics (scheme, host, port, path). */
export function siteForUrl(sites: CrmSite[], url: string): CrmSite | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return sites.find((site) => matchPatternCovers(site.matchPattern, parsed));
}

export function matchPatternCovers(pattern: string, url: URL): boolean {
  const match = /^(https?|\*):\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!match) return false;
  const [, scheme, authority, path] = match as unknown as [string, string, string, string];
  const protocol = url.protocol.replace(':', '');
  if (scheme === '*' ? !['http', 'https'].includes(protocol) : scheme !== protocol) return false;
  // Chrome's rule: a pattern without a port (or with ":*") matches any port, one with a port only that port.
  const hostAndPort = /^(\[[^\]]*\]|[^:]*)(?::(\*|\d+))?$/.exec(authority);
  if (!hostAndPort) return false;
  const [, host, port] = hostAndPort as unknown as [string, string, string | undefined];
  if (port !== undefined && port !== '*' && Number(port) !== effectivePort(url)) return false;
  const hostname = url.hostname;
  const hostOk =
    host === '*' ||
    (host.startsWith('*.') ? hostname === host.slice(2) || hostname.endsWith(host.slice(1)) : hostname === host);
  if (!hostOk) return false;
  const pathPattern = new RegExp(`^${path.split('*').map(escapeRegExp).join('.*')}$`);
  return pathPattern.test(url.pathname + url.search);
}

/** The port a URL really uses: WHATWG URLs leave a scheme's default port out. */
function effectivePort(url: URL): number {
  if (url.port) return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The case-reference rule for a page: its site's rule, or the default one. */
export function workOrderRuleForUrl(sites: CrmSite[], url: string): WorkOrderRule {
  return siteForUrl(sites, url)?.workOrderRule ?? DEFAULT_WORK_ORDER_RULE;
}

/**
 * Turns what a team lead types ("crm.example.com", "https://crm.example.com/app") into the
 * match pattern for that host, or explains why it cannot.
 */
export function matchPatternForAddress(address: string): { pattern: string } | { error: string } {
  const trimmed = address.trim();
  if (!trimmed) return { error: 'empty address' };
  const withScheme = /^[a-z]+:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return { error: `"${address}" is not a web address` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: 'only http and https CRMs are supported' };
  return { pattern: `${url.protocol}//${url.hostname}/*` };
}
