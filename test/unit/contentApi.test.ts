import { describe, expect, it } from 'vitest';
import { ask } from '../../src/content/contentApi';

const initData = {
  forum: { id: 'f1', baseUrl: 'https://forum.example', title: 'Forum', canWrite: true },
  features: { postActions: true },
  data: {
    templates: [{ id: 't', name: 'Thanks', body: 'Thank you!' }],
    notes: { zoe: 'helpful' },
    filters: { users: [], keywords: ['spam'], categories: [], tags: [] },
  },
};

describe('content scripts talk to the background without the polyfill or zod', () => {
  it('hands back a well-formed reply as is', async () => {
    const result = await ask({ type: 'content.init' }, async () => ({ ok: true, data: initData }));
    expect(result).toEqual({ ok: true, data: initData });
  });

  it('passes the background’s own error through, without extra fields', async () => {
    const result = await ask({ type: 'content.postRaw', forumId: 'f1', postId: 3 }, async () => ({
      ok: false,
      error: { kind: 'NotFound', message: 'That forum is not connected.', details: { x: 1 } },
    }));
    expect(result).toEqual({ ok: false, error: { kind: 'NotFound', message: 'That forum is not connected.' } });
    // A kind this build does not know (a newer worker after an update) keeps its message as an internal error.
    const unknown = await ask({ type: 'content.postRaw', forumId: 'f1', postId: 3 }, async () => ({
      ok: false,
      error: { kind: 'Teapot', message: 'I am a teapot.' },
    }));
    expect(unknown).toEqual({ ok: false, error: { kind: 'Internal', message: 'I am a teapot.' } });
  });

  it('refuses a reply missing what the feature reads, so a feature never runs on half a reply', async () => {
    const notes = await ask({ type: 'content.init' }, async () => ({
      ok: true,
      data: { ...initData, data: { ...initData.data, notes: { zoe: 4 } } },
    }));
    expect(notes).toMatchObject({ ok: false, error: { kind: 'BadReply' } });
    const raw = await ask({ type: 'content.postRaw', forumId: 'f1', postId: 3 }, async () => ({
      ok: true,
      data: { raw: null },
    }));
    expect(raw).toMatchObject({ ok: false, error: { kind: 'BadReply' } });
    for (const reply of [undefined, 'ok', { ok: true }, { ok: false, error: 'boom' }]) {
      expect(await ask({ type: 'content.pageUnread', forumId: 'f1', count: 1 }, async () => reply)).toMatchObject({
        ok: false,
        error: { kind: 'BadReply' },
      });
    }
  });

  it('says the background did not answer when the worker is gone, instead of throwing', async () => {
    const result = await ask({ type: 'connect.captured', payload: 'x' }, async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'NoReceiver', message: expect.stringContaining('Receiving end does not exist') },
    });
  });

  it('accepts a forum-less init (the page is not a connected forum)', async () => {
    const result = await ask({ type: 'content.init' }, async () => ({ ok: true, data: { ...initData, forum: null } }));
    expect(result.ok && result.data.forum).toBe(null);
  });
});
