// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { mintKey, forumPerTest, userKeyHeaders } from './support';

const forum = forumPerTest({});
async function burst(count: number, send: () => Promise<Response>) {
  const out: Response[] = [];
  for (let i = 0; i < count; i++) out.push(await send());
  return out;
}

describe('FACTS.md §2.1–2.2 global limits and their exact 429 shapes', () => {
  it('per user API key: the 21st request in a minute is a JSON 429 with the key-limiter code', async () => {
    const f = await forum({ limits: { limitLoopback: false } });
    const key = mintKey(f, 'tess', ['read']);
    const responses = await burst(21, () => f.get('/latest.json', { headers: userKeyHeaders(key) }));
    expect(responses.slice(0, 20).every((r) => r.status === 200)).toBe(true);
    const limited = responses[20]!;
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toContain('application/json');
    expect(limited.headers.get('discourse-rate-limit-error-code')).toBe('user_api_key_limiter_60_secs');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(50);
    const body = await limited.json();
    expect(body).toMatchObject({
      error_type: 'rate_limit',
      extras: { wait_seconds: retryAfter, time_left: expect.stringMatching(/seconds|minute/) },
    });
    expect(body.errors[0]).toMatch(/too many times/);
  });

  it('per user API key per day, with the time scale shrinking the window', async () => {
    const f = await forum({
      timeScale: 0.01,
      limits: { limitLoopback: false, userApiPerDay: 5, userApiPerMinute: 100 },
    });
    const key = mintKey(f, 'tess', ['read']);
    const responses = await burst(6, () => f.get('/site/basic-info.json', { headers: userKeyHeaders(key) }));
    expect(responses[5]!.status).toBe(429);
    expect(responses[5]!.headers.get('discourse-rate-limit-error-code')).toBe('user_api_key_limiter_1_day');
    expect(Number(responses[5]!.headers.get('retry-after'))).toBeLessThanOrEqual(864);
  });

  it('a 60 s window scaled to 0.6 s lets requests through again after it passes', async () => {
    const f = await forum({ timeScale: 0.01, limits: { limitLoopback: false, userApiPerMinute: 2 } });
    const key = mintKey(f, 'tess', ['read']);
    const first = await burst(3, () => f.get('/site/basic-info.json', { headers: userKeyHeaders(key) }));
    expect(first.map((r) => r.status)).toEqual([200, 200, 429]);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await f.get('/site/basic-info.json', { headers: userKeyHeaders(key) })).status).toBe(200);
  });

  it('per IP: 50 per 10 s answered as text/plain with Retry-After and the ip_10_secs_limit code; blocked attempts count', async () => {
    const f = await forum({ limits: { ipPer10Seconds: 5, ipPerMinute: 1000 } });
    const responses = await burst(7, () => f.get('/site/basic-info.json'));
    expect(responses.slice(0, 5).every((r) => r.status === 200)).toBe(true);
    const limited = responses[5]!;
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('text/plain');
    expect(limited.headers.get('discourse-rate-limit-error-code')).toBe('ip_10_secs_limit');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.text()).toMatch(
      /^Slow down, too many requests from this IP address\.\nPlease retry again in \d+ seconds\.\nError code: ip_10_secs_limit\.\n$/,
    );
    expect(f.forum.log.filter((e) => e.status === 429)).toHaveLength(2);
  });

  it('user API key traffic counts against the per-IP limit too', async () => {
    const f = await forum({ limits: { ipPer10Seconds: 3 } });
    const key = mintKey(f, 'tess', ['read']);
    const responses = await burst(4, () => f.get('/site/basic-info.json', { headers: userKeyHeaders(key) }));
    expect(responses[3]!.headers.get('discourse-rate-limit-error-code')).toBe('ip_10_secs_limit');
  });

  it('admin keys: 60 per minute shared, code admin_api_key_rate_limit, and not held to the per-IP limit', async () => {
    const f = await forum({ limits: { ipPer10Seconds: 2, adminApiPerMinute: 4 } });
    const headers = { 'Api-Key': f.forum.accounts.adminApiKey, 'Api-Username': 'ada' };
    const responses = await burst(5, () => f.get('/site/basic-info.json', { headers }));
    expect(responses.slice(0, 4).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(responses[4]!.status).toBe(429);
    expect(responses[4]!.headers.get('discourse-rate-limit-error-code')).toBe('admin_api_key_rate_limit');
  });

  it('loopback is exempt when limitLoopback is off, as Discourse exempts private IPs', async () => {
    const f = await forum({ limits: { ipPer10Seconds: 2, limitLoopback: false } });
    const responses = await burst(4, () => f.get('/site/basic-info.json'));
    expect(responses.every((r) => r.status === 200)).toBe(true);
  });

  it('MessageBus answers an over-quota key with a plain 429 and Retry-After only (§2.2 c)', async () => {
    const f = await forum({ limits: { limitLoopback: false, userApiPerMinute: 1 } });
    const key = mintKey(f, 'tess', ['message_bus']);
    const poll = () => f.request('POST', '/message-bus/abc/poll?dlp=t', { '/notification/3': -1 }, userKeyHeaders(key));
    expect((await poll()).status).toBe(200);
    const limited = await poll();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(limited.headers.get('discourse-rate-limit-error-code')).toBeNull();
    expect(await limited.text()).toMatch(/too many times/);
  });
});

describe('FACTS.md §2.3 per-action limits', () => {
  it('a second post within rate_limit_create_post is a 429 rate_limit without an error-code header', async () => {
    const f = await forum({ limits: { limitLoopback: false } });
    const key = mintKey(f, 'tess', ['write']);
    const topic = f.forum.store.topics.find((t) => t.archetype === 'regular' && !t.closed)!;
    const post = (raw: string) => f.request('POST', '/posts.json', { topic_id: topic.id, raw }, userKeyHeaders(key));
    expect((await post('The first reply of this test, long enough.')).status).toBe(200);
    const second = await post('The second reply of this test, long enough.');
    expect(second.status).toBe(429);
    expect(second.headers.get('discourse-rate-limit-error-code')).toBeNull();
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await second.json()).toMatchObject({
      error_type: 'rate_limit',
      extras: { wait_seconds: expect.any(Number) },
    });
  });
  it('new users wait rate_limit_new_user_create_post (30 s) between posts; staff are exempt', async () => {
    const f = await forum({ limits: { limitLoopback: false } });
    const topic = f.forum.store.topics.find((t) => t.archetype === 'regular' && !t.closed)!;
    const postAs = (username: string, raw: string) =>
      f.request(
        'POST',
        '/posts.json',
        { topic_id: topic.id, raw },
        userKeyHeaders(mintKey(f, username, ['write'], username)),
      );
    await postAs('newbie', 'A first post by a new user, long enough.');
    const second = await postAs('newbie', 'A second post by a new user, long enough.');
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThan(20);
    await postAs('ada', 'A first post by the admin, long enough here.');
    expect((await postAs('ada', 'A second post by the admin, long enough here.')).status).toBe(200);
  });
  it('validation failures are 422 {action: create_post, errors}', async () => {
    const f = await forum({ limits: { limitLoopback: false } });
    const key = mintKey(f, 'tess', ['write']);
    const res = await f.request('POST', '/posts.json', { title: 'short', raw: 'tiny' }, userKeyHeaders(key));
    expect(res.status).toBe(422);
    const body = await res.json();
    expect(body.action).toBe('create_post');
    expect(body.errors).toEqual(
      expect.arrayContaining([expect.stringMatching(/Title is too short/), expect.stringMatching(/Body is too short/)]),
    );
    expect(body.error_type).toBeUndefined();
  });
});

describe('control API: request log per key', () => {
  it('counts requests and 429s per user API key', async () => {
    const f = await forum({ limits: { limitLoopback: false, userApiPerMinute: 2 } });
    const key = mintKey(f, 'tess', ['read']);
    await burst(3, () => f.get('/site/basic-info.json', { headers: userKeyHeaders(key) }));
    const log = await (await fetch(`${f.forum.url}/__sandbox/log`)).json();
    const id = f.forum.store.userApiKeys.at(-1)!.id;
    expect(log.perKey[`user_api_key:${id}`]).toEqual({ requests: 3, status429: 1 });
  });
});
