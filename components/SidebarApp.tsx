import { useEffect } from 'preact/hooks';
import type { CaseContext } from '@/knowledge/protocol';
import type { SidebarState } from '@/knowledge/protocol-schemas';
import type { TaggingClient } from '@/storage/background-client';
import { TaggingPanel } from './TaggingPanel';
import { useTaggingSession, type TaggingSession } from './useTaggingSession';

export interface SidebarAppProps {
  client: TaggingClient;
  collapsible: boolean;
  acceptsContext?: (context: CaseContext) => boolean;
  initialContext?: CaseContext;
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
  useEffect(() => props.onSession?.(session));
  useEffect(() => props.onStateChange?.(session.state), [session.state]);
  return (
    <div class="iceberg-root">
      <TaggingPanel session={session} collapsible={props.collapsible} onOpenSettings={props.onOpenSettings} />
    </div>
  );
}
