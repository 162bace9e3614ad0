import { z } from 'zod/mini';
import { adminMessages } from './catalog/admin';
import { composeMessages } from './catalog/compose';
import { connectMessages } from './catalog/connect';
import { dataMessages } from './catalog/data';
import { forumMessages } from './catalog/forums';
import { inboxMessages } from './catalog/inbox';
import { pageMessages } from './catalog/page';
import { errorKinds } from '../discourse/errorKinds';

/**
 * The one protocol between extension contexts. Popup, options and content scripts never touch the
 * network or a key: they send one of these messages, and the background answers with a reply.
 * Each message is declared once (src/messages/catalog/): its request, its reply and who may send
 * it. Both directions are validated with zod on receipt, because a message can come from an older
 * build of the other side (after an update) or, for content scripts, from a page we do not trust.
 */
export const messages = {
  ...forumMessages,
  ...connectMessages,
  ...inboxMessages,
  ...composeMessages,
  ...pageMessages,
  ...adminMessages,
  ...dataMessages,
};

export type MessageType = keyof typeof messages;
export type MessageRequest<T extends MessageType = MessageType> = z.infer<(typeof messages)[T]['request']>;
export type MessageReply<T extends MessageType> = z.infer<(typeof messages)[T]['reply']>;

/** A message's name, read before anything else in it: the router checks the sender first. */
export const messageTypeSchema = z.object({ type: z.enum(Object.keys(messages) as [MessageType, ...MessageType[]]) });

/** Every failure a caller can see. `kind` picks the UI state; `message` is safe to show (never a key). */
export const messageErrorSchema = z.object({
  // A kind from a newer build reads as Internal: the message still says what happened.
  kind: z.catch(z.enum(errorKinds), 'Internal'),
  message: z.string(),
  /** Kind-specific facts the UI acts on (e.g. `until` for a rate limit). */
  details: z.optional(z.record(z.string(), z.unknown())),
});
export type MessageError = z.infer<typeof messageErrorSchema>;

export const replyEnvelopeSchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: messageErrorSchema }),
]);
export type ReplyEnvelope = z.infer<typeof replyEnvelopeSchema>;

export * from './shapes';
