/**
 * `Topic.fancy_title`: Discourse HTML-escapes the title (ERB::Util.html_escape), runs HtmlPrettify
 * (SmartyPants) over it, then turns unicode emoji into `:codes:`; a result over 400 characters
 * falls back to the plain escaped title. Rules follow spec/lib/html_prettify_spec.rb:
 * `--` → &ndash;, `---` → &mdash;, `...` → &hellip;, straight quotes → curly, 1/4 → &frac14;.
 * A single " - " is left alone, as HtmlPrettify leaves it.
 */

import { escapeHtml } from './cooking';

// Private-use placeholders, so escaping `&` afterwards does not touch the entities we add.
const ENTITY: Record<string, string> = {
  '\uE000': '&lsquo;',
  '\uE001': '&rsquo;',
  '\uE002': '&ldquo;',
  '\uE003': '&rdquo;',
  '\uE004': '&ndash;',
  '\uE005': '&mdash;',
  '\uE006': '&hellip;',
  '\uE007': '&frac14;',
  '\uE008': '&frac12;',
  '\uE009': '&frac34;',
};

/** Emoji.unicode_unescape for the emoji the seed uses; the real table is Discourse's emoji DB. */
const EMOJI: Record<string, string> = { '🇵🇹': ':portugal:', '✨': ':sparkles:', '📚': ':books:', '🎉': ':tada:' };

const MAX_FANCY_TITLE_LENGTH = 400;

export function fancyTitle(title: string): string {
  const escaped = escapeHtml(title);
  let text = title
    .replace(/---/g, '\uE005')
    .replace(/--/g, '\uE004')
    .replace(/\.\.\.|\. \. \./g, '\uE006')
    .replace(/(^|[^\d/])1\/4(?![\d/])/g, '$1\uE007')
    .replace(/(^|[^\d/])1\/2(?![\d/])/g, '$1\uE008')
    .replace(/(^|[^\d/])3\/4(?![\d/])/g, '$1\uE009');
  // An opening quote starts the text or follows a space, bracket or dash; any other is closing.
  text = text.replace(/(^|[\s([{\uE004\uE005-])"(?=\S)/g, '$1\uE002').replace(/"/g, '\uE003');
  text = text.replace(/(^|[\s([{\uE002\uE004\uE005-])'(?=\w)/g, '$1\uE000').replace(/'/g, '\uE001');
  let fancy = escapeHtml(text).replace(/[\uE000-\uE009]/g, (ch) => ENTITY[ch]!);
  for (const [emoji, code] of Object.entries(EMOJI)) fancy = fancy.split(emoji).join(code);
  return fancy.length > MAX_FANCY_TITLE_LENGTH ? escaped : fancy;
}
