import {
  anyRequestSchema,
  responseSchemas,
  type MessageError,
  type Reply,
  type Request,
  type RequestType,
  type Response,
} from '../messages/protocol';
import { isDiscourseError, said, wording, type Text } from '../discourse/errors';

/** Who sent a message: enough to tell an extension page from a content script on some forum. */
export interface Sender {
  /** Set for content scripts and extension tabs. */
  url?: string;
  tabId?: number;
}

export type Handlers = {
  [T in RequestType]: (request: Request<T>, sender: Sender) => Promise<Response<T>>;
};

/** An error a handler throws on purpose; its kind and message reach the caller as they are. */
export class HandledError extends Error {
  constructor(
    readonly kind: string,
    message: string | Text,
    readonly details?: Record<string, unknown>,
  ) {
    super(wording(message));
  }
}

/**
 * Validates each incoming message, runs its handler and wraps the outcome in a Reply. Handler
 * output is validated too, so a bug here shows up as a clear error, not as a UI that trusts junk.
 */
export function createRouter(handlers: Handlers) {
  return async function route(message: unknown, sender: Sender): Promise<Reply> {
    const parsed = anyRequestSchema.safeParse(message);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return failure({
        kind: 'BadRequest',
        message: wording(said('errorRejectedMessage', issue?.path.join('.') || 'message', issue?.message ?? 'invalid')),
      });
    }
    const request = parsed.data;
    const handler = handlers[request.type] as unknown as (r: Request, s: Sender) => Promise<unknown>;
    try {
      const data = await handler(request, sender);
      const checked = responseSchemas[request.type].safeParse(data);
      if (!checked.success) {
        return failure({ kind: 'Internal', message: wording(said('errorInvalidReply', request.type)) });
      }
      return { ok: true, data: checked.data };
    } catch (error) {
      if (error instanceof HandledError) {
        return failure({ kind: error.kind, message: error.message, ...(error.details ? { details: error.details } : {}) });
      }
      // Forum errors already say what the user needs (RateLimited until, InvalidKey, …), and never carry a key.
      if (isDiscourseError(error)) return failure({ kind: error.kind, message: error.message, details: { ...error.details } });
      // Unknown errors may carry URLs or headers: say only which request failed.
      console.error(`[companion] ${request.type} failed`, error instanceof Error ? error.name : typeof error);
      return failure({ kind: 'Internal', message: wording(said('errorHandlingFailed', request.type)) });
    }
  };
}

function failure(error: MessageError): Reply {
  return { ok: false, error };
}
