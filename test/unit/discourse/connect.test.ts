// @vitest-environment node
import { constants, publicEncrypt } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { ForumUrlError, normalizeForumUrl, originPattern } from '../../../src/discourse/forumUrl';
import { acceptPayload, authorizationUrl, newHandshake } from '../../../src/discourse/userApiKeys';

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
    expect(normalizeForumUrl('https://example.com/community/some/page', '/community')).toBe('https://example.com/community');
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
    publicEncrypt({ key: pem, padding, oaepHash: 'sha1' }, Buffer.from(JSON.stringify(body))).toString('base64').replace(/(.{60})/g, '$1\n');

  it('accepts a payload for this handshake, OAEP or PKCS#1', async () => {
    const h = await newHandshake('client', ['read']);
    const key = 'f'.repeat(32);
    await expect(acceptPayload(h, encrypt(h.keys.publicKeyPem, { key, nonce: h.nonce, push: false, api: 4 }))).resolves.toMatchObject({ key, padding: 'oaep', expiresAt: null });
    await expect(acceptPayload(h, encrypt(h.keys.publicKeyPem, { key, nonce: h.nonce, api: 4, expires_at: '2027-01-01T00:00:00Z' }, constants.RSA_PKCS1_PADDING))).resolves.toMatchObject({ padding: 'pkcs1', expiresAt: '2027-01-01T00:00:00Z' });
  });
  it('rejects a wrong nonce, an old API version, and a payload for another key', async () => {
    const h = await newHandshake('client', ['read']);
    const other = await newHandshake('client', ['read']);
    await expect(acceptPayload(h, encrypt(h.keys.publicKeyPem, { key: 'a'.repeat(32), nonce: 'someone-else', api: 4 }))).rejects.toMatchObject({ kind: 'Validation', message: expect.stringMatching(/nonce/) });
    await expect(acceptPayload(h, encrypt(h.keys.publicKeyPem, { key: 'a'.repeat(32), nonce: h.nonce, api: 3 }))).rejects.toMatchObject({ kind: 'Validation' });
    await expect(acceptPayload(h, encrypt(other.keys.publicKeyPem, { key: 'a'.repeat(32), nonce: h.nonce, api: 4 }))).rejects.toMatchObject({ kind: 'Validation', message: expect.stringMatching(/decrypt/) });
  });
  it('builds the authorization URL with padding=oaep and, for the redirect flow, auth_redirect', async () => {
    const h = await newHandshake('client-7', ['read', 'notifications']);
    const url = new URL(authorizationUrl('https://forum.example/sub', h, 'https://x.chromiumapp.org/'));
    expect(url.pathname).toBe('/sub/user-api-key/new');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ client_id: 'client-7', scopes: 'read,notifications', nonce: h.nonce, padding: 'oaep', auth_redirect: 'https://x.chromiumapp.org/', application_name: 'Discourse Companion' });
    expect(new URL(authorizationUrl('https://forum.example', h)).searchParams.has('auth_redirect')).toBe(false);
  });
});
