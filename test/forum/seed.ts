import { randomBytes } from 'node:crypto';
import type { User } from './records';
import type { Store } from './store';

/** The demo forum: enough people, categories, topics and notifications to look real in screenshots. */

export interface SeedAccounts {
  adminApiKey: string;
  adminUsername: string;
  users: { username: string; password: string; role: string }[];
}

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TITLES = [
  'How do I move my forum to a new server without downtime?',
  'Welcome to the Sandbox Community — please read before posting',
  'Upgrade to 2026.8 failed: “PG::UndefinedColumn” during migrations',
  'Dark mode for the composer preview?',
  'Best practices for running a support forum with three moderators',
  'Email notifications arrive twice since last week',
  'Ideas for the community meetup in Lisbon 🇵🇹',
  'Plugin API: how to add a button to the post menu',
  'Is there a keyboard shortcut to jump to the next unread topic?',
  'Backups to S3 stopped working after changing the bucket region',
  'Showcase: our open-source hardware community hit 10 000 members',
  'Why does my category badge colour look different on mobile?',
  'Proposal: a “solved” filter on the latest list',
  'Sidebar sections disappear after switching themes',
  'Translating the forum into Japanese (日本語) — glossary thread',
  'Rate limits for bots: what are the defaults and how do I raise them?',
  'Webhook payloads missing the category slug',
  'Off-topic: what are you reading this month? 📚',
  'SSO with our identity provider loops back to the login page',
  'Markdown tables render without borders in the preview',
  'A very long title to see how lists cope with it when a topic title goes on and on well past the usual length limit of a row',
  'Feature request: mute a user only in one category',
  'Scheduled posts are published an hour late (DST?)',
  'Migrating 40 000 posts from phpBB — lessons learned',
  'How are trust levels calculated?',
  'Search does not find words with accents (café, naïve, Ångström)',
  'Moderation queue: approve from email?',
  'Our forum is read-only during maintenance — what do users see?',
  'Accessibility review of the new topic list',
  'Custom emoji upload fails for GIFs larger than 1 MB',
];

const BODIES = [
  'I followed the guide step by step but got stuck at the last part. Has anyone seen this before?',
  'Here is what I tried so far:\n\n1. Cleared the cache\n2. Rebuilt the container\n3. Checked the logs\n\nNothing obvious shows up.',
  'Thanks for the detailed write-up! This saved me an afternoon.',
  'Could you share the exact error message? It is hard to tell otherwise.',
  'We hit the same problem last month. The fix was to run the migration again with `RAILS_ENV=production`.',
  '+1, this would be really useful for our team as well.',
  'I think this is working as designed, but the documentation could be clearer about it.',
  'Marking this as solved — the setting was hidden under **Advanced**.',
  'Is there an update on this? Still happening on the latest version.',
  'Good question. I asked the same thing a while ago and the answer was *it depends* on your setup.',
];

export function seedForum(store: Store, baseTime: number): SeedAccounts {
  const random = prng(20261127);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const day = 86_400_000;

  const accounts: { user: User; role: string }[] = [];
  const add = (fields: Partial<User> & Pick<User, 'username'>, role: string) => {
    const user = store.addUser({ createdAt: store.iso(baseTime - 400 * day), ...fields });
    accounts.push({ user, role });
    return user;
  };
  const admin = add({ username: 'ada', name: 'Ada Admin', admin: true, trustLevel: 4, title: 'Site admin' }, 'admin');
  const moderator = add({ username: 'morgan', name: 'Morgan Moderator', moderator: true, trustLevel: 3 }, 'moderator');
  const tess = add(
    { username: 'tess', name: 'Tess Trustlevel', trustLevel: 1, bio: 'Support volunteer. Likes tidy inboxes.' },
    'regular (TL1), the demo user',
  );
  const newbie = add(
    { username: 'newbie', name: 'Nico Newcomer', trustLevel: 0, createdAt: store.iso(baseTime - 2 * day) },
    'new user (TL0)',
  );
  const others = [
    add({ username: 'jonas', name: 'Jonas Becker', trustLevel: 2 }, 'regular'),
    add({ username: 'priya', name: 'Priya Raman', trustLevel: 3 }, 'regular'),
    add({ username: 'kenji', name: '佐藤 健二', trustLevel: 2 }, 'regular'),
    add({ username: 'zoe', name: 'Zoë Ångström', trustLevel: 1 }, 'regular'),
  ];
  const people = [admin, moderator, tess, ...others];

  const cat = (
    name: string,
    color: string,
    description: string,
    extra: { parent?: number; restricted?: boolean; textColor?: string } = {},
  ) =>
    store.addCategory({
      name,
      color,
      textColor: extra.textColor ?? 'FFFFFF',
      description,
      parentCategoryId: extra.parent ?? null,
      readRestricted: extra.restricted ?? false,
    });
  // Discourse seeds Uncategorized without a description: its description fields are null.
  const uncategorized = cat('Uncategorized', '0088CC', '');
  const general = cat('General', '25AAE2', 'Talk about anything related to the community.');
  const announcements = cat('Announcements', 'F1592A', 'News from the team.');
  const support = cat('Support', '3AB54A', 'Ask for help with running your forum.');
  const installation = cat('Installation', '92278F', 'Setting up and upgrading.', { parent: support.id });
  const troubleshooting = cat('Troubleshooting', 'BF1E2E', 'Something broke? Start here.', { parent: support.id });
  const development = cat('Development', '652D90', 'Plugins, themes and the API.');
  const plugins = cat('Plugins', 'AB9364', 'Writing and sharing plugins.', { parent: development.id });
  const feedback = cat('Site Feedback', '808281', 'Discussion about this site, its organization and how it works.');
  const offTopic = cat('Off-topic', 'E45735', 'Everything else.', { textColor: '000000' });
  const staff = cat('Staff', '231F20', 'Private category for staff discussions.', { restricted: true });
  const categories = [
    general,
    announcements,
    support,
    installation,
    troubleshooting,
    development,
    plugins,
    feedback,
    offTopic,
    uncategorized,
  ];
  const TAGS = ['howto', 'bug', 'feature', 'upgrade', 'email', 'sso', 'api', 'ux', 'i18n', 'performance'];

  // 64 topics over the last 30 days, oldest first, with replies by several people.
  const topicCount = 64;
  for (let i = 0; i < topicCount; i++) {
    const title =
      i < TITLES.length ? TITLES[i]! : `${pick(TITLES).replace(/\?$/, '')} (follow-up ${i - TITLES.length + 1})`;
    const author = i % 7 === 3 ? tess : pick(people);
    const created = baseTime - (30 * day * (topicCount - i)) / topicCount;
    const category = i === 1 ? announcements : i === 3 ? staff : pick(categories);
    const tags = random() < 0.6 ? [...new Set([pick(TAGS), ...(random() < 0.4 ? [pick(TAGS)] : [])])] : [];
    const { topic } = store.createTopic({
      user: author,
      title,
      raw: pick(BODIES),
      categoryId: category.id,
      tags,
      at: created,
    });
    topic.views = 5 + Math.floor(random() * 900);
    topic.pinned = i === 1;
    topic.closed = i === 27;
    const replies = Math.floor(random() * 7) + (i % 5 === 0 ? 25 : 0);
    for (let r = 0; r < replies; r++) {
      const replier = pick(people);
      const at = created + ((r + 1) * (baseTime - created)) / (replies + 2);
      const previous = store.postsOf(topic.id);
      const replyTo = random() < 0.5 ? pick(previous) : null;
      let raw = pick(BODIES);
      if (random() < 0.15) raw = `@${pick(people).username} ${raw}`;
      if (random() < 0.08 && replyTo) {
        const quoted = store.userById(replyTo.userId!)!;
        raw = `[quote="${quoted.username}, post:${replyTo.postNumber}, topic:${topic.id}"]\n${replyTo.raw.slice(0, 80)}\n[/quote]\n\n${raw}`;
      }
      store.createPost({ user: replier, topic, raw, replyToPostNumber: replyTo?.postNumber ?? null, at });
    }
    // Most people have read most topics; the demo user leaves some new and some unread.
    for (const person of people) {
      const last = store.postsOf(topic.id).at(-1)!.postNumber;
      if (person === tess) {
        if (i % 4 === 0) store.lastRead.get(tess.id)?.delete(topic.id);
        else if (i % 4 === 1) store.markRead(tess.id, topic.id, Math.max(1, last - 2));
        else store.markRead(tess.id, topic.id, last);
      } else if (random() < 0.8) store.markRead(person.id, topic.id, last);
    }
  }

  // HtmlPrettify has work to do on this title (fancy_title), and its last reply's author has since
  // deleted their account: the post stays with no user (UserDestroyer), as real forums have.
  const gone = store.addUser({
    username: 'gone_user',
    name: 'Gone User',
    trustLevel: 1,
    createdAt: store.iso(baseTime - 300 * day),
  });
  const fancy = store.createTopic({
    user: priyaOr(others),
    title: 'Don\'t panic -- it\'s "fine"... Q&A about <br> tags',
    raw: 'The preview shows a stray <br> after every quote. Is that expected?',
    categoryId: feedback.id,
    tags: ['ux'],
    at: baseTime - 9 * day,
  });
  store.createPost({
    user: moderator,
    topic: fancy.topic,
    raw: 'It is a known quirk of the old editor — switch to the new one.',
    replyToPostNumber: 1,
    at: baseTime - 8.8 * day,
  });
  store.createPost({
    user: gone,
    topic: fancy.topic,
    raw: 'Same here, switching editors fixed it for me.',
    replyToPostNumber: 1,
    at: baseTime - 8.5 * day,
  });
  for (const person of people) store.markRead(person.id, fancy.topic.id, 3);
  store.deleteUser(gone.username);

  // TopicUser rows with nothing read: tess watches Plugins, and tracks one topic she has not opened.
  store.watchCategory(tess.id, plugins.id);
  const untouched = store.topics
    .filter((t) => t.archetype === 'regular' && store.lastReadOf(tess.id, t.id) === undefined && store.canSee(tess, t))
    .at(-1);
  if (untouched) store.trackTopic(tess.id, untouched.id);

  // Private messages, a few threads.
  const pmAt = (daysAgo: number) => baseTime - daysAgo * day;
  const pm1 = store.createTopic({
    user: priyaOr(others),
    title: 'Can you help with the Lisbon meetup venue?',
    raw: 'Hi @tess, would you have time to check the venue list?',
    categoryId: 0,
    archetype: 'private_message',
    recipients: [tess],
    at: pmAt(3),
  });
  store.createPost({ user: tess, topic: pm1.topic, raw: 'Sure, send it over!', replyToPostNumber: 1, at: pmAt(2.9) });
  store.createPost({
    user: priyaOr(others),
    topic: pm1.topic,
    raw: 'Thanks! Attached the spreadsheet link in the team drive.',
    replyToPostNumber: 2,
    at: pmAt(0.2),
  });
  store.createTopic({
    user: moderator,
    title: 'Moderator handbook draft — feedback welcome',
    raw: 'Tess, since you answer most support questions, could you read this draft?',
    categoryId: 0,
    archetype: 'private_message',
    recipients: [tess, admin],
    at: pmAt(1),
  });
  store.createTopic({
    user: admin,
    title: 'Welcome to the team ✨',
    raw: 'Glad to have you as a volunteer. Ping me with any question.',
    categoryId: 0,
    archetype: 'private_message',
    recipients: [tess, newbie],
    at: pmAt(6),
  });

  // Notification types the posts above do not produce by themselves.
  const recent = store.topics.filter((t) => t.archetype === 'regular').slice(-12);
  const extra: [string, Record<string, unknown>][] = [
    ['liked', {}],
    ['liked_consolidated', { count: 4, username: 'priya', display_username: 'priya' }],
    [
      'granted_badge',
      { badge_id: 9, badge_name: 'Autobiographer', badge_slug: 'autobiographer', badge_title: false, username: 'tess' },
    ],
    ['edited', {}],
    ['invited_to_topic', {}],
    ['watching_first_post', {}],
    ['linked', {}],
    ['bookmark_reminder', { bookmark_name: 'Reply after the release' }],
    ['moved_post', {}],
    ['group_mentioned', { group_id: 41, group_name: 'support' }],
    // Types without a topic, and plugin types, so the inbox shows them too.
    ['group_message_summary', { inbox_count: 2 }],
    ['custom', {}],
    ['chat_mention', {}],
  ];
  extra.forEach(([type, data], index) => {
    const topic = recent[index % recent.length]!;
    const post = store.postsOf(topic.id).at(-1)!;
    store.notify(tess.id, type, topic, post, pick(others), data, baseTime - (index + 1) * 3_600_000);
  });
  // Everything but the last dozen is read, as in a real inbox.
  const tessNotifications = store.notifications
    .filter((n) => n.userId === tess.id)
    .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
  for (const n of tessNotifications.slice(0, -12)) n.read = true;
  for (const user of people) {
    if (user === tess) continue;
    const theirs = store.notifications
      .filter((n) => n.userId === user.id)
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt));
    for (const n of theirs.slice(0, -5)) n.read = true;
  }

  const adminApiKey = randomBytes(32).toString('hex');
  store.adminApiKeys.push({
    key: adminApiKey,
    userId: null,
    description: 'sandbox all-users admin key',
    revokedAt: null,
  });
  return {
    adminApiKey,
    adminUsername: admin.username,
    users: accounts.map(({ user, role }) => ({ username: user.username, password: user.password, role })),
  };
}

function priyaOr(others: User[]): User {
  return others.find((u) => u.username === 'priya') ?? others[0]!;
}
