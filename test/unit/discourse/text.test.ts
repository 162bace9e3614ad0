import { describe, expect, it } from 'vitest';
import { plainText } from '../../../src/discourse/text';

describe('plainText: forum HTML as the forum shows it', () => {
  it('decodes what HtmlPrettify puts in fancy titles', () => {
    expect(plainText('Don&rsquo;t panic &ndash; it&rsquo;s &ldquo;fine&rdquo;&hellip; &mdash; really')).toBe(
      'Don’t panic – it’s “fine”… — really',
    );
  });
  it('decodes named, decimal and hex entities, including ones a short table would miss', () => {
    expect(plainText('caf&eacute; &amp; cr&egrave;me &#8364;5 &#x1F600; &copy;&nbsp;2026 &lt;b&gt;')).toBe(
      'café & crème €5 😀 © 2026 <b>',
    );
  });
  it('never throws on malformed or hostile input', () => {
    for (const input of [
      '&#99999999;',
      '&#xFFFFFFFFFF;',
      '&#0;',
      '&;',
      '&#;',
      '&unknownentity;',
      '<',
      '<img alt=',
      '&#55296;',
      `${'a'.repeat(10_000)}&`,
      null,
      undefined,
      42,
      {},
    ]) {
      expect(() => plainText(input)).not.toThrow();
      expect(typeof plainText(input)).toBe('string');
    }
    expect(plainText('&#99999999; still here')).toContain('still here');
    expect(plainText('&unknownentity; stays')).toBe('&unknownentity; stays');
  });
  it('strips markup and keeps an emoji image’s alt text', () => {
    expect(
      plainText(
        'Hello <img src="/images/emoji/twitter/wave.png" title=":wave:" class="emoji" alt=":wave:"> <b>there</b>',
      ),
    ).toBe('Hello :wave: there');
  });
  it('gives text, never markup, even for markup hidden in entities', () => {
    expect(plainText('&lt;script&gt;alert(1)&lt;/script&gt;')).toBe('<script>alert(1)</script>');
  });
});
