import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ScriptClient, TaggingClient } from '@/storage/messaging/client';
import { isHostToFrame, type FrameToHost, type HostBlock } from '@/storage/messaging/host-link';
import type { ClickJournal } from '@/storage/messaging/pending-clicks';
import { SidebarApp } from './SidebarApp';
import { sidebarText } from './sidebar-text';
import type { TaggingSession } from './useTaggingSession';
import type { Locale } from '@/knowledge/settings/settings';
import type { SidebarState } from '@/storage/messaging/protocol';

export interface InPageSidebarProps {
  tabId: number;
  client: TaggingClient;
  scriptClient: ScriptClient;
  journal: ClickJournal;
  /** The port to the sidebar host in the CRM page; it arrives once the host hands it over. */
  hostLink: Promise<MessagePort>;
  /** Where the collapsed handle sits, as a fraction of the window height (remembered per browser). */
  handleTop: { initial: number; save(top: number): void };
  onOpenSettings: () => void;
}

/**
 * The sidebar docked in a CRM tab. It runs as an extension page inside the host's closed shadow
 * root, so nothing the agent types, selects, copies or clicks here reaches the CRM's scripts.
 */
export function InPageSidebar(props: InPageSidebarProps) {
  const session = useRef<TaggingSession | null>(null);
  const setSession = useCallback((live: TaggingSession) => (session.current = live), []);
  const port = useRef<MessagePort | null>(null);
  const [blocked, setBlocked] = useState<HostBlock | null>(null);
  const [locale, setLocale] = useState<Locale>('zh-CN');
  const viewportHeight = useRef(800);
  const layout = useRef<FrameToHost>({ type: 'layout', collapsed: false, handleTop: props.handleTop.initial });
  const sendLayout = useCallback((patch: Partial<FrameToHost>) => {
    layout.current = { ...layout.current, ...patch };
    port.current?.postMessage(layout.current);
  }, []);
  const onStateChange = useCallback(
    (state: SidebarState | null) => {
      if (state) setLocale(state.settings.locale);
      sendLayout({ collapsed: state?.settings.sidebarCollapsed ?? false });
    },
    [sendLayout],
  );
  const { handleTop, tabId } = props;
  const onMoveHandle = useCallback(
    (dyPx: number, done: boolean) => {
      const top = Math.min(1, Math.max(0, layout.current.handleTop + dyPx / viewportHeight.current));
      sendLayout({ handleTop: top });
      if (done) handleTop.save(top);
      return top;
    },
    [sendLayout, handleTop],
  );
  const showsTab = useCallback((shown: number | null) => shown === tabId, [tabId]);

  useEffect(() => {
    let closed = false;
    void props.hostLink.then((linked) => {
      if (closed) return;
      port.current = linked;
      linked.onmessage = (event: MessageEvent) => {
        const message: unknown = event.data;
        if (!isHostToFrame(message)) return;
        if (message.type === 'shortcut') session.current?.handleShortcut(message.key);
        else if (message.type === 'blocked') setBlocked(message.reason);
        else viewportHeight.current = message.height;
      };
      linked.postMessage(layout.current);
    });
    // Shortcuts pressed in the CRM's iframes reach this tab's sidebar through the background.
    const stop = props.client.subscribe((event) => {
      if (event.type === 'shortcut' && event.tabId === props.tabId) session.current?.handleShortcut(event.key);
    });
    return () => {
      closed = true;
      stop();
    };
  }, [props.hostLink, props.client, props.tabId]);

  const t = sidebarText(locale);
  return (
    <SidebarApp
      client={props.client}
      scriptClient={props.scriptClient}
      journal={props.journal}
      collapsible
      showsTab={showsTab}
      onSession={setSession}
      onStateChange={onStateChange}
      onMoveHandle={onMoveHandle}
      onOpenSettings={props.onOpenSettings}
      hostNotice={
        blocked && (
          <p class="iceberg-error iceberg-host-blocked" role="alert" data-host-blocked={blocked}>
            {t.hostBlocked[blocked]} {t.hostBlockedWayOn}
          </p>
        )
      }
    />
  );
}
