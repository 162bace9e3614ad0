import { decodeHTML } from 'entities/decode';

/**
 * Forum HTML as plain text, the way the forum shows it. Discourse renders titles through
 * HtmlPrettify (`&rsquo;`, `&ldquo;`, `&hellip;`, numeric entities) and emoji as `<img alt=":x:">`,
 * so entities are decoded with a full HTML5 decoder and markup is stripped, keeping an image's
 * alt text. Never throws: any input gives a string, and the result is only ever rendered as text.
 */
export function plainText(html: unknown): string {
  if (typeof html !== 'string' || !html) return '';
  try {
    const withoutTags = html
      .replace(
        /<img\b[^>]*\balt\s*=\s*("([^"]*)"|'([^']*)')[^>]*>/gi,
        (_m, _q, double: string | undefined, single: string | undefined) => double ?? single ?? '',
      )
      .replace(/<[^>]*>/g, '');
    return decodeHTML(withoutTags).replace(/\s+/g, ' ').trim();
  } catch {
    return html.replace(/<[^>]*>/g, '');
  }
}

/**
 * Text the forum sends as it was typed, not as HTML: a topic's `title`, a notification's
 * `data.topic_title`, `badge_name`, `bookmark_name` (Discourse's own menu shows them as text; only
 * `fancy_title` is escaped). "Why <div> breaks" stays that, and "&amp;" is what someone wrote.
 */
export function rawText(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '';
}
