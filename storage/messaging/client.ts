import { IcebergError } from '@/knowledge/iceberg-error';
import { MESSAGE_CHANNEL, type ProtocolReply } from './wire';
import type { WorkOrderContext } from '@/knowledge/work-orders/work-order-reference';
import type { BackgroundEvent, FrameCommand, RequestOf, RequestType, ResponseMap, SidebarState } from './protocol';
import { fromThisExtension, onRuntimeMessage, sendRuntimeMessage, type MessageSender } from '@/storage/platform/runtime';

/**
 * How sidebars (content scripts and extension pages) reach the data, which only the background
 * touches. Kept free of Zod and Dexie so the content-script bundle stays small.
 */

export async function askBackground<T extends RequestType>(type: T, payload: RequestOf<T>): Promise<ResponseMap[T]> {
  let reply: ProtocolReply<ResponseMap[T]> | undefined;
  try {
    reply = (await sendRuntimeMessage({ channel: MESSAGE_CHANNEL, type, payload })) as ProtocolReply<ResponseMap[T]> | undefined;
  } catch (error) {
    throw transportError(error);
  }
  if (!reply) throw new IcebergError('storage-unavailable', 'The Iceberg background did not answer');
  if (!reply.ok) throw new IcebergError(reply.code, reply.message);
  return reply.result;
}

/** Sidebars listen for pushes from the background; they never answer requests. */
export function onBackgroundEvent(listener: (event: BackgroundEvent) => void): () => void {
  const onMessage = (message: unknown, sender: MessageSender) => {
    // Only the background pushes: not another tab's content script, not a page.
    if (!fromThisExtension(sender) || sender.tab) return false;
    const envelope = message as { channel?: unknown; event?: { type?: unknown } } | null;
    if (envelope?.channel === MESSAGE_CHANNEL && typeof envelope.event?.type === 'string') {
      listener(envelope.event as BackgroundEvent);
    }
    return false;
  };
  return onRuntimeMessage(onMessage);
}

function transportError(error: unknown): IcebergError {
  const message = error instanceof Error ? error.message : String(error);
  if (/context invalidated/i.test(message)) {
    return new IcebergError('extension-reloaded', 'Iceberg was updated or reloaded; reload this page to reconnect');
  }
  // The service worker was stopped or is starting: worth retrying.
  return new IcebergError('storage-unavailable', `The Iceberg background is not reachable (${message})`);
}

/** What a sidebar needs from the background; the side panel names the tab it is showing. */
export interface TaggingClient {
  loadState: (day: string) => Promise<ResponseMap['getSidebarState']>;
  recordClick: (click: Omit<RequestOf<'recordClick'>, 'tabId'>) => Promise<ResponseMap['recordClick']>;
  updateDetails: (id: string, details: RequestOf<'updateClickDetails'>['details']) => Promise<ResponseMap['updateClickDetails']>;
  undo: (id?: string) => Promise<ResponseMap['undoLastClick']>;
  updateSettings: (patch: RequestOf<'updateSettings'>) => Promise<ResponseMap['updateSettings']>;
  /** The work order of the tab this sidebar acts for; null when it acts for none. */
  workOrder: () => Promise<WorkOrderContext | null>;
  subscribe: (listener: (event: BackgroundEvent) => void) => () => void;
}

export function createTaggingClient(tabId?: () => number | undefined): TaggingClient {
  return {
    loadState: (day) => askBackground('getSidebarState', { day }),
    recordClick: (click) => askBackground('recordClick', { ...click, tabId: tabId?.() }),
    updateDetails: (id, details) => askBackground('updateClickDetails', { id, details }),
    undo: (id) => askBackground('undoLastClick', { id }),
    updateSettings: (patch) => askBackground('updateSettings', patch),
    workOrder: async () => {
      const tab = tabId?.();
      return tab === undefined ? null : askBackground('getWorkOrderContext', { tabId: tab });
    },
    subscribe: onBackgroundEvent,
  };
}

/**
 * The client, with the state of `day` asked for at once: a page that needs other answers before
 * it renders (its tab, say) gets, from its first load of that day, the answer already on its way.
 */
export function withStateRequestedNow(client: TaggingClient, day: string): TaggingClient {
  let early: Promise<SidebarState> | null = client.loadState(day);
  early.catch(() => undefined); // a failure is the first load's to report
  return {
    ...client,
    loadState: (requested) => {
      const answer = early && requested === day ? early : client.loadState(requested);
      early = null;
      return answer;
    },
  };
}

/** The case-library side of a sidebar: search, use a script, log the searches that missed. */
export interface ScriptClient {
  /** The agent is about to search: the background loads the index (nothing to wait for). */
  prepare: () => Promise<null>;
  search: (request: RequestOf<'searchScripts'>) => Promise<ResponseMap['searchScripts']>;
  recordMiss: (miss: RequestOf<'recordSearchMiss'>) => Promise<null>;
  /** The searches not decided yet, as they would be if the tab closed now (the background records them then). */
  reportPending: (searches: RequestOf<'recordSearchMiss'>[]) => Promise<null>;
  recordUse: (use: Omit<RequestOf<'recordScriptUse'>, 'tabId'>) => Promise<null>;
  /** Inserts into the CRM field the agent was last in; false when there is none. */
  insertIntoPage: (text: string) => Promise<boolean>;
  subscribe: (listener: (event: BackgroundEvent) => void) => () => void;
}

export function createScriptClient(tabId?: () => number | undefined): ScriptClient {
  return {
    prepare: () => askBackground('prepareSearch', {}),
    search: (request) => askBackground('searchScripts', request),
    recordMiss: (miss) => askBackground('recordSearchMiss', miss),
    reportPending: (searches) => askBackground('reportPendingSearches', { searches }),
    recordUse: (use) => askBackground('recordScriptUse', { ...use, tabId: tabId?.() }),
    insertIntoPage: async (text) => (await askBackground('insertIntoPage', { text, tabId: tabId?.() })).inserted,
    subscribe: onBackgroundEvent,
  };
}

/** Content scripts answer the background's commands for their frame (e.g. insert a script). */
export function onFrameCommand(handler: (command: FrameCommand) => { inserted: boolean }): () => void {
  const onMessage = (message: unknown, sender: MessageSender, sendResponse: (reply: unknown) => void) => {
    if (!fromThisExtension(sender) || sender.tab) return false;
    const envelope = message as { channel?: unknown; command?: { type?: unknown; text?: unknown } } | null;
    const command = envelope?.command;
    if (envelope?.channel !== MESSAGE_CHANNEL || command?.type !== 'insertText' || typeof command.text !== 'string') return false;
    sendResponse(handler({ type: 'insertText', text: command.text }));
    return false;
  };
  return onRuntimeMessage(onMessage);
}
