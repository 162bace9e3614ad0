import { t } from '../messages/i18n';
import { DiscourseError, said, wording } from '../discourse/errors';
import browser from 'webextension-polyfill';
import { z } from 'zod/mini';
import { userDataSchema, type Filters, type UserData } from '../messages/userData';

/**
 * Where the user's own data lives: no secrets, so it syncs through `storage.sync`, one item per
 * kind to stay inside sync's 8 KB per item. The schema is the protocol's (src/messages/userData.ts).
 */
export type { UserData };

export const defaultUserData: UserData = {
  templates: [
    { id: 'welcome', name: t('templateWelcomeName'), body: t('templateWelcomeBody') },
    { id: 'solved', name: t('templateSolvedName'), body: t('templateSolvedBody') },
  ],
  notes: {},
  filters: { users: [], keywords: [], categories: [], tags: [] },
  forumFilters: {},
  features: {
    postActions: true,
    quickReplyTemplates: true,
    userNotes: true,
    topicListFilters: true,
    badgeFromPage: true,
    adminActions: true,
  },
  forumOverrides: {},
};

const KINDS = ['templates', 'notes', 'filters', 'forumFilters', 'features', 'forumOverrides'] as const;
const SYNC_ITEM_LIMIT = 8_000;

export async function loadUserData(): Promise<UserData> {
  const stored = (await browser.storage.sync.get(KINDS.map((k) => `data:${k}`)).catch(() => ({}))) as Record<
    string,
    unknown
  >;
  const out: Record<string, unknown> = {};
  for (const kind of KINDS) {
    const parsed = userDataSchema.shape[kind].safeParse(stored[`data:${kind}`]);
    out[kind] = parsed.success ? parsed.data : defaultUserData[kind];
  }
  return out as UserData;
}

/**
 * What a forum's pages are told (`null`: a page of no connected forum): the templates, notes and
 * filters meant for that forum or for every forum, never another forum's, since a forum's own
 * scripts can read whatever its page holds.
 */
export function pageDataFor(data: UserData, baseUrl: string | null) {
  const own = baseUrl === null ? undefined : data.forumFilters[baseUrl];
  const merged = (kind: keyof Filters) => [...new Set([...data.filters[kind], ...(own?.[kind] ?? [])])];
  return {
    templates: data.templates
      .filter((template) => template.forum === undefined || template.forum === baseUrl)
      .map(({ id, name, body }) => ({ id, name, body })),
    notes:
      baseUrl === null
        ? {}
        : Object.fromEntries(Object.entries(data.notes).filter(([key]) => key.startsWith(`${baseUrl}|`))),
    filters: {
      users: merged('users'),
      keywords: merged('keywords'),
      categories: merged('categories'),
      tags: merged('tags'),
    },
  };
}

export class UserDataError extends Error {}

/** For a message's `.catch`: data the user gave that cannot be kept is answered as a Validation error, in its sentence. */
export function dataError(error: unknown): never {
  if (error instanceof UserDataError) throw new DiscourseError('Validation', error.message);
  throw error;
}

/** Saves some kinds; refuses (with a sentence) what would not fit in one sync item. */
export async function saveUserData(change: Partial<UserData>): Promise<UserData> {
  const next = { ...(await loadUserData()), ...change };
  const checked = userDataSchema.safeParse(next);
  if (!checked.success) throw new UserDataError(describeIssue(checked.error));
  const items: Record<string, unknown> = {};
  for (const kind of Object.keys(change) as (keyof UserData)[]) {
    const size = JSON.stringify(checked.data[kind]).length + kind.length + 5;
    if (size > SYNC_ITEM_LIMIT)
      throw new UserDataError(wording(said('errorTooLargeToSync', kind, size, SYNC_ITEM_LIMIT)));
    items[`data:${kind}`] = checked.data[kind];
  }
  await browser.storage.sync.set(items);
  return checked.data;
}

export function describeIssue(error: { issues: { path: PropertyKey[]; message: string }[] }): string {
  const issue = error.issues[0];
  return `${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}`;
}

/** The export file: settings and user data, never keys. */
export const exportSchema = z.object({
  format: z.literal('discourse-companion-settings'),
  version: z.literal(1),
  exportedAt: z.string(),
  settings: z.unknown(),
  data: userDataSchema,
});
