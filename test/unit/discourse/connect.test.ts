// @vitest-environment node
import { constants, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ForumUrlError,
  insecureRemote,
  normalizeForumUrl,
  onForum,
  originPattern,
} from '../../../src/discourse/forumUrl';
import { isDiscourseError, type DiscourseError } from '../../../src/discourse/errors';
import {
  acceptPayload,
  authorizationUrl,
  newHandshake,
  probeRefused,
  requestDeviceCode,
} from '../../../src/discourse/userApiKeys';

describe('normalizeForumUrl', () => {
  it.each([
    ['meta.discourse.org', 'https://meta.discourse.org'],
    ['https://Meta.Discourse.org/', 'https://meta.discourse.org'],
    ['https://meta.discourse.org/latest', 'https://meta.discourse.org'],
    ['https://meta.discourse.org/t/some-topic/12345/7', 'https://meta.discourse.org'],
    ['https://example.com/forum/c/support/4', 'https://example.com/forum'],
    ['https://example.com/forum/', 'https://example.com/forum'],
    ['http://127.0.0.1:4200/latest.json', 'http://127.0.0.1:4200'],
    ['https://community.example/u/tess/summary', 'https://community.example'],
  ])('%s → %s', (input, expected) => expect(normalizeForumUrl(input)).toBe(expected));

  it('trusts the base path a page declares over guessing', () => {
    expect(normalizeForumUrl('https://example.com/community/some/page', '/community')).toBe(
      'https://example.com/community',
    );
  });
  it('refuses what is not a forum address, with a sentence a person understands', () => {
    expect(() => normalizeForumUrl('')).toThrow(ForumUrlError);
    expect(() => normalizeForumUrl('ftp://example.com')).toThrow(/http and https/);
    expect(() => normalizeForumUrl('https://user:pw@example.com')).toThrow(/user name/);
    expect(() => normalizeForumUrl('http://exa mple')).toThrow(/not a web address/);
  });
  it('asks for the whole origin as the host permission', () => {
    expect(originPattern('https://example.com:8443/forum')).toBe('https://example.com/*');
  });
});

describe('acceptPayload (FACTS.md §1.4)', () => {
  const encrypt = (pem: string, body: object, padding = constants.RSA_PKCS1_OAEP_PADDING) =>
    publicEncrypt({ key: pem, padding, oaepHash: 'sha1' }, Buffer.from(JSON.stringify(body)))
      .toString('base64')
      .replace(/(.{60})/g, '$1\n');

  it('accepts a payload for this handshake, OAEP or PKCS#1', async () => {
    const h = await newHandshake('client', ['read']);
    const key = 'f'.repeat(32);
    await expect(
      acceptPayload(h, encrypt(h.keys.publicKeyPem, { key, nonce: h.nonce, push: false, api: 4 })),
    ).resolves.toMatchObject({ key, padding: 'oaep', expiresAt: null });
    await expect(
      acceptPayload(
        h,
        encrypt(
          h.keys.publicKeyPem,
          { key, nonce: h.nonce, api: 4, expires_at: '2027-01-01T00:00:00Z' },
          constants.RSA_PKCS1_PADDING,
        ),
      ),
    ).resolves.toMatchObject({ padding: 'pkcs1', expiresAt: '2027-01-01T00:00:00Z' });
  });
  it('rejects a wrong nonce, an old API version, and a payload for another key', async () => {
    const h = await newHandshake('client', ['read']);
    const other = await newHandshake('client', ['read']);
    await expect(
      acceptPayload(h, encrypt(h.keys.publicKeyPem, { key: 'a'.repeat(32), nonce: 'someone-else', api: 4 })),
    ).rejects.toMatchObject({ kind: 'Validation', message: expect.stringMatching(/nonce/) });
    await expect(
      acceptPayload(h, encrypt(h.keys.publicKeyPem, { key: 'a'.repeat(32), nonce: h.nonce, api: 3 })),
    ).rejects.toMatchObject({ kind: 'Validation' });
    await expect(
      acceptPayload(h, encrypt(other.keys.publicKeyPem, { key: 'a'.repeat(32), nonce: h.nonce, api: 4 })),
    ).rejects.toMatchObject({ kind: 'Validation', message: expect.stringMatching(/decrypt/) });
  });
  it('builds the authorization URL with padding=oaep and, for the redirect flow, auth_redirect', async () => {
    const h = await newHandshake('client-7', ['read', 'notifications']);
    const url = new URL(authorizationUrl('https://forum.example/sub', h, 'https://x.chromiumapp.org/'));
    expect(url.pathname).toBe('/sub/user-api-key/new');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: 'client-7',
      scopes: 'read,notifications',
      nonce: h.nonce,
      padding: 'oaep',
      auth_redirect: 'https://x.chromiumapp.org/',
      application_name: 'Discourse Companion',
    });
    expect(new URL(authorizationUrl('https://forum.example', h)).searchParams.has('auth_redirect')).toBe(false);
  });
});

describe('probeRefused: did the forum refuse the key request (a scope, or the redirect URL)?', () => {
  const html = (body: string) => `<!DOCTYPE html><html><head><title>Forum</title></head><body>${body}</body></html>`;
  it('current Discourse: JSON generic_error is a refusal, the ready model is not', () => {
    expect(probeRefused(200, 'application/json; charset=utf-8', '{"state":"generic_error"}')).toBe(true);
    expect(probeRefused(200, 'application/json', '{"state":"ready","application_name":"x"}')).toBe(false);
  });
  it('older Discourse: its HTML error page, even for .json, with 200 or an error status', () => {
    const oops = html(
      '<div class="authorize-api-key"><p class="error-message">Oops, that request is invalid. Something went wrong, please try again.</p></div>',
    );
    expect(probeRefused(200, 'text/html; charset=utf-8', oops)).toBe(true);
    expect(
      probeRefused(
        403,
        'text/html',
        html('<div id="main"><h1>You are not permitted to view the requested resource.</h1></div>'),
      ),
    ).toBe(true);
    expect(
      probeRefused(
        403,
        'application/json',
        '{"errors":["You are not permitted to view the requested resource."],"error_type":"invalid_access"}',
      ),
    ).toBe(true);
  });
  it('a redirect to log in, the login form or the approval page means the parameters passed', () => {
    expect(probeRefused(302, 'text/html', '')).toBe(false);
    expect(probeRefused(200, 'text/html', html('<form id="login-form" action="/session"></form>'))).toBe(false);
    expect(probeRefused(200, 'text/html', html('<form id="authorize-form"><button>Authorize</button></form>'))).toBe(
      false,
    );
  });
});

describe('a page’s base path is a path, never another host', () => {
  it('uses a subfolder the page’s own path starts with', () => {
    expect(normalizeForumUrl('https://example.com/forum/t/x/1', '/forum')).toBe('https://example.com/forum');
  });
  it('ignores a base that would name another host or is not the page’s own prefix', () => {
    expect(normalizeForumUrl('https://forum.example/t/x/1', '@victim.example')).toBe('https://forum.example');
    expect(normalizeForumUrl('https://forum.example/t/x/1', '//victim.example')).toBe('https://forum.example');
    expect(normalizeForumUrl('https://forum.example/t/x/1', '/elsewhere')).toBe('https://forum.example');
    expect(normalizeForumUrl('https://forum.example/latest', ':8443')).toBe('https://forum.example');
  });
});

describe('onForum: pages the extension opens for a forum', () => {
  it('accepts the forum’s own pages, on its own scheme, subfolder included', () => {
    expect(onForum('https://forum.example/forum/user-api-key/activate?request=x', 'https://forum.example/forum')).toBe(
      true,
    );
    expect(onForum('http://127.0.0.1:4200/user-api-key/activate', 'http://127.0.0.1:4200')).toBe(true);
  });
  it('refuses another site, a downgrade to http, or another scheme', () => {
    expect(onForum('https://evil.example/activate', 'https://forum.example')).toBe(false);
    expect(onForum('http://forum.example/activate', 'https://forum.example')).toBe(false);
    expect(onForum('javascript:alert(1)', 'https://forum.example')).toBe(false);
  });
});

describe('insecureRemote: plain http only on this computer', () => {
  it('refuses http off loopback, allows https and loopback', () => {
    expect(insecureRemote('http://forum.example')).toBe(true);
    expect(insecureRemote('http://10.0.0.5/forum')).toBe(true);
    expect(insecureRemote('https://forum.example')).toBe(false);
    expect(insecureRemote('http://127.0.0.1:4200')).toBe(false);
    expect(insecureRemote('http://localhost:3000/forum')).toBe(false);
    expect(insecureRemote('http://[::1]:4200')).toBe(false);
  });
});

describe('a handshake call refused with 429 (the one rate-limit reader)', () => {
  const limited = (headers: Record<string, string>, body?: object) => async () =>
    new Response(body ? JSON.stringify(body) : 'Too many requests', {
      status: 429,
      headers: { 'Content-Type': body ? 'application/json' : 'text/plain', ...headers },
    });

  it('says until when, from Retry-After in seconds or as a date, else extras.wait_seconds, else 10 s', async () => {
    const h = await newHandshake('client', ['read']);
    const until = async (fetch: () => Promise<Response>) => {
      const before = Date.now();
      const error = await requestDeviceCode(fetch as never, 'https://forum.example', h).catch((e: unknown) => e);
      expect(isDiscourseError(error, 'RateLimited') && error.details.scope).toBe('action');
      return ((error as DiscourseError).details.until as number) - before;
    };
    expect(await until(limited({ 'Retry-After': '30' }))).toBeGreaterThanOrEqual(30_000);
    expect(await until(limited({ 'Retry-After': '30' }))).toBeLessThan(31_000);
    const inTwoMinutes = await until(limited({ 'Retry-After': new Date(Date.now() + 120_000).toUTCString() }));
    expect(inTwoMinutes).toBeGreaterThan(118_000);
    expect(inTwoMinutes).toBeLessThan(121_000);
    const fromBody = await until(
      limited({}, { errors: ['wait'], error_type: 'rate_limit', extras: { wait_seconds: 45 } }),
    );
    expect(fromBody).toBeGreaterThanOrEqual(45_000);
    expect(fromBody).toBeLessThan(46_000);
    const fallback = await until(limited({}));
    expect(fallback).toBeGreaterThanOrEqual(10_000);
    expect(fallback).toBeLessThan(11_000);
  });
});
