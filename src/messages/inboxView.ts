import type { ForumSummary, InboxItem } from './protocol';

/**
 * The inbox as the popup last showed it, written by the background to `storage.local` whenever
 * the badge changes (non-secret, like the caches it is made of), so the popup paints its first
 * rows before the worker has even woken. Read without zod: a stored entry in the wrong shape (an
 * older build's) is simply not used, and the popup asks the background as before.
 */
export const INBOX_VIEW_KEY = 'inboxView';

export interface InboxView {
  forums: ForumSummary[];
  notifications: InboxItem[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

export function readInboxView(stored: unknown): InboxView | null {
  if (!isObject(stored) || !Array.isArray(stored.forums) || !Array.isArray(stored.notifications)) return null;
  const forumsOk = stored.forums.every(
    (f) =>
      isObject(f) &&
      typeof f.id === 'string' &&
      typeof f.title === 'string' &&
      typeof f.unread === 'number' &&
      typeof f.status === 'string',
  );
  const itemsOk = stored.notifications.every(
    (n) =>
      isObject(n) &&
      typeof n.forumId === 'string' &&
      typeof n.id === 'number' &&
      typeof n.title === 'string' &&
      typeof n.read === 'boolean' &&
      typeof n.createdAt === 'string' &&
      typeof n.label === 'string' &&
      typeof n.actor === 'string' &&
      typeof n.icon === 'string' &&
      typeof n.group === 'string',
  );
  return forumsOk && itemsOk ? (stored as unknown as InboxView) : null;
}
