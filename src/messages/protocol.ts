import { z } from 'zod/mini';

// Extension CSP forbids eval; without this zod probes `new Function` and logs a CSP violation.
z.config({ jitless: true });

// zod/mini: the same validation at a fraction of the size, which matters in content scripts.

/**
 * The one protocol between extension contexts. Popup, options and content scripts never touch the
 * network or a key: they send one of these requests, and the background answers with a Reply.
 * Both directions are validated with zod on receipt, because a message can come from an older
 * build of the other side (after an update) or, for content scripts, from a page we do not trust.
 */

export const requestSchemas = {
  ping: z.object({ type: z.literal('ping'), sentAt: z.number() }),
  about: z.object({ type: z.literal('about') }),
} as const;

export const responseSchemas = {
  ping: z.object({ pong: z.literal(true), sentAt: z.number(), answeredAt: z.number(), version: z.string() }),
  about: z.object({
    version: z.string(),
    browser: z.enum(['chrome', 'firefox']),
    redirectUrl: z.string(),
  }),
} satisfies { [K in keyof typeof requestSchemas]: z.ZodMiniType };

export type RequestType = keyof typeof requestSchemas;
export type Request<T extends RequestType = RequestType> = z.infer<(typeof requestSchemas)[T]>;
export type Response<T extends RequestType> = z.infer<(typeof responseSchemas)[T]>;

export const anyRequestSchema = z.discriminatedUnion(
  'type',
  Object.values(requestSchemas) as unknown as [
    (typeof requestSchemas)[RequestType],
    ...(typeof requestSchemas)[RequestType][],
  ],
);

/** Every failure a caller can see. `kind` picks the UI state; `message` is safe to show (never a key). */
export const errorKinds = [
  'BadRequest',
  'BadReply',
  'NoReceiver',
  'Internal',
] as const;
export type ErrorKind = (typeof errorKinds)[number];

export const messageErrorSchema = z.object({
  kind: z.string(),
  message: z.string(),
  /** Kind-specific facts the UI acts on (e.g. `until` for a rate limit). */
  details: z.optional(z.record(z.string(), z.unknown())),
});
export type MessageError = z.infer<typeof messageErrorSchema>;

export const replySchema = z.union([
  z.object({ ok: z.literal(true), data: z.unknown() }),
  z.object({ ok: z.literal(false), error: messageErrorSchema }),
]);
export type Reply = z.infer<typeof replySchema>;
