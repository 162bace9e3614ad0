/** Injected faults (control API): delays, error statuses, malformed JSON, dropped sockets, bare 429s, matched per request. */
import type { ServerResponse } from 'node:http';
import type { Forum } from './forum';
import { send } from './lib/http';

export interface Fault {
  id: number;
  /** Regex source matched against the path inside the forum (with `.json`). */
  path: string;
  method?: string;
  kind: 'delay' | 'status' | 'malformed-json' | 'drop' | 'rate-limit';
  status?: number;
  delayMs?: number;
  retryAfterSeconds?: number;
  /** rate-limit: answer as this limiter would (JSON with Discourse-Rate-Limit-Error-Code); omitted: a bare text/plain 429. */
  code?: string;
  /** How many requests it hits; omitted: until cleared. */
  times?: number;
}

/** Answers the request as the first matching fault says; true when it did (a delay lets the request go on). */
export async function applyFaults(
  forum: Forum,
  method: string,
  pathname: string,
  res: ServerResponse,
): Promise<boolean> {
  for (const fault of forum.faults) {
    if (fault.method && fault.method.toUpperCase() !== method) continue;
    if (!new RegExp(fault.path).test(pathname)) continue;
    if (fault.times !== undefined) {
      if (fault.times <= 0) continue;
      fault.times--;
    }
    switch (fault.kind) {
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs ?? 1000));
        continue; // then answer normally
      case 'status':
        send(
          res,
          fault.status ?? 500,
          fault.status === 502 ? '<html><body><h1>502 Bad Gateway</h1></body></html>' : 'Internal Server Error',
          { 'Content-Type': fault.status === 502 ? 'text/html' : 'text/plain' },
        );
        return true;
      case 'malformed-json':
        send(res, 200, '{"topic_list": {"topics": [', { 'Content-Type': 'application/json; charset=utf-8' });
        return true;
      case 'drop':
        res.socket?.destroy();
        return true;
      case 'rate-limit': {
        // A global 429 that names no limiter (an overloaded MessageBus queue answers so): pauses, teaches nothing.
        const wait = fault.retryAfterSeconds ?? 7;
        if (fault.code) forum.tooMany(res, wait, fault.code);
        else
          send(res, 429, 'Too many requests, please try again later.', {
            'Content-Type': 'text/plain',
            'Retry-After': String(wait),
          });
        return true;
      }
    }
  }
  return false;
}
