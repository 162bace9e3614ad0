import { z } from 'zod/mini';
import { declareMessages, okReply } from '../declare';
import { readingItemSchema, settingsViewSchema, shortText, forumIdSchema } from '../shapes';
import { userDataSchema } from '../userData';

/** What the user keeps: settings, the reading list, their own data, export and import. */
export const dataMessages = declareMessages({
  'settings.get': { from: 'extensionPage', request: {}, reply: settingsViewSchema },
  'settings.set': {
    from: 'extensionPage',
    request: { settings: z.partial(settingsViewSchema) },
    reply: settingsViewSchema,
  },
  // Not `forum: true`: a forum disconnected since keeps its saved posts until the user removes them.
  'readingList.get': { from: 'extensionPage', request: {}, reply: z.object({ items: z.array(readingItemSchema) }) },
  'readingList.remove': {
    from: 'extensionPage',
    request: { forumId: forumIdSchema, topicId: z.number(), postNumber: z.number() },
    reply: okReply,
  },
  'data.get': { from: 'extensionPage', request: {}, reply: userDataSchema },
  // The change is checked by the background against the full schema, which words what is wrong.
  'data.set': { from: 'extensionPage', request: { data: z.record(z.string(), z.unknown()) }, reply: userDataSchema },
  'data.export': { from: 'extensionPage', request: {}, reply: z.object({ text: z.string() }) },
  'data.import': { from: 'extensionPage', request: { text: shortText(200_000) }, reply: userDataSchema },
});
