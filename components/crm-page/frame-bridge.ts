import type { WorkOrderRule } from '@/knowledge/work-orders/work-order-rule';
import { DEFAULT_WORK_ORDER_RULE, readPageValue } from '@/knowledge/work-orders/work-order-reference';
import { siteForUrl, workOrderRuleForUrl } from '@/knowledge/work-orders/crm-sites';
import type { SidebarState } from '@/storage/messaging/protocol';
import { askBackground, onFrameCommand } from '@/storage/messaging/client';
import { MAX_NOTES_LENGTH, MAX_PAGE_AGENT_ID_LENGTH } from '@/storage/messaging/wire';
import { insertIntoField, watchNotesFields } from './notes-fields';
import { listenForShortcuts } from '@/components/shared/shortcuts';
import { watchFramePresence, watchWorkOrderReference, type FramePresence } from './work-order-watcher';

/**
 * What every frame of a CRM tab does, the top one and the CRM's iframes alike: report the work
 * order it shows, whether it is shown and when the agent works in it; follow the notes fields
 * (suggestions, and where a script is inserted); in an iframe, hand Alt+Shift shortcuts to the
 * tab's sidebar through the background.
 */
export function connectFrame(
  doc: Document,
  signal: AbortSignal,
  options: {
    isTopFrame: boolean;
    /** Settings, for this site's work-order rule. */
    initialState: Promise<SidebarState>;
  },
): void {
  const { isTopFrame } = options;
  let workOrderRef: string | null | undefined;
  /** What the site's agentIdRule reads here; undefined without a rule (the report then says nothing). */
  let agentId: string | null | undefined;
  let presence: FramePresence = { visible: true };
  const report = () => {
    if (workOrderRef === undefined) return; // the first read comes with the rule
    const sentAt = Date.now();
    askBackground('reportWorkOrder', {
      workOrderRef,
      sentAt,
      pageStartedAt: isTopFrame ? sentAt - performance.now() : undefined,
      visible: presence.visible,
      activeAt: presence.activeAt,
      ...(agentId !== undefined ? { agentId } : {}),
    }).catch(() => undefined);
  };
  void options.initialState
    .then(
      (state) => workOrderRuleForUrl(state.settings.crmSites, doc.location.href),
      (): WorkOrderRule => DEFAULT_WORK_ORDER_RULE,
    )
    .then((rule) =>
      watchWorkOrderReference(
        doc,
        () => rule,
        (current) => {
          workOrderRef = current;
          report();
        },
        signal,
      ),
    );
  void options.initialState.then(
    (state) => {
      const rule = siteForUrl(state.settings.crmSites, doc.location.href)?.agentIdRule;
      if (!rule) return;
      watchWorkOrderReference(
        doc,
        () => rule,
        (text) => {
          // Page text: only something short enough to be a work number leaves the page.
          agentId = text !== null && text.length <= MAX_PAGE_AGENT_ID_LENGTH ? text : null;
          report();
        },
        signal,
        readPageValue,
      );
    },
    () => undefined,
  );
  if (!isTopFrame) {
    watchFramePresence(
      doc.defaultView!,
      (current) => {
        presence = current;
        report();
      },
      signal,
    );
  }

  const notes = watchNotesFields(
    doc,
    {
      onFocus: () => void askBackground('reportFieldFocus', {}).catch(() => undefined),
      onNotes: (text) => void askBackground('reportNotes', { text }).catch(() => undefined),
    },
    signal,
    MAX_NOTES_LENGTH,
  );
  const stopCommands = onFrameCommand((command) => {
    const field = notes.focusedField();
    return { inserted: field !== null && insertIntoField(field, command.text) };
  });
  signal.addEventListener('abort', stopCommands);

  if (!isTopFrame) {
    listenForShortcuts(
      doc.defaultView!,
      (key) => {
        void askBackground('relayShortcut', { key }).catch(() => undefined);
        return true;
      },
      signal,
    );
  }
}
