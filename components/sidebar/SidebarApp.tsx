import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { WorkOrderContext } from '@/knowledge/work-orders/work-order-reference';
import type { SidebarState } from '@/storage/messaging/protocol';
import type { ScriptClient, TaggingClient } from '@/storage/messaging/client';
import { RESERVED_SHORTCUTS, activeCategories } from '@/knowledge/taxonomy/taxonomy-lookup';
import { TaggingPanel } from './TaggingPanel';
import { EscalationBanner, ScriptPanel } from './ScriptPanel';
import { sidebarText } from './sidebar-text';
import { useTaggingSession, type TaggingSession } from './useTaggingSession';
import { useScriptSearch } from './useScriptSearch';
import { copyToClipboard } from './clipboard';

export interface SidebarAppProps {
  client: TaggingClient;
  scriptClient: ScriptClient;
  collapsible: boolean;
  acceptsContext?: (context: WorkOrderContext) => boolean;
  initialContext?: WorkOrderContext;
  initialState?: Promise<SidebarState>;
  /** Lets the host page wiring route keyboard shortcuts into the live session. */
  onSession?: (session: TaggingSession) => void;
  onStateChange?: (state: SidebarState | null) => void;
  onOpenSettings?: () => void;
}

export function SidebarApp(props: SidebarAppProps) {
  const session = useTaggingSession(props.client, {
    acceptsContext: props.acceptsContext,
    initialContext: props.initialContext,
    initialState: props.initialState,
  });
  const root = useRef<HTMLDivElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const search = useScriptSearch(props.scriptClient, {
    boostCategoryId: session.lastClick?.categoryId,
    workOrderRef: session.workOrderContext.workOrderRef,
    copyText: (text) => copyToClipboard(text, root.current ?? document.body),
  });
  const state = session.state;
  const collapsed = props.collapsible && (state?.settings.sidebarCollapsed ?? false);

  // Alt+Shift+K jumps to the script search (expanding the sidebar first if needed).
  const withSearchShortcut = useMemo<TaggingSession>(
    () => ({
      ...session,
      handleShortcut: (key: string) => {
        if (key !== RESERVED_SHORTCUTS.searchScripts) return session.handleShortcut(key);
        if (!state) return false;
        // Focus at once, inside the key press: the browser handles the next key presses before any
        // timer, so a deferred focus let the first letters typed after the shortcut land in the
        // CRM's field. Only a collapsed sidebar has to render the search field first.
        if (collapsed || !searchInput.current) {
          if (collapsed) session.updateSettings({ sidebarCollapsed: false });
          setTimeout(() => searchInput.current?.focus(), 0);
        } else searchInput.current.focus();
        return true;
      },
    }),
    [session, state, collapsed],
  );
  const { onSession, onStateChange } = props;
  useEffect(() => onSession?.(withSearchShortcut), [onSession, withSearchShortcut]);
  useEffect(() => onStateChange?.(session.state), [onStateChange, session.state]);
  const locale = state?.settings.locale ?? 'zh-CN';
  return (
    <div class="iceberg-root" ref={root}>
      <TaggingPanel
        session={session}
        collapsible={props.collapsible}
        onOpenSettings={props.onOpenSettings}
        banner={
          state && !collapsed ? (
            <EscalationBanner
              search={search}
              t={sidebarText(locale)}
              onApplyRisk={session.lastClick ? (grade) => session.updateDetails({ riskGrade: grade }) : undefined}
            />
          ) : null
        }
      >
        {state && !collapsed && (
          <ScriptPanel
            search={search}
            categories={activeCategories(state.taxonomy)}
            locale={locale}
            t={sidebarText(locale)}
            searchInputRef={searchInput}
          />
        )}
      </TaggingPanel>
    </div>
  );
}
