import type { Notification } from '../discourse/schemas';

/**
 * What a notification says, as plain text: Discourse's `fancy_title` is HTML-escaped and may
 * carry markup, so the title comes from `data.topic_title` (or is unescaped as text), and
 * nothing from the forum is ever rendered as HTML.
 */
export function notificationTitle(n: Notification, typeName: string): string {
  const data = n.data as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  if (typeName === 'granted_badge') return `Badge: ${text(data.badge_name) || 'a new badge'}`;
  return text(data.topic_title) || unescapeHtml(n.fancy_title ?? '') || typeName.replace(/_/g, ' ');
}

export function notificationActor(n: Notification): string {
  const data = n.data as Record<string, unknown>;
  for (const field of ['display_username', 'original_username', 'username']) {
    if (typeof data[field] === 'string' && data[field]) return data[field] as string;
  }
  return '';
}

/** The exact post a notification is about, on the forum. */
export function notificationUrl(baseUrl: string, n: Notification): string {
  if (n.topic_id) return `${baseUrl}/t/${n.slug || 'topic'}/${n.topic_id}${n.post_number ? `/${n.post_number}` : ''}`;
  const data = n.data as Record<string, unknown>;
  if (typeof data.badge_slug === 'string' && typeof data.badge_id === 'number') return `${baseUrl}/badges/${data.badge_id}/${data.badge_slug}`;
  return `${baseUrl}/u/${encodeURIComponent(typeof data.username === 'string' ? data.username : '')}/notifications`;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

export function unescapeHtml(html: string): string {
  return html
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (match, entity: string) => {
      if (entity[0] === '#') {
        const code = entity[1]?.toLowerCase() === 'x' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
        return Number.isFinite(code) ? String.fromCodePoint(code) : match;
      }
      return ENTITIES[entity.toLowerCase()] ?? match;
    });
}
