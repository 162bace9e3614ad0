// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { DiscourseClient } from '../../../src/discourse/client';
import { parseTopicLink } from '../../../src/discourse/forumUrl';
import { memoryStore, systemClock } from '../../../src/discourse/ports';
import { defaultLimits, Throttle } from '../../../src/discourse/throttle';

describe('a pasted link → the topic and post it points at', () => {
  const base = 'https://forum.example/community';
  it.each([
    ['https://forum.example/community/t/install-fails-on-arm/123/4', { topicId: 123, postNumber: 4 }],
    ['https://forum.example/community/t/install-fails-on-arm/123', { topicId: 123 }],
    ['https://forum.example/community/t/123/4', { topicId: 123, postNumber: 4 }],
    ['https://forum.example/community/t/2fa-setup/77/2?u=tess', { topicId: 77, postNumber: 2 }],
    ['/community/t/some-topic/9/', { topicId: 9 }],
    ['  https://forum.example/community/t/%C3%BCnicode/5/6#reply  ', { topicId: 5, postNumber: 6 }],
  ])('%s', (input, expected) => {
    expect(parseTopicLink(input, base)).toEqual(expected);
  });
  it.each([
    'https://other.example/community/t/x/1/2',
    'https://forum.example/community/u/tess',
    'https://forum.example/community/latest',
    'not a link at all ::',
    'https://forum.example/community/t/',
  ])('refuses %s', (input) => {
    expect(parseTopicLink(input, base)).toBeNull();
  });
});

describe('the admin notification request', () => {
  it('sends `data` as a JSON string (Discourse drops a nested object), the post as topic_id + post_number, with the admin key', async () => {
    const sent: { url: string; init: RequestInit }[] = [];
    const fetch = async (url: string, init: RequestInit = {}) => {
      sent.push({ url, init });
      return new Response(
        JSON.stringify({
          id: 9,
          user_id: 3,
          notification_type: 1,
          read: false,
          created_at: '2026-12-02T08:00:00Z',
          topic_id: 12,
          post_number: 4,
          data: { display_username: 'ada' },
        }),
        { status: 200, headers: { 'Content-Type': 'application/json' } },
      );
    };
    const throttle = new Throttle({
      id: 'a',
      limits: defaultLimits('admin'),
      clock: systemClock,
      storage: { session: memoryStore(), local: memoryStore() },
    });
    const client = new DiscourseClient({
      baseUrl: 'https://forum.example',
      auth: { kind: 'admin', key: 'k'.repeat(64), username: 'ada' },
      fetch,
      clock: systemClock,
      throttle,
    });
    const created = await client.createNotification({
      userId: 3,
      type: 1,
      topicId: 12,
      postNumber: 4,
      data: { display_username: 'ada', topic_title: 'Look "here"' },
    });
    expect(created.id).toBe(9);
    const { url, init } = sent[0]!;
    expect(url).toBe('https://forum.example/notifications.json');
    expect(init.method).toBe('POST');
    const body = JSON.parse(String(init.body));
    expect(body).toEqual({
      notification_type: 1,
      user_id: 3,
      topic_id: 12,
      post_number: 4,
      data: '{"display_username":"ada","topic_title":"Look \\"here\\""}',
    });
    expect(typeof body.data).toBe('string');
    expect((init.headers as Record<string, string>)['Api-Username']).toBe('ada');
    // A note without a post: no topic fields at all (the member's menu then shows the note).
    await client.createNotification({ userId: 3, type: 1, data: { topic_title: 'Please check your inbox' } });
    expect(Object.keys(JSON.parse(String(sent[1]!.init.body)))).toEqual(['notification_type', 'user_id', 'data']);
  });
});
