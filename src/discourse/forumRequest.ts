import { DiscourseError, isDiscourseError, said } from './errors';
import { isReadOnly, readReply } from './forumReply';
import type { ForumAuth } from './keyScopes';
import type { Clock, Fetch } from './ports';
import type { ResponseOf, RouteKey } from './schemas';
import type { Lane, Throttle, WriteAction } from './throttle';

/**
 * One request to a forum with a key: the URL and key headers, the fetch through the forum's
 * throttle, retries of reads, and redirects (a key never follows one off the forum). The answer
 * is read by forumReply.ts.
 */

export interface RequestOptions {
  /** The forum's base URL with its subfolder, no trailing slash: `https://forum.example/forum`. */
  baseUrl: string;
  auth: ForumAuth;
  fetch: Fetch;
  clock: Clock;
  throttle: Throttle;
  /** GET retries on network errors, 502 and 503 (not read-only). */
  retries?: number;
  retryBaseMs?: number;
  /** Tells Offline from Network; defaults to "online". */
  isOnline?: () => boolean;
}

export type Query = Record<string, string | number | boolean | undefined | (string | number)[]>;

export interface RequestSpec<K extends RouteKey> {
  route: K;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: Query;
  body?: unknown;
  /** The Discourse per-action limiters this write counts in (the throttle spaces them). */
  actions?: WriteAction[];
}

export function requestUrl(baseUrl: string, path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === false) continue;
    if (Array.isArray(value)) for (const v of value) params.append(`${key}[]`, String(v));
    else params.set(key, String(value));
  }
  const search = params.toString();
  return `${baseUrl}${path}${search ? `?${search}` : ''}`;
}

function keyHeaders(auth: ForumAuth, hasBody: boolean): Record<string, string> {
  return {
    Accept: 'application/json',
    ...(hasBody ? { 'Content-Type': 'application/json' } : {}),
    ...(auth.kind === 'user'
      ? { 'User-Api-Key': auth.key, 'User-Api-Client-Id': auth.clientId }
      : { 'Api-Key': auth.key, 'Api-Username': auth.username }),
  };
}

export async function sendRequest<K extends RouteKey>(
  forum: RequestOptions,
  spec: RequestSpec<K>,
  firstUrl: string,
  lane: Lane,
  longPoll = false,
): Promise<ResponseOf<K>> {
  // A MessageBus poll is a POST that changes nothing: no write spacing, safe to retry.
  const write = spec.method !== 'GET' && spec.route !== 'POST /message-bus/{clientId}/poll';
  const attempts = write ? 1 : 1 + (forum.retries ?? 2);
  let url = firstUrl;
  let redirected = false;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await forum.throttle.run({ lane, write, longPoll, actions: spec.actions }, () =>
        forum.fetch(url, {
          method: spec.method,
          headers: {
            ...keyHeaders(forum.auth, spec.body !== undefined),
            ...(longPoll ? { 'Dont-Chunk': 'true' } : {}),
          },
          ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
          // Never the forum's cookies: a key request must not ride on a browser session.
          credentials: 'omit',
          cache: 'no-store',
          // fetch would carry the key headers along a redirect to any host: redirects are ours to read.
          redirect: 'manual',
        }),
      );
    } catch (error) {
      if (isDiscourseError(error)) throw error;
      // A POST may have happened before the connection died: never send it again blindly.
      if (attempt < attempts) {
        await backoff(forum, attempt);
        continue;
      }
      const online = forum.isOnline?.() ?? true;
      throw new DiscourseError(
        online ? 'Network' : 'Offline',
        online ? said('errorUnreachable', hostOf(forum.baseUrl)) : said('errorOffline'),
      );
    }
    if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      const target = await redirectTarget(forum, url, response, lane);
      const forumOrigin = new URL(forum.baseUrl).origin;
      // Within the forum (its subfolder) a read may follow once; anything leaving it is the user's call.
      if (
        target &&
        target.href !== url &&
        target.href.startsWith(`${forum.baseUrl}/`) &&
        spec.method === 'GET' &&
        !redirected
      ) {
        redirected = true;
        url = target.href;
        attempt--;
        continue;
      }
      if (target && target.origin !== forumOrigin) {
        throw new DiscourseError('Moved', said('errorMovedReconnect', hostOf(forum.baseUrl), target.host), {
          status: response.status,
          location: target.origin,
        });
      }
      // A redirect within the forum that cannot be followed (a write, a loop, a login page): this call fails, the forum stays.
      throw new DiscourseError('BadResponse', said('errorRedirectNotFollowed', hostOf(forum.baseUrl)), {
        status: response.status,
      });
    }
    if (
      !write &&
      attempt < attempts &&
      (response.status === 502 || (response.status === 503 && !(await isReadOnly(response))))
    ) {
      await backoff(forum, attempt);
      continue;
    }
    return readReply(spec, response, { host: hostOf(forum.baseUrl), auth: forum.auth, clock: forum.clock });
  }
}

/**
 * Where a redirect leads. A browser hides an opaque redirect's Location, so the same URL is asked
 * again without the key (nothing secret in it) and the final URL read off that answer.
 */
async function redirectTarget(forum: RequestOptions, url: string, response: Response, lane: Lane): Promise<URL | null> {
  const location = response.headers.get('Location');
  if (location) return safeUrl(location, url);
  // Counted like any request to the forum (it costs the per-IP budget, not the key's).
  const unkeyed = await forum.throttle
    .run({ lane }, () =>
      forum.fetch(url, {
        method: 'GET',
        credentials: 'omit',
        cache: 'no-store',
        headers: { Accept: 'application/json' },
      }),
    )
    .catch(() => null);
  return unkeyed?.url ? safeUrl(unkeyed.url, url) : null;
}

function backoff(forum: RequestOptions, attempt: number): Promise<void> {
  const ms = (forum.retryBaseMs ?? 1000) * 2 ** (attempt - 1);
  return new Promise((resolve) => forum.clock.setTimeout(resolve, ms));
}

function safeUrl(value: string, base: string): URL | null {
  try {
    return new URL(value, base);
  } catch {
    return null;
  }
}

function hostOf(baseUrl: string): string {
  try {
    return new URL(baseUrl).host;
  } catch {
    return 'the forum';
  }
}
