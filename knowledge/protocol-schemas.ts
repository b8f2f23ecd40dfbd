import { z } from 'zod';
import { CaseReference, ClickDetails, ClickEvent, OffsetDateTime } from './click-event';
import { CategoryId, Taxonomy } from './taxonomy';
import { AgentSettings, SettingsPatch } from './settings';
import { MESSAGE_CHANNEL, MAX_NOTES_LENGTH, MAX_INSERT_LENGTH } from './protocol';
import { MAX_SEARCH_QUERY_LENGTH, ScriptUseAction } from './library/script-usage';

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
    /**
     * When the frame sent it (Date.now() in the page). Frames' times are compared with each other,
     * never with the worker's clock: a sleeping worker may receive them seconds later.
     */
    sentAt: z.number().finite().positive().optional(),
    /** Top frame: when its page started loading (Date.now() - performance.now()). Iframe reports sent before belong to the last page. */
    pageStartedAt: z.number().finite().positive().optional(),
  }),
  getCaseContext: z.object({ tabId: z.number().int().nonnegative() }),
  /** A shortcut pressed inside a CRM iframe, handed to the sidebar in the tab's top frame. */
  openSettings: z.object({}),
  relayShortcut: z.object({ key: z.string().regex(/^[0-9a-z]$/) }),
  /** Per keystroke from the sidebar's script search. */
  searchScripts: z.object({
    query: z.string().max(MAX_SEARCH_QUERY_LENGTH),
    categoryFilter: CategoryId.optional(),
    /** The category the agent clicked last: its scripts rank higher. */
    boostCategoryId: CategoryId.optional(),
    limit: z.number().int().min(1).max(50).optional(),
  }),
  /** Sent once the agent stops typing a query that found nothing. */
  recordSearchMiss: z.object({
    query: z.string().trim().min(1).max(MAX_SEARCH_QUERY_LENGTH),
    categoryId: CategoryId.nullable(),
  }),
  recordScriptUse: z.object({
    id: z.uuid(),
    scriptId: z.string().min(1).max(64),
    action: ScriptUseAction,
    caseRef: CaseReference.nullable(),
    tabId: z.number().int().nonnegative().optional(),
  }),
  /** What the agent is typing in a CRM text field (page text: untrusted, capped). */
  reportNotes: z.object({ text: z.string().max(MAX_NOTES_LENGTH) }),
  /** A CRM text field got focus in this frame: insertions go there. */
  reportFieldFocus: z.object({}),
  /** Insert a script into the CRM field the agent was last in (in whichever frame). */
  insertIntoPage: z.object({
    text: z.string().min(1).max(MAX_INSERT_LENGTH),
    tabId: z.number().int().nonnegative().optional(),
  }),
  /** The library page imported a library: drop the search index. */
  libraryChanged: z.object({}),
  /** The library page imported a taxonomy: sidebars take it at once. */
  taxonomyChanged: z.object({}),
} as const;

export type RequestType = keyof typeof RequestSchemas;
export type RequestOf<T extends RequestType> = z.infer<(typeof RequestSchemas)[T]>;

export const RequestEnvelope = z.object({
  channel: z.literal(MESSAGE_CHANNEL),
  type: z.enum(Object.keys(RequestSchemas) as [RequestType, ...RequestType[]]),
  payload: z.unknown(),
});
