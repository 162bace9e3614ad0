import { describe, expect, it } from 'vitest';
import { unreadOf } from '../../src/background/badgeCount';

const totals = { unread_notifications: 2, unread_personal_messages: 1 };

describe('the badge count of one forum', () => {
  it('is the forum’s bell: unread notifications plus new personal messages', () => {
    expect(unreadOf({ totals, fetchedAt: 1_000 })).toBe(3);
  });
  it('a tab’s header count that is newer than what we know wins (the free refresh)', () => {
    expect(unreadOf({ totals, fetchedAt: 1_000, pageUnread: { count: 5, at: 2_000 } })).toBe(5);
  });
  it('a tab rendered before our last fetch or mark-read never brings an older count back', () => {
    // The user clicked a notification: the tab opened (t=1 500) and then the extension marked it
    // read and fetched the new count (t=2 000). The tab reports its stale header later.
    expect(
      unreadOf({
        totals: { unread_notifications: 2, unread_personal_messages: 0 },
        fetchedAt: 2_000,
        pageUnread: { count: 3, at: 1_500 },
      }),
    ).toBe(2);
  });
});
