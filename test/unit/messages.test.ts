import { describe, expect, it } from 'vitest';
import { createRouter, HandledError, type Handlers } from '../../src/background/router';
import { sendRequest } from '../../src/messages/send';
import { DiscourseError } from '../../src/discourse/errors';

// Only the handlers these tests exercise; the router never calls the others here.
const handlers = {
  async ping(request: { sentAt: number }) {
    return { pong: true, sentAt: request.sentAt, answeredAt: request.sentAt + 5, version: '1.2.3' };
  },
  async about() {
    return { version: '1.2.3', browser: 'chrome' as const, redirectUrl: 'https://x.chromiumapp.org/' };
  },
} as unknown as Handlers;

describe('background router', () => {
  it('answers a valid ping with the handler result', async () => {
    const route = createRouter(handlers);
    await expect(route({ type: 'ping', sentAt: 10 }, {})).resolves.toEqual({
      ok: true,
      data: { pong: true, sentAt: 10, answeredAt: 15, version: '1.2.3' },
    });
  });

  it('rejects an unknown message type as a typed BadRequest, without running any handler', async () => {
    const route = createRouter(handlers);
    const reply = await route({ type: 'steal-keys' }, {});
    expect(reply).toMatchObject({ ok: false, error: { kind: 'BadRequest' } });
  });

  it('rejects a ping whose fields have the wrong type and names the field', async () => {
    const route = createRouter(handlers);
    const reply = await route({ type: 'ping', sentAt: 'yesterday' }, {});
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toContain('sentAt');
  });

  it('passes a HandledError through with its kind and details', async () => {
    const route = createRouter({
      ...handlers,
      async ping() {
        throw new HandledError('RateLimited', 'Wait a minute.', { until: 1234 });
      },
    });
    await expect(route({ type: 'ping', sentAt: 1 }, {})).resolves.toEqual({
      ok: false,
      error: { kind: 'RateLimited', message: 'Wait a minute.', details: { until: 1234 } },
    });
  });

  it('passes a forum error through with its kind, message and details (e.g. when to retry)', async () => {
    const route = createRouter({
      ...handlers,
      async ping() {
        throw new DiscourseError('RateLimited', 'The forum asks to slow down.', { until: 99, scope: 'global' });
      },
    });
    await expect(route({ type: 'ping', sentAt: 1 }, {})).resolves.toEqual({
      ok: false,
      error: { kind: 'RateLimited', message: 'The forum asks to slow down.', details: { until: 99, scope: 'global' } },
    });
  });

  it('hides the text of unexpected errors, which may carry URLs or keys', async () => {
    const route = createRouter({
      ...handlers,
      async ping() {
        throw new Error('fetch https://forum.example/?user_api_key=SECRET failed');
      },
    });
    const original = console.error;
    console.error = () => {};
    const reply = await route({ type: 'ping', sentAt: 1 }, {});
    console.error = original;
    expect(reply).toMatchObject({ ok: false, error: { kind: 'Internal' } });
    expect(JSON.stringify(reply)).not.toContain('SECRET');
  });

  it('refuses to send a handler result that breaks the reply schema', async () => {
    const route = createRouter({
      ...handlers,
      // @ts-expect-error: deliberately wrong shape
      async about() {
        return { version: 1 };
      },
    });
    await expect(route({ type: 'about' }, {})).resolves.toMatchObject({ ok: false, error: { kind: 'Internal' } });
  });
});

describe('sendRequest', () => {
  it('round-trips through the router', async () => {
    const route = createRouter(handlers);
    const result = await sendRequest((message) => route(message, {}), { type: 'ping', sentAt: 7 });
    expect(result).toEqual({ ok: true, data: { pong: true, sentAt: 7, answeredAt: 12, version: '1.2.3' } });
  });

  it('turns a missing background into NoReceiver', async () => {
    const result = await sendRequest(
      () => Promise.reject(new Error('Could not establish connection. Receiving end does not exist.')),
      { type: 'about' },
    );
    expect(result).toMatchObject({ ok: false, error: { kind: 'NoReceiver' } });
  });

  it('turns a malformed reply into BadReply instead of trusting it', async () => {
    const result = await sendRequest(async () => ({ ok: true, data: { pong: 'yes' } }), { type: 'ping', sentAt: 1 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'BadReply' } });
    const undefinedReply = await sendRequest(async () => undefined, { type: 'about' });
    expect(undefinedReply).toMatchObject({ ok: false, error: { kind: 'BadReply' } });
  });

  it('does not send an invalid request at all', async () => {
    let sent = 0;
    const result = await sendRequest(
      async () => {
        sent++;
        return { ok: true, data: {} };
      },
      // @ts-expect-error: deliberately wrong field type
      { type: 'ping', sentAt: 'now' },
    );
    expect(sent).toBe(0);
    expect(result).toMatchObject({ ok: false, error: { kind: 'BadRequest' } });
  });
});
