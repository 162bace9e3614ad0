/**
 * Every kind of failure, from the forum to the UI: the forum's answers (src/discourse), the
 * background's refusals and the messaging layer's own. Each maps to one visible state and one
 * next step (src/ui/errorSteps.ts), worded in public/_locales.
 */
export const errorKinds = [
  // The forum's answers (forumRequest.ts, forumReply.ts, connect flows).
  'RateLimited',
  'InvalidKey',
  'Forbidden',
  'NotFound',
  'Validation',
  'EditConflict',
  'ReadOnly',
  'Offline',
  'Network',
  'BadResponse',
  /** The forum answers a keyed request with a redirect to another origin: the key is not sent there. */
  'Moved',
  /** An admin-only action on a forum without an admin key. */
  'NoAdminKey',
  // Between the extension's contexts.
  /** The request broke the protocol (a page or an older build sent junk). */
  'BadRequest',
  /** The background's reply broke the protocol. */
  'BadReply',
  /** The background did not answer (worker not running, extension updated). */
  'NoReceiver',
  /** A bug: the background says which request failed and nothing more. */
  'Internal',
] as const;
export type ErrorKind = (typeof errorKinds)[number];
