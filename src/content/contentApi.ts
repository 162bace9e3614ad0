import { t } from '../messages/i18n';
import { extensionApi } from '../messages/extensionApi';
import { errorKinds, type ErrorKind } from '../discourse/errorKinds';
import type { PageMessageType } from '../messages/declare';
import type { MessageError, MessageRequest, MessageType, MessageReply, messages } from '../messages/protocol';

/**
 * The content scripts' only line to the background: typed messages about their own forum.
 * Written without the polyfill and zod, which were two thirds of every content script: both
 * browsers' `runtime.sendMessage` return a promise in MV3, the background validates every request
 * on receipt, and a reply (from our own worker, maybe an older build after an update) is checked
 * here for exactly the fields its caller reads.
 */
/** The messages a content script may send, as their declarations say. */
type ContentRequest = MessageRequest<PageMessageType<typeof messages>>;
export type ContentResult<T> = { ok: true; data: T } | { ok: false; error: MessageError };
export type SendMessage = (message: unknown) => Promise<unknown>;

type Shape = (data: Record<string, unknown>) => boolean;
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isList = (value: unknown, item: (entry: unknown) => boolean) => Array.isArray(value) && value.every(item);
const isStringList = (value: unknown) => isList(value, isString);

/** What each reply must hold before a feature reads it; replies checked only for `ok` are absent. */
const replyShapes: Partial<Record<MessageType, Shape>> = {
  'content.init': ({ forum, features, data }) =>
    (forum === null || (isObject(forum) && isString(forum.id) && isString(forum.baseUrl))) &&
    isObject(features) &&
    isObject(data) &&
    isList(data.templates, (t) => isObject(t) && isString(t.id) && isString(t.name) && isString(t.body)) &&
    isObject(data.notes) &&
    Object.values(data.notes).every(isString) &&
    isObject(data.filters) &&
    ['users', 'keywords', 'categories', 'tags'].every((key) =>
      isStringList((data.filters as Record<string, unknown>)[key]),
    ),
  'content.postRaw': ({ raw }) => isString(raw),
};

function defaultSend(message: unknown): Promise<unknown> {
  return extensionApi().runtime.sendMessage(message);
}

export async function ask<R extends ContentRequest>(
  request: R,
  send: SendMessage = defaultSend,
): Promise<ContentResult<MessageReply<R['type']>>> {
  let reply: unknown;
  try {
    reply = await send(request);
  } catch (error) {
    return fail('NoReceiver', t('errorNoBackground', error instanceof Error ? error.message : String(error)));
  }
  if (
    isObject(reply) &&
    reply.ok === false &&
    isObject(reply.error) &&
    isString(reply.error.kind) &&
    isString(reply.error.message)
  ) {
    const kind = errorKinds.includes(reply.error.kind as ErrorKind) ? (reply.error.kind as ErrorKind) : 'Internal';
    return { ok: false, error: { kind, message: reply.error.message } };
  }
  if (!isObject(reply) || reply.ok !== true || !isObject(reply.data))
    return fail('BadReply', t('errorUnreadableReply', request.type));
  const shape = replyShapes[request.type];
  if (shape && !shape(reply.data)) return fail('BadReply', t('errorReplyShape', request.type));
  return { ok: true, data: reply.data as MessageReply<R['type']> };
}

function fail(kind: ErrorKind, message: string): { ok: false; error: MessageError } {
  return { ok: false, error: { kind, message } };
}

export const contentApi = { ask: <R extends ContentRequest>(request: R) => ask(request) };
export type ContentApi = typeof contentApi;
