/**
 * Between the sidebar host (the content script in the CRM's top frame) and the sidebar frame
 * (an extension page inside the host's closed shadow root), over a MessagePort only those two
 * hold. The host hands the port over once, with the nonce it put in the frame's URL; the CRM page
 * can neither read that URL nor the port, so it can neither listen nor forge. Zod-free: the
 * content script imports it; the frame checks each message's shape.
 */

export const HOST_LINK_HELLO = 'iceberg:sidebar-link';

/** Why the page keeps the agent from using the sidebar with the mouse. */
export type HostBlock = 'modal-dialog' | 'inert' | 'covered';

export type HostToFrame =
  /** Alt+Shift+key pressed in the CRM (this frame or, relayed, another). */
  | { type: 'shortcut'; key: string }
  /** The page blocks the sidebar (null: it no longer does). Shortcuts still work. */
  | { type: 'blocked'; reason: HostBlock | null }
  /** The CRM window's height, for moving the collapsed handle. */
  | { type: 'viewport'; height: number };

/**
 * How the host should dock: expanded (reserving its width) or collapsed to a small handle whose
 * top is a fraction of the window's height (the agent moves it; the sidebar remembers it).
 */
export type FrameToHost = { type: 'layout'; collapsed: boolean; handleTop: number };

export function isHostToFrame(message: unknown): message is HostToFrame {
  const candidate = message as { type?: unknown; key?: unknown; reason?: unknown } | null;
  if (candidate?.type === 'shortcut') return typeof candidate.key === 'string' && /^[0-9a-z]$/.test(candidate.key);
  if (candidate?.type === 'blocked') return candidate.reason === null || ['modal-dialog', 'inert', 'covered'].includes(candidate.reason as string);
  const height = (message as { height?: unknown }).height;
  return candidate?.type === 'viewport' && typeof height === 'number' && height > 0;
}

export function isFrameToHost(message: unknown): message is FrameToHost {
  const candidate = message as { type?: unknown; collapsed?: unknown; handleTop?: unknown } | null;
  const top = typeof candidate?.handleTop === 'number' && candidate.handleTop >= 0 && candidate.handleTop <= 1;
  return candidate?.type === 'layout' && typeof candidate.collapsed === 'boolean' && top;
}

/** The frame's side: waits for the host's port, accepted only with this frame's nonce. */
export function awaitHostLink(nonce: string, view: Window = window): Promise<MessagePort> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const data = event.data as { type?: unknown; nonce?: unknown } | null;
      if (data?.type !== HOST_LINK_HELLO || data.nonce !== nonce || nonce.length < 16 || !event.ports[0]) return;
      view.removeEventListener('message', onMessage);
      resolve(event.ports[0]);
    };
    view.addEventListener('message', onMessage);
  });
}
