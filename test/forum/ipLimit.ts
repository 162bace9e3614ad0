/** The global per-IP (per-user for signed-in sessions) request limit Discourse's middleware applies before Rails (FACTS.md §2.1). */
import type { ServerResponse } from 'node:http';
import type { Forum } from './forum';
import { send } from './lib/http';
import type { User } from './records';

/** Returns the limiter keys used (so admin requests can roll them back), or null when it answered 429. */
export function ipLimit(forum: Forum, ip: string, sessionUser: User | null, res: ServerResponse): string[] | null {
  const limits = forum.settings.limits;
  const loopback = /^(::ffff:)?127\.|^::1$/.test(ip);
  if (limits.ipMode === 'none' || (loopback && !limits.limitLoopback)) return [];
  const byUser = sessionUser && sessionUser.trustLevel >= 1;
  const bucket = byUser ? `id/${sessionUser.id}` : `ip/${ip}`;
  const desc = byUser ? 'id' : 'ip';
  const keys: string[] = [];
  for (const [name, max, seconds] of [
    ['10_secs', limits.ipPer10Seconds, 10],
    ['60_secs', limits.ipPerMinute, 60],
  ] as const) {
    const key = `global_limit_${seconds}_${bucket}`;
    const check = forum.limiter.perform(key, max, forum.scaled(seconds), true);
    keys.push(key);
    if (!check.allowed) {
      const code = `${desc}_${name}_limit`;
      const who = byUser ? 'this user' : 'this IP address';
      send(
        res,
        429,
        `Slow down, too many requests from ${who}.\nPlease retry again in ${check.waitSeconds} seconds.\nError code: ${code}.\n`,
        {
          'Content-Type': 'text/plain',
          'Retry-After': String(check.waitSeconds),
          'Discourse-Rate-Limit-Error-Code': code,
          ...(byUser ? { 'X-Discourse-Username': sessionUser.username } : {}),
        },
      );
      return null;
    }
  }
  return keys;
}
