/**
 * The one reader of a 429 (FACTS.md §2.2). Discourse answers in three shapes:
 *
 * - `RateLimiter::LimitExceeded` (application_controller's `render_rate_limit_error`): JSON
 *   `{errors: [...], error_type: "rate_limit", extras: {wait_seconds, time_left}}` with
 *   `Retry-After` in seconds and, for a key or IP limiter, `Discourse-Rate-Limit-Error-Code`;
 * - the per-IP middleware and MessageBus: text/plain with `Retry-After`;
 * - nginx or a proxy in front: a bare 429, perhaps with `Retry-After` as an HTTP date.
 *
 * The throttle, the client, the handshake calls and the device-flow poll all read it here.
 */

export interface RateLimitReply {
  /** Pauses the whole forum (a key or IP limiter, or no JSON at all) rather than failing one action. */
  global: boolean;
  /** `Discourse-Rate-Limit-Error-Code`: which limiter said stop (`user_api_key_limiter_60_secs`, `ip_10_secs_limit`…). */
  code: string | null;
  /** How long to wait: `Retry-After` (either form), else `extras.wait_seconds`; null when neither says. */
  waitSeconds: number | null;
  /** The body's `error_type` (`rate_limit` from RateLimiter::LimitExceeded). */
  errorType: string | null;
  /** The body's `errors`, for the user's words. */
  errors: string[];
}

/** Limiters that count every request of a key or an IP, not one action: their 429 pauses the forum. */
const GLOBAL_CODE = /^(user_api_key_limiter_|admin_api_key_rate_limit|ip_|id_)/;

/**
 * Reads a 429 whose body is still unread. Only a JSON content type is parsed as JSON: text/plain
 * from the per-IP middleware or MessageBus is global; JSON with a key or IP error code is global;
 * JSON without a code is a per-action limit (create_post and friends).
 */
export async function readRateLimitReply(response: Response, now: number): Promise<RateLimitReply> {
  let body: unknown;
  if ((response.headers.get('Content-Type') ?? '').includes('json')) {
    try {
      body = await response.clone().json();
    } catch {
      body = undefined;
    }
  }
  return rateLimitFrom(response.headers, body, now);
}

/**
 * The same reading for a caller that has parsed the body already: `body` is the parsed JSON, or
 * undefined (or null) when the answer was not JSON.
 */
export function rateLimitFrom(headers: Headers, body: unknown, now: number): RateLimitReply {
  const code = headers.get('Discourse-Rate-Limit-Error-Code');
  const json = body !== undefined && body !== null;
  const fields = (json ? body : {}) as {
    errors?: unknown;
    error_type?: unknown;
    extras?: { wait_seconds?: unknown } | null;
  };
  const errors = Array.isArray(fields.errors) ? fields.errors.filter((e): e is string => typeof e === 'string') : [];
  let waitSeconds = parseRetryAfter(headers.get('Retry-After'), now);
  const fromBody = fields.extras?.wait_seconds;
  if (waitSeconds === null && typeof fromBody === 'number') waitSeconds = fromBody;
  return {
    global: !json || (code !== null && GLOBAL_CODE.test(code)),
    code,
    waitSeconds,
    errorType: typeof fields.error_type === 'string' ? fields.error_type : null,
    errors,
  };
}

/** `Retry-After` in seconds: delta-seconds as sent, an HTTP date as the time left from `now` (never negative). */
export function parseRetryAfter(value: string | null, now: number): number | null {
  if (!value) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - now) / 1000);
}

/** When the limit lifts: `now` plus the wait the reply names, else plus `fallbackSeconds`. */
export function rateLimitedUntil(reply: RateLimitReply, now: number, fallbackSeconds: number): number {
  return now + (reply.waitSeconds ?? fallbackSeconds) * 1000;
}
