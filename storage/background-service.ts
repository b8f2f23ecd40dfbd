import { browser, type Browser } from 'wxt/browser';
import { childCategoryIds } from '@/knowledge/taxonomy/taxonomy-lookup';
import { effectiveWorkOrderReport, maskWorkOrderReference, type FrameWorkOrderReport } from '@/knowledge/work-orders/work-order-reference';
import type { WorkOrderContext } from '@/knowledge/work-orders/work-order-reference';
import type { AgentSettings } from '@/knowledge/settings/settings';
import Dexie from 'dexie';
import type { ClickEvent } from '@/knowledge/clicks/click-event';
import type { DayCounts } from '@/knowledge/clicks/day-counts';
import type { Taxonomy } from '@/knowledge/taxonomy/taxonomy';
import { IcebergDatabase } from './database';
import { dayCounts, lastUndoableClick, recordClick, undoClick, updateClickDetails } from './click-log';
import { currentTaxonomy } from './taxonomy-store';
import { currentSettings, updateSettings } from './settings-store';
import { broadcast, serveRequests, type RequestHandlers } from './messaging/server';
import { syncSidebarRegistration } from './sidebar-registration';
import { pruneRawEvents } from './retention';
import { ScriptLibraryService } from './script-library-service';
import { localDay, toOffsetDateTime } from '@/knowledge/clicks/local-time';
import { MESSAGE_CHANNEL } from '@/storage/messaging/wire';
import { type FrameCommand } from '@/storage/messaging/protocol';

const TAB_CONTEXTS_KEY = 'iceberg:tab-case-reports';
const FOCUSED_FRAMES_KEY = 'iceberg:tab-focused-frames';

/**
 * Everything the background does, wired to one database. Tab case reports are mirrored in
 * session storage so a restarted service worker still knows which case each tab is on.
 */
export function startBackgroundService(db = new IcebergDatabase()): void {
  const reports = new Map<number, FrameWorkOrderReport[]>();
  const restored = browser.storage.session
    .get(TAB_CONTEXTS_KEY)
    .then((stored) => {
      const saved = (stored[TAB_CONTEXTS_KEY] ?? {}) as Record<string, FrameWorkOrderReport[]>;
      for (const [tabId, frames] of Object.entries(saved)) if (!reports.has(Number(tabId))) reports.set(Number(tabId), frames);
    })
    .catch(() => undefined);

  const saveReports = () =>
    browser.storage.session.set({ [TAB_CONTEXTS_KEY]: Object.fromEntries(reports) }).catch(() => undefined);

  const contextOf = (tabId: number): WorkOrderContext => {
    const report = effectiveWorkOrderReport(reports.get(tabId) ?? []);
    return { tabId, workOrderRef: report?.workOrderRef ?? null, site: report?.site ?? null };
  };

  const sidebarTabs = () => [...reports.keys()];

  // Which frame of each tab holds the CRM field the agent was last in: insertions go there.
  const focusedFrames = new Map<number, number>();
  const restoredFocus = browser.storage.session
    .get(FOCUSED_FRAMES_KEY)
    .then((stored) => {
      const saved = (stored[FOCUSED_FRAMES_KEY] ?? {}) as Record<string, number>;
      for (const [tabId, frameId] of Object.entries(saved)) if (!focusedFrames.has(Number(tabId))) focusedFrames.set(Number(tabId), frameId);
    })
    .catch(() => undefined);
  const scripts = new ScriptLibraryService(db);

  // Deferred so the clicking sidebar's reply leaves before the fan-out to every other sidebar.
  const pushCounts = (counts: DayCounts, lastClick: ClickEvent | null) =>
    setTimeout(() => void broadcast({ type: 'countsChanged', counts, lastClick }, sidebarTabs()), 0);

  // Taxonomy and agent settings are read on every click; keep them in memory and drop the copy
  // whenever any context writes those tables.
  let config: Promise<{ taxonomy: Taxonomy; settings: AgentSettings }> | null = null;
  const currentConfig = () =>
    (config ??= Promise.all([currentTaxonomy(db), currentSettings(db)]).then(
      ([taxonomy, settings]) => ({ taxonomy, settings }),
      (error: unknown) => {
        // Never keep a failed read: the next click must try the database again.
        config = null;
        throw error;
      },
    ));
  const forgetConfig = (parts: Record<string, unknown>) => {
    if (Object.keys(parts).some((key) => /\/(settings|taxonomy)\//.test(key))) config = null;
    if (Object.keys(parts).some((key) => /\/caseLibrary\//.test(key))) scripts.forgetLibrary();
  };
  Dexie.on('storagemutated', forgetConfig);

  const handlers: RequestHandlers = {
    async getSidebarState({ day }) {
      const [{ taxonomy, settings }, counts, lastClick] = await Promise.all([
        currentConfig(),
        dayCounts(db, day),
        lastUndoableClick(db, new Date()),
      ]);
      return { taxonomy, settings, counts, lastClick };
    },
    async recordClick(request, sender) {
      await restored;
      // A content script clicks for its own tab; an extension page (side panel) for the tab it follows.
      const site = siteOf(sender);
      const tabId = site !== null ? sender.tab?.id : request.tabId;
      // Re-mask in the background too: a content script is the page's neighbour, not trusted.
      const workOrderRef = request.workOrderRef === null ? null : maskWorkOrderReference(request.workOrderRef);
      const { taxonomy, settings } = await currentConfig();
      const clickSite = site ?? (tabId !== undefined ? contextOf(tabId).site : null) ?? 'unknown';
      const result = await recordClick(db, { ...request, workOrderRef }, { site: clickSite, taxonomy, agentId: settings.agentId });
      pushCounts(result.counts, result.event);
      return result;
    },
    async updateClickDetails({ id, details }) {
      const result = await updateClickDetails(db, id, details);
      pushCounts(result.counts, result.event);
      return result;
    },
    async undoLastClick({ id }) {
      const result = await undoClick(db, id, new Date());
      void lastUndoableClick(db, new Date())
        .then((lastClick) => pushCounts(result.counts, lastClick))
        .catch(() => undefined); // the reply already carries the counts; the fan-out is best effort
      return result;
    },
    async updateSettings(patch) {
      const settings = await updateSettings(db, patch);
      config = null;
      await broadcast({ type: 'settingsChanged', settings }, sidebarTabs());
      if (patch.crmSites) await syncSidebarRegistration(settings.crmSites);
      return settings;
    },
    async reportWorkOrder({ workOrderRef, sentAt, pageStartedAt }, sender) {
      await restored;
      const tabId = sender.tab?.id;
      if (tabId === undefined) return { tabId: null, workOrderRef: null, site: null };
      const frameId = sender.frameId ?? 0;
      const report: FrameWorkOrderReport = {
        frameId,
        workOrderRef: workOrderRef === null ? null : maskWorkOrderReference(workOrderRef),
        site: siteOf(sender) ?? 'unknown',
        reportedAt: sentAt ?? Date.now(),
      };
      // Iframe reports from before the top page started belong to the previous page. Ones made
      // since (an iframe can report before its slower parent) are this page's and are kept.
      const frames = (reports.get(tabId) ?? []).filter(
        (frame) =>
          frame.frameId !== frameId &&
          !(frameId === 0 && pageStartedAt !== undefined && frame.reportedAt < pageStartedAt),
      );
      reports.set(tabId, [...frames, report]);
      void saveReports();
      await broadcast({ type: 'workOrderChanged', context: contextOf(tabId) }, [tabId]);
      return contextOf(tabId); // read again: another frame may have reported meanwhile
    },
    async getWorkOrderContext({ tabId }) {
      await restored;
      return contextOf(tabId);
    },
    async openSettings() {
      await browser.runtime.openOptionsPage();
      return null;
    },
    async relayShortcut({ key }, sender) {
      if (sender.tab?.id !== undefined) await broadcast({ type: 'shortcut', key }, [sender.tab.id]);
      return null;
    },
    async searchScripts({ query, categoryFilter, boostCategoryId, limit }) {
      // Filtering by a parent category also finds its sub-categories' scripts.
      const { taxonomy } = await currentConfig();
      const filter = categoryFilter === undefined ? undefined : [categoryFilter, ...childCategoryIds(taxonomy, categoryFilter)];
      return scripts.search(query, { categoryFilter: filter, boostCategoryId, limit });
    },
    async recordSearchMiss({ query, categoryId }) {
      const { settings } = await currentConfig();
      const now = new Date();
      await scripts.recordMiss({
        id: crypto.randomUUID(),
        query,
        categoryId,
        occurredAt: toOffsetDateTime(now),
        day: localDay(now),
        agentId: settings.agentId,
      });
      return null;
    },
    async recordScriptUse({ id, scriptId, action, workOrderRef, tabId: requestedTab }, sender) {
      await restored;
      const { settings } = await currentConfig();
      const site = siteOf(sender);
      const tabId = site !== null ? sender.tab?.id : requestedTab;
      const now = new Date();
      await scripts.recordUse({
        id,
        scriptId,
        action,
        usedAt: toOffsetDateTime(now),
        day: localDay(now),
        agentId: settings.agentId,
        workOrderRef: workOrderRef === null ? null : maskWorkOrderReference(workOrderRef),
        site: site ?? (tabId !== undefined ? contextOf(tabId).site : null) ?? 'unknown',
      });
      return null;
    },
    async reportNotes({ text }, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined || siteOf(sender) === null) return null;
      const { settings } = await currentConfig();
      const { hits, warning } = await scripts.suggestForNotes(text, { sensitiveWords: settings.sensitiveWords });
      await broadcast({ type: 'notesSuggestions', hits, warning }, [tabId]);
      return null;
    },
    async reportFieldFocus(_request, sender) {
      const tabId = sender.tab?.id;
      if (tabId === undefined || siteOf(sender) === null) return null;
      await restoredFocus;
      focusedFrames.set(tabId, sender.frameId ?? 0);
      void browser.storage.session.set({ [FOCUSED_FRAMES_KEY]: Object.fromEntries(focusedFrames) }).catch(() => undefined);
      return null;
    },
    async insertIntoPage({ text, tabId: requestedTab }, sender) {
      await restoredFocus;
      const tabId = siteOf(sender) !== null ? sender.tab?.id : requestedTab;
      if (tabId === undefined) return { inserted: false };
      const command: FrameCommand = { type: 'insertText', text };
      const reply: unknown = await browser.tabs
        .sendMessage(tabId, { channel: MESSAGE_CHANNEL, command }, { frameId: focusedFrames.get(tabId) ?? 0 })
        .catch(() => null);
      return { inserted: (reply as { inserted?: unknown } | null)?.inserted === true };
    },
    async taxonomyChanged() {
      config = null;
      const { taxonomy } = await currentConfig();
      await broadcast({ type: 'taxonomyChanged', taxonomy }, sidebarTabs());
      return null;
    },
    async libraryChanged() {
      scripts.forgetLibrary();
      await broadcast({ type: 'libraryChanged' }, sidebarTabs());
      return null;
    },
  };

  serveRequests(handlers);

  browser.tabs.onRemoved.addListener((tabId) => {
    if (reports.delete(tabId)) void saveReports();
    focusedFrames.delete(tabId);
  });

  // "Keep raw events N days" holds without anyone opening the dashboard: prune once per browser
  // start (the dashboard also prunes when it opens). A no-op until N is set.
  browser.runtime.onStartup.addListener(() => {
    void pruneRawEvents(db, new Date()).catch((error: unknown) => console.error('Iceberg: pruning raw events failed', error));
  });

  // Registered content scripts persist, but settings may have changed while we were stopped.
  void currentSettings(db)
    .then((settings: AgentSettings) => syncSidebarRegistration(settings.crmSites))
    .catch((error: unknown) => console.error('Iceberg: could not register the sidebar for the CRM sites', error));
}

/** The CRM host a content script runs on; null for extension pages (side panel, options). */
function siteOf(sender: Browser.runtime.MessageSender): string | null {
  const url = sender.url ?? sender.tab?.url;
  if (!url || !sender.tab) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.host : null;
  } catch {
    return null;
  }
}
