import type { ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { ClickJournal } from '@/storage/messaging/pending-clicks';
import type { SidebarState } from '@/storage/messaging/protocol';
import type { ScriptClient, TaggingClient } from '@/storage/messaging/client';
import { RESERVED_SHORTCUTS, activeCategories } from '@/knowledge/taxonomy/taxonomy-lookup';
import { TaggingPanel } from './TaggingPanel';
import { EscalationBanner, ScriptPanel } from './ScriptPanel';
import { sidebarText } from './sidebar-text';
import { useTaggingSession, type TaggingSession } from './useTaggingSession';
import { useScriptSearch } from './useScriptSearch';
import { copyToClipboard } from './clipboard';
import { listenForShortcuts } from '@/components/shared/shortcuts';

export interface SidebarAppProps {
  client: TaggingClient;
  scriptClient: ScriptClient;
  collapsible: boolean;
  /** Which tab this sidebar acts for: pushes about other tabs are ignored. Absent: any. */
  showsTab?: (tabId: number | null) => boolean;
  /** Lets the host page wiring route keyboard shortcuts into the live session. */
  onSession?: (session: TaggingSession) => void;
  onStateChange?: (state: SidebarState | null) => void;
  onOpenSettings?: () => void;
  /** Keeps clicks not yet confirmed across a reload. */
  journal?: ClickJournal;
  /** Moves the collapsed handle by a number of pixels (in-page only); returns its new top. */
  onMoveHandle?: (dyPx: number, done: boolean) => number;
  /** Shown above everything: the CRM page is in the way of the mouse. */
  hostNotice?: ComponentChildren;
}

export function SidebarApp(props: SidebarAppProps) {
  const session = useTaggingSession(props.client, {
    showsTab: props.showsTab,
    journal: props.journal,
  });
  const root = useRef<HTMLDivElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  const search = useScriptSearch(props.scriptClient, {
    showsTab: props.showsTab,
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
  // The agent's focus is often in the sidebar itself (a click, a search): its keys count too.
  const liveSession = useRef(withSearchShortcut);
  liveSession.current = withSearchShortcut;
  useEffect(() => {
    const stop = new AbortController();
    listenForShortcuts(window, (key) => liveSession.current.handleShortcut(key), stop.signal);
    return () => stop.abort();
  }, []);
  useEffect(() => onStateChange?.(session.state), [onStateChange, session.state]);
  const locale = state?.settings.locale ?? 'zh-CN';
  return (
    <div class="iceberg-root" ref={root}>
      <TaggingPanel
        session={session}
        collapsible={props.collapsible}
        onOpenSettings={props.onOpenSettings}
        onMoveHandle={props.onMoveHandle}
        hostNotice={props.hostNotice}
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
