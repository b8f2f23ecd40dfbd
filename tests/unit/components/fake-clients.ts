import type { ClickEvent } from '@/knowledge/clicks/click-event';
import type { WorkOrderContext } from '@/knowledge/work-orders/work-order-reference';
import type { DayCounts } from '@/knowledge/clicks/day-counts';
import { localDay } from '@/knowledge/clicks/local-time';
import { defaultLibrary } from '@/knowledge/case-library/default-library';
import { buildNamingIndex, buildScriptIndex, searchAnswer, searchLibrary } from '@/knowledge/search/script-search';
import { DEFAULT_SETTINGS } from '@/knowledge/settings/settings';
import { settingsForPages } from '@/knowledge/settings/managed-settings';
import { INITIAL_UPLOAD_STATUS } from '@/knowledge/centre/upload-status';
import type { CentreStatus } from '@/knowledge/centre/centre-status';
import { DEFAULT_TAXONOMY } from '@/knowledge/taxonomy/default-taxonomy';
import type { BackgroundEvent, RequestOf, SidebarState } from '@/storage/messaging/protocol';
import type { ScriptClient, TaggingClient } from '@/storage/messaging/client';

/**
 * What the sidebar's views talk to, kept in memory: the same contract as the background, so a
 * component test sees what the agent would see.
 */
/** A browser that uploads nothing and uses the shipped library. */
export const NO_CENTRE: CentreStatus = {
  upload: { configured: false, status: INITIAL_UPLOAD_STATUS },
  library: { name: defaultLibrary().name, version: defaultLibrary().version, subscription: null },
};

export function fakeTaggingClient(agentId = '8012', workOrder: WorkOrderContext | null = null, centre: CentreStatus = NO_CENTRE) {
  const events: ClickEvent[] = [];
  const listeners = new Set<(event: BackgroundEvent) => void>();
  let settings = settingsForPages({ ...DEFAULT_SETTINGS, agentId });
  const counts = (): DayCounts => {
    const live = events.filter((event) => !event.voided);
    const byCategory: Record<string, number> = {};
    for (const event of live) byCategory[event.categoryId] = (byCategory[event.categoryId] ?? 0) + 1;
    return { day: localDay(new Date()), byCategory, total: live.length, tickets: live.filter((event) => event.ticketRaised).length };
  };
  const client: TaggingClient = {
    loadState: async (): Promise<SidebarState> => ({ taxonomy: DEFAULT_TAXONOMY, settings, centre, counts: counts(), lastClick: null }),
    recordClick: async (click) => {
      const event: ClickEvent = { ...click, day: click.occurredAt.slice(0, 10), agentId: click.agentId ?? settings.agentId, site: 'crm.example.com', voided: false };
      events.push(event);
      return { event, counts: counts() };
    },
    updateDetails: async (id, details) => {
      const event = events.find((candidate) => candidate.id === id)!;
      Object.assign(event, details);
      return { event, counts: counts() };
    },
    undo: async (id) => {
      const event = events.find((candidate) => candidate.id === id) ?? null;
      if (event) event.voided = true;
      return { event, counts: counts() };
    },
    updateSettings: async (patch) => (settings = { ...settings, ...patch }),
    workOrder: async () => workOrder,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { client, events, push: (event: BackgroundEvent) => listeners.forEach((listener) => listener(event)) };
}

/**
 * The script search over the shipped library, with the same ranking code the background runs.
 * `waking`: answers from the naming index, as a woken service worker does, until `finishLoading()`.
 */
export function fakeScriptClient(options: { waking?: boolean } = {}) {
  const full = buildScriptIndex(defaultLibrary().scripts);
  const naming = buildNamingIndex(defaultLibrary().scripts);
  let waking = options.waking ?? false;
  const misses: Array<RequestOf<'recordSearchMiss'>> = [];
  /** What the background would record if the tab closed now: the last list reported. */
  let pending: Array<RequestOf<'recordSearchMiss'>> = [];
  const uses: Array<{ scriptId: string; action: string }> = [];
  const listeners = new Set<(event: BackgroundEvent) => void>();
  let prepared = 0;
  const client: ScriptClient = {
    prepare: async () => {
      prepared += 1;
      return null;
    },
    search: async ({ query, limit, categoryFilter }) =>
      searchAnswer(searchLibrary(waking ? naming : full, query, { limit, categoryFilter }), full.scriptCount, waking),
    recordMiss: async (miss) => {
      misses.push(miss);
      return null;
    },
    reportPending: async (searches) => {
      pending = searches;
      return null;
    },
    recordUse: async (use) => {
      uses.push({ scriptId: use.scriptId, action: use.action });
      return null;
    },
    insertIntoPage: async () => true,
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  const finishLoading = () => {
    waking = false;
    listeners.forEach((listener) => listener({ type: 'searchIndexReady' }));
  };
  return { client, misses, uses, finishLoading, pending: () => pending, prepared: () => prepared };
}
