import type { AllowedSender } from '../messages/declare';
import {
  messageTypeSchema,
  messages,
  type MessageError,
  type MessageReply,
  type MessageRequest,
  type MessageType,
  type ReplyEnvelope,
} from '../messages/protocol';
import { isDiscourseError, said, wording } from '../discourse/errors';

/** Who sent a message: enough to tell an extension page from a content script on some forum. */
export interface Sender {
  /** Set for content scripts and extension tabs. */
  url?: string;
  tabId?: number;
}

/** What a handler gets besides the request: the sender, and the forum the request names when declared `forum: true`. */
export interface Context<Forum> {
  sender: Sender;
  forum: Forum;
}

type ForumOf<T extends MessageType, Forum> = (typeof messages)[T]['forum'] extends true ? Forum : undefined;

export type Handlers<Forum> = {
  [T in MessageType]: (request: MessageRequest<T>, context: Context<ForumOf<T, Forum>>) => Promise<MessageReply<T>>;
};

/** How the router tells senders apart and finds the forum a request names. */
export interface SenderChecks<Forum> {
  isExtensionPage(sender: Sender): boolean;
  /** The connected forum an extension page names; throws NotFound when it is not (any more). */
  connectedForum(forumId: string): Promise<Forum>;
  /** The forum of the sending tab's page; throws Forbidden unless it is the one named. */
  pageForum(sender: Sender, forumId: string): Promise<Forum>;
}

/**
 * Validates each incoming message, refuses a sender its declaration does not allow, resolves the
 * forum it names, runs its handler and wraps the outcome in a reply envelope. Handler output is
 * validated too, so a bug here shows up as a clear error, not as a UI that trusts junk.
 */
export function createRouter<Forum>(handlers: Handlers<Forum>, checks: SenderChecks<Forum>) {
  return async function route(message: unknown, sender: Sender): Promise<ReplyEnvelope> {
    // The name first: a sender that may not send this message gets no further, not even validation.
    const named = messageTypeSchema.safeParse(message);
    if (!named.success) return rejected(named.error);
    const declaration = messages[named.data.type];
    const fromExtensionPage = checks.isExtensionPage(sender);
    if (!allowed(declaration.from, fromExtensionPage, sender)) {
      return failure({
        kind: 'Forbidden',
        message: wording(said(fromExtensionPage ? 'errorForumPagesOnly' : 'errorExtensionPagesOnly')),
      });
    }
    const parsed = declaration.request.safeParse(message);
    if (!parsed.success) return rejected(parsed.error);
    const request = parsed.data as MessageRequest;
    const handler = handlers[request.type] as unknown as (
      r: MessageRequest,
      c: Context<Forum | undefined>,
    ) => Promise<unknown>;
    try {
      let forum: Forum | undefined;
      if (declaration.forum && 'forumId' in request) {
        forum = fromExtensionPage
          ? await checks.connectedForum(request.forumId)
          : await checks.pageForum(sender, request.forumId);
      }
      const data = await handler(request, { sender, forum });
      const checked = declaration.reply.safeParse(data);
      if (!checked.success) {
        return failure({ kind: 'Internal', message: wording(said('errorInvalidReply', request.type)) });
      }
      return { ok: true, data: checked.data };
    } catch (error) {
      // Errors thrown on purpose already say what the user needs (RateLimited until, InvalidKey, …), and never carry a key.
      if (isDiscourseError(error))
        return failure({ kind: error.kind, message: error.message, details: { ...error.details } });
      // Unknown errors may carry URLs or headers: say only which request failed.
      console.error(`[companion] ${request.type} failed`, error instanceof Error ? error.name : typeof error);
      return failure({ kind: 'Internal', message: wording(said('errorHandlingFailed', request.type)) });
    }
  };
}

/** A content script is any sender in a tab that is not an extension page. */
function allowed(from: AllowedSender, fromExtensionPage: boolean, sender: Sender): boolean {
  const fromContentScript = !fromExtensionPage && sender.tabId !== undefined;
  switch (from) {
    case 'anyone':
      return true;
    case 'extensionPage':
      return fromExtensionPage;
    case 'forumPage':
    case 'contentScript':
      return fromContentScript;
    case 'extensionPageOrForumPage':
      return fromExtensionPage || fromContentScript;
  }
}

function rejected(error: { issues: { path: PropertyKey[]; message: string }[] }): ReplyEnvelope {
  const issue = error.issues[0];
  return failure({
    kind: 'BadRequest',
    message: wording(said('errorRejectedMessage', issue?.path.join('.') || 'message', issue?.message ?? 'invalid')),
  });
}

function failure(error: MessageError): ReplyEnvelope {
  return { ok: false, error };
}
