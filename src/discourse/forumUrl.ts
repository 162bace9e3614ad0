import { said, wording } from './errors';

/**
 * Turns what a user types or the tab they are on into a forum's base URL: scheme (https unless
 * given), lower-case host, no trailing slash, a subfolder kept, and Discourse's own routes
 * (`/latest`, `/t/…`, `/c/…`, `/u/…`, …) cut off so a link to any page of the forum works.
 */
const DISCOURSE_ROUTES =
  /\/(latest|new|unread|top|hot|categories|c|t|u|tag|tags|g|groups|badges|search|about|faq|guidelines|tos|privacy|login|signup|my|review|admin|session|user-api-key|posts|notifications|chat|docs)(?=\/|$|\.json)/;

export class ForumUrlError extends Error {
  override readonly name = 'ForumUrlError';
}

export function normalizeForumUrl(input: string, basePath?: string): string {
  const text = input.trim();
  if (!text) throw new ForumUrlError(wording(said('errorUrlEmpty')));
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ForumUrlError(wording(said('errorUrlNotWeb', text)));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ForumUrlError(wording(said('errorUrlScheme')));
  if (url.username || url.password) throw new ForumUrlError(wording(said('errorUrlCredentials')));
  let path = url.pathname.replace(/\/+$/, '');
  const base = basePath?.replace(/\/+$/, '');
  // The page told us its base (meta discourse-base-uri): used only if it is a plain path that the
  // page's own path starts with. A page could say "@other.example" to name another host.
  if (base !== undefined && /^(\/[\w.~%-]+)*$/.test(base) && (path === base || path.startsWith(`${base}/`))) {
    path = base;
  } else {
    const route = DISCOURSE_ROUTES.exec(path);
    if (route) path = path.slice(0, route.index);
    path = path.replace(/\/index\.html?$/, '');
  }
  return `${url.protocol}//${url.host.toLowerCase()}${path}`;
}

/** The match pattern for a forum's host permission: the whole origin, as Discourse serves under it. */
export function originPattern(baseUrl: string): string {
  const url = new URL(baseUrl);
  return `${url.protocol}//${url.hostname}/*`;
}

/** A stable id for a forum (its base URL), safe as a storage key. */
export function forumId(baseUrl: string): string {
  return baseUrl.replace(/^https?:\/\//, '').replace(/[^a-z0-9.-]+/gi, '_');
}

/** Is `url` a page of the forum at `baseUrl` (same origin, so same scheme: no downgrade)? */
export function onForum(url: string, baseUrl: string): boolean {
  try {
    return new URL(url, baseUrl).origin === new URL(baseUrl).origin && /^https?:$/.test(new URL(url, baseUrl).protocol);
  } catch {
    return false;
  }
}

/**
 * A plain-http forum off this computer: its key would cross the network unencrypted (and any
 * proxy on the way could read it), so it is refused. Loopback is allowed (a local test forum).
 */
export function insecureRemote(baseUrl: string): boolean {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:') return false;
  return !/^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i.test(url.hostname);
}

/**
 * A link to a topic or a post of this forum, as an admin pastes it: `…/t/{slug}/{id}/{post}`,
 * `…/t/{id}[/{post}]`, with or without the forum's subfolder, a trailing `?u=` or `#`. Read as
 * Discourse's TOPIC_URL_REGEXP reads it (a slug has a non-digit). Null for anything else,
 * including links to another site.
 */
export function parseTopicLink(input: string, baseUrl: string): { topicId: number; postNumber?: number } | null {
  let url: URL;
  try {
    url = new URL(input.trim(), baseUrl);
  } catch {
    return null;
  }
  const base = new URL(baseUrl);
  if (url.origin !== base.origin) return null;
  const basePath = base.pathname.replace(/\/$/, '');
  const path = basePath && url.pathname.startsWith(`${basePath}/`) ? url.pathname.slice(basePath.length) : url.pathname;
  const match = /^\/t\/(?:[^/]*[^\d/][^/]*\/)?(\d+)(?:\/(\d+))?\/?$/.exec(path);
  if (!match) return null;
  return { topicId: Number(match[1]), ...(match[2] ? { postNumber: Number(match[2]) } : {}) };
}

/**
 * An image the forum names (an avatar template `/user_avatar/…/{size}/…png`, a logo; schemaless
 * `//host/…`, or absolute) as an absolute URL (at `size` pixels for a template), on the forum's
 * scheme and host when it names none.
 */
export function absoluteImageUrl(baseUrl: string, template: string, size = 48): string {
  const path = template.replace('{size}', String(size));
  if (/^https?:\/\//.test(path)) return path;
  if (path.startsWith('//')) return `${new URL(baseUrl).protocol}${path}`;
  return `${new URL(baseUrl).origin}${path.startsWith('/') ? '' : '/'}${path}`;
}
