import { z } from 'zod';
import { CaseReference, ClickDetails, ClickEvent, OffsetDateTime } from './click-event';
import { CategoryId, Taxonomy } from './taxonomy';
import { AgentSettings, SettingsPatch } from './settings';
import { MESSAGE_CHANNEL } from './protocol';

/**
 * The schemas of every request that reaches the background. The background validates each one
 * before anything is done; content scripts import only the types, so Zod stays out of the page.
 */

export const DayCounts = z.object({
  day: z.string(),
  byCategory: z.record(z.string(), z.number().int().nonnegative()),
  total: z.number().int().nonnegative(),
  tickets: z.number().int().nonnegative(),
});
export type DayCounts = z.infer<typeof DayCounts>;

export const SidebarState = z.object({
  taxonomy: Taxonomy,
  settings: AgentSettings,
  counts: DayCounts,
  /** The newest click that can still be undone, if any. */
  lastClick: ClickEvent.nullable(),
});
export type SidebarState = z.infer<typeof SidebarState>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const RequestSchemas = {
  getSidebarState: z.object({ day: Day }),
  recordClick: z.object({
    /** Chosen by the sidebar so that a retried click is stored once. */
    id: z.uuid(),
    categoryId: CategoryId,
    occurredAt: OffsetDateTime,
    caseRef: CaseReference.nullable(),
    /** Extension pages (side panel) name the tab whose case they show; content scripts need not. */
    tabId: z.number().int().nonnegative().optional(),
  }),
  updateClickDetails: z.object({ id: z.uuid(), details: ClickDetails }),
  /** Without an id: the newest click still inside the undo window. */
  undoLastClick: z.object({ id: z.uuid().optional() }),
  updateSettings: SettingsPatch,
  reportCaseContext: z.object({
    caseRef: CaseReference.nullable(),
    /** How long ago the top page started loading (performance.now()): iframe reports older than that are from the last page. */
    pageAgeMs: z.number().finite().nonnegative().optional(),
  }),
  getCaseContext: z.object({ tabId: z.number().int().nonnegative() }),
  /** A shortcut pressed inside a CRM iframe, handed to the sidebar in the tab's top frame. */
  openSettings: z.object({}),
  relayShortcut: z.object({ key: z.string().regex(/^[0-9a-z]$/) }),
} as const;

export type RequestType = keyof typeof RequestSchemas;
export type RequestOf<T extends RequestType> = z.infer<(typeof RequestSchemas)[T]>;

export const RequestEnvelope = z.object({
  channel: z.literal(MESSAGE_CHANNEL),
  type: z.enum(Object.keys(RequestSchemas) as [RequestType, ...RequestType[]]),
  payload: z.unknown(),
});
