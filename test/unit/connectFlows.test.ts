// @vitest-environment node
import { constants, publicEncrypt } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConnectFlows, type BrowserSide } from '../../src/background/connectFlows';
import { ForumRegistry } from '../../src/background/forumRegistry';
import { memorySecrets } from '../../src/background/secretStore';
import { memoryStorage } from './memoryStorage';

const BASE = 'https://forum.example';
const KEY = 'k'.repeat(32);
const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });

beforeEach(() => vi.useFakeTimers({ now: 10_000_000, toFake: ['Date'] }));
afterEach(() => vi.useRealTimers());

/** A forum answering the handshake; `answers` overrides a route (its path without the query). */
function setup(options: { device?: boolean; answers?: Record<string, (url: string) => Response> } = {}) {
  const storage = memoryStorage();
  const { session } = storage;
  const requests: string[] = [];
  let publicKey = '';
  let nonce = '';
  const payload = () =>
    publicEncrypt(
      { key: publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(JSON.stringify({ key: KEY, nonce, push: false, api: 4 })),
    ).toString('base64');
  const fetch = async (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    requests.push(`${init?.method ?? 'GET'} ${path}`);
    if (init?.body && path === '/user-api-key/device.json')
      ({ public_key: publicKey, nonce } = JSON.parse(String(init.body)) as { public_key: string; nonce: string });
    if (path === '/user-api-key/new.json') {
      const params = new URL(url).searchParams;
      publicKey = params.get('public_key')!;
      nonce = params.get('nonce')!;
    }
    const answer = options.answers?.[path];
    if (answer) return answer(url);
    switch (path) {
      case '/user-api-key/new':
        return new Response(null, {
          status: 200,
          headers: { 'Auth-Api-Version': '4', ...(options.device ? { 'Auth-Api-Device-Code': 'true' } : {}) },
        });
      case '/site/basic-info.json':
        return json({ title: 'Example Forum', logo_url: '', login_required: false });
      case '/user-api-key/new.json':
        return new Response(null, { status: 302, headers: { Location: `${BASE}/login` } });
      case '/user-api-key/device.json':
        return json({
          device_code: 'dev-1',
          user_code: 'ABCD-1234',
          verification_uri: `${BASE}/user-api-key/device`,
          expires_in: 600,
          interval: 5,
        });
      case '/session/current.json':
        return json({ current_user: { id: 7, username: 'tess', avatar_template: '/a/{size}.png', trust_level: 2 } });
    }
    return new Response('not here', { status: 404 });
  };
  const browser = {
    redirectUrl: () => 'https://ext.example/cb',
    launchWebAuthFlow: vi.fn(async (_url: string): Promise<string> => new Promise(() => {})),
    openTab: vi.fn(async () => 42),
    closeTab: vi.fn(async () => {}),
    injectCapture: vi.fn(async () => {}),
    schedulePoll: vi.fn(),
  } satisfies BrowserSide;
  const registry = new ForumRegistry(storage, memorySecrets(), fetch, () => 'client-1');
  const flows = new ConnectFlows(registry, storage, fetch, browser);
  return { flows, registry, browser, requests, session, payload };
}

describe('connect flows, one per method', () => {
  it('device: shows the code, waits out a 429 as told, then connects when authorized', async () => {
    let polls = 0;
    let answer: () => Response = () => json({ status: 'authorization_pending' });
    const { flows, registry, browser, payload } = setup({
      device: true,
      answers: {
        '/user-api-key/device/poll.json': () => {
          polls++;
          return answer();
        },
      },
    });
    const started = await flows.start({ type: 'connect.start', url: BASE });
    expect(started).toMatchObject({
      method: 'device',
      state: 'waiting',
      userCode: 'ABCD-1234',
      verificationUrl: `${BASE}/user-api-key/device`,
    });
    expect(browser.openTab).toHaveBeenCalledWith(`${BASE}/user-api-key/device`);
    expect(browser.schedulePoll).toHaveBeenCalledWith(true);

    await flows.status(started.flowId);
    expect(polls).toBe(0); // not due before the interval
    vi.setSystemTime(Date.now() + 5_000);
    answer = () => new Response('slow down', { status: 429, headers: { 'Retry-After': '20' } });
    await flows.pollDue();
    expect(polls).toBe(1);
    vi.setSystemTime(Date.now() + 19_000);
    await flows.pollDue();
    expect(polls).toBe(1); // the 429 said 20 s
    vi.setSystemTime(Date.now() + 1_000);
    answer = () => json({ status: 'authorized', payload: payload() });
    const done = await flows.status(started.flowId);
    expect(polls).toBe(2);
    expect(done).toMatchObject({ state: 'connected', forumId: 'forum.example' });
    expect(await registry.get('forum.example')).toMatchObject({ username: 'tess', flow: 'device' });
    expect(browser.closeTab).toHaveBeenCalledWith(42);
    await flows.pollDue();
    expect(browser.schedulePoll).toHaveBeenLastCalledWith(false);
  });

  it('device: a denial fails the flow', async () => {
    const { flows } = setup({
      device: true,
      answers: { '/user-api-key/device/poll.json': () => json({ status: 'access_denied' }) },
    });
    const started = await flows.start({ type: 'connect.start', url: BASE });
    vi.setSystemTime(Date.now() + 5_000);
    expect(await flows.status(started.flowId)).toMatchObject({ state: 'failed' });
  });

  it('no_redirect: opens the approval page, injects the capture there, takes the payload only from that tab', async () => {
    const { flows, browser, payload } = setup();
    const started = await flows.start({ type: 'connect.start', url: BASE });
    expect(started).toMatchObject({
      method: 'no_redirect',
      state: 'waiting',
      authUrl: expect.stringContaining(`${BASE}/user-api-key/new?`),
    });
    expect(browser.openTab).toHaveBeenCalledWith(started.authUrl);
    await flows.tabLoaded(41, `${BASE}/user-api-key/new`);
    expect(browser.injectCapture).not.toHaveBeenCalled();
    await flows.tabLoaded(42, `${BASE}/user-api-key/new?x=1`);
    expect(browser.injectCapture).toHaveBeenCalledWith(42);
    await expect(flows.captured(41, `${BASE}/user-api-key/new`, payload())).rejects.toMatchObject({
      kind: 'Forbidden',
    });
    await expect(flows.captured(42, 'https://elsewhere.example/user-api-key/new', payload())).rejects.toMatchObject({
      kind: 'Forbidden',
    });
    await flows.captured(42, `${BASE}/user-api-key/new`, payload());
    expect(await flows.status(started.flowId)).toMatchObject({ state: 'connected', method: 'no_redirect' });
  });

  it('no_redirect: a refused request (scopes) fails at once', async () => {
    const { flows, browser } = setup({ answers: { '/user-api-key/new.json': () => json({ state: 'generic_error' }) } });
    const started = await flows.start({ type: 'connect.start', url: BASE });
    expect(await flows.status(started.flowId)).toMatchObject({ state: 'failed' });
    expect(browser.openTab).not.toHaveBeenCalled();
  });

  it('redirect: launches the sign-in window with auth_redirect; a redirect the forum refuses falls back to the approval page', async () => {
    const accepted = setup();
    const started = await accepted.flows.start({ type: 'connect.start', url: BASE, allowsRedirect: true });
    expect(started).toMatchObject({ method: 'redirect', state: 'waiting' });
    expect(accepted.browser.launchWebAuthFlow).toHaveBeenCalledWith(
      expect.stringContaining('auth_redirect=https%3A%2F%2Fext.example%2Fcb'),
    );
    expect(accepted.browser.openTab).not.toHaveBeenCalled();

    const refused = setup({
      answers: {
        '/user-api-key/new.json': (url) =>
          url.includes('auth_redirect') ? json({ state: 'generic_error' }) : new Response(null, { status: 302 }),
      },
    });
    const fellBack = await refused.flows.start({ type: 'connect.start', url: BASE, allowsRedirect: true });
    expect(fellBack).toMatchObject({ method: 'no_redirect', state: 'waiting' });
    expect(refused.browser.launchWebAuthFlow).not.toHaveBeenCalled();
    expect(refused.browser.openTab).toHaveBeenCalledWith(fellBack.authUrl);
  });

  it('redirect: the window returning the payload connects', async () => {
    const { flows, browser, payload } = setup();
    browser.launchWebAuthFlow.mockImplementation(
      async () => `https://ext.example/cb?payload=${encodeURIComponent(payload())}`,
    );
    const started = await flows.start({ type: 'connect.start', url: BASE, allowsRedirect: true });
    await vi.waitFor(async () =>
      expect(await flows.status(started.flowId)).toMatchObject({ state: 'connected', method: 'redirect' }),
    );
  });

  it('paste: a wrong paste leaves the flow open, the right one connects; cancel ends a flow', async () => {
    const { flows, browser } = setup();
    const started = await flows.start({ type: 'connect.start', url: BASE, method: 'paste' });
    expect(started).toMatchObject({ method: 'paste', state: 'waiting', authUrl: expect.any(String) });
    expect(browser.openTab).not.toHaveBeenCalled();
    const wrong = await flows.paste(started.flowId, 'not a payload');
    expect(wrong).toMatchObject({ state: 'waiting', message: expect.any(String) });
    // A paste flow never probes the approval page: the key pair and nonce are in its auth URL.
    const params = new URL(started.authUrl!).searchParams;
    const good = publicEncrypt(
      { key: params.get('public_key')!, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' },
      Buffer.from(JSON.stringify({ key: KEY, nonce: params.get('nonce'), push: false, api: 4 })),
    ).toString('base64');
    expect(await flows.paste(started.flowId, good)).toMatchObject({ state: 'connected' });

    const other = await flows.start({ type: 'connect.start', url: BASE, method: 'paste' });
    await flows.cancel(other.flowId);
    expect(await flows.status(other.flowId)).toMatchObject({ state: 'failed' });
    await expect(flows.status('no-such-flow')).rejects.toMatchObject({ kind: 'NotFound' });
  });

  it('keeps one list of live flows in storage.session and drops a flow long expired', async () => {
    const { flows, session } = setup();
    const first = await flows.start({ type: 'connect.start', url: BASE, method: 'paste' });
    vi.setSystemTime(Date.now() + 31 * 60_000);
    const second = await flows.start({ type: 'connect.start', url: BASE, method: 'paste' });
    expect(session.data.get('connect:ids')).toEqual([second.flowId]);
    expect(session.data.has(`connect:${first.flowId}`)).toBe(false);
  });
});
