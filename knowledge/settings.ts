import { z } from 'zod';
import { AgentId } from './click-event';
import { DEFAULT_CASE_CONTEXT_RULE } from './case-reference';

export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;

/**
 * How Iceberg finds the current case or call reference on one CRM. Either a CSS selector whose
 * text is the reference, or a URL regular expression whose first group is, or both
 * (the selector wins when it finds text).
 */
export const CaseContextRule = z
  .object({
    caseRefSelector: z.string().trim().min(1).max(200).optional(),
    caseRefUrlPattern: z
      .string()
      .max(200)
      .refine(isValidRegExp, 'not a valid regular expression')
      .optional(),
  })
  .refine((rule) => rule.caseRefSelector || rule.caseRefUrlPattern, {
    message: 'give a CSS selector, a URL pattern, or both',
  });
export type CaseContextRule = z.infer<typeof CaseContextRule>;

function isValidRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}


/** A CRM the agent works in: where the sidebar appears and how it reads the case reference. */
export const CrmSite = z.object({
  /** A Chrome match pattern such as https://crm.example.com/* */
  matchPattern: z
    .string()
    .regex(/^(https?|\*):\/\/(\*|\*\.[^/*]+|[^/*]+)\/.*$/, 'must be a match pattern like https://crm.example.com/*'),
  label: z.string().max(60).optional(),
  caseContext: CaseContextRule,
});
export type CrmSite = z.infer<typeof CrmSite>;

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

/** The demo CRM runs on the loopback host; its pattern is granted at install. */
export const DEMO_CRM_SITES: CrmSite[] = [
  { matchPattern: 'http://127.0.0.1/*', label: 'Demo CRM', caseContext: DEFAULT_CASE_CONTEXT_RULE },
  { matchPattern: 'http://localhost/*', label: 'Demo CRM', caseContext: DEFAULT_CASE_CONTEXT_RULE },
];

export const DEFAULT_SETTINGS: AgentSettings = {
  agentId: UNSET_AGENT_ID,
  locale: 'zh-CN',
  sidebarCollapsed: false,
  crmSites: DEMO_CRM_SITES,
};

export const SettingsPatch = AgentSettings.partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;
