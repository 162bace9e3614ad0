/**
 * `WildcardUrlChecker.check_url` (FACTS.md §1.6). Newest: scheme, port and userinfo must match;
 * `*.` as the first host label matches one or more labels; another `*` in the host is
 * `[A-Za-z0-9.-]*`; in path, query and fragment `*` is `.*`; anchored, case-insensitive; an entry
 * of exactly `*` matches any URL with a scheme and host. Old forums escaped the entry and turned
 * only the first `*` into `\S*`.
 */
export function checkUrl(entry: string, url: string, oldForum = false): boolean {
  const parsed = parseSchemeHost(url);
  if (!parsed) return false;
  if (oldForum) {
    const escaped = escapeRegExp(entry).replace('\\*', '\\S*');
    return new RegExp(`^${escaped}$`, 'i').test(url);
  }
  if (entry === '*') return true;
  const pattern = parseSchemeHost(entry.replace(/\*/g, 'wildcardplaceholder'));
  if (!pattern) return false;
  const restore = (s: string) => s.replace(/wildcardplaceholder/g, '*');
  if (pattern.scheme.toLowerCase() !== parsed.scheme.toLowerCase()) return false;
  if (pattern.port !== parsed.port || pattern.userinfo !== parsed.userinfo) return false;

  const hostPattern = restore(pattern.host);
  const hostRegex = hostPattern.startsWith('*.')
    ? `[A-Za-z0-9.-]+${escapeRegExp(hostPattern.slice(1)).replace(/\\\*/g, '[A-Za-z0-9.-]*')}`
    : escapeRegExp(hostPattern).replace(/\\\*/g, '[A-Za-z0-9.-]*');
  if (!new RegExp(`^${hostRegex}$`, 'i').test(parsed.host)) return false;

  const restRegex = escapeRegExp(restore(pattern.rest)).replace(/\\\*/g, '.*');
  return new RegExp(`^${restRegex}$`, 'i').test(parsed.rest);
}

interface SchemeHost {
  scheme: string;
  userinfo: string;
  host: string;
  port: string;
  rest: string;
}

/** Splits without WHATWG URL normalisation, which would lower-case, punycode or drop default ports. */
function parseSchemeHost(url: string): SchemeHost | null {
  const match = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/?#]*)@)?([^/?#:]+)(?::(\d*))?([/?#].*)?$/i.exec(url);
  if (!match) return null;
  return { scheme: match[1]!, userinfo: match[2] ?? '', host: match[3]!, port: match[4] ?? '', rest: match[5] ?? '' };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
