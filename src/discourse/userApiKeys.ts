import { decryptPayload, generateHandshakeKeys, randomNonce, type HandshakeKeys } from './authCrypto';
import { DiscourseError, said, wording, type Text } from './errors';
import {
  basicInfoSchema,
  deviceRequestSchema,
  devicePollSchema,
  keyPayloadResponseSchema,
  userApiKeyPayloadSchema,
} from './schemas';
import type { Fetch } from './ports';
import { rateLimitedUntil, rateLimitFrom } from './rateLimitReply';
import type { z } from 'zod';

/**
 * The User API key handshake (FACTS.md §1): probing what a forum supports, the authorization URL,
 * the device flow, and accepting a payload only for the flow that asked for it.
 */

export const APPLICATION_NAME = 'Discourse Companion';
export const DEFAULT_SCOPES = ['read', 'write', 'notifications', 'session_info', 'message_bus'];
export const READ_ONLY_SCOPES = ['read', 'notifications', 'session_info', 'message_bus'];

export interface ForumProbe {
  /** The base URL after redirects (http → https, www, a moved forum). */
  baseUrl: string;
  apiVersion: number;
  /** `Auth-Api-Device-Code: true`: the device flow and `padding=oaep` (FACTS.md §1.2, §1.5). */
  deviceFlow: boolean;
  title: string;
  logoUrl: string | null;
  loginRequired: boolean;
}

/** `HEAD /user-api-key/new` and `/site/basic-info.json`, as DiscourseHub does (FACTS.md §6). */
export async function probeForum(fetch: Fetch, baseUrl: string): Promise<ForumProbe> {
  let head: Response;
  try {
    head = await fetch(`${baseUrl}/user-api-key/new`, { method: 'HEAD', credentials: 'omit', redirect: 'follow' });
  } catch {
    throw new DiscourseError('Network', said('errorUnreachable', hostOf(baseUrl)));
  }
  const finalUrl = head.url ? head.url.replace(/\/user-api-key\/new.*$/, '') : baseUrl;
  // Following a redirect to another origin would connect a forum the user did not name (and the
  // host permission was granted for the typed one): say where it leads and let them choose.
  if (finalUrl && new URL(finalUrl).origin !== new URL(baseUrl).origin) {
    const moved = new URL(finalUrl);
    if (moved.protocol === 'http:' && new URL(baseUrl).protocol === 'https:')
      throw new DiscourseError('Validation', said('errorRedirectsToHttp', hostOf(baseUrl), moved.host));
    throw new DiscourseError('Moved', said('errorRedirectsConnectThere', hostOf(baseUrl), finalUrl), {
      location: moved.origin,
    });
  }
  if (head.status === 404)
    throw new DiscourseError('NotFound', said('errorNotDiscourse', hostOf(baseUrl)), { status: 404 });
  if (!head.ok)
    throw new DiscourseError('Network', said('errorHttpStatus', hostOf(baseUrl), head.status), { status: head.status });
  const apiVersion = Number(head.headers.get('Auth-Api-Version') ?? 0);
  if (!(apiVersion >= 2)) throw new DiscourseError('NotFound', said('errorNoUserApiKeys', hostOf(baseUrl)));
  const info = await fetch(`${finalUrl}/site/basic-info.json`, {
    credentials: 'omit',
    headers: { Accept: 'application/json' },
  })
    .then(async (res) => (res.ok ? basicInfoSchema.safeParse(await res.json()) : null))
    .catch(() => null);
  const basic = info?.success ? info.data : null;
  return {
    baseUrl: finalUrl || baseUrl,
    apiVersion,
    deviceFlow: head.headers.get('Auth-Api-Device-Code') === 'true',
    title: basic?.title ?? hostOf(finalUrl),
    logoUrl: basic?.logo_small_url || basic?.logo_url || null,
    loginRequired: basic?.login_required ?? false,
  };
}

export interface PendingHandshake {
  nonce: string;
  keys: HandshakeKeys;
  clientId: string;
  scopes: string[];
}

export async function newHandshake(clientId: string, scopes: string[]): Promise<PendingHandshake> {
  return { nonce: randomNonce(), keys: await generateHandshakeKeys(), clientId, scopes };
}

function handshakeParams(h: PendingHandshake, padding: boolean): Record<string, string> {
  return {
    application_name: APPLICATION_NAME,
    client_id: h.clientId,
    scopes: h.scopes.join(','),
    public_key: h.keys.publicKeyPem,
    nonce: h.nonce,
    ...(padding ? { padding: 'oaep' } : {}),
  };
}

/** `GET /user-api-key/new?…`, with `auth_redirect` for the redirect flow, without it for the no-redirect flow. */
export function authorizationUrl(baseUrl: string, h: PendingHandshake, authRedirect?: string): string {
  const params = new URLSearchParams({
    ...handshakeParams(h, true),
    ...(authRedirect ? { auth_redirect: authRedirect } : {}),
  });
  return `${baseUrl}/user-api-key/new?${params}`;
}

/**
 * Reads the anonymous probe of the approval page (`/user-api-key/new.json` with the request's
 * parameters): did the forum refuse the request (a scope or the `auth_redirect` not allowed)?
 * Current Discourse answers JSON `{"state":"generic_error"}`; older ones render their HTML error
 * page even for `.json` (an error status, or 200 with the error message); a redirect to the login
 * page, or the approval page itself, means the parameters passed.
 */
export function probeRefused(status: number, contentType: string, body: string): boolean {
  if (status >= 300 && status < 400) return false;
  if (/json/i.test(contentType) || /^\s*[{[]/.test(body)) {
    try {
      const parsed = JSON.parse(body) as { state?: unknown; errors?: unknown };
      if (parsed.state === 'generic_error' || (status >= 400 && Array.isArray(parsed.errors))) return true;
      return status >= 400;
    } catch {
      // not JSON after all: read it as a page below
    }
  }
  if (status >= 400) return true;
  // The approval page (or a login form) is what an accepted request shows.
  if (
    /authorize-form|authorize-api-key__|id="login-form"|data-preloaded/i.test(body) &&
    !/error-message|generic_error/i.test(body)
  )
    return false;
  return /generic_error|error-message|class="[^"]*\berror\b|invalid_access|request is invalid|not permitted/i.test(
    body,
  );
}

export type DeviceGrant = z.output<typeof deviceRequestSchema>;

/** `POST /user-api-key/device.json` (FACTS.md §1.9): needs `.json` and a JSON body. */
export async function requestDeviceCode(fetch: Fetch, baseUrl: string, h: PendingHandshake): Promise<DeviceGrant> {
  const res = await fetch(`${baseUrl}/user-api-key/device.json`, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(handshakeParams(h, true)),
  });
  if (!res.ok) throw await errorFrom(res, baseUrl, said('errorWhatDeviceStart'));
  const parsed = deviceRequestSchema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new DiscourseError('BadResponse', said('errorBadDeviceCode', hostOf(baseUrl)));
  return parsed.data;
}

export type DevicePoll = z.output<typeof devicePollSchema>;

export async function pollDeviceCode(
  fetch: Fetch,
  baseUrl: string,
  deviceCode: string,
): Promise<DevicePoll | Response> {
  const res = await fetch(`${baseUrl}/user-api-key/device/poll.json`, {
    method: 'POST',
    credentials: 'omit',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ device_code: deviceCode }),
  });
  if (res.status === 429) return res;
  if (!res.ok) throw await errorFrom(res, baseUrl, said('errorWhatDeviceCheck'));
  const parsed = devicePollSchema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new DiscourseError('BadResponse', said('errorBadDevicePoll', hostOf(baseUrl)));
  return parsed.data;
}

/** An admin mints a key for a user (FACTS.md §7): `POST /user-api-key.json` with Api-Key and Api-Username. */
export async function mintKeyForUser(
  fetch: Fetch,
  baseUrl: string,
  admin: { key: string; username: string },
  forUsername: string,
  h: PendingHandshake,
): Promise<string> {
  const res = await fetch(`${baseUrl}/user-api-key.json`, {
    method: 'POST',
    credentials: 'omit',
    headers: {
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'Api-Key': admin.key,
      'Api-Username': forUsername,
    },
    body: JSON.stringify(handshakeParams(h, true)),
    // The admin key must never travel along a redirect (fetch keeps custom headers across origins).
    redirect: 'manual',
  });
  if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400)) {
    throw new DiscourseError('Moved', said('errorAdminKeyRedirect', hostOf(baseUrl)), { status: res.status });
  }
  if (!res.ok) throw await errorFrom(res, baseUrl, said('errorWhatMintKey', forUsername));
  const parsed = keyPayloadResponseSchema.safeParse(await res.json().catch(() => null));
  if (!parsed.success) throw new DiscourseError('BadResponse', said('errorNoKeyPayload', hostOf(baseUrl)));
  return parsed.data.payload;
}

export interface AcceptedKey {
  key: string;
  push: boolean;
  expiresAt: string | null;
  padding: 'oaep' | 'pkcs1';
}

/**
 * Decrypts a payload and checks it answers this handshake: the nonce must match and the API
 * version be 4 or more. A payload from a copy-paste may carry whitespace and newlines.
 */
export async function acceptPayload(h: PendingHandshake, payload: string): Promise<AcceptedKey> {
  let plaintext: string;
  let padding: 'oaep' | 'pkcs1';
  try {
    ({ plaintext, padding } = await decryptPayload(h.keys.privateJwk, payload));
  } catch {
    throw new DiscourseError('Validation', said('errorPayloadNotOurs'));
  }
  let json: unknown;
  try {
    json = JSON.parse(plaintext);
  } catch {
    throw new DiscourseError('Validation', said('errorPayloadUnreadable'));
  }
  const parsed = userApiKeyPayloadSchema.safeParse(json);
  if (!parsed.success) throw new DiscourseError('Validation', said('errorPayloadIncomplete'));
  if (parsed.data.nonce !== h.nonce) throw new DiscourseError('Validation', said('errorPayloadNonce'));
  return { key: parsed.data.key, push: parsed.data.push, expiresAt: parsed.data.expires_at ?? null, padding };
}

async function errorFrom(res: Response, baseUrl: string, what: Text): Promise<DiscourseError> {
  const parsed: unknown = await res.json().catch(() => null);
  const words = (parsed as { errors?: string[] } | null)?.errors?.join(' ');
  if (res.status === 429) {
    const now = Date.now();
    const until = rateLimitedUntil(rateLimitFrom(res.headers, parsed, now), now, 10);
    return new DiscourseError('RateLimited', words ?? said('errorSlowDown', hostOf(baseUrl)), {
      status: 429,
      scope: 'action',
      until,
    });
  }
  if (res.status === 403)
    return new DiscourseError(
      'Forbidden',
      words
        ? said('errorRefusedToWords', hostOf(baseUrl), wording(what), words)
        : said('errorRefusedTo', hostOf(baseUrl), wording(what)),
      { status: 403 },
    );
  if (res.status === 404)
    return new DiscourseError('NotFound', said('errorNotSupported', hostOf(baseUrl)), { status: 404 });
  return new DiscourseError(
    res.status >= 500 ? 'Network' : 'Validation',
    words
      ? said('errorCouldNotWords', hostOf(baseUrl), wording(what), words)
      : said('errorCouldNot', hostOf(baseUrl), wording(what), res.status),
    { status: res.status },
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
