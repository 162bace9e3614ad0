// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  parseRetryAfter,
  rateLimitedUntil,
  rateLimitFrom,
  readRateLimitReply,
} from '../../../src/discourse/rateLimitReply';

const NOW = Date.UTC(2026, 0, 15, 12, 0, 0);

/** A 429 as `render_rate_limit_error` sends it: Retry-After in seconds and the JSON body. */
const limitExceeded = (opts: { retryAfter?: string; waitSeconds?: number; code?: string } = {}) =>
  new Response(
    JSON.stringify({
      errors: ['You’ve performed this action too many times. Please wait 5 seconds before trying again.'],
      error_type: 'rate_limit',
      extras:
        opts.waitSeconds === undefined
          ? {}
          : { wait_seconds: opts.waitSeconds, time_left: `${opts.waitSeconds} seconds` },
    }),
    {
      status: 429,
      headers: {
        'Content-Type': 'application/json; charset=utf-8',
        ...(opts.retryAfter ? { 'Retry-After': opts.retryAfter } : {}),
        ...(opts.code ? { 'Discourse-Rate-Limit-Error-Code': opts.code } : {}),
      },
    },
  );

describe('Retry-After', () => {
  it('reads delta-seconds as sent', () => {
    expect(parseRetryAfter('7', NOW)).toBe(7);
    expect(parseRetryAfter(' 12 ', NOW)).toBe(12);
    expect(parseRetryAfter('0', NOW)).toBe(0);
  });

  it('reads an HTTP date as the seconds left from the given clock, never negative', () => {
    const in90s = new Date(NOW + 90_000).toUTCString();
    expect(parseRetryAfter(in90s, NOW)).toBe(90);
    // The same header read a minute later has a minute less to wait.
    expect(parseRetryAfter(in90s, NOW + 60_000)).toBe(30);
    expect(parseRetryAfter(new Date(NOW - 5_000).toUTCString(), NOW)).toBe(0);
  });

  it('is absent when missing or unreadable', () => {
    expect(parseRetryAfter(null, NOW)).toBeNull();
    expect(parseRetryAfter('', NOW)).toBeNull();
    expect(parseRetryAfter('soon', NOW)).toBeNull();
  });
});

describe('reading a 429', () => {
  it('RateLimiter::LimitExceeded for one action (create_post): per-action, Retry-After seconds, the words', async () => {
    const reply = await readRateLimitReply(limitExceeded({ retryAfter: '5', waitSeconds: 5 }), NOW);
    expect(reply).toEqual({
      global: false,
      code: null,
      waitSeconds: 5,
      errorType: 'rate_limit',
      errors: [expect.stringContaining('too many times')],
    });
  });

  it('takes extras.wait_seconds when there is no Retry-After', async () => {
    expect(await readRateLimitReply(limitExceeded({ waitSeconds: 6 }), NOW)).toMatchObject({
      global: false,
      waitSeconds: 6,
    });
  });

  it('prefers Retry-After, in either form, to extras.wait_seconds', async () => {
    expect(await readRateLimitReply(limitExceeded({ retryAfter: '3', waitSeconds: 6 }), NOW)).toMatchObject({
      waitSeconds: 3,
    });
    const date = new Date(NOW + 20_000).toUTCString();
    expect(await readRateLimitReply(limitExceeded({ retryAfter: date, waitSeconds: 6 }), NOW)).toMatchObject({
      waitSeconds: 20,
    });
  });

  it('a key or IP limiter code makes it global (pauses the forum); JSON without a code is per-action', async () => {
    for (const code of [
      'user_api_key_limiter_60_secs',
      'user_api_key_limiter_1_day',
      'admin_api_key_rate_limit',
      'ip_10_secs_limit',
      'id_60_secs_limit',
    ]) {
      expect(await readRateLimitReply(limitExceeded({ retryAfter: '3', code }), NOW)).toMatchObject({
        global: true,
        code,
        waitSeconds: 3,
      });
    }
    // A code naming a per-action limiter does not pause the forum.
    expect(await readRateLimitReply(limitExceeded({ retryAfter: '3', code: 'create_post' }), NOW)).toMatchObject({
      global: false,
      code: 'create_post',
    });
  });

  it('the per-IP middleware and MessageBus (text/plain) are global', async () => {
    const text = new Response('Slow down', {
      status: 429,
      headers: {
        'Content-Type': 'text/plain',
        'Retry-After': '9',
        'Discourse-Rate-Limit-Error-Code': 'ip_10_secs_limit',
      },
    });
    expect(await readRateLimitReply(text, NOW)).toEqual({
      global: true,
      code: 'ip_10_secs_limit',
      waitSeconds: 9,
      errorType: null,
      errors: [],
    });
  });

  it('a bare 429 from nginx (no header, no body) is global and names no wait: the caller falls back', async () => {
    const bare = new Response(null, { status: 429 });
    const reply = await readRateLimitReply(bare, NOW);
    expect(reply).toEqual({ global: true, code: null, waitSeconds: null, errorType: null, errors: [] });
    expect(rateLimitedUntil(reply, NOW, 10)).toBe(NOW + 10_000);
  });

  it('JSON that does not parse counts as not JSON (global)', async () => {
    const broken = new Response('{oops', {
      status: 429,
      headers: { 'Content-Type': 'application/json', 'Retry-After': '4' },
    });
    expect(await readRateLimitReply(broken, NOW)).toMatchObject({ global: true, waitSeconds: 4, errors: [] });
  });

  it('leaves the body unread for the caller', async () => {
    const response = limitExceeded({ retryAfter: '5' });
    await readRateLimitReply(response, NOW);
    expect(response.bodyUsed).toBe(false);
    await expect(response.json()).resolves.toMatchObject({ error_type: 'rate_limit' });
  });

  it('reads a body the caller parsed already the same way', () => {
    const headers = new Headers({ 'Retry-After': new Date(NOW + 30_000).toUTCString() });
    const reply = rateLimitFrom(
      headers,
      { errors: ['wait'], error_type: 'rate_limit', extras: { wait_seconds: 8 } },
      NOW,
    );
    expect(reply).toEqual({ global: false, code: null, waitSeconds: 30, errorType: 'rate_limit', errors: ['wait'] });
    expect(rateLimitedUntil(reply, NOW, 10)).toBe(NOW + 30_000);
    expect(rateLimitFrom(new Headers(), undefined, NOW)).toMatchObject({ global: true, waitSeconds: null });
  });
});
