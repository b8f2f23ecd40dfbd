import { z } from 'zod';
import { maskPhoneNumbers } from '../privacy/phone-numbers';
import { CategoryId } from '../taxonomy/taxonomy';

/** The three rules from the generalized-complaint practice for when a call counts. */
export const CountingRule = z.enum([
  'customer-dissatisfied',
  'company-at-fault',
  'explanation-not-accepted',
]);
export type CountingRule = z.infer<typeof CountingRule>;

export const Emotion = z.enum(['calm', 'anxious', 'doubting', 'angry', 'disappointed']);
export type Emotion = z.infer<typeof Emotion>;

export const RiskGrade = z.enum(['ordinary', 'escalated', 'major']);
export type RiskGrade = z.infer<typeof RiskGrade>;

/** ISO-8601 with an explicit offset, e.g. 2026-11-23T09:31:05.120+08:00. */
export const OffsetDateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?([+-]\d{2}:\d{2}|Z)$/,
    'time must be ISO-8601 with an offset',
  );

// Free text a click carries passes the privacy gate in its schema, so every path that stores a
// click (the click itself, a merge, a restore) masks phone numbers the same way.
export const AgentId = z.string().trim().overwrite(maskPhoneNumbers).min(1).max(64);
/** A work-order (or call) reference; no raw phone number is ever stored. */
export const WorkOrderReference = z.string().overwrite(maskPhoneNumbers).max(80);
export const SiteHost = z.string().overwrite(maskPhoneNumbers).min(1).max(253);

/** The details an agent may add after the click, never required at click time. */
export const ClickDetails = z.object({
  countingRule: CountingRule.optional(),
  emotion: Emotion.optional(),
  riskGrade: RiskGrade.optional(),
  ticketRaised: z.boolean().optional(),
});
export type ClickDetails = z.infer<typeof ClickDetails>;

export const ClickEvent = ClickDetails.extend({
  id: z.uuid(),
  occurredAt: OffsetDateTime,
  /** The agent's local calendar day at click time, which is what "today's count" means. */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  agentId: AgentId,
  categoryId: CategoryId,
  workOrderRef: WorkOrderReference.nullable(),
  site: SiteHost,
  voided: z.boolean(),
  voidedAt: OffsetDateTime.optional(),
});
export type ClickEvent = z.infer<typeof ClickEvent>;

/**
 * A click as the sidebar makes it: the id is chosen there, so a retried click is stored once;
 * the agent, the day and the site are added by whoever stores it.
 */
export const ClickRequest = z.object({
  id: z.uuid(),
  categoryId: CategoryId,
  occurredAt: OffsetDateTime,
  workOrderRef: WorkOrderReference.nullable(),
  /** The agent id the CRM page shows (its site's agentIdRule); without it, the typed one counts. */
  agentId: AgentId.optional(),
});
export type ClickRequest = z.infer<typeof ClickRequest>;
