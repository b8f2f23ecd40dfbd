import { z } from 'zod';

/**
 * How Iceberg reads one value off a CRM page: a CSS selector whose text is the value, or a URL
 * regular expression whose first group is, or both (the selector wins when it finds text).
 */
export const PageValueRule = z
  .object({
    selector: z.string().trim().min(1).max(200).optional(),
    urlPattern: z
      .string()
      .max(200)
      .refine(isValidRegExp, 'not a valid regular expression')
      .optional(),
  })
  .refine((rule) => rule.selector || rule.urlPattern, {
    message: 'give a CSS selector, a URL pattern, or both',
  });
export type PageValueRule = z.infer<typeof PageValueRule>;

/** How Iceberg finds the current work-order (or call) reference on one CRM. */
export const WorkOrderRule = PageValueRule;
export type WorkOrderRule = PageValueRule;

/** How Iceberg finds the logged-in agent's work number on one CRM, so agents need not type it. */
export const AgentIdRule = PageValueRule;
export type AgentIdRule = PageValueRule;

function isValidRegExp(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

/** A CRM the agent works in: where the sidebar appears and how it reads the work-order reference. */
export const CrmSite = z.object({
  /** A Chrome match pattern such as https://crm.example.com/* */
  matchPattern: z
    .string()
    .regex(/^(https?|\*):\/\/(\*|\*\.[^/*]+|[^/*]+)\/.*$/, 'must be a match pattern like https://crm.example.com/*'),
  label: z.string().max(60).optional(),
  workOrderRule: WorkOrderRule,
  /** Absent: the agent id typed in the options page is used. */
  agentIdRule: AgentIdRule.optional(),
});
export type CrmSite = z.infer<typeof CrmSite>;
