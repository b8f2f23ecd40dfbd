import { MESSAGE_CHANNEL, type ProtocolReply } from './wire';
import { RequestEnvelope, RequestSchemas, type BackgroundEvent, type RequestOf, type RequestType, type ResponseMap } from './protocol';
import { describeStorageError } from '@/storage/database/storage-errors';
import { fromThisExtension, onRuntimeMessage, sendRuntimeMessage, type MessageSender } from '@/storage/platform/runtime';

export type RequestHandlers = {
  [K in RequestType]: (payload: RequestOf<K>, sender: MessageSender) => Promise<ResponseMap[K]>;
};

/**
 * Background side of the protocol: every request is validated with its Zod schema before its
 * handler runs. Replies go through `sendResponse` + `return true`, because a listener that
 * returns a Promise sends no reply in WXT 0.20+ (no polyfill).
 */
export function serveRequests(handlers: RequestHandlers): void {
  onRuntimeMessage((message, sender, sendResponse) => {
    const reply = handleRequest(handlers, message, sender);
    if (!reply) return false;
    void reply.then(sendResponse);
    return true;
  });
}

/** Validates and runs one request; undefined when the message is not an Iceberg request. */
export function handleRequest(
  handlers: RequestHandlers,
  message: unknown,
  sender: MessageSender,
): Promise<ProtocolReply<unknown>> | undefined {
  if (!fromThisExtension(sender)) return undefined;
  const envelope = RequestEnvelope.safeParse(message);
  if (!envelope.success) return undefined;
  const type = envelope.data.type;
  const payload = RequestSchemas[type].safeParse(envelope.data.payload);
  if (!payload.success) {
    return Promise.resolve({ ok: false, code: 'invalid-message', message: `${type}: ${payload.error.message}` });
  }
  const handler = handlers[type] as (payload: unknown, sender: MessageSender) => Promise<unknown>;
  return handler(payload.data, sender).then(
    (result): ProtocolReply<unknown> => ({ ok: true, result }),
    (error: unknown): ProtocolReply<unknown> => {
      const described = describeStorageError(error);
      return { ok: false, code: described.code, message: described.message };
    },
  );
}

/**
 * Pushes an event to the extension's pages: the in-page sidebar frames, the side panel, the
 * dashboard. Content scripts get none: the CRM page's frames only report. None open is fine.
 */
export async function broadcast(event: BackgroundEvent): Promise<void> {
  await sendRuntimeMessage({ channel: MESSAGE_CHANNEL, event }).catch(() => undefined);
}
