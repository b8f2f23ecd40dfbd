import { AgentId } from '../clicks/click-event';

/**
 * The logged-in agent's work number as a CRM frame read it with its site's `agentIdRule`
 * (untrusted page text): the id itself, or null when the text is no id (a 200-character
 * banner, an empty field).
 */
export function pageAgentId(text: string | null | undefined): string | null {
  const parsed = AgentId.safeParse(text?.trim());
  return parsed.success ? parsed.data : null;
}

export interface AgentIdInForce {
  agentId: string;
  /** "page" when the CRM showed it, "typed" when the options page's value is used. */
  from: 'page' | 'typed';
}

/** The agent id a click is stored with: the one the CRM page shows, else the typed one. */
export function agentIdInForce(fromPage: string | null | undefined, typed: string): AgentIdInForce {
  const read = pageAgentId(fromPage);
  return read === null ? { agentId: typed, from: 'typed' } : { agentId: read, from: 'page' };
}
