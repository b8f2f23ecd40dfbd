import type { CrmSite, WorkOrderRule } from './work-order-rule';
import { DEFAULT_WORK_ORDER_RULE } from './work-order-reference';

/** The demo CRM runs on the loopback host; its pattern is granted at install. */
export const DEMO_CRM_SITES: CrmSite[] = [
  { matchPattern: 'http://127.0.0.1/*', label: 'Demo CRM', workOrderRule: DEFAULT_WORK_ORDER_RULE },
  { matchPattern: 'http://localhost/*', label: 'Demo CRM', workOrderRule: DEFAULT_WORK_ORDER_RULE },
];

/**
 * Picks the site rule for a page URL, by Chrome match-pattern semantics (scheme, host, port,
 * path). A host may have several rules, one per part of the CRM (by path): the most specific
 * pattern that covers the URL wins.
 */
export function siteForUrl(sites: readonly CrmSite[], url: string): CrmSite | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  return sites
    .filter((site) => matchPatternCovers(site.matchPattern, parsed))
    .sort((a, b) => specificity(b.matchPattern) - specificity(a.matchPattern))[0];
}

/** How narrow a pattern is: a longer literal path, then a named host and a port, count more. */
function specificity(pattern: string): number {
  const match = /^[^:]+:\/\/([^/]+)(\/.*)$/.exec(pattern);
  if (!match) return 0;
  const [, authority, path] = match as unknown as [string, string, string];
  return path.replace(/\*/g, '').length * 4 + (authority.includes('*') ? 0 : 2) + (/:\d+$/.test(authority) ? 1 : 0);
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
 * Turns what a team lead types ("crm.example.com:8443", "http://10.1.2.3:8080/app") into the
 * match pattern of a CRM site, keeping the scheme and port as typed. A scheme left out is the
 * one the lead chose (shown before anything is saved). `path` narrows the rule to one part of the
 * CRM ("/console/*"); the path of a pasted address is not taken as one.
 */
export function matchPatternForAddress(
  address: string,
  options: { scheme?: 'https' | 'http'; path?: string } = {},
): { pattern: string } | { error: string } {
  const trimmed = address.trim();
  if (!trimmed) return { error: 'empty address' };
  const typedScheme = /^[a-z]+:\/\//i.test(trimmed);
  const withScheme = typedScheme ? trimmed : `${options.scheme ?? 'https'}://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme.replace('//*.', '//wildcard-subdomain.'));
  } catch {
    return { error: `"${address}" is not a web address` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { error: 'only http and https CRMs are supported' };
  const host = url.host.replace(/^wildcard-subdomain\./, '*.');
  const path = (options.path ?? '').trim() || '/*';
  if (!path.startsWith('/') || /\s/.test(path)) return { error: `"${path}" is not a path (it starts with /, like /console/*)` };
  return { pattern: `${url.protocol}//${host}${path.endsWith('*') ? path : `${path}*`}` };
}
