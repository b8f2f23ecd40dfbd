import { z } from 'zod';
import { AgentId } from '../clicks/click-event';
import { CrmSite } from '../work-orders/work-order-rule';
import { DEMO_CRM_SITES } from '../work-orders/crm-sites';

export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;

export const AgentSettings = z.object({
  agentId: AgentId,
  locale: Locale,
  sidebarCollapsed: z.boolean(),
  crmSites: z.array(CrmSite).max(50),
  /** Words in the agent's notes that raise an escalation warning; absent means the shipped list. */
  sensitiveWords: z.array(z.string().trim().min(1).max(20)).max(200).optional(),
});
export type AgentSettings = z.infer<typeof AgentSettings>;

export const UNSET_AGENT_ID = 'unassigned';

export const DEFAULT_SETTINGS: AgentSettings = {
  agentId: UNSET_AGENT_ID,
  locale: 'zh-CN',
  sidebarCollapsed: false,
  crmSites: DEMO_CRM_SITES,
};

export const SettingsPatch = AgentSettings.partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
