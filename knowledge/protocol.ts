import type { AgentSettings } from './settings';
import type { ClickEvent } from './click-event';
import type { DayCounts, RequestType, SidebarState } from './protocol-schemas';
import type { CaseScript } from './library/case-script';
import type { RiskGrade } from './click-event';
import type { Taxonomy } from './taxonomy';

/**
 * The message protocol between content scripts, the background and extension pages: the reply
 * of every request and every push, in one place. Request schemas live in protocol-schemas.ts.
 */

export const MESSAGE_CHANNEL = 'iceberg/v1';

/** Notes longer than this are cut to their end before they leave the page: the latest words matter. */
export const MAX_NOTES_LENGTH = 2000;
export const MAX_INSERT_LENGTH = 8000;

export type ScriptField = 'title' | 'scenario' | 'solution' | 'script' | 'keywords';

/** A script found by the search, with [start, end) ranges to highlight in each field. */
export interface ScriptHit {
  script: CaseScript;
  highlights: Partial<Record<ScriptField, Array<[number, number]>>>;
}

/** Sensitive words seen in the agent's notes and the risk grade they call for. */
export interface EscalationWarning {
  words: string[];
  suggestedRisk: RiskGrade | null;
}

export interface CaseContext {
  tabId: number | null;
  caseRef: string | null;
  site: string | null;
}

export interface ResponseMap {
  getSidebarState: SidebarState;
  recordClick: { event: ClickEvent; counts: DayCounts };
  updateClickDetails: { event: ClickEvent; counts: DayCounts };
  undoLastClick: { event: ClickEvent | null; counts: DayCounts };
  updateSettings: AgentSettings;
  /** The tab's case after this report (the top frame's sidebar shows it). */
  reportCaseContext: CaseContext;
  getCaseContext: CaseContext;
  openSettings: null;
  relayShortcut: null;
  searchScripts: { hits: ScriptHit[]; scriptCount: number };
  recordSearchMiss: null;
  recordScriptUse: null;
  reportNotes: null;
  reportFieldFocus: null;
  insertIntoPage: { inserted: boolean };
  libraryChanged: null;
  taxonomyChanged: null;
}

// Compile-time check that every request has a reply type and vice versa.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const everyRequestHasReply: Exact<keyof ResponseMap, RequestType> = true;
void everyRequestHasReply;

/** Pushed by the background to every sidebar (content scripts and extension pages). */
export type BackgroundEvent =
  | { type: 'countsChanged'; counts: DayCounts; lastClick: ClickEvent | null }
  | { type: 'settingsChanged'; settings: AgentSettings }
  | { type: 'caseContextChanged'; context: CaseContext }
  | { type: 'shortcut'; key: string }
  /** Scripts matching the notes the agent is typing, and any escalation warning. */
  | { type: 'notesSuggestions'; hits: ScriptHit[]; warning: EscalationWarning | null }
  | { type: 'libraryChanged' }
  | { type: 'taxonomyChanged'; taxonomy: Taxonomy };

/** Sent by the background to one frame of a CRM tab, which answers. */
export type FrameCommand = { type: 'insertText'; text: string };

export type ProtocolErrorCode =
  | 'invalid-message'
  | 'unknown-category'
  | 'retired-category'
  | 'not-found'
  | 'already-undone'
  | 'storage-full'
  | 'storage-unavailable'
  | 'extension-reloaded'
  | 'internal';

/** Errors worth retrying: the click is kept and resent until storage accepts it. */
export const RETRYABLE_ERRORS: ReadonlySet<ProtocolErrorCode> = new Set([
  'storage-full',
  'storage-unavailable',
  'internal',
]);

export type ProtocolReply<T> = { ok: true; result: T } | { ok: false; code: ProtocolErrorCode; message: string };

/** An error the background reports with a code the sidebar can explain to the agent. */
export class IcebergError extends Error {
  constructor(
    readonly code: ProtocolErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'IcebergError';
  }
}
