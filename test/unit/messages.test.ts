import { describe, expect, it } from 'vitest';
import { createRouter, type Handlers, type SenderChecks, type Sender } from '../../src/background/router';
import { sendRequest } from '../../src/messages/send';
import { DiscourseError } from '../../src/discourse/errors';
import { messages, type MessageType } from '../../src/messages/protocol';

interface Forum {
  id: string;
}
const EXTENSION_PAGE: Sender = { url: 'chrome-extension://abc/src/popup/index.html' };
const FORUM_TAB: Sender = { url: 'https://forum.example/t/hello/1', tabId: 7 };
const OTHER_FORUM_TAB: Sender = { url: 'https://other.example/latest', tabId: 8 };
const CONNECTED = ['forum.example', 'other.example'];

/** Extension pages by URL; a page's forum is its host, and it may only name that one. */
const checks: SenderChecks<Forum> = {
  isExtensionPage: (sender) => !!sender.url?.startsWith('chrome-extension://abc/'),
  connectedForum: async (forumId) => {
    if (!CONNECTED.includes(forumId)) throw new DiscourseError('NotFound', 'That forum is not connected.');
    return { id: forumId };
  },
  pageForum: async (sender, forumId) => {
    if (new URL(sender.url!).host !== forumId) throw new DiscourseError('Forbidden', 'Only about this page’s forum.');
    return { id: forumId };
  },
};

// Only the handlers these tests exercise; the router never calls the others here.
const handlers = {
  async ping(request: { sentAt: number }) {
    return { pong: true, sentAt: request.sentAt, answeredAt: request.sentAt + 5, version: '1.2.3' };
  },
  async about() {
    return { version: '1.2.3', browser: 'chrome' as const, redirectUrl: 'https://x.chromiumapp.org/' };
  },
} as unknown as Handlers<Forum>;

describe('background router', () => {
  it('answers a valid ping with the handler result', async () => {
    const route = createRouter(handlers, checks);
    await expect(route({ type: 'ping', sentAt: 10 }, EXTENSION_PAGE)).resolves.toEqual({
      ok: true,
      data: { pong: true, sentAt: 10, answeredAt: 15, version: '1.2.3' },
    });
  });

  it('rejects an unknown message type as a typed BadRequest, without running any handler', async () => {
    const route = createRouter(handlers, checks);
    const reply = await route({ type: 'steal-keys' }, {});
    expect(reply).toMatchObject({ ok: false, error: { kind: 'BadRequest' } });
  });

  it('rejects a ping whose fields have the wrong type and names the field', async () => {
    const route = createRouter(handlers, checks);
    const reply = await route({ type: 'ping', sentAt: 'yesterday' }, {});
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toContain('sentAt');
  });

  it('passes a forum error through with its kind, message and details (e.g. when to retry)', async () => {
    const route = createRouter(
      {
        ...handlers,
        async ping() {
          throw new DiscourseError('RateLimited', 'The forum asks to slow down.', { until: 99, scope: 'global' });
        },
      },
      checks,
    );
    await expect(route({ type: 'ping', sentAt: 1 }, {})).resolves.toEqual({
      ok: false,
      error: { kind: 'RateLimited', message: 'The forum asks to slow down.', details: { until: 99, scope: 'global' } },
    });
  });

  it('hides the text of unexpected errors, which may carry URLs or keys', async () => {
    const route = createRouter(
      {
        ...handlers,
        async ping() {
          throw new Error('fetch https://forum.example/?user_api_key=SECRET failed');
        },
      },
      checks,
    );
    const original = console.error;
    console.error = () => {};
    const reply = await route({ type: 'ping', sentAt: 1 }, {});
    console.error = original;
    expect(reply).toMatchObject({ ok: false, error: { kind: 'Internal' } });
    expect(JSON.stringify(reply)).not.toContain('SECRET');
  });

  it('refuses to send a handler result that breaks the reply schema', async () => {
    const route = createRouter(
      {
        ...handlers,
        // @ts-expect-error: deliberately wrong shape
        async about() {
          return { version: 1 };
        },
      },
      checks,
    );
    await expect(route({ type: 'about' }, EXTENSION_PAGE)).resolves.toMatchObject({
      ok: false,
      error: { kind: 'Internal' },
    });
  });
});

describe('who may send what', () => {
  const names = Object.keys(messages) as MessageType[];
  const runs: string[] = [];
  // Every handler records that it ran and answers nothing valid: a refused sender must never reach one.
  const recording = Object.fromEntries(
    names.map((name) => [
      name,
      async (_r: unknown, context: { forum?: Forum }) => void runs.push(`${name}:${context.forum?.id ?? '-'}`),
    ]),
  ) as unknown as Handlers<Forum>;
  const route = createRouter(recording, checks);
  const quiet = async <T>(run: () => Promise<T>) => {
    const original = console.error;
    console.error = () => {};
    try {
      return await run();
    } finally {
      console.error = original;
    }
  };

  it('every message declares who may send it, and a page message names its forum', () => {
    const senders = ['extensionPage', 'forumPage', 'extensionPageOrForumPage', 'contentScript', 'anyone'];
    for (const name of names) {
      const { from, forum, request } = messages[name];
      expect(senders, name).toContain(from);
      if (from === 'forumPage' || from === 'extensionPageOrForumPage') {
        expect(forum, `${name} must resolve the page's forum`).toBe(true);
        expect(Object.keys(request.shape), name).toContain('forumId');
      }
    }
    // What a forum page can reach at all, and how: every other message is for the extension's own pages.
    const fromPages = Object.fromEntries(
      names.filter((n) => messages[n].from !== 'extensionPage').map((n) => [n, [messages[n].from, messages[n].forum]]),
    );
    expect(fromPages).toEqual({
      ping: ['anyone', false],
      about: ['anyone', false],
      'connect.captured': ['contentScript', false],
      'content.init': ['contentScript', false],
      'content.pageUnread': ['forumPage', true],
      'content.postRaw': ['forumPage', true],
      'content.quote': ['forumPage', true],
      'content.saveForLater': ['forumPage', true],
      'content.setNote': ['forumPage', true],
      'admin.openPanel': ['extensionPageOrForumPage', true],
    });
  });

  it('refuses every extension-page message from a content script, before reading its fields', async () => {
    const extensionOnly = names.filter((n) => messages[n].from === 'extensionPage');
    expect(extensionOnly.length).toBeGreaterThan(30);
    for (const name of extensionOnly) {
      const reply = await route({ type: name }, FORUM_TAB);
      expect(reply, name).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
    }
    expect(runs).toEqual([]);
  });

  it('refuses a page message from an extension page, and from a tab of another forum', async () => {
    const note = { type: 'content.setNote', forumId: 'forum.example', username: 'zoe', note: 'helpful' };
    expect(await route(note, EXTENSION_PAGE)).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
    expect(await route(note, OTHER_FORUM_TAB)).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
    // A sender without a tab (another extension page, a worker) is no content script either.
    expect(await route(note, { url: 'https://forum.example/t/1' })).toMatchObject({
      ok: false,
      error: { kind: 'Forbidden' },
    });
    expect(runs).toEqual([]);
    await quiet(() => route(note, FORUM_TAB));
    expect(runs).toEqual(['content.setNote:forum.example']);
    runs.length = 0;
  });

  it('hands an extension page the connected forum it names, and refuses one not connected', async () => {
    await quiet(() => route({ type: 'topics.get', forumId: 'other.example', filter: 'latest' }, EXTENSION_PAGE));
    expect(runs).toEqual(['topics.get:other.example']);
    runs.length = 0;
    const reply = await route({ type: 'topics.get', forumId: 'gone.example', filter: 'latest' }, EXTENSION_PAGE);
    expect(reply).toMatchObject({ ok: false, error: { kind: 'NotFound' } });
    expect(runs).toEqual([]);
  });

  it('lets both open the admin window, each about a forum it may name', async () => {
    const open = { type: 'admin.openPanel', forumId: 'forum.example', view: 'notify', topicId: 1 };
    await quiet(() => route(open, EXTENSION_PAGE));
    await quiet(() => route(open, FORUM_TAB));
    expect(runs).toEqual(['admin.openPanel:forum.example', 'admin.openPanel:forum.example']);
    runs.length = 0;
    expect(await route(open, OTHER_FORUM_TAB)).toMatchObject({ ok: false, error: { kind: 'Forbidden' } });
    expect(runs).toEqual([]);
  });
});

describe('sendRequest', () => {
  it('round-trips through the router', async () => {
    const route = createRouter(handlers, checks);
    const result = await sendRequest((message) => route(message, EXTENSION_PAGE), { type: 'ping', sentAt: 7 });
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
