// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { forumPerTest, mintKey, userKeyHeaders, type Running } from './support';

const forum = forumPerTest();
const admin = (f: Running) => ({
  'Api-Key': f.forum.accounts.adminApiKey,
  'Api-Username': 'ada',
  'Content-Type': 'application/json',
});
const post = (f: Running, headers: Record<string, string>, body: unknown) =>
  fetch(`${f.forum.url}/notifications.json`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('FACTS.md §3.1a: notifications created, read and removed with an admin key', () => {
  it('creates a notification from a JSON-string `data`: the member’s list and bell have it, as the serializer shows it', async () => {
    const f = await forum();
    const tess = f.forum.store.userByName('tess')!;
    const topic = f.forum.store.topics.find((t) => t.archetype === 'regular')!;
    const before = f.forum.store.unreadCounts(tess.id).all;
    const res = await post(f, admin(f), {
      notification_type: 1,
      user_id: tess.id,
      topic_id: topic.id,
      post_number: 2,
      data: JSON.stringify({ display_username: 'ada', topic_title: 'Please look at this' }),
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      user_id: tess.id,
      notification_type: 1,
      topic_id: topic.id,
      post_number: 2,
      read: false,
      data: { display_username: 'ada', topic_title: 'Please look at this' },
    });
    expect(body.notification).toBeUndefined(); // no root
    expect(f.forum.store.unreadCounts(tess.id).all).toBe(before + 1);
    const tessKey = mintKey(f, 'tess', ['read']);
    const list = await (await f.get('/notifications.json', { headers: userKeyHeaders(tessKey) })).json();
    expect(list.notifications[0].id).toBe(body.id);
  });

  it('a nested `data` object is dropped (not a permitted scalar) and the record is invalid; so is a missing type or user', async () => {
    const f = await forum();
    const tess = f.forum.store.userByName('tess')!;
    const nested = await post(f, admin(f), {
      notification_type: 1,
      user_id: tess.id,
      data: { display_username: 'ada' },
    });
    expect(nested.status).toBe(422);
    expect(await nested.json()).toMatchObject({ error_type: 'record_invalid', errors: ["Data can't be blank"] });
    const noType = await post(f, admin(f), { user_id: tess.id, data: '{}' });
    expect((await noType.json()).errors).toEqual(["Notification type can't be blank"]);
    const noUser = await post(f, admin(f), { notification_type: 1, user_id: 99999, data: '{}' });
    expect(noUser.status).toBe(422);
  });

  it('only an admin may create: a User API key (even with write) or a non-admin’s session gets 403', async () => {
    const f = await forum();
    const tess = f.forum.store.userByName('tess')!;
    const key = mintKey(f, 'tess', ['read', 'write']);
    const res = await post(f, userKeyHeaders(key), { notification_type: 1, user_id: tess.id, data: '{}' });
    expect(res.status).toBe(403);
    expect((await res.json()).error_type).toBe('invalid_access');
    const asMember = await post(
      f,
      { 'Api-Key': f.forum.accounts.adminApiKey, 'Api-Username': 'tess' },
      { notification_type: 1, user_id: tess.id, data: '{}' },
    );
    expect(asMember.status).toBe(403);
  });

  it('a fourth like from the same user within the window consolidates: the answer is the liked_consolidated notification', async () => {
    const f = await forum();
    const tess = f.forum.store.userByName('tess')!;
    f.forum.store.notifications = f.forum.store.notifications.filter((n) => n.userId !== tess.id);
    const like = () =>
      post(f, admin(f), {
        notification_type: 5,
        user_id: tess.id,
        topic_id: 1,
        post_number: 1,
        data: JSON.stringify({ display_username: 'zoe', topic_title: 't' }),
      }).then((r) => r.json());
    const singles = [await like(), await like(), await like()];
    expect(singles.map((n) => n.notification_type)).toEqual([5, 5, 5]);
    const merged = await like();
    expect(merged).toMatchObject({ notification_type: 19, data: { display_username: 'zoe', count: 4 } });
    expect(f.forum.store.notifications.filter((n) => n.userId === tess.id).map((n) => n.notificationType)).toEqual([
      19,
    ]);
    const again = await like();
    expect(again).toMatchObject({ id: merged.id, notification_type: 19, data: { count: 5 } });
  });

  it('an admin reads another user’s list (username, not with recent); a member may not; an unknown user is 404', async () => {
    const f = await forum();
    const res = await f.get('/notifications.json?username=tess', { headers: admin(f) });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.notifications.length).toBeGreaterThan(0);
    expect(body.load_more_notifications).toContain('username=tess');
    const key = mintKey(f, 'kenji', ['read']);
    expect((await f.get('/notifications.json?username=tess', { headers: userKeyHeaders(key) })).status).toBe(403);
    expect((await f.get('/notifications.json?username=nobody-here', { headers: admin(f) })).status).toBe(404);
  });

  it('PUT and DELETE /notifications/{id}: admin only; the bell follows', async () => {
    const f = await forum();
    const tess = f.forum.store.userByName('tess')!;
    const created = await (
      await post(f, admin(f), { notification_type: 1, user_id: tess.id, data: '{"display_username":"ada"}' })
    ).json();
    const put = await fetch(`${f.forum.url}/notifications/${created.id}.json`, {
      method: 'PUT',
      headers: admin(f),
      body: JSON.stringify({ read: true }),
    });
    expect((await put.json()).read).toBe(true);
    const del = await fetch(`${f.forum.url}/notifications/${created.id}.json`, { method: 'DELETE', headers: admin(f) });
    expect(await del.json()).toEqual({ success: 'OK' });
    expect(f.forum.store.notifications.some((n) => n.id === created.id)).toBe(false);
    const missing = await fetch(`${f.forum.url}/notifications/${created.id}.json`, {
      method: 'DELETE',
      headers: admin(f),
    });
    expect(missing.status).toBe(404);
  });

  it('GET /u/search/users.json finds users by username prefix or name', async () => {
    const f = await forum();
    const body = await (await f.get('/u/search/users.json?term=te&limit=5')).json();
    expect(body.users.map((u: { username: string }) => u.username)).toContain('tess');
    expect(body.users[0]).toEqual({
      id: expect.any(Number),
      username: expect.any(String),
      name: expect.any(String),
      avatar_template: expect.any(String),
    });
  });
});
