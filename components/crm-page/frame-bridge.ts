import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { WorkOrderContext } from '@/knowledge/work-orders/work-order-reference';
import { DEFAULT_WORK_ORDER_RULE } from '@/knowledge/work-orders/work-order-reference';
import { workOrderRuleForUrl } from '@/knowledge/work-orders/crm-sites';
import type { WorkOrderRule } from '@/knowledge/work-orders/work-order-rule';
import type { SidebarState } from '@/storage/messaging/protocol';
import { askBackground, onFrameCommand } from '@/storage/messaging/client';
import { MAX_NOTES_LENGTH } from '@/storage/messaging/wire';
import { insertIntoField, watchNotesFields } from './notes-fields';
import { listenForShortcuts } from './shortcuts';
import { watchWorkOrderReference } from './work-order-watcher';

/**
 * What every frame of a CRM tab does, the top one and the CRM's iframes alike: report the work
 * order it shows, follow the notes fields (suggestions, and where a script is inserted), and in
 * an iframe hand Alt+Shift shortcuts to the top frame's sidebar.
 */
export function connectFrame(
  ctx: ContentScriptContext,
  options: {
    isTopFrame: boolean;
    /** Settings and taxonomy, asked for once per page (the sidebar needs them too). */
    initialState: Promise<SidebarState>;
    /** The top frame learns the tab's work order from each report's reply. */
    onWorkOrder: (context: WorkOrderContext) => void;
  },
): void {
  const { isTopFrame } = options;
  let reportsSent = 0;
  const report = (workOrderRef: string | null) => {
    const sequence = ++reportsSent;
    const sentAt = Date.now();
    askBackground('reportWorkOrder', { workOrderRef, sentAt, pageStartedAt: isTopFrame ? sentAt - performance.now() : undefined })
      .then((context) => {
        if (isTopFrame && sequence === reportsSent) options.onWorkOrder(context); // else a newer report's reply follows
      })
      .catch(() => undefined);
  };
  void options.initialState
    .then(
      (state) => workOrderRuleForUrl(state.settings.crmSites, location.href),
      (): WorkOrderRule => DEFAULT_WORK_ORDER_RULE,
    )
    .then((rule) => watchWorkOrderReference(document, () => rule, report, ctx.signal));

  const notes = watchNotesFields(
    document,
    {
      onFocus: () => void askBackground('reportFieldFocus', {}).catch(() => undefined),
      onNotes: (text) => void askBackground('reportNotes', { text }).catch(() => undefined),
    },
    ctx.signal,
    MAX_NOTES_LENGTH,
  );
  ctx.onInvalidated(
    onFrameCommand((command) => {
      const field = notes.focusedField();
      return { inserted: field !== null && insertIntoField(field, command.text) };
    }),
  );

  if (!isTopFrame) {
    listenForShortcuts(
      window,
      (key) => {
        void askBackground('relayShortcut', { key }).catch(() => undefined);
        return true;
      },
      ctx.signal,
    );
  }
}
