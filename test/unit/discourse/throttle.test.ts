// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryStore, systemClock, type StoragePort } from '../../../src/discourse/ports';
import {
  actionSpacingFor,
  defaultLimits,
  Throttle,
  throttleStorageKeys,
  type ThrottleLimits,
} from '../../../src/discourse/throttle';
import { isDiscourseError } from '../../../src/discourse/errors';

const ok = () => new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } });
const plain429 = (retryAfter?: string) =>
  new Response('Too many requests', { status: 429, headers: retryAfter ? { 'Retry-After': retryAfter } : {} });
const keyLimit = (retryAfter: string | null, code = 'user_api_key_limiter_60_secs', waitSeconds?: number) =>
  new Response(
    JSON.stringify({
      errors: ['You’ve performed this action too many times.'],
      error_type: 'rate_limit',
      extras: waitSeconds === undefined ? {} : { wait_seconds: waitSeconds },
    }),
    {
      status: 429,
      headers: {
        'Content-Type': 'application/json',
        ...(retryAfter ? { 'Retry-After': retryAfter } : {}),
        ...(code ? { 'Discourse-Rate-Limit-Error-Code': code } : {}),
      },
    },
  );

let storage: StoragePort;
beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
  storage = { session: memoryStore(), local: memoryStore() };
});
afterEach(() => vi.useRealTimers());

function throttle(limits: Partial<ThrottleLimits> = {}, store = storage) {
  return new Throttle({ id: 'forum', limits: defaultLimits('user', limits), clock: systemClock, storage: store });
}

/** Records when each request reached the "server". */
function server(answer: (n: number) => Response = ok) {
  const sent: number[] = [];
  return {
    sent,
    send: () => {
      sent.push(Date.now());
      return Promise.resolve(answer(sent.length));
    },
  };
}

describe('sliding windows', () => {
  it('sends 20 at once, then the 21st exactly when the first leaves the 60 s window', async () => {
    const t = throttle();
    const s = server();
    const all = Array.from({ length: 22 }, () => t.run({ lane: 'interactive' }, s.send));
    await vi.advanceTimersByTimeAsync(59_999);
    expect(s.sent).toHaveLength(20);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.sent).toHaveLength(22);
    await Promise.all(all);
    expect(s.sent[20]! - s.sent[0]!).toBe(60_000);
  });

  it('guards the per-IP 50 per 10 s when a key allows more (admin limits raised in app.yml)', async () => {
    const t = throttle({ perMinute: 1000, perDay: 100_000 });
    const s = server();
    for (let i = 0; i < 60; i++) void t.run({ lane: 'interactive' }, s.send);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(s.sent).toHaveLength(50);
    await vi.advanceTimersByTimeAsync(1);
    expect(s.sent).toHaveLength(60);
  });

  it('honours a daily limit, in buckets that never undercount', async () => {
    const t = throttle({ perMinute: 100, perDay: 30, ipPer10Seconds: 1000, ipPerMinute: 1000 });
    const s = server();
    const runs = Array.from({ length: 31 }, () => t.run({ lane: 'interactive' }, s.send).catch((e: unknown) => e));
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(s.sent).toHaveLength(30);
    // The 31st click is not left spinning for a day: it is told when the budget opens again.
    const refused = await runs[30];
    expect(isDiscourseError(refused, 'RateLimited') && refused.details).toMatchObject({
      scope: 'budget',
      until: expect.any(Number),
    });
    expect((refused as { details: { until: number } }).details.until).toBeGreaterThan(Date.now() + 80_000_000);
    void t.run({ lane: 'background' }, s.send);
    await vi.advanceTimersByTimeAsync(86_400_000);
    expect(s.sent).toHaveLength(31);
  });

  it('keeps writes at least a second apart', async () => {
    const t = throttle();
    const s = server();
    await Promise.all([
      t.run({ lane: 'interactive', write: true }, s.send),
      t.run({ lane: 'interactive', write: true }, s.send),
      vi.advanceTimersByTimeAsync(2_000),
    ]);
    expect(s.sent[1]! - s.sent[0]!).toBe(1_000);
  });
});

describe('lanes', () => {
  it('spaces posts and topics by Discourse’s per-action limits: 5 s a post, 15 s a topic, 30 s a post at trust level 0, none for staff', async () => {
    const gaps = async (limits: Partial<ThrottleLimits>, actions: ('post' | 'topic')[][]) => {
      const t = throttle(limits, { session: memoryStore(), local: memoryStore() });
      const s = server();
      const all = actions.map((a) => t.run({ lane: 'interactive', write: true, actions: a }, s.send));
      await vi.advanceTimersByTimeAsync(120_000);
      await Promise.all(all);
      return s.sent.slice(1).map((at, i) => at - s.sent[i]!);
    };
    expect(await gaps({}, [['post'], ['post'], ['post']])).toEqual([5_250, 5_250]);
    expect(
      await gaps({}, [
        ['topic', 'post'],
        ['topic', 'post'],
      ]),
    ).toEqual([15_250]);
    // A reply need not wait behind a topic that waits for its own limiter.
    expect(await gaps({}, [['topic', 'post'], ['topic', 'post'], ['post']])).toEqual([5_250, 10_000]);
    expect(await gaps({ actionSpacingMs: actionSpacingFor({ trustLevel: 0 }) }, [['post'], ['post']])).toEqual([
      30_250,
    ]);
    expect(await gaps({ actionSpacingMs: actionSpacingFor({ staff: true }) }, [['post'], ['post']])).toEqual([1_000]);
  });
  it('a killed worker still knows when the last post went', async () => {
    const s = server();
    await throttle().run({ lane: 'interactive', write: true, actions: ['post'] }, s.send);
    await vi.advanceTimersByTimeAsync(1_000);
    const again = throttle().run({ lane: 'interactive', write: true, actions: ['post'] }, s.send);
    await vi.advanceTimersByTimeAsync(10_000);
    await again;
    expect(s.sent[1]! - s.sent[0]!).toBe(5_250);
  });
  it('background saturating the window leaves its last slot free: a click goes at once', async () => {
    const t = throttle();
    const s = server();
    for (let i = 0; i < 40; i++) void t.run({ lane: 'background' }, s.send).catch(() => {});
    await vi.advanceTimersByTimeAsync(120_000); // background saturates the window, one slot (3 s) apart
    const clickAt = Date.now() + 1_234;
    await vi.advanceTimersByTimeAsync(1_234);
    expect(t.snapshot().usedThisMinute).toBe(19);
    const click = t.run({ lane: 'interactive' }, s.send);
    await vi.advanceTimersByTimeAsync(3_000);
    await click;
    const clickSentAt = s.sent.find((at) => at >= clickAt)!;
    expect(clickSentAt - clickAt).toBe(0);
  });

  it('background never takes more than its share of the daily budget; clicks still go', async () => {
    const t = throttle({ perDay: 10, backgroundShare: 0.5 });
    const s = server();
    const results = await Promise.all([
      ...Array.from({ length: 6 }, () =>
        t.run({ lane: 'background' }, s.send).then(
          () => 'sent',
          (e: unknown) => e,
        ),
      ),
      vi.advanceTimersByTimeAsync(60_000),
    ]);
    const refused = results.slice(0, 6).filter((r) => r !== 'sent');
    expect(refused).toHaveLength(1);
    expect(isDiscourseError(refused[0], 'RateLimited') && refused[0].details.scope).toBe('budget');
    await expect(t.run({ lane: 'interactive' }, s.send)).resolves.toBeInstanceOf(Response);
    expect(t.snapshot()).toMatchObject({ usedToday: 6, backgroundToday: 5, limits: { backgroundPerDay: 5 } });
  });
});

describe('429s as Discourse sends them', () => {
  it('a global 429 pauses the whole forum until Retry-After, then re-sends the rejected request', async () => {
    const t = throttle();
    const s = server((n) => (n === 2 ? plain429('7') : ok()));
    const a = t.run({ lane: 'interactive' }, s.send);
    await vi.advanceTimersByTimeAsync(0);
    const b = t.run({ lane: 'interactive' }, s.send);
    const c = t.run({ lane: 'interactive' }, s.send);
    await vi.advanceTimersByTimeAsync(6_999);
    expect(s.sent).toHaveLength(2); // nothing during the pause
    expect(t.snapshot().pausedUntil).toBe(1_000_000 + 7_000);
    await vi.advanceTimersByTimeAsync(1);
    await Promise.all([a, b, c]);
    expect(s.sent).toHaveLength(4);
    expect(s.sent[2]).toBe(1_000_000 + 7_000);
  });

  it('a click is told until when at once when the pause is long (5 min); background work waits it out', async () => {
    const t = throttle();
    const s = server((n) => (n === 1 ? plain429('300') : ok()));
    const click = t.run({ lane: 'interactive' }, s.send).catch((e: unknown) => e);
    const background = t.run({ lane: 'background' }, s.send);
    await vi.advanceTimersByTimeAsync(1_000);
    const error = await click;
    expect(isDiscourseError(error, 'RateLimited') && error.details).toMatchObject({
      scope: 'global',
      until: 1_000_000 + 300_000,
    });
    const later = t.run({ lane: 'interactive' }, s.send).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(isDiscourseError(await later, 'RateLimited')).toBe(true);
    expect(s.sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(300_000);
    await expect(background).resolves.toBeInstanceOf(Response);
    // Once the pause is over, clicks go again.
    const again = t.run({ lane: 'interactive' }, s.send);
    await vi.advanceTimersByTimeAsync(1_000);
    await expect(again).resolves.toBeInstanceOf(Response);
  });

  it('uses extras.wait_seconds without Retry-After, and a growing fallback without either', async () => {
    const first = throttle();
    const s1 = server((n) => (n === 1 ? keyLimit(null, 'user_api_key_limiter_60_secs', 4) : ok()));
    void first.run({ lane: 'interactive' }, s1.send);
    await vi.advanceTimersByTimeAsync(0);
    expect(first.snapshot().pausedUntil).toBe(Date.now() + 4_000);

    const second = throttle({}, { session: memoryStore(), local: memoryStore() });
    const s2 = server((n) => (n <= 2 ? plain429() : ok()));
    const done = second.run({ lane: 'interactive' }, s2.send);
    await vi.advanceTimersByTimeAsync(0);
    const firstPause = second.snapshot().pausedUntil! - Date.now();
    await vi.advanceTimersByTimeAsync(firstPause);
    const secondPause = second.snapshot().pausedUntil! - Date.now();
    expect(secondPause).toBeGreaterThan(firstPause);
    await vi.advanceTimersByTimeAsync(secondPause);
    await expect(done).resolves.toBeInstanceOf(Response);
  });

  it('gives up after 3 re-sends with a RateLimited error that says until when', async () => {
    const t = throttle();
    const s = server(() => plain429('2'));
    const result = t.run({ lane: 'interactive' }, s.send).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await result;
    expect(s.sent).toHaveLength(4);
    expect(isDiscourseError(error, 'RateLimited') && error.details).toMatchObject({
      scope: 'global',
      until: expect.any(Number),
    });
  });

  it('a per-action 429 (create_post) fails only that call and pauses nothing', async () => {
    const t = throttle();
    const action = () =>
      new Response(JSON.stringify({ errors: ['wait'], error_type: 'rate_limit', extras: { wait_seconds: 5 } }), {
        status: 429,
        headers: { 'Content-Type': 'application/json', 'Retry-After': '5' },
      });
    const s = server((n) => (n === 1 ? action() : ok()));
    const post = t.run({ lane: 'interactive', write: true }, s.send).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    const error = await post;
    expect(isDiscourseError(error, 'RateLimited') && error.details).toMatchObject({
      scope: 'action',
      until: Date.now() + 5_000,
    });
    expect(t.snapshot().pausedUntil).toBeNull();
    await expect(t.run({ lane: 'interactive' }, s.send)).resolves.toBeInstanceOf(Response);
  });

  it('learns a lower limit from the first 429 and then never hits it again', async () => {
    const serverLimit = 12;
    const times: number[] = [];
    let status429 = 0;
    const send = () => {
      const now = Date.now();
      const inWindow = times.filter((at) => at > now - 60_000).length;
      if (inWindow >= serverLimit) {
        status429++;
        const wait = Math.ceil((times.filter((at) => at > now - 60_000)[0]! + 60_000 - now) / 1000);
        return Promise.resolve(keyLimit(String(wait)));
      }
      times.push(now);
      return Promise.resolve(ok());
    };
    const t = throttle();
    const all = Array.from({ length: 50 }, () => t.run({ lane: 'interactive' }, send));
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    await Promise.all(all);
    expect(status429).toBe(1);
    expect(t.snapshot().learned.perMinute).toBe(serverLimit);
  });
});

describe('parallelism and a killed worker', () => {
  it('sends one at a time until a window count is proven, then in parallel', async () => {
    const t = throttle();
    let inFlight = 0;
    let maxInFlight = 0;
    const slow = () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      return new Promise<Response>((resolve) =>
        setTimeout(() => {
          inFlight--;
          resolve(ok());
        }, 100),
      );
    };
    await Promise.all([
      ...Array.from({ length: 5 }, () => t.run({ lane: 'interactive' }, slow)),
      vi.advanceTimersByTimeAsync(1_000),
    ]);
    expect(maxInFlight).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    maxInFlight = 0;
    await Promise.all([
      ...Array.from({ length: 5 }, () => t.run({ lane: 'interactive' }, slow)),
      vi.advanceTimersByTimeAsync(1_000),
    ]);
    expect(maxInFlight).toBe(5);
  });

  it('a new worker with the same storage keeps the window and the pause', async () => {
    const first = throttle();
    const s = server((n) => (n === 10 ? plain429('30') : ok()));
    for (let i = 0; i < 10; i++) void first.run({ lane: 'interactive' }, s.send).catch(() => {});
    await vi.advanceTimersByTimeAsync(1_000);
    expect(s.sent).toHaveLength(10);
    // The worker dies here; a new one starts from storage.
    const restarted = throttle();
    await restarted.ready;
    expect(restarted.snapshot()).toMatchObject({ usedThisMinute: 10, usedToday: 10, pausedUntil: 1_000_000 + 30_000 });
    const s2 = server();
    void restarted.run({ lane: 'interactive' }, s2.send);
    await vi.advanceTimersByTimeAsync(28_000);
    expect(s2.sent).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(s2.sent).toHaveLength(1);
  });
  it('keeps its state under the keys throttleStorageKeys names (a disconnect removes those)', async () => {
    const session = memoryStore();
    const local = memoryStore();
    const t = throttle({}, { session, local });
    await t.run({ lane: 'interactive' }, server().send);
    await vi.advanceTimersByTimeAsync(0);
    const keys = throttleStorageKeys('forum');
    expect([...session.data.keys()]).toEqual([keys.session]);
    expect([...local.data.keys()]).toEqual([keys.local]);
  });
});

describe('budget history', () => {
  it('counts requests per hour over the last day for the options chart', async () => {
    const t = throttle({ perMinute: 1000, ipPer10Seconds: 1000, ipPerMinute: 1000 });
    const s = server();
    for (let i = 0; i < 3; i++) void t.run({ lane: 'interactive' }, s.send);
    await vi.advanceTimersByTimeAsync(2 * 3_600_000);
    for (let i = 0; i < 2; i++) void t.run({ lane: 'interactive' }, s.send);
    await vi.advanceTimersByTimeAsync(1_000);
    const hours = t.hourly();
    expect(hours).toHaveLength(24);
    expect(hours[23]).toBe(2);
    expect(hours.reduce((a, b) => a + b, 0)).toBe(5);
  });
});
