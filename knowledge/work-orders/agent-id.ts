import { AgentId } from '../clicks/click-event';
import type { CrmSite } from './work-order-rule';
import { readPageValue } from './work-order-reference';

export interface AgentIdInForce {
  agentId: string;
  /** "page" when the CRM showed it, "typed" when the options page's value is used. */
  from: 'page' | 'typed';
}

/**
 * The agent id for clicks on a CRM page: the logged-in agent's work number read with the site's
 * rule, or the typed value when the site has no rule or the page shows none (or something that
 * is not an id, such as a 200-character banner).
 */
export function agentIdForPage(
  site: Pick<CrmSite, 'agentIdRule'> | undefined,
  url: string,
  textOf: (selector: string) => string | null,
  typed: string,
): AgentIdInForce {
  const rule = site?.agentIdRule;
  const read = rule ? AgentId.safeParse(readPageValue(rule, url, textOf)) : null;
  return read?.success ? { agentId: read.data, from: 'page' } : { agentId: typed, from: 'typed' };
}
