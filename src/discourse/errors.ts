import { formatTime, say, type MessageKey } from '../messages/i18n';
import type { ErrorKind } from './errorKinds';

/**
 * The one error the extension throws on purpose, from the forum client to the message router:
 * a kind of src/discourse/errorKinds.ts, a message in the reader's language, and the facts the
 * UI acts on. Callers never see a raw Error or a bare HTTP status. Messages are safe to show and
 * to log: they never contain a key, a header or a URL with credentials.
 */
export type { ErrorKind };

export interface DiscourseErrorDetails {
  /** HTTP status, when there was a response. */
  status?: number;
  /** RateLimited: epoch ms when trying again makes sense. */
  until?: number;
  /** RateLimited: the whole forum is paused (global), one action is limited, or our own background budget is spent. */
  scope?: 'global' | 'action' | 'budget';
  /** Validation, Forbidden (and an unconfirmed InvalidKey): the server's own words. */
  errors?: string[];
  /** BadResponse: where the reply first broke the schema, e.g. "topic_list.topics.3.id". */
  path?: string;
  /** EditConflict: the post's text as it is now, so the user can compare before editing again. */
  currentRaw?: string | null;
  /** Moved: the origin the forum now redirects to (never the full URL: it could carry anything). */
  location?: string;
}

/** A message of public/_locales by key, with its arguments: how this layer words what went wrong. */
export interface Text {
  key: MessageKey;
  args: (string | number)[];
}
export const said = (key: MessageKey, ...args: (string | number)[]): Text => ({ key, args });

/**
 * In the reader's language, through the extension's one translation layer (synchronous: it reads
 * `i18n.getMessage` where there is one, and unit tests install its stand-in). A forum's own words
 * (a string) stay as the forum wrote them.
 */
export const wording = (text: string | Text): string =>
  typeof text === 'string' ? text : say(text.key, text.args) || text.key;

export class DiscourseError extends Error {
  override readonly name = 'DiscourseError';

  constructor(
    readonly kind: ErrorKind,
    message: string | Text,
    readonly details: DiscourseErrorDetails = {},
  ) {
    super(wording(message));
  }

  /** The shape sent between extension contexts. */
  toJSON(): { kind: ErrorKind; message: string; details: DiscourseErrorDetails } {
    return { kind: this.kind, message: this.message, details: this.details };
  }
}

export const rateLimited = (until: number, scope: 'global' | 'action' | 'budget', message?: string | Text) =>
  new DiscourseError('RateLimited', message ?? said('errorRateLimitedUntil', formatTime(until)), {
    until,
    scope,
    status: 429,
  });

export function isDiscourseError(error: unknown, kind?: ErrorKind): error is DiscourseError {
  return error instanceof DiscourseError && (kind === undefined || error.kind === kind);
}
