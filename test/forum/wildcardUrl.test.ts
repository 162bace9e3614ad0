// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { checkUrl } from './lib/wildcardUrl';

describe('FACTS.md §1.6 auth_redirect wildcards (newest WildcardUrlChecker)', () => {
  const chrome = 'https://milmffdkmmemipopbgbcjlgnammdngko.chromiumapp.org/';
  it('matches an exact entry, case-insensitively', () => {
    expect(checkUrl(chrome, chrome)).toBe(true);
    expect(checkUrl(chrome.toUpperCase().replace('HTTPS', 'https'), chrome)).toBe(true);
  });
  it('lets *. stand for the host labels an admin does not know in advance', () => {
    expect(checkUrl('https://*.chromiumapp.org/', chrome)).toBe(true);
    expect(checkUrl('https://*.discourse.org', 'https://anything.is.possible.discourse.org')).toBe(true);
    expect(checkUrl('https://*.chromiumapp.org/', 'https://evil.example/?x=.chromiumapp.org/')).toBe(false);
  });
  it('treats * in the path as anything, and a lone * as any URL with scheme and host', () => {
    expect(checkUrl('https://app.example/cb/*', 'https://app.example/cb/done?payload=x')).toBe(true);
    expect(checkUrl('*', 'https://hello.discourse.org')).toBe(true);
    expect(checkUrl('*', 'not a url')).toBe(false);
  });
  it('requires scheme and port to match', () => {
    expect(checkUrl('https://app.example/', 'http://app.example/')).toBe(false);
    expect(checkUrl('https://app.example/', 'https://app.example:8443/')).toBe(false);
    expect(checkUrl('discourse://auth_redirect', 'discourse://auth_redirect')).toBe(true);
  });
  it('old forums turn only the first * into \\S*', () => {
    expect(checkUrl('https://*.chromiumapp.org/', chrome, true)).toBe(true);
    expect(checkUrl('https://*.example/*', 'https://a.example/b', true)).toBe(false);
  });
});
