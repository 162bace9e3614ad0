import type { ErrorKind } from '../discourse/errorKinds';
import { t } from './i18n';
import { messages, replyEnvelopeSchema, type MessageError, type MessageReply, type MessageRequest } from './protocol';

export type Result<T> = { ok: true; data: T } | { ok: false; error: MessageError };

/** What `runtime.sendMessage` looks like; passed in so this file runs in unit tests without a browser. */
export type SendMessage = (message: unknown) => Promise<unknown>;

/**
 * Sends a typed request to the background and validates what comes back. Never throws: a dead
 * worker, a malformed reply or an error from the background all arrive as `{ ok: false }`.
 */
export async function sendRequest<R extends MessageRequest>(
  sendMessage: SendMessage,
  request: R,
): Promise<Result<MessageReply<R['type']>>> {
  type T = R['type'];
  const type: T = request.type;
  const declaration = messages[type];
  const checked = declaration.request.safeParse(request);
  if (!checked.success) return fail('BadRequest', `Invalid ${type} request: ${checked.error.issues[0]?.message}`);

  let raw: unknown;
  try {
    raw = await sendMessage(checked.data);
  } catch (error) {
    // Chrome: "Could not establish connection. Receiving end does not exist."
    return fail('NoReceiver', t('errorNoBackground', errorText(error)));
  }
  const reply = replyEnvelopeSchema.safeParse(raw);
  if (!reply.success) return fail('BadReply', t('errorUnreadableReply', type));
  if (!reply.data.ok) return { ok: false, error: reply.data.error };

  const data = declaration.reply.safeParse(reply.data.data);
  if (!data.success) return fail('BadReply', t('errorReplyShape', type));
  return { ok: true, data: data.data as MessageReply<T> };
}

function fail(kind: ErrorKind, message: string): { ok: false; error: MessageError } {
  return { ok: false, error: { kind, message } };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
