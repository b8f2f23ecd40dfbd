import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { ClickDetails, ClickEvent } from '@/knowledge/clicks/click-event';
import { UNDO_WINDOW_MS, localDay, toOffsetDateTime } from '@/knowledge/clicks/local-time';
import { PendingClicks, type ClickJournal } from '@/storage/messaging/pending-clicks';
import type { ClickRequest } from '@/knowledge/clicks/click-event';
import type { BackgroundEvent } from '@/storage/messaging/protocol';
import type { WorkOrderContext } from '@/knowledge/work-orders/work-order-reference';
import { describeFailure, type IcebergErrorCode } from '@/knowledge/iceberg-error';
import type { DayCounts } from '@/knowledge/clicks/day-counts';
import type { SidebarState } from '@/storage/messaging/protocol';
import type { SettingsPatch } from '@/knowledge/settings/settings';
import { RESERVED_SHORTCUTS, categoryByShortcut } from '@/knowledge/taxonomy/taxonomy-lookup';
import type { TaggingClient } from '@/storage/messaging/client';
import type { CentreStatus } from '@/knowledge/centre/centre-status';

export interface SessionNotice {
  kind: 'error' | 'retrying' | 'info';
  code?: IcebergErrorCode;
  text: string;
}

export interface TaggingSession {
  state: SidebarState | null;
  /** Uploads and the centre's library, as the footer shows them (null until loaded). */
  centre: CentreStatus | null;
  counts: DayCounts | null;
  workOrderContext: WorkOrderContext;
  pending: readonly ClickRequest[];
  lastClick: ClickEvent | null;
  undoSecondsLeft: number;
  notice: SessionNotice | null;
  record: (categoryId: string) => void;
  undo: () => void;
  updateDetails: (details: ClickDetails) => void;
  updateSettings: (patch: SettingsPatch) => void;
  handleShortcut: (key: string) => boolean;
}

const EMPTY_CONTEXT: WorkOrderContext = { tabId: null, workOrderRef: null, site: null };

/**
 * The agent's tagging loop, shared by the in-page sidebar and the browser side panel:
 * one click → one stored event, live counts, undo, and optional details afterwards.
 */
export function useTaggingSession(
  client: TaggingClient,
  options: {
    /** Which tab this sidebar acts for (pushes about other tabs are ignored); absent: any. */
    showsTab?: (tabId: number | null) => boolean;
    /** Where unconfirmed clicks are kept across a reload (the sidebar's extension-origin storage). */
    journal?: ClickJournal;
  } = {},
): TaggingSession {
  const [state, setState] = useState<SidebarState | null>(null);
  const [centre, setCentre] = useState<CentreStatus | null>(null);
  const [counts, setCounts] = useState<DayCounts | null>(null);
  const [lastClick, setLastClick] = useState<ClickEvent | null>(null);
  const [pending, setPending] = useState<readonly ClickRequest[]>([]);
  const [notice, setNotice] = useState<SessionNotice | null>(null);
  const [workOrderContext, setWorkOrderContext] = useState<WorkOrderContext>(EMPTY_CONTEXT);
  const [now, setNow] = useState(() => Date.now());
  const workOrderContextRef = useRef(workOrderContext);
  workOrderContextRef.current = workOrderContext;
  const showsTab = useRef(options.showsTab);
  showsTab.current = options.showsTab;


  const today = localDay(new Date(now));

  const applyCounts = useCallback((next: DayCounts) => {
    if (next.day === localDay(new Date())) setCounts(next);
  }, []);

  const showFailure = useCallback((error: unknown) => {
    const { code, message } = describeFailure(error);
    setNotice({ kind: 'error', code, text: message });
  }, []);

  const queue = useMemo(
    () =>
      new PendingClicks<{ event: ClickEvent; counts: DayCounts }>({
        send: (click) => client.recordClick(click),
        onStored: (_click, stored) => {
          applyCounts(stored.counts);
          setLastClick(stored.event);
          setNotice((current) => (current?.kind === 'retrying' ? null : current));
        },
        onStoredAfterCancel: (click) => {
          void client.undo(click.id).then((result) => applyCounts(result.counts)).catch(() => undefined);
        },
        onFailed: (_click, error, willRetry) =>
          setNotice({ kind: willRetry ? 'retrying' : 'error', code: error.code, text: error.message }),
        onChange: (queued) => setPending([...queued]),
        journal: options.journal,
      }),
    [client, applyCounts, options.journal],
  );
  // Clicks an earlier page left unconfirmed (a reload right after them) are sent again.
  useEffect(() => void queue.resume(), [queue]);
  // The newest click made here, known from the moment of the click: undo is for that one, even
  // before storage confirmed it and whatever the screen has caught up with.
  const newestClick = useRef<ClickRequest | null>(null);

  // Pushes of the work order since the last load: a load's older answer must not undo them.
  const workOrderPushes = useRef(0);
  // Settings the agent changed here (collapse, language) since a load began: its older answer must not undo them.
  const settingsEdits = useRef(0);
  const reload = useCallback(async () => {
    try {
      const pushesBefore = workOrderPushes.current;
      const editsBefore = settingsEdits.current;
      const [loaded, context] = await Promise.all([client.loadState(localDay(new Date())), client.workOrder()]);
      setState((current) => (current && settingsEdits.current !== editsBefore ? { ...loaded, settings: current.settings } : loaded));
      setCentre(loaded.centre);
      applyCounts(loaded.counts);
      setLastClick(loaded.lastClick);
      if (context && workOrderPushes.current === pushesBefore) setWorkOrderContext(context);
    } catch (error) {
      showFailure(error);
    }
  }, [client, applyCounts, showFailure]);

  useEffect(() => {
    // Listening starts with the load, so nothing pushed while it is under way is missed.
    void reload();
    return client.subscribe((event: BackgroundEvent) => {
      if (event.type === 'countsChanged') {
        applyCounts(event.counts);
        setLastClick(event.lastClick);
      } else if (event.type === 'settingsChanged') {
        setState((current) => (current ? { ...current, settings: event.settings } : current));
      } else if (event.type === 'centreStatusChanged') {
        setCentre(event.centre);
      } else if (event.type === 'taxonomyChanged') {
        setState((current) => (current ? { ...current, taxonomy: event.taxonomy } : current));
      } else if (event.type === 'workOrderChanged' && (showsTab.current?.(event.context.tabId) ?? true)) {
        workOrderPushes.current += 1;
        setWorkOrderContext(event.context);
      }
    });
  }, [client, reload, applyCounts]);

  // A ticking clock drives the undo countdown and the switch to a new day at midnight.
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (counts && counts.day !== today) void reload();
  }, [today, counts, reload]);

  const record = useCallback(
    (categoryId: string) => {
      const click: ClickRequest = {
        id: crypto.randomUUID(),
        categoryId,
        occurredAt: toOffsetDateTime(new Date()),
        workOrderRef: workOrderContextRef.current.workOrderRef,
        // The agent id the CRM shows, when its site has a rule for it; else the typed one counts.
        ...(workOrderContextRef.current.agentId ? { agentId: workOrderContextRef.current.agentId } : {}),
      };
      newestClick.current = click;
      queue.add(click);
    },
    [queue],
  );

  const undo = useCallback(() => {
    const newest = newestClick.current;
    newestClick.current = null;
    const recent = newest && Date.now() - Date.parse(newest.occurredAt) < UNDO_WINDOW_MS ? newest : null;
    if (recent && queue.cancel(recent.id)) {
      setNotice({ kind: 'info', text: 'undone' });
      return;
    }
    // Stored already: that click by its id; else the newest click storage still lets undo.
    const target = recent?.id ?? lastClick?.id;
    if (!target) return;
    client
      .undo(target)
      .then((result) => {
        applyCounts(result.counts);
        setLastClick(null);
        setNotice({ kind: 'info', text: 'undone' });
      })
      .catch(showFailure);
  }, [queue, lastClick, client, applyCounts, showFailure]);

  const updateDetails = useCallback(
    (details: ClickDetails) => {
      if (!lastClick) return;
      setLastClick({ ...lastClick, ...details });
      client
        .updateDetails(lastClick.id, details)
        .then((result) => {
          applyCounts(result.counts);
          setLastClick(result.event);
        })
        .catch(showFailure);
    },
    [lastClick, client, applyCounts, showFailure],
  );

  const updateSettings = useCallback(
    (patch: SettingsPatch) => {
      settingsEdits.current += 1;
      setState((current) => (current ? { ...current, settings: { ...current.settings, ...patch } } : current));
      client.updateSettings(patch).catch(showFailure);
    },
    [client, showFailure],
  );

  const handleShortcut = useCallback(
    (key: string): boolean => {
      if (!state) return false;
      if (key === RESERVED_SHORTCUTS.undo) {
        undo();
        return true;
      }
      if (key === RESERVED_SHORTCUTS.toggleSidebar) {
        updateSettings({ sidebarCollapsed: !state.settings.sidebarCollapsed });
        return true;
      }
      const category = categoryByShortcut(state.taxonomy, key);
      if (!category) return false;
      record(category.id);
      return true;
    },
    [state, undo, updateSettings, record],
  );

  const undoable = lastClick && !lastClick.voided ? lastClick : null;
  const undoSecondsLeft = undoable
    ? Math.max(0, Math.ceil((Date.parse(undoable.occurredAt) + UNDO_WINDOW_MS - now) / 1000))
    : 0;

  return {
    state,
    centre,
    counts,
    workOrderContext,
    pending,
    lastClick: undoable,
    undoSecondsLeft: pending.length > 0 ? Math.ceil(UNDO_WINDOW_MS / 1000) : undoSecondsLeft,
    notice,
    record,
    undo,
    updateDetails,
    updateSettings,
    handleShortcut,
  };
}
