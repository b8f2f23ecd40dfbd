import { browser, type Browser } from 'wxt/browser';

/**
 * The extension runtime: messages between the extension's own contexts, its id and pages.
 * One of the small modules in storage/platform/ that are the only code (with entrypoints/)
 * touching browser APIs; everything else gets what it needs from here.
 */

export type MessageSender = Browser.runtime.MessageSender;

/** Answers `message`; return true to reply later through `sendResponse`. */
export type RuntimeMessageListener = (
  message: unknown,
  sender: MessageSender,
  sendResponse: (reply: unknown) => void,
) => boolean | undefined;

export function extensionId(): string {
  return browser.runtime.id;
}

/** A message from another context of this extension (never from a web page). */
export function fromThisExtension(sender: MessageSender): boolean {
  return sender.id === browser.runtime.id;
}

export function sendRuntimeMessage(message: unknown): Promise<unknown> {
  return browser.runtime.sendMessage(message);
}

export function onRuntimeMessage(listener: RuntimeMessageListener): () => void {
  browser.runtime.onMessage.addListener(listener);
  return () => browser.runtime.onMessage.removeListener(listener);
}

export function openOptionsPage(): Promise<void> {
  return browser.runtime.openOptionsPage();
}

export function onBrowserStartup(listener: () => void): void {
  browser.runtime.onStartup.addListener(listener);
}

/** Whether this context still belongs to a running extension (false once it was reloaded or updated). */
export function extensionAlive(): boolean {
  try {
    return Boolean(browser.runtime?.id);
  } catch {
    return false;
  }
}

/**
 * The URL of one of the extension's pages. For a web-accessible page declared with
 * `use_dynamic_url` it is the session's dynamic URL, which a web page cannot guess.
 */
export function extensionPageUrl(path: `/${string}`): string {
  return browser.runtime.getURL(path as '/sidebar-frame.html');
}

/** The origin of the extension's pages (also of one loaded through a dynamic URL). */
export function extensionOrigin(): string {
  return `chrome-extension://${browser.runtime.id}`;
}
