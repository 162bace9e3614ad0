import type { IncomingMessage, ServerResponse } from 'node:http';

/** Request plumbing shared by every route: params the way Rails reads them, and Discourse's reply shapes. */

export type Params = Record<string, unknown>;

/** `post[raw]=x&post_ids[]=1&post_ids[]=2` → `{ post: { raw: 'x' }, post_ids: ['1', '2'] }`, as Rack does. */
export function nestParams(pairs: Iterable<[string, string]>): Params {
  const out: Params = {};
  for (const [rawKey, value] of pairs) {
    const parts = rawKey.replace(/\]/g, '').split('[');
    let target: Record<string, unknown> = out;
    parts.forEach((part, index) => {
      const last = index === parts.length - 1;
      if (part === '' && index > 0) return; // handled by the array case below
      const nextIsArray = parts[index + 1] === '' && index + 1 === parts.length - 1;
      if (last) target[part] = value;
      else if (nextIsArray) {
        const list = Array.isArray(target[part]) ? (target[part] as unknown[]) : [];
        list.push(value);
        target[part] = list;
      } else {
        target[part] = typeof target[part] === 'object' && target[part] !== null ? target[part] : {};
        target = target[part] as Record<string, unknown>;
      }
    });
  }
  return out;
}

export async function readBody(req: IncomingMessage, limit = 1_000_000): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new HttpError(413, 'payload too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function parseBody(contentType: string | undefined, text: string): Params {
  if (!text) return {};
  if (contentType?.includes('application/json')) {
    try {
      const parsed = JSON.parse(text) as unknown;
      return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Params) : {};
    } catch {
      throw new HttpError(400, 'invalid JSON body');
    }
  }
  return nestParams(new URLSearchParams(text));
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const index = part.indexOf('=');
    if (index > 0) cookies[part.slice(0, index).trim()] = decodeURIComponent(part.slice(index + 1).trim());
  }
  return cookies;
}

export function send(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'Content-Length': Buffer.byteLength(body), ...headers });
  res.end(body);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  send(res, status, JSON.stringify(body), { 'Content-Type': 'application/json; charset=utf-8', ...headers });
}

export function sendHtml(
  res: ServerResponse,
  status: number,
  html: string,
  headers: Record<string, string> = {},
): void {
  send(res, status, html, { 'Content-Type': 'text/html; charset=utf-8', ...headers });
}

/** `{"errors":[…],"error_type":…}` (FACTS.md §3.2). */
export function sendError(
  res: ServerResponse,
  status: number,
  errorType: string | null,
  messages: string[],
  extras?: Record<string, unknown>,
  headers: Record<string, string> = {},
): void {
  sendJson(
    res,
    status,
    { errors: messages, ...(errorType ? { error_type: errorType } : {}), ...(extras ? { extras } : {}) },
    headers,
  );
}

export const MESSAGES = {
  invalidAccess: 'You are not permitted to view the requested resource.',
  notFound: 'The requested URL or resource could not be found.',
  notLoggedIn: 'You need to be logged in to do that.',
  readOnly: 'Your site is in read only mode. Please try again later.',
  invalidParameters: (name: string) => `You supplied invalid parameters to the request: ${name}`,
  missingParam: (name: string) => `param is missing or the value is empty: ${name}`,
  tooManyTimes: (timeLeft: string) =>
    `You’ve performed this action too many times. Please wait ${timeLeft} before trying again.`,
};

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}
export function int(value: unknown): number | undefined {
  const text = str(value);
  return text !== undefined && /^-?\d+$/.test(text) ? Number(text) : undefined;
}
