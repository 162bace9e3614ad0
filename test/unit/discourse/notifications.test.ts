import { describe, expect, it } from 'vitest';
import {
  bellCount,
  CORE_TYPES,
  describeNotification,
  NOTIFICATION_GROUPS,
  totalsFromCurrentUser,
} from '../../../src/discourse/notifications';
import { notificationSchema, type Notification } from '../../../src/discourse/schemas';
import { say } from '../../../src/messages/i18n';

// Each case: a notification as Discourse stores it (data shapes from PostAlerter, BadgeGranter,
// the consolidation planner and the plugins), and what Discourse's own user menu shows for it
// (frontend lib/notification-types/*.js, base.js for the rest).
const base = 'https://forum.example/sub';
const me = 'tess';
const topic = { topic_id: 42, slug: 'dont-panic', fancy_title: 'Don&rsquo;t panic', post_number: 3 };
const note = (type: number, fields: Partial<Notification> & { data?: Record<string, unknown> }) =>
  notificationSchema.parse({
    id: 1,
    notification_type: type,
    read: false,
    created_at: '2026-12-01T10:00:00Z',
    ...fields,
  });
const describe_ = (n: Notification) => describeNotification(n, { baseUrl: base, username: me, say });

const postData = {
  topic_title: 'Don’t panic',
  original_post_id: 7,
  original_post_type: 1,
  original_username: 'priya',
  display_username: 'priya',
};
const chat = {
  chat_message_id: 555,
  chat_channel_id: 9,
  chat_channel_title: 'Support desk',
  chat_channel_slug: 'support-desk',
};

const cases: [string, Notification, { title: string | RegExp; actor: string; url: string }][] = [
  [
    'mentioned',
    note(1, { ...topic, data: postData }),
    { title: 'Don’t panic', actor: 'priya', url: `${base}/t/dont-panic/42/3` },
  ],
  [
    'replied',
    note(2, { ...topic, data: postData }),
    { title: 'Don’t panic', actor: 'priya', url: `${base}/t/dont-panic/42/3` },
  ],
  [
    'replied, collapsed ("N replies")',
    note(2, { ...topic, data: { ...postData, display_username: '3 replies' } }),
    { title: 'Don’t panic', actor: '3 replies', url: `${base}/t/dont-panic/42/3` },
  ],
  [
    'quoted on the first post (no /1)',
    note(3, { ...topic, post_number: 1, data: postData }),
    { title: 'Don’t panic', actor: 'priya', url: `${base}/t/dont-panic/42` },
  ],
  [
    'edited',
    note(4, { ...topic, data: postData }),
    { title: 'Don’t panic', actor: 'priya', url: `${base}/t/dont-panic/42/3` },
  ],
  [
    'liked by one',
    note(5, { ...topic, data: postData }),
    { title: 'Don’t panic', actor: 'priya', url: `${base}/t/dont-panic/42/3` },
  ],
  [
    'liked by two',
    note(5, { ...topic, data: { ...postData, username2: 'omar', count: 2 } }),
    { title: 'Don’t panic', actor: 'priya, omar', url: `${base}/t/dont-panic/42/3` },
  ],
  [
    'liked by many',
    note(5, { ...topic, data: { ...postData, username2: 'omar', count: 4 } }),
    { title: 'Don’t panic', actor: 'priya and 3 others', url: `${base}/t/dont-panic/42/3` },
  ],
  [
    'private_message',
    note(6, { ...topic, data: postData }),
    { title: 'Don’t panic', actor: 'priya', url: `${base}/t/dont-panic/42/3` },
  ],
  [
    'invitee_accepted',
    note(8, { data: { display_username: 'newbie' } }),
    { title: 'accepted your invitation', actor: 'newbie', url: `${base}/u/newbie` },
  ],
  [
    'granted_badge',
    note(12, {
      data: { badge_id: 3, badge_name: 'First Like', badge_slug: 'first-like', badge_title: false, username: 'Tess' },
    }),
    { title: "Earned 'First Like'", actor: '', url: `${base}/badges/3/first-like?username=tess` },
  ],
  [
    'granted_badge without slug',
    note(12, { data: { badge_id: 3, badge_name: 'Nice Reply!', username: 'tess' } }),
    { title: "Earned 'Nice Reply!'", actor: '', url: `${base}/badges/3/nice-reply-?username=tess` },
  ],
  [
    'custom (solved)',
    note(14, {
      ...topic,
      data: {
        message: 'solved.accepted_notification',
        display_username: 'morgan',
        topic_title: 'Don’t panic',
        title: 'solved.notification.title',
      },
    }),
    { title: 'Don’t panic', actor: 'morgan', url: `${base}/t/dont-panic/42/3` },
  ],
  [
    'group_mentioned',
    note(15, { ...topic, data: { ...postData, group_id: 41, group_name: 'support' } }),
    { title: 'Don’t panic', actor: 'priya @support', url: `${base}/t/dont-panic/42/3` },
  ],
  [
    'group_message_summary',
    note(16, { data: { group_id: 41, group_name: 'support', inbox_count: 3, username: 'tess' } }),
    { title: '3 messages in your support inbox', actor: '', url: `${base}/u/tess/messages/group/support` },
  ],
  [
    'liked_consolidated (the user’s own likes-received page)',
    note(19, { data: { ...postData, username: 'priya', count: 5 } }),
    {
      title: 'liked 5 of your posts',
      actor: 'priya',
      url: `${base}/u/tess/notifications/likes-received?acting_username=priya`,
    },
  ],
  [
    'membership_request_accepted',
    note(22, { data: { group_id: 41, group_name: 'support' } }),
    { title: "Membership accepted in 'support'", actor: '', url: `${base}/g/support` },
  ],
  [
    'membership_request_consolidated',
    note(23, { data: { group_name: 'support', count: 2 } }),
    { title: "2 open membership requests for 'support'", actor: '', url: `${base}/u/tess/messages` },
  ],
  [
    'bookmark_reminder on a post',
    note(24, {
      ...topic,
      data: {
        title: 'Don’t panic',
        bookmarkable_url: '/t/dont-panic/42/3',
        display_username: 'tess',
        bookmark_name: 'later',
      },
    }),
    { title: 'Don’t panic', actor: '', url: `${base}/t/dont-panic/42/3` },
  ],
  [
    'bookmark_reminder on a chat message (bookmarkable_url)',
    note(24, { data: { title: 'A chat message', bookmarkable_url: '/sub/chat/c/-/9/555', display_username: 'tess' } }),
    { title: 'A chat message', actor: '', url: `${base}/chat/c/-/9/555` },
  ],
  [
    'bookmark_reminder never links off the forum',
    note(24, { data: { title: 'x', bookmarkable_url: 'https://evil.example/' } }),
    { title: 'x', actor: '', url: `${base}/u/tess/notifications` },
  ],
  [
    'reaction on a post',
    note(25, { ...topic, data: { ...postData } }),
    { title: 'Don’t panic', actor: 'priya', url: `${base}/t/dont-panic/42/3` },
  ],
  [
    'reactions consolidated (no topic)',
    note(25, { data: { display_username: 'priya', username: 'priya', consolidated: true, count: 3 } }),
    {
      title: 'reacted to 3 of your posts',
      actor: 'priya',
      url: `${base}/u/tess/notifications/reactions-received?acting_username=priya&include_likes=true`,
    },
  ],
  [
    'votes_released (no post number)',
    note(26, {
      topic_id: 42,
      slug: 'dont-panic',
      fancy_title: 'Don&rsquo;t panic',
      data: { message: 'votes_released', title: 'votes_released' },
    }),
    { title: 'Don’t panic', actor: '', url: `${base}/t/dont-panic/42` },
  ],
  [
    'chat_mention in a channel',
    note(29, { data: { ...chat, mentioned_by_username: 'omar', is_direct_message_channel: false } }),
    { title: 'mentioned you in "Support desk"', actor: 'omar', url: `${base}/chat/c/support-desk/9/555` },
  ],
  [
    'chat_mention in a direct message',
    note(29, {
      data: { chat_message_id: 5, chat_channel_id: 2, mentioned_by_username: 'omar', is_direct_message_channel: true },
    }),
    { title: 'mentioned you in personal chat', actor: 'omar', url: `${base}/chat/c/-/2/5` },
  ],
  [
    'chat_message',
    note(30, { data: { ...chat, sender: 'omar', is_direct_message_channel: false } }),
    { title: 'new message in "Support desk"', actor: 'omar', url: `${base}/chat/c/support-desk/9/555` },
  ],
  [
    'chat_invitation',
    note(31, { data: { ...chat, invited_by_username: 'morgan' } }),
    { title: 'invited you to join a chat channel', actor: 'morgan', url: `${base}/chat/c/support-desk/9/555` },
  ],
  [
    'assigned to me',
    note(34, {
      ...topic,
      data: {
        message: 'discourse_assign.assign_notification',
        display_username: 'morgan',
        topic_title: 'Don’t panic',
        assignment_id: 4,
      },
    }),
    { title: 'Don’t panic', actor: '', url: `${base}/t/dont-panic/42/3` },
  ],
  [
    'new_features',
    note(37, { data: {} }),
    { title: 'New features available!', actor: '', url: `${base}/admin/whats-new` },
  ],
  [
    'admin_problems',
    note(38, { data: {} }),
    { title: 'New advice on your site dashboard', actor: '', url: `${base}/admin` },
  ],
  [
    'linked_consolidated',
    note(39, { data: { display_username: 'omar', username: 'omar', count: 4 } }),
    { title: 'linked 4 of your posts', actor: 'omar', url: `${base}/u/tess/notifications/links?acting_username=omar` },
  ],
  [
    'chat_watched_thread',
    note(40, {
      data: {
        username: 'omar',
        chat_message_id: 7,
        chat_channel_id: 9,
        chat_thread_id: 3,
        description: 'Thread title',
        user_ids: [1],
      },
    }),
    { title: 'Thread title', actor: 'omar', url: `${base}/chat/c/-/9/t/3/7` },
  ],
  [
    'following',
    note(800, { data: { display_username: 'omar' } }),
    { title: 'started following you', actor: 'omar', url: `${base}/u/omar` },
  ],
  [
    'following_replied',
    note(802, { ...topic, data: postData }),
    { title: 'Don’t panic', actor: 'priya', url: `${base}/t/dont-panic/42/3` },
  ],
];

describe('describeNotification: as Discourse’s user menu shows it', () => {
  it.each(cases)('%s', (_name, n, expected) => {
    const view = describe_(n);
    expect(view.title).toEqual(expected.title);
    expect(view.actor).toBe(expected.actor);
    expect(view.url).toBe(expected.url);
  });

  it('every core and plugin type gets a title, a label, a group and a link on the forum, never /u//', () => {
    for (const [id, name] of Object.entries(CORE_TYPES)) {
      for (const n of [note(Number(id), { data: {} }), note(Number(id), { ...topic, data: postData })]) {
        const view = describe_(n);
        expect(view.title, name).not.toBe('');
        expect(view.label, name).not.toBe('');
        expect(NOTIFICATION_GROUPS, name).toContain(view.group);
        expect(view.url.startsWith(`${base}/`), `${name}: ${view.url}`).toBe(true);
        expect(view.url, name).not.toContain('/u//');
      }
    }
  });

  it('an unknown plugin type still gets a sensible title and a link to its topic or to the user’s notifications', () => {
    expect(
      describeNotification(note(1234, { ...topic, data: postData }), {
        baseUrl: base,
        username: me,
        typeName: 'shiny_plugin_thing',
        say,
      }),
    ).toMatchObject({
      title: 'Don’t panic',
      actor: 'priya',
      url: `${base}/t/dont-panic/42/3`,
      label: 'shiny plugin thing',
      group: 'other',
    });
    expect(describe_(note(1234, { data: {} }))).toMatchObject({
      title: 'type 1234',
      url: `${base}/u/tess/notifications`,
    });
  });

  it('type names come from the forum’s /site.json first (older forums number plugin types differently)', () => {
    const view = describeNotification(note(16, { data: { display_username: 'omar' } }), {
      baseUrl: base,
      username: me,
      typeName: 'following',
      say,
    });
    expect(view).toMatchObject({ title: 'started following you', url: `${base}/u/omar` });
  });

  it('never throws and never puts raw markup or entities in the text, whatever data holds', () => {
    for (const data of [
      { display_username: 42, topic_title: ['x'] },
      { badge_name: 'Bold & brave', badge_id: '7' },
      { count: 'many', group_name: null },
    ]) {
      for (const id of Object.keys(CORE_TYPES)) {
        const view = describe_(
          note(Number(id), {
            data: data as Record<string, unknown>,
            fancy_title: '&ldquo;Quoted&rdquo; <img alt=":smile:">',
          }),
        );
        expect(view.title).not.toMatch(/&[a-z]+;|<\w/);
      }
    }
  });

  it('shows the text fields Discourse sends as typed (not HTML) as typed: only fancy_title is decoded', () => {
    const typed = 'Why <div> breaks &amp; how';
    expect(describe_(note(2, { topic_id: 42, slug: 'why-div-breaks', data: { topic_title: typed } })).title).toBe(
      typed,
    );
    expect(describe_(note(12, { data: { badge_name: 'Bold <b> & brave', badge_id: 7 } })).title).toBe(
      "Earned 'Bold <b> & brave'",
    );
    expect(describe_(note(24, { data: { title: typed, bookmark_name: 'a <b>' } })).title).toBe(typed);
    expect(
      describe_(
        note(2, { ...topic, fancy_title: 'Why &lt;div&gt; breaks &amp;amp; how', data: { topic_title: typed } }),
      ).title,
    ).toBe(typed);
  });
});

describe('who did what, and their avatar', () => {
  it('says who did what with the verb where the type has one, else who and the kind; no actor, the kind alone', () => {
    expect(describe_(note(2, { ...topic, data: postData })).byline).toBe('priya replied');
    expect(describe_(note(5, { ...topic, data: { ...postData, count: 3 } })).byline).toBe(
      'priya and 2 others liked your post',
    );
    expect(describe_(note(18, { ...topic, data: postData })).byline).toBe('priya · topic reminder');
    expect(
      describe_(
        note(12, {
          data: { badge_id: 3, badge_name: 'Autobiographer', badge_slug: 'autobiographer', username: 'tess' },
        }),
      ).byline,
    ).toBe('badge granted');
  });

  it('takes the avatar the forum sends (show_user_menu_avatars), schemaless or relative, at 48 px; none without one or without an actor', () => {
    const withAvatar = (template: string) =>
      describe_(note(1, { ...topic, data: postData, acting_user_avatar_template: template }));
    expect(withAvatar('//forum.example/sub/user_avatar/forum.example/priya/{size}/12_2.png').avatar).toBe(
      'https://forum.example/sub/user_avatar/forum.example/priya/48/12_2.png',
    );
    expect(withAvatar('/sub/letter_avatar_proxy/v4/letter/p/3ab54a/{size}.png').avatar).toBe(
      'https://forum.example/sub/letter_avatar_proxy/v4/letter/p/3ab54a/48.png',
    );
    expect(describe_(note(1, { ...topic, data: postData })).avatar).toBeNull();
    expect(describe_(note(37, { data: {}, acting_user_avatar_template: '/x/{size}.png' })).avatar).toBeNull();
  });
});

describe('bellCount: the number on the forum’s bell', () => {
  it('is totals’ unread_notifications plus new personal messages (all_unread_notifications_count)', () => {
    expect(bellCount({ unread_notifications: 3, unread_personal_messages: 1 })).toBe(4);
    expect(bellCount({ unread_notifications: 3 })).toBe(3);
  });
  it('stops at 99 like MAX_UNREAD_NOTIFICATIONS and never goes below 0', () => {
    expect(bellCount({ unread_notifications: 150, unread_personal_messages: 5 })).toBe(99);
    expect(bellCount({ unread_notifications: -2, unread_personal_messages: 1 })).toBe(0);
    expect(bellCount(null)).toBe(0);
  });
});

describe('totalsFromCurrentUser: /session/current.json where the totals fall short', () => {
  it('gives the header bubble (all_unread_notifications_count), new messages counted apart', () => {
    const totals = totalsFromCurrentUser({
      username: 'tess',
      unread_notifications: 2,
      unread_high_priority_notifications: 4,
      all_unread_notifications_count: 5,
      new_personal_messages_notifications_count: 2,
    });
    expect(totals).toEqual({ username: 'tess', unread_notifications: 3, unread_personal_messages: 2 });
    expect(bellCount(totals)).toBe(5);
  });
  it('before 2.9 (no combined count): the blue and the green bubble together', () => {
    const totals = totalsFromCurrentUser({
      username: 'tess',
      unread_notifications: 2,
      unread_high_priority_notifications: 1,
    });
    expect(bellCount(totals)).toBe(3);
  });
});
