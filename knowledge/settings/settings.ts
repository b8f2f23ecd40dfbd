import { z } from 'zod';
import { AgentId } from '../clicks/click-event';
import { CrmSite } from '../work-orders/work-order-rule';
import { DEMO_CRM_SITES } from '../work-orders/crm-sites';
import { ClickHouseConnection } from '../centre/clickhouse-http';
import { UploadTarget } from '../centre/upload-queue';

export const Locale = z.enum(['zh-CN', 'en']);
export type Locale = z.infer<typeof Locale>;

/** Where the background fetches a published file from: HTTPS, or plain HTTP on this machine (demo, tests). */
export const PublishedFileUrl = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .refine((url) => url.startsWith('https:') || /^http:\/\/(127\.0\.0\.1|localhost)(:\d+)?\//.test(url), 'must be an https:// address');

/**
 * Everything added for a centre is optional: settings stored before it still parse unchanged,
 * and with none of it set Iceberg works alone in one browser (no subscription, no upload).
 */
export const AgentSettings = z.object({
  /** Typed by the agent; a site's agentIdRule, when it finds the id on the page, wins. */
  agentId: AgentId,
  locale: Locale.describe('Language of the sidebar and pages: zh-CN or en.'),
  sidebarCollapsed: z.boolean(),
  crmSites: z
    .array(CrmSite)
    .max(50)
    .describe('CRM sites: where the sidebar appears, how it reads the work-order reference and the agent id.'),
  /** Words in the agent's notes that raise an escalation warning; absent means the shipped list. */
  sensitiveWords: z
    .array(z.string().trim().min(1).max(20))
    .max(200)
    .optional()
    .describe('Escalation words: notes containing one raise a warning to escalate.'),
  libraryUrl: PublishedFileUrl.optional().describe('Case library (JSON or CSV) the browser fetches and keeps up to date.'),
  taxonomyUrl: PublishedFileUrl.optional().describe('Complaint taxonomy (JSON or CSV) the browser fetches and keeps up to date.'),
  libraryCheckMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .optional()
    .describe('How often the library and taxonomy addresses are checked for a new version, in minutes (default 60).'),
  /** Raw events older than this many days are pruned (counts stay); null keeps them forever. */
  keepRawEventsDays: z
    .number()
    .int()
    .min(1)
    .max(36_500)
    .nullable()
    .optional()
    .describe('Days of raw click events each browser keeps (counts are kept for ever).'),
  upload: UploadTarget.optional().describe("The centre's ClickHouse that clicks are uploaded to (an insert-only user). Absent: no upload."),
  centreReports: ClickHouseConnection.optional().describe("The centre's ClickHouse the dashboard reads centre reports from (a read-only user)."),
});
export type AgentSettings = z.infer<typeof AgentSettings>;

export const UNSET_AGENT_ID = 'unassigned';

/** How often a subscribed library is checked when the settings do not say. */
export const DEFAULT_LIBRARY_CHECK_MINUTES = 60;

export const DEFAULT_SETTINGS: AgentSettings = {
  agentId: UNSET_AGENT_ID,
  locale: 'zh-CN',
  sidebarCollapsed: false,
  crmSites: DEMO_CRM_SITES,
};

export const SettingsPatch = AgentSettings.partial();
export type SettingsPatch = z.infer<typeof SettingsPatch>;

/** Settings that may be absent, so an edit can remove them (a message cannot carry `undefined`). */
export const RemovableSetting = z.enum(['sensitiveWords', 'libraryUrl', 'taxonomyUrl', 'libraryCheckMinutes', 'keepRawEventsDays', 'upload', 'centreReports']);
export type RemovableSetting = z.infer<typeof RemovableSetting>;

/** An edit of the settings: values to set, and optional settings to remove. */
export const SettingsEdit = SettingsPatch.extend({ remove: z.array(RemovableSetting).optional() });
export type SettingsEdit = z.infer<typeof SettingsEdit>;
