// @vitest-environment node
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DiscourseClient } from '../../src/discourse/client';
import type { ForumAuth } from '../../src/discourse/keyScopes';
import { isDiscourseError } from '../../src/discourse/errors';
import { memoryStore, systemClock, type Fetch } from '../../src/discourse/ports';
import { defaultLimits, Throttle } from '../../src/discourse/throttle';
import { mintKeyForUser, newHandshake, probeForum } from '../../src/discourse/userApiKeys';

// Issue 12: fetch follows redirects and keeps custom headers (User-Api-Key, Api-Key, Api-Username)
// across origins. A forum that moved, or a proxy in front of it, must never receive a key.

const KEY = 'k'.repeat(64);
let forum: Server;
let elsewhere: Server;
let forumUrl = '';
let elsewhereUrl = '';
const seenElsewhere: IncomingHttpHeaders[] = [];

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );

beforeAll(async () => {
  elsewhere = createServer((req, res) => {
    seenElsewhere.push(req.headers);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"unread_notifications":0}');
  });
  elsewhereUrl = await listen(elsewhere);
  forum = createServer((req, res) => {
    // Within the forum, the totals move to a new URL (keyed: the count; anonymous: 403);
    // everything else has moved to another host.
    if (req.url === '/notifications/totals.json')
      return res.writeHead(301, { Location: '/notifications/totals.json?v=2' }).end();
    if (req.url === '/notifications/totals.json?v=2') {
      return req.headers['user-api-key']
        ? res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"unread_notifications":4}')
        : res.writeHead(403).end();
    }
    res.writeHead(302, { Location: `${elsewhereUrl}${req.url}` }).end();
  });
  forumUrl = await listen(forum);
});
afterAll(() => {
  forum.close();
  elsewhere.close();
});

function client(auth: ForumAuth, fetch: Fetch = globalThis.fetch, baseUrl = forumUrl) {
  const throttle = new Throttle({
    id: 'f',
    limits: defaultLimits('user'),
    clock: systemClock,
    storage: { session: memoryStore(), local: memoryStore() },
  });
  return new DiscourseClient({ baseUrl, auth, fetch, clock: systemClock, throttle });
}
const keyed = (headers: IncomingHttpHeaders) => ['user-api-key', 'api-key', 'api-username'].filter((h) => h in headers);

/** A browser's fetch: `redirect: 'manual'` gives an opaque redirect whose Location cannot be read. */
const browserLikeFetch: Fetch = async (input, init) => {
  const res = await globalThis.fetch(input, init);
  if (init?.redirect === 'manual' && res.status >= 300 && res.status < 400)
    return { type: 'opaqueredirect', status: 0, ok: false, headers: new Headers(), url: '' } as unknown as Response;
  return res;
};

describe('a request carrying a key never follows a redirect to another origin', () => {
  it.each([
    ['a user key', { kind: 'user', key: KEY, clientId: 'c', scopes: ['read', 'write'] } as ForumAuth],
    ['an admin key', { kind: 'admin', key: KEY, username: 'ada' } as ForumAuth],
  ])('%s: the other server gets nothing, and the forum is said to have moved there', async (_name, auth) => {
    seenElsewhere.length = 0;
    for (const fetch of [globalThis.fetch, browserLikeFetch]) {
      const error = await client(auth, fetch)
        .topics('latest')
        .catch((e: unknown) => e);
      expect(isDiscourseError(error, 'Moved')).toBe(true);
      expect((error as { details: { location?: string } }).details.location).toBe(elsewhereUrl);
      expect((error as Error).message).toContain(new URL(elsewhereUrl).host);
      expect((error as Error).message).not.toContain(KEY);
    }
    expect(seenElsewhere.map(keyed)).toEqual(seenElsewhere.map(() => []));
  });

  it('the admin key-mint call is held to the same rule', async () => {
    seenElsewhere.length = 0;
    const error = await mintKeyForUser(
      globalThis.fetch,
      forumUrl,
      { key: KEY, username: 'ada' },
      'tess',
      await newHandshake('c', ['read']),
    ).catch((e: unknown) => e);
    expect(isDiscourseError(error, 'Moved')).toBe(true);
    expect(seenElsewhere).toHaveLength(0);
  });

  it('a read redirected within the forum is followed, with the key, once (Location read, or found without the key)', async () => {
    for (const fetch of [globalThis.fetch, browserLikeFetch]) {
      const totals = await client({ kind: 'user', key: KEY, clientId: 'c', scopes: ['notifications'] }, fetch).totals();
      expect(totals.unread_notifications).toBe(4);
    }
  });
});

describe('connecting never silently adopts another origin', () => {
  it('a forum address that redirects to another host is named, not connected', async () => {
    const error = await probeForum(globalThis.fetch, forumUrl).catch((e: unknown) => e);
    expect(isDiscourseError(error, 'Moved')).toBe(true);
    expect((error as Error).message).toContain(elsewhereUrl);
  });
});
