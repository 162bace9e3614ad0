// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { decryptPayload, generateHandshakeKeys, randomNonce, type HandshakeKeys } from '../../src/discourse/authCrypto';
import { login, forumPerTest, userKeyHeaders, type Running } from './support';

const CHROME_REDIRECT = 'https://milmffdkmmemipopbgbcjlgnammdngko.chromiumapp.org/';
const forum = forumPerTest();

let keysPromise: Promise<HandshakeKeys> | null = null;
const handshake = () => (keysPromise ??= generateHandshakeKeys());

async function keyParams(extra: Record<string, string> = {}) {
  const keys = await handshake();
  const nonce = randomNonce();
  return {
    nonce,
    params: {
      application_name: 'Discourse Companion',
      client_id: 'companion-test-client',
      scopes: 'read,write,notifications,session_info,message_bus',
      public_key: keys.publicKeyPem,
      nonce,
      ...extra,
    } as Record<string, string>,
  };
}

async function payloadOf(text: string) {
  const keys = await handshake();
  const { plaintext, padding } = await decryptPayload(keys.privateJwk, text);
  return {
    payload: JSON.parse(plaintext) as { key: string; nonce: string; push: boolean; api: number; expires_at?: string },
    padding,
  };
}

async function whoAmI(f: Running, key: string, clientId = 'companion-test-client') {
  const res = await f.get('/session/current.json', { headers: userKeyHeaders(key, clientId) });
  return res.status === 200
    ? ((await res.json()) as { current_user: { username: string } }).current_user.username
    : res.status;
}

describe('FACTS.md §1.2 HEAD /user-api-key/new', () => {
  it('newest forum: Auth-Api-Version 4 and Auth-Api-Device-Code true', async () => {
    const f = await forum();
    const res = await f.get('/user-api-key/new', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers.get('auth-api-version')).toBe('4');
    expect(res.headers.get('auth-api-device-code')).toBe('true');
  });
  it('old forum: version 4 and no device-code header', async () => {
    const f = await forum({ oldForum: true });
    const res = await f.get('/user-api-key/new', { method: 'HEAD' });
    expect(res.headers.get('auth-api-version')).toBe('4');
    expect(res.headers.get('auth-api-device-code')).toBeNull();
  });
});

describe('FACTS.md §1.3 GET /user-api-key/new', () => {
  it('sends an anonymous user to log in and back, then shows the approval page', async () => {
    const f = await forum();
    const { params } = await keyParams();
    const path = `/user-api-key/new?${new URLSearchParams(params)}`;
    const anonymous = await f.get(path);
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('location')).toBe('/login');
    expect(anonymous.headers.getSetCookie().join()).toContain('destination_url=');
    const { cookie } = await login(f, 'tess');
    const page = await (await f.get(path, { headers: { Cookie: cookie } })).text();
    expect(page).toContain('class="authorize-api-key"');
    expect(page).toContain('<li>Read all</li>');
    expect(page).toContain('authorize-api-key__write-warning');
  });
  it('answers a missing parameter with 400, a bad padding with 400 invalid_parameters, a bad scope with the generic error', async () => {
    const f = await forum();
    const { params } = await keyParams();
    const { nonce: _n, ...withoutNonce } = params;
    const missing = await f.get(`/user-api-key/new.json?${new URLSearchParams(withoutNonce)}`);
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ errors: ['param is missing or the value is empty: nonce'] });
    const padding = await f.get(`/user-api-key/new.json?${new URLSearchParams({ ...params, padding: 'rot13' })}`);
    expect(padding.status).toBe(400);
    expect((await padding.json()).error_type).toBe('invalid_parameters');
    const scope = await f.get(
      `/user-api-key/new.json?${new URLSearchParams({ ...params, scopes: 'read,bookmarks_calendar' })}`,
    );
    expect(scope.status).toBe(200);
    expect(await scope.json()).toEqual({ state: 'generic_error' });
  });
  it('gives the approval model as JSON when logged in', async () => {
    const f = await forum();
    const { params } = await keyParams({ padding: 'oaep' });
    const { cookie } = await login(f, 'tess');
    const model = await (
      await f.get(`/user-api-key/new.json?${new URLSearchParams(params)}`, { headers: { Cookie: cookie } })
    ).json();
    expect(model).toMatchObject({
      state: 'ready',
      application_name: 'Discourse Companion',
      write_scope: true,
      padding: 'oaep',
      current_user: { username: 'tess' },
    });
  });
});

describe('FACTS.md §1.4–1.6 the auth_redirect flow with real RSA keys', () => {
  async function authorize(f: Running, extra: Record<string, string>, json = false) {
    const { nonce, params } = await keyParams(extra);
    const { cookie, csrf } = await login(f, 'tess');
    const res = await f.get(json ? '/user-api-key.json' : '/user-api-key', {
      method: 'POST',
      headers: { Cookie: cookie, 'X-CSRF-Token': csrf, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
    return { res, nonce };
  }

  it('redirects to an allowlisted wildcard redirect with an OAEP payload whose key works', async () => {
    const f = await forum({ allowedRedirects: ['https://*.chromiumapp.org/'] });
    const { res, nonce } = await authorize(f, { auth_redirect: CHROME_REDIRECT, padding: 'oaep' });
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get('location')!);
    expect(location.origin + location.pathname).toBe(`${CHROME_REDIRECT.slice(0, -1)}/`);
    const { payload, padding } = await payloadOf(location.searchParams.get('payload')!);
    expect(padding).toBe('oaep');
    expect(payload).toMatchObject({ nonce, push: false, api: 4 });
    expect(payload.key).toMatch(/^[0-9a-f]{32}$/);
    expect(await whoAmI(f, payload.key)).toBe('tess');
  });

  it('answers JSON {redirect_url} on the newest forum', async () => {
    const f = await forum({ allowedRedirects: [CHROME_REDIRECT] });
    const { res } = await authorize(f, { auth_redirect: CHROME_REDIRECT }, true);
    expect(res.status).toBe(200);
    expect((await res.json()).redirect_url).toMatch(
      /^https:\/\/milmffdkmmemipopbgbcjlgnammdngko\.chromiumapp\.org\/\?payload=/,
    );
  });

  it('refuses a redirect the forum did not allowlist: 403 on POST, the generic error page on GET', async () => {
    const f = await forum();
    const { res } = await authorize(f, { auth_redirect: CHROME_REDIRECT });
    expect(res.status).toBe(403);
    expect((await res.json()).error_type).toBe('invalid_access');
    const { params } = await keyParams({ auth_redirect: CHROME_REDIRECT });
    const { cookie } = await login(f, 'tess');
    expect(
      await (
        await f.get(`/user-api-key/new.json?${new URLSearchParams(params)}`, { headers: { Cookie: cookie } })
      ).json(),
    ).toEqual({ state: 'generic_error' });
  });

  it('without auth_redirect answers {payload, instructions} (the no-redirect flow), with a PKCS#1 default', async () => {
    const f = await forum();
    const { res, nonce } = await authorize(f, {}, true);
    const body = await res.json();
    expect(body.instructions).toEqual(expect.any(String));
    expect(body.payload).toMatch(/\n$/);
    const { payload, padding } = await payloadOf(body.payload);
    expect(padding).toBe('pkcs1');
    expect(payload.nonce).toBe(nonce);
  });

  it('an old forum ignores padding=oaep and encrypts with PKCS#1 v1.5, without expires_at', async () => {
    const f = await forum({ oldForum: true });
    const { res } = await authorize(f, { padding: 'oaep', expires_in_seconds: '3600' }, true);
    const { payload, padding } = await payloadOf((await res.json()).payload);
    expect(padding).toBe('pkcs1');
    expect(payload.expires_at).toBeUndefined();
  });

  it('newest forum: expires_in_seconds puts expires_at in the payload and the key stops working after it', async () => {
    const f = await forum();
    const { res } = await authorize(f, { padding: 'oaep', expires_in_seconds: '3600' }, true);
    const { payload } = await payloadOf((await res.json()).payload);
    expect(Date.parse(payload.expires_at!)).toBeGreaterThan(Date.now() + 3_500_000);
    f.forum.store.userApiKeys.at(-1)!.expiresAt = new Date(Date.now() - 1000).toISOString();
    expect(await whoAmI(f, payload.key)).toBe(403);
  });

  it('a cookie session without the CSRF token is refused', async () => {
    const f = await forum();
    const { params } = await keyParams();
    const { cookie } = await login(f, 'tess');
    const res = await f.get('/user-api-key.json', {
      method: 'POST',
      headers: { Cookie: cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe('["BAD CSRF"]');
  });
});

describe('FACTS.md §1.7 scopes, client id and revoke', () => {
  it('a notifications-only key reads notifications but gets 403 invalid_access elsewhere', async () => {
    const f = await forum();
    const key = f.forum.store.addUserApiKey({
      userId: f.forum.store.userByName('tess')!.id,
      clientId: 'c',
      applicationName: 'x',
      scopes: ['notifications'],
      push: false,
      expiresAt: null,
    }).key;
    const headers = userKeyHeaders(key, 'c');
    expect((await f.get('/notifications/totals.json', { headers })).status).toBe(200);
    const latest = await f.get('/latest.json', { headers });
    expect(latest.status).toBe(403);
    expect(await latest.json()).toEqual({
      errors: ['You are not permitted to view the requested resource.'],
      error_type: 'invalid_access',
    });
    expect((await f.get('/session/current.json', { headers })).status).toBe(403);
    expect((await f.request('PUT', '/notifications/mark-read.json', {}, headers)).status).toBe(200);
  });
  it('revoke answers {success: OK} and the key gets 403 afterwards; a second revoke is 404', async () => {
    const f = await forum();
    const key = f.forum.store.addUserApiKey({
      userId: 3,
      clientId: 'c',
      applicationName: 'x',
      scopes: ['read'],
      push: false,
      expiresAt: null,
    }).key;
    const revoke = await f.request('POST', '/user-api-key/revoke.json', undefined, userKeyHeaders(key, 'c'));
    expect(await revoke.json()).toEqual({ success: 'OK' });
    expect((await f.get('/latest.json', { headers: userKeyHeaders(key, 'c') })).status).toBe(403);
  });
  it('a different User-Api-Client-Id re-points the key to a new client', async () => {
    const f = await forum();
    const { key, record } = f.forum.store.addUserApiKey({
      userId: 3,
      clientId: 'first',
      applicationName: 'x',
      scopes: ['read'],
      push: false,
      expiresAt: null,
    });
    await f.get('/latest.json', { headers: userKeyHeaders(key, 'second') });
    expect(record.clientId).toBe('second');
  });
  it('one key per user and client: authorizing again destroys the old key', async () => {
    const f = await forum();
    const first = f.forum.store.addUserApiKey({
      userId: 3,
      clientId: 'same',
      applicationName: 'x',
      scopes: ['read'],
      push: false,
      expiresAt: null,
    }).key;
    f.forum.store.addUserApiKey({
      userId: 3,
      clientId: 'same',
      applicationName: 'x',
      scopes: ['read'],
      push: false,
      expiresAt: null,
    });
    expect((await f.get('/latest.json', { headers: userKeyHeaders(first, 'same') })).status).toBe(403);
  });
});

describe('FACTS.md §1.9 the device authorization flow', () => {
  async function start(f: Running) {
    const { nonce, params } = await keyParams({ padding: 'oaep' });
    const res = await f.request('POST', '/user-api-key/device.json', params);
    expect(res.status).toBe(200);
    return {
      nonce,
      grant: (await res.json()) as {
        device_code: string;
        user_code: string;
        verification_uri: string;
        verification_uri_with_request: string;
        expires_in: number;
        interval: number;
      },
    };
  }
  const poll = async (f: Running, deviceCode: string) =>
    (await f.request('POST', '/user-api-key/device/poll.json', { device_code: deviceCode })).json();

  it('needs .json and a JSON body: otherwise 403 invalid_access', async () => {
    const f = await forum();
    const { params } = await keyParams();
    const form = await f.get('/user-api-key/device.json', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(params),
    });
    expect(form.status).toBe(403);
    expect((await f.request('POST', '/user-api-key/device', params)).status).toBe(403);
  });

  it('pending, then authorized with a payload once, then expired_token; the code must be typed even with the request link', async () => {
    const f = await forum();
    const { nonce, grant } = await start(f);
    expect(grant.user_code).toMatch(/^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$/);
    expect(grant.device_code).toMatch(/^[0-9a-f]{64}$/);
    expect(grant.verification_uri).toBe(`${f.url}/user-api-key/activate`);
    expect(grant).toMatchObject({ expires_in: 600, interval: 5 });
    expect(await poll(f, grant.device_code)).toEqual({ status: 'authorization_pending' });

    const { cookie, csrf } = await login(f, 'tess');
    const session = { Cookie: cookie, 'X-CSRF-Token': csrf };
    const request = new URL(grant.verification_uri_with_request).searchParams.get('request')!;
    const page = await f.get(`/user-api-key/activate.json?request=${request}`, { headers: session });
    expect((await page.json()).state).toBe('authorize');
    const wrong = await (
      await f.request('POST', '/user-api-key/device/authorize.json', { request, code: 'AAAA-AAAA' }, session)
    ).json();
    expect(wrong).toMatchObject({ state: 'authorize', invalid_code: true });
    const right = await (
      await f.request(
        'POST',
        '/user-api-key/device/authorize.json',
        { request, code: grant.user_code.toLowerCase().replace('-', ' ') },
        session,
      )
    ).json();
    expect(right).toEqual({ state: 'complete', denied: false });

    const authorized = await poll(f, grant.device_code);
    expect(authorized.status).toBe('authorized');
    const { payload, padding } = await payloadOf(authorized.payload);
    expect(padding).toBe('oaep');
    expect(payload.nonce).toBe(nonce);
    expect(await whoAmI(f, payload.key)).toBe('tess');
    expect(await poll(f, grant.device_code)).toEqual({ status: 'expired_token' });
  });

  it('deny works through the manually entered code and answers access_denied', async () => {
    const f = await forum();
    const { grant } = await start(f);
    const { cookie, csrf } = await login(f, 'tess');
    const session = { Cookie: cookie, 'X-CSRF-Token': csrf };
    const entered = await (
      await f.request('POST', '/user-api-key/activate.json', { code: grant.user_code }, session)
    ).json();
    expect(entered.state).toBe('authorize');
    const viaRequest = await (
      await f.request('POST', '/user-api-key/device/deny.json', { request: 'whatever' }, session)
    ).json();
    expect(viaRequest).toEqual({ state: 'enter_code', expired_code: true });
    expect(
      await (
        await f.request('POST', '/user-api-key/device/deny.json', { approval_token: entered.approval_token }, session)
      ).json(),
    ).toEqual({ state: 'complete', denied: true });
    expect(await poll(f, grant.device_code)).toEqual({ status: 'access_denied' });
  });

  it('an expired grant polls as expired_token', async () => {
    const f = await forum();
    const { grant } = await start(f);
    await fetch(`${f.forum.url}/__sandbox/device-grants/expire`, { method: 'POST' });
    expect(await poll(f, grant.device_code)).toEqual({ status: 'expired_token' });
  });

  it('the time scale shrinks expires_in and interval', async () => {
    const f = await forum({ timeScale: 0.2 });
    const { grant } = await start(f);
    expect(grant).toMatchObject({ expires_in: 120, interval: 1 });
  });

  it('old forums have no device flow', async () => {
    const f = await forum({ oldForum: true });
    const { params } = await keyParams();
    expect((await f.request('POST', '/user-api-key/device.json', params)).status).toBe(404);
  });
});

describe('FACTS.md §7 an admin key mints a User API key for another user', () => {
  it('POST /user-api-key.json with Api-Key and Api-Username, no auth_redirect → {payload, instructions}', async () => {
    const f = await forum();
    const { nonce, params } = await keyParams({ padding: 'oaep' });
    const res = await f.request('POST', '/user-api-key.json', params, {
      'Api-Key': f.forum.accounts.adminApiKey,
      'Api-Username': 'jonas',
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    const { payload } = await payloadOf(body.payload);
    expect(payload.nonce).toBe(nonce);
    expect(await whoAmI(f, payload.key)).toBe('jonas');
  });
  it('a wrong admin key is 403', async () => {
    const f = await forum();
    const res = await f.get('/latest.json', { headers: { 'Api-Key': 'nope', 'Api-Username': 'ada' } });
    expect(res.status).toBe(403);
  });
});
