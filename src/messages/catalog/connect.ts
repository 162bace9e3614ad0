import { z } from 'zod/mini';
import { declareMessages, okReply } from '../declare';
import { connectMethod, connectStateSchema } from '../shapes';

const payload = z.string().check(z.maxLength(20_000));

/** Connecting a forum: one flow per attempt, watched by the settings page until it ends. */
export const connectMessages = declareMessages({
  'connect.start': {
    from: 'extensionPage',
    request: {
      url: z.string().check(z.maxLength(2000)),
      /** The forum admin allowlisted this browser's redirect URL (FACTS.md §1.6). */
      allowsRedirect: z.optional(z.boolean()),
      readOnly: z.optional(z.boolean()),
      /** Force a flow instead of probing (the paste box, or a test of one flow). */
      method: z.optional(connectMethod),
    },
    reply: connectStateSchema,
  },
  'connect.status': { from: 'extensionPage', request: { flowId: z.string() }, reply: connectStateSchema },
  'connect.paste': { from: 'extensionPage', request: { flowId: z.string(), payload }, reply: connectStateSchema },
  'connect.cancel': { from: 'extensionPage', request: { flowId: z.string() }, reply: okReply },
  /** From the capture script in the no-redirect tab (the flow checks it is that tab): the payload Discourse showed. */
  'connect.captured': { from: 'contentScript', request: { payload }, reply: okReply },
});
