/** Text into HTML: the tiny Markdown the sandbox cooks posts with, the @mentions in a raw, HTML escaping. */

/** A tiny Markdown subset, escaped first: enough for realistic cooked HTML in tests and screenshots. */
export function cook(raw: string): string {
  const escapeMarkup = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const blocks: string[] = [];
  const quote = /\[quote="([^",\]]+)(?:, post:(\d+), topic:(\d+))?[^\]]*"?\]\s*([\s\S]*?)\s*\[\/quote\]/g;
  let rest = raw.replace(quote, (_m, user: string, post?: string, topic?: string, body = '') => {
    const attrs = post && topic ? ` data-post="${post}" data-topic="${topic}"` : '';
    blocks.push(
      `<aside class="quote no-group" data-username="${escapeMarkup(user)}"${attrs}><div class="title">${escapeMarkup(user)}:</div><blockquote><p>${escapeMarkup(body)}</p></blockquote></aside>`,
    );
    return `\u0000${blocks.length - 1}\u0000`;
  });
  rest = rest.replace(/```\n?([\s\S]*?)```/g, (_m, code: string) => {
    blocks.push(`<pre><code>${escapeMarkup(code.replace(/\n$/, ''))}</code></pre>`);
    return `\u0000${blocks.length - 1}\u0000`;
  });
  const inline = (text: string) =>
    escapeMarkup(text)
      .replace(/`([^`]+)`/g, '<code>$1</code>')
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/\*([^*]+)\*/g, '<em>$1</em>')
      .replace(/@([A-Za-z0-9_.-]+)/g, '<a class="mention" href="/u/$1">@$1</a>');
  return rest
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => {
      const block = /^\u0000(\d+)\u0000$/.exec(paragraph);
      if (block) return blocks[Number(block[1])]!;
      return `<p>${paragraph
        .split(/(\u0000\d+\u0000)/)
        .map((part) => {
          const ref = /^\u0000(\d+)\u0000$/.exec(part);
          return ref ? blocks[Number(ref[1])]! : inline(part).replace(/\n/g, '<br>\n');
        })
        .join('')}</p>`;
    })
    .join('\n');
}

export function mentionedUsernames(raw: string): string[] {
  const withoutQuotes = raw.replace(/\[quote[\s\S]*?\[\/quote\]/g, '').replace(/```[\s\S]*?```/g, '');
  return [...new Set([...withoutQuotes.matchAll(/(?:^|[^\w@])@([A-Za-z0-9_.-]+)/g)].map((m) => m[1]!.toLowerCase()))];
}

/** ERB::Util.html_escape: the five characters Rails escapes. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
