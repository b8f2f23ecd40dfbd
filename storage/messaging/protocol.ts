import { z } from 'zod';
import { ClickDetails, ClickEvent, ClickRequest, WorkOrderReference } from '@/knowledge/clicks/click-event';
import { DayCounts } from '@/knowledge/clicks/day-counts';
import { CategoryId, Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { SettingsEdit } from '@/knowledge/settings/settings';
import { PageSettings } from '@/knowledge/settings/managed-settings';
import { CentreStatus } from '@/knowledge/centre/centre-status';
import { CrmSite, WorkOrderRule } from '@/knowledge/work-orders/work-order-rule';
import type { WorkOrderRulePreview } from '@/knowledge/work-orders/work-order-reference';
import { MAX_SEARCH_QUERY_LENGTH, SearchMiss, ScriptUseAction } from '@/knowledge/case-library/script-usage';
import type { ScriptHit, ScriptSearchAnswer } from '@/knowledge/search/script-search';
import type { EscalationWarning } from '@/knowledge/search/sensitive-words';
import type { WorkOrderContext } from '@/knowledge/work-orders/work-order-reference';
import { MESSAGE_CHANNEL, MAX_NOTES_LENGTH, MAX_INSERT_LENGTH, MAX_PAGE_AGENT_ID_LENGTH, MAX_PENDING_SEARCHES } from './wire';

/**
 * The message protocol between content scripts, the background and extension pages, in one
 * place: the schema of every request (the background validates each one before anything is
 * done), the reply of every request, and every push. Content scripts import only the types, so
 * Zod stays out of the page; what they need at run time is in wire.ts.
 */

export const SidebarState = z.object({
  taxonomy: Taxonomy,
  /** Without the centre's addresses and passwords: sidebars and CRM frames never get those. */
  settings: PageSettings,
  centre: CentreStatus,
  counts: DayCounts,
  /** The newest click that can still be undone, if any. */
  lastClick: ClickEvent.nullable(),
});
export type SidebarState = z.infer<typeof SidebarState>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A search that missed, as a sidebar reports it; the background adds who, when and where. */
const SearchMissReport = SearchMiss.pick({ outcome: true, shownScriptIds: true, usedInsteadScriptId: true }).extend({
  query: z.string().trim().min(1).max(MAX_SEARCH_QUERY_LENGTH),
  categoryId: CategoryId.nullable(),
});
export type SearchMissReport = z.infer<typeof SearchMissReport>;

export const RequestSchemas = {
  getSidebarState: z.object({ day: Day }),
  recordClick: ClickRequest.extend({
    /** Extension pages (side panel) name the tab whose work order they show; content scripts need not. */
    tabId: z.number().int().nonnegative().optional(),
  }),
  updateClickDetails: z.object({ id: z.uuid(), details: ClickDetails }),
  /** Without an id: the newest click still inside the undo window. */
  undoLastClick: z.object({ id: z.uuid().optional() }),
  updateSettings: SettingsEdit,
  reportWorkOrder: z.object({
    workOrderRef: WorkOrderReference.nullable(),
    /**
     * When the frame sent it (Date.now() in the page). Frames' times are compared with each other,
     * never with the worker's clock: a sleeping worker may receive them seconds later.
     */
    sentAt: z.number().finite().positive().optional(),
    /** Top frame: when its page started loading (Date.now() - performance.now()). Iframe reports sent before belong to the last page. */
    pageStartedAt: z.number().finite().positive().optional(),
    /** Whether the frame is shown (a CRM hides the frames of inactive work-order tabs). */
    visible: z.boolean().optional(),
    /** When the agent last worked in the frame (its own clock). */
    activeAt: z.number().finite().positive().optional(),
    /** What the site's agentIdRule read in this frame (page text, checked by the background); null: nothing. */
    agentId: z.string().max(MAX_PAGE_AGENT_ID_LENGTH).nullable().optional(),
  }),
  getWorkOrderContext: z.object({ tabId: z.number().int().nonnegative() }),
  /** A shortcut pressed inside a CRM iframe, handed to the sidebar in the tab's top frame. */
  openSettings: z.object({}),
  /** The settings page got a CRM host's permission: register the sidebar for the sites in force (the sites are not re-sent: they may have changed since). */
  hostAccessGranted: z.object({}),
  relayShortcut: z.object({ key: z.string().regex(/^[0-9a-z]$/) }),
  /**
   * The agent put the cursor in the script search: the background loads the search index now,
   * so the first keystroke finds it in memory rather than waking the worker and reading it.
   */
  prepareSearch: z.object({}),
  /** Per keystroke from the sidebar's script search. Pasted text may be longer than a query: the answer says it was cut. */
  searchScripts: z.object({
    query: z.string().max(MAX_NOTES_LENGTH),
    categoryFilter: CategoryId.optional(),
    /** The category the agent clicked last: its scripts rank higher. */
    boostCategoryId: CategoryId.optional(),
    limit: z.number().int().min(1).max(50).optional(),
  }),
  /** A search the agent settled on that found nothing, or whose scripts went unused (see `unusedSearches`). */
  recordSearchMiss: SearchMissReport,
  /**
   * The searches of a sidebar in a CRM tab not decided yet, as they would be if the tab closed
   * now (replacing what it sent before): a closing tab takes the sidebar's own messages with it.
   */
  reportPendingSearches: z.object({ searches: z.array(SearchMissReport).max(MAX_PENDING_SEARCHES) }),
  recordScriptUse: z.object({
    id: z.uuid(),
    scriptId: z.string().min(1).max(64),
    action: ScriptUseAction,
    workOrderRef: WorkOrderReference.nullable(),
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
  /** The settings page tries a work-order rule on an open tab of the site, before saving it. */
  previewWorkOrderRule: z.object({ matchPattern: CrmSite.shape.matchPattern, rule: WorkOrderRule }),
  /** Upload what waits now, backoff or not (the settings page's button). */
  uploadNow: z.object({}),
  /** Check the centre's published taxonomy and library now (the library page's button). */
  checkSubscriptions: z.object({}),
  /** An extension page wrote these tables: the background drops its copies and tells the sidebars. */
  storedDataChanged: z.object({ tables: z.array(z.enum(['settings', 'taxonomy', 'caseLibrary', 'searchLexicon'])).min(1) }),
} as const;

export type RequestType = keyof typeof RequestSchemas;
export type RequestOf<T extends RequestType> = z.infer<(typeof RequestSchemas)[T]>;

export const RequestEnvelope = z.object({
  channel: z.literal(MESSAGE_CHANNEL),
  type: z.enum(Object.keys(RequestSchemas) as [RequestType, ...RequestType[]]),
  payload: z.unknown(),
});

export interface ResponseMap {
  getSidebarState: SidebarState;
  recordClick: { event: ClickEvent; counts: DayCounts };
  updateClickDetails: { event: ClickEvent; counts: DayCounts };
  undoLastClick: { event: ClickEvent | null; counts: DayCounts };
  updateSettings: PageSettings;
  /** The tab's work order after this report (the top frame's sidebar shows it). */
  reportWorkOrder: WorkOrderContext;
  getWorkOrderContext: WorkOrderContext;
  openSettings: null;
  hostAccessGranted: null;
  relayShortcut: null;
  prepareSearch: null;
  searchScripts: ScriptSearchAnswer;
  recordSearchMiss: null;
  reportPendingSearches: null;
  recordScriptUse: null;
  reportNotes: null;
  reportFieldFocus: null;
  insertIntoPage: { inserted: boolean };
  storedDataChanged: null;
  previewWorkOrderRule: WorkOrderRulePreview;
  uploadNow: CentreStatus;
  checkSubscriptions: CentreStatus;
}

// Compile-time check that every request has a reply type and vice versa.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const everyRequestHasReply: Exact<keyof ResponseMap, RequestType> = true;
void everyRequestHasReply;

/** Pushed by the background to the sidebars (extension pages: the in-page sidebar frames and the side panel). */
export type BackgroundEvent =
  | { type: 'countsChanged'; counts: DayCounts; lastClick: ClickEvent | null }
  | { type: 'settingsChanged'; settings: PageSettings }
  /** Uploads went on (or failed), changes wait, the library was checked. */
  | { type: 'centreStatusChanged'; centre: CentreStatus }
  | { type: 'workOrderChanged'; context: WorkOrderContext }
  /** A shortcut pressed in one of the tab's CRM iframes, for the tab's in-page sidebar. */
  | { type: 'shortcut'; tabId: number; key: string }
  /** Scripts matching the notes the agent is typing in this tab, and any escalation warning. */
  | { type: 'notesSuggestions'; tabId: number; hits: ScriptHit[]; warning: EscalationWarning | null }
  | { type: 'libraryChanged' }
  /** The full search index is ready after provisional answers from the naming index: ask again. */
  | { type: 'searchIndexReady' }
  | { type: 'taxonomyChanged'; taxonomy: Taxonomy };

/** Sent by the background to one frame of a CRM tab, which answers. */
export type FrameCommand = { type: 'insertText'; text: string };
