/**
 * Which Discourse page a URL is, as small pure predicates (the Refined GitHub way), each with the
 * example URLs its tests check. Paths are taken after the forum's base path (subfolder installs).
 */
export function routeOf(url: URL, basePath: string): string {
  const path = url.pathname;
  return basePath && path.startsWith(basePath) ? path.slice(basePath.length) || '/' : path;
}

/** `TOPIC_URL_REGEXP` in frontend/discourse/app/lib/url.js, slug optional (MARKUP.md §2.1). */
export const isTopic = (route: string) => /^\/t\/(?:[^/]+\/)?\d+(?:\/\d+)?\/?$/.test(route);
export const isTopicExamples = {
  yes: ['/t/some-topic/123', '/t/some-topic/123/4', '/t/123', '/t/ünïcode-slug/9/'],
  no: ['/latest', '/t/', '/tag/t', '/u/tess'],
};

/**
 * Routes that render a topic list: `Discourse.filters` (lib/discourse.rb: latest unread new
 * unseen top read posted bookmarks hot), `/filter`, `/top/<period>` (older forums), categories
 * and tags, and a user's message inboxes (`/u/<name>/messages[/…]`).
 */
export const isTopicList = (route: string) =>
  /^\/(?:$|(?:latest|new|unread|unseen|top|hot|posted|bookmarks|read|filter)(?:\/[^/]+)?|c\/.+|tag\/.+|tags\/.+|u\/[^/]+\/messages(?:\/.*)?)\/?$/.test(
    route,
  );
export const isTopicListExamples = {
  yes: [
    '/',
    '/latest',
    '/new',
    '/unread',
    '/top/weekly',
    '/posted',
    '/bookmarks',
    '/unseen',
    '/read',
    '/filter',
    '/hot',
    '/c/support/4',
    '/c/support/install/5/l/latest',
    '/tag/howto',
    '/tags/intersection/a/b',
    '/u/tess/messages',
    '/u/tess/messages/sent',
    '/u/tess/messages/group/staff',
  ],
  no: ['/t/a/1', '/u/tess', '/u/tess/activity', '/user-api-key/new', '/latest/x/y'],
};

/** Any forum page but the User API key and login pages (never decorate those). */
export const isForumPage = (route: string) => !/^\/(user-api-key|login|session)/.test(route);
export const isForumPageExamples = { yes: ['/', '/t/a/1', '/u/tess'], no: ['/user-api-key/new', '/login'] };

/**
 * `/t/{slug}/{id}[/{post}]` or `/t/{id}[/{post}]`, as Discourse's TOPIC_URL_REGEXP reads them: a
 * slug has a non-digit, so `/t/123/5` is topic 123, post 5.
 */
export function topicIdOfPath(path: string): number | null {
  const match = /^\/t\/(?:[^/]*[^\d/][^/]*\/)?(\d+)(?:\/\d+)?\/?$/.exec(path);
  return match ? Number(match[1]) : null;
}
