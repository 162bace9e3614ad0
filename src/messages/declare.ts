import { z } from 'zod/mini';

/**
 * Who may send a message. The background's router refuses anyone else before a handler runs, so
 * a handler cannot forget the check (src/background/router.ts).
 */
export type AllowedSender =
  /** The extension's own pages: popup, settings, admin window. */
  | 'extensionPage'
  /** A content script in a tab, on the forum the request names (`forumId`, checked against the tab's URL). */
  | 'forumPage'
  /** Either of the two. */
  | 'extensionPageOrForumPage'
  /** A content script in a tab; the handler knows which tab it expects (the connect flow's capture tab). */
  | 'contentScript'
  /** Anything inside the extension: answers that reveal nothing (health check, version). */
  | 'anyone';

type Fields = Record<string, z.ZodMiniType>;

interface Written {
  from: AllowedSender;
  /** The request's fields besides `type`. */
  request: Fields;
  reply: z.ZodMiniType;
  /**
   * The request names a forum (`forumId`) that must be connected (from an extension page) or be
   * the sending page's own (from a content script); the handler receives it resolved.
   */
  forum?: true;
}

export interface Declaration<Name extends string = string, W extends Written = Written> {
  from: W['from'];
  request: z.ZodMiniObject<{ type: z.ZodMiniLiteral<Name> } & W['request']>;
  reply: W['reply'];
  forum: W['forum'] extends true ? true : false;
}

/** Declares an area's messages: each one's request, reply and allowed sender side by side. */
export function declareMessages<const D extends Record<string, Written>>(
  written: D,
): { [K in keyof D & string]: Declaration<K, D[K]> } {
  const declared = Object.entries(written).map(([name, { from, request, reply, forum }]) => [
    name,
    { from, request: z.object({ type: z.literal(name), ...request }), reply, forum: forum === true },
  ]);
  return Object.fromEntries(declared) as never;
}

export const okReply = z.object({ ok: z.literal(true) });

/** The names of the messages a content script may send, from the declarations themselves. */
export type PageMessageType<Catalog extends Record<string, { from: AllowedSender }>> = {
  [T in keyof Catalog]: Catalog[T]['from'] extends 'forumPage' | 'contentScript' | 'extensionPageOrForumPage'
    ? T
    : never;
}[keyof Catalog] &
  string;
