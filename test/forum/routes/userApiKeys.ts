import { randomBytes } from 'node:crypto';
import { MESSAGES, int, send, sendError, sendHtml, sendJson, str } from '../lib/http';
import { encryptPayload, PayloadTooLarge, rsaKeyBits } from '../lib/payloadCrypto';
import { checkUrl } from '../lib/wildcardUrl';
import type { Ctx, Route } from '../forum';
import { authorizePage, activatePage, loginPage, payloadPage, genericErrorPage } from '../pages/authPages';
import type { DeviceGrant, User } from '../records';
import { avatarTemplate } from '../serializers/users';

/** User API keys, all three ways (FACTS.md §1), and the login they need. */

const AUTH_API_VERSION = 4;
const USER_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const INSTRUCTIONS = 'Copy the key below and paste it into the application that requested it.';

export const SCOPE_DESCRIPTIONS: Record<string, string> = {
  read: 'Read all',
  write: 'Write all',
  message_bus: 'Live updates',
  push: 'Push notifications to external services',
  notifications: 'Read and clear notifications',
  session_info: 'Read user session info',
  one_time_password: 'Create a one-time login token',
};

class KeyRequestError extends Error {
  constructor(
    readonly kind: 'missing' | 'padding' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}

interface KeyRequest {
  nonce: string;
  scopes: string[];
  clientId: string;
  applicationName: string;
  publicKey: string;
  authRedirect: string | null;
  pushUrl: string | null;
  padding: 'pkcs1' | 'oaep';
  expiresInSeconds: number | null;
}

/** `require_params` + `validate_params` of UserApiKeysController, in Discourse's order. */
function keyRequest(ctx: Ctx): KeyRequest {
  const p = ctx.params;
  for (const name of ['nonce', 'scopes', 'client_id', 'public_key', 'application_name']) {
    if (!str(p[name])) throw new KeyRequestError('missing', MESSAGES.missingParam(name));
  }
  const settings = ctx.forum.settings;
  const scopes = str(p.scopes)!
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!scopes.length || scopes.some((s) => !settings.allowedScopes.includes(s)))
    throw new KeyRequestError('invalid', 'scopes');
  if (!rsaKeyBits(str(p.public_key)!)) throw new KeyRequestError('invalid', 'public_key');
  let padding: 'pkcs1' | 'oaep' = 'pkcs1';
  const paddingParam = str(p.padding);
  // Old forums know no `padding` and silently encrypt with PKCS#1 v1.5 (FACTS.md §1.5).
  if (paddingParam !== undefined && !settings.oldForum) {
    if (paddingParam !== 'pkcs1' && paddingParam !== 'oaep')
      throw new KeyRequestError('padding', MESSAGES.invalidParameters('padding'));
    padding = paddingParam;
  }
  const authRedirect = str(p.auth_redirect) ?? null;
  if (authRedirect && !settings.allowedRedirects.some((entry) => checkUrl(entry, authRedirect, settings.oldForum))) {
    throw new KeyRequestError('invalid', 'auth_redirect');
  }
  let expiresInSeconds: number | null = null;
  if (p.expires_in_seconds !== undefined && !settings.oldForum) {
    expiresInSeconds = int(p.expires_in_seconds) ?? NaN;
    if (!(expiresInSeconds >= 1 && expiresInSeconds <= 365 * 86_400))
      throw new KeyRequestError('invalid', 'expires_in_seconds');
  }
  return {
    nonce: str(p.nonce)!,
    scopes,
    clientId: str(p.client_id)!,
    applicationName: str(p.application_name)!,
    publicKey: str(p.public_key)!,
    authRedirect,
    pushUrl: str(p.push_url) ?? null,
    padding,
    expiresInSeconds,
  };
}

/**
 * The request, or null once the failure was answered as Discourse does: 400 for a missing
 * parameter or a bad `padding`, `onInvalid` for the rest (a generic error page on `new`, 403 on create).
 */
function answeredKeyRequest(ctx: Ctx, onInvalid: () => void): KeyRequest | null {
  try {
    return keyRequest(ctx);
  } catch (error) {
    if (!(error instanceof KeyRequestError)) throw error;
    if (error.kind === 'missing') sendJson(ctx.res, 400, { errors: [error.message] });
    else if (error.kind === 'padding') sendError(ctx.res, 400, 'invalid_parameters', [error.message]);
    else onInvalid();
    return null;
  }
}

/** Creates the key and its encrypted payload (FACTS.md §1.4 steps 2–5). */
function issueKey(
  ctx: Ctx,
  user: User,
  request: Pick<
    KeyRequest,
    'nonce' | 'scopes' | 'clientId' | 'applicationName' | 'publicKey' | 'padding' | 'expiresInSeconds' | 'pushUrl'
  >,
): string {
  const store = ctx.forum.store;
  const expiresAt = request.expiresInSeconds ? store.iso(ctx.forum.now() + request.expiresInSeconds * 1000) : null;
  const { key } = store.addUserApiKey({
    userId: user.id,
    clientId: request.clientId,
    applicationName: request.applicationName,
    scopes: request.scopes,
    push: false, // only when push_url is in allowed_user_api_push_urls, which is empty by default
    expiresAt,
  });
  const payload: Record<string, unknown> = { key, nonce: request.nonce, push: false, api: AUTH_API_VERSION };
  if (expiresAt && !ctx.forum.settings.oldForum) payload.expires_at = expiresAt;
  return encryptPayload(
    request.publicKey,
    JSON.stringify(payload),
    ctx.forum.settings.oldForum ? 'pkcs1' : request.padding,
  );
}

function redirectToLogin(ctx: Ctx, destination: string): void {
  send(ctx.res, 302, '', {
    Location: `${ctx.forum.settings.subfolder}/login`,
    'Set-Cookie': `destination_url=${encodeURIComponent(destination)}; Path=/; HttpOnly; SameSite=Lax`,
  });
}

const noStore = { 'Cache-Control': 'no-store', Pragma: 'no-cache', Expires: '0', 'Referrer-Policy': 'same-origin' };

function newKeyPage(ctx: Ctx): void {
  if (ctx.method === 'HEAD') {
    return send(ctx.res, 200, '', {
      'Auth-Api-Version': String(AUTH_API_VERSION),
      ...(ctx.forum.settings.oldForum ? {} : { 'Auth-Api-Device-Code': 'true' }),
    });
  }
  // Older forums have only the HTML template: a refused request renders the error page even for `.json`.
  const request = answeredKeyRequest(ctx, () =>
    ctx.wantsJson && !ctx.forum.settings.oldForum
      ? sendJson(ctx.res, 200, { state: 'generic_error' }, noStore)
      : sendHtml(ctx.res, 200, genericErrorPage(ctx), noStore),
  );
  if (!request) return;
  if (!ctx.user) return redirectToLogin(ctx, ctx.req.url ?? '/');
  const model = {
    state: 'ready',
    application_name: request.applicationName,
    public_key: request.publicKey,
    nonce: request.nonce,
    client_id: request.clientId,
    auth_redirect: request.authRedirect,
    redirect_uri: request.authRedirect,
    push_url: request.pushUrl,
    localized_scopes: request.scopes.map((s) => SCOPE_DESCRIPTIONS[s] ?? s),
    scopes: request.scopes,
    write_scope: request.scopes.includes('write'),
    padding: ctx.forum.settings.oldForum ? undefined : request.padding,
    expires_in_seconds: request.expiresInSeconds,
    expires_at: request.expiresInSeconds
      ? ctx.forum.store.iso(ctx.forum.now() + request.expiresInSeconds * 1000)
      : null,
    current_user: { username: ctx.user.username, avatar_template: avatarTemplate(ctx.forum.store.basePath, ctx.user) },
  };
  if (ctx.wantsJson) return sendJson(ctx.res, 200, model, noStore);
  sendHtml(ctx.res, 200, authorizePage(ctx, model), noStore);
}

function createKey(ctx: Ctx): void {
  if (!ctx.user) return sendError(ctx.res, 403, 'not_logged_in', [MESSAGES.notLoggedIn]);
  const request = answeredKeyRequest(ctx, () => sendError(ctx.res, 403, 'invalid_access', [MESSAGES.invalidAccess]));
  if (!request) return;
  if (ctx.user.suspended) return sendError(ctx.res, 403, 'invalid_access', [MESSAGES.invalidAccess]);
  let payload: string;
  try {
    payload = issueKey(ctx, ctx.user, request);
  } catch (error) {
    if (error instanceof PayloadTooLarge) return sendError(ctx.res, 400, 'invalid_parameters', [error.message]);
    throw error;
  }
  if (request.authRedirect) {
    const separator = request.authRedirect.includes('?') ? '&' : '?';
    const target = `${request.authRedirect}${separator}payload=${encodeURIComponent(payload)}`;
    if (ctx.wantsJson && !ctx.forum.settings.oldForum) return sendJson(ctx.res, 200, { redirect_url: target });
    return send(ctx.res, 302, '', { Location: target });
  }
  if (ctx.wantsJson) return sendJson(ctx.res, 200, { payload, instructions: INSTRUCTIONS });
  sendHtml(ctx.res, 200, payloadPage(ctx, payload));
}

function revokeKey(ctx: Ctx): void {
  const store = ctx.forum.store;
  const id = int(ctx.params.id);
  let key = ctx.auth.kind === 'user_api_key' ? ctx.auth.key : undefined;
  if (id !== undefined) {
    const byId = store.userApiKeys.find((k) => k.id === id);
    if (byId && ctx.user && (byId.userId === ctx.user.id || ctx.user.admin)) key = byId;
    else key = undefined;
  }
  if (!key) return sendError(ctx.res, 404, 'not_found', [MESSAGES.notFound]);
  key.revokedAt = store.iso();
  sendJson(ctx.res, 200, { success: 'OK' });
}

// --- device authorization (FACTS.md §1.9), newest forums only

function jsonOnly(ctx: Ctx): boolean {
  const contentJson = String(ctx.req.headers['content-type'] ?? '').includes('application/json');
  if (ctx.formatJson && contentJson) return true;
  sendError(ctx.res, 403, 'invalid_access', [MESSAGES.invalidAccess]);
  return false;
}

function perIp(ctx: Ctx, name: string, max: number): boolean {
  const check = ctx.forum.limiter.perform(`${name}_${ctx.ip}`, max, ctx.forum.scaled(60));
  if (check.allowed) return true;
  ctx.forum.tooMany(ctx.res, check.waitSeconds, null);
  return false;
}

function userCode(): string {
  const bytes = randomBytes(8);
  const code = [...bytes].map((b) => USER_CODE_ALPHABET[b % USER_CODE_ALPHABET.length]).join('');
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

export function normalizeUserCode(input: string): string | null {
  const cleaned = input.toUpperCase().replace(/[^A-Z0-9]/g, '');
  return cleaned.length === 8 ? `${cleaned.slice(0, 4)}-${cleaned.slice(4)}` : null;
}

function liveGrant(ctx: Ctx, grant: DeviceGrant | undefined): grant is DeviceGrant {
  return !!grant && grant.expiresAt > ctx.forum.now() && (grant.state === 'pending' || grant.state === 'authorized');
}

function createDeviceRequest(ctx: Ctx): void {
  if (!jsonOnly(ctx) || !perIp(ctx, 'device_request', ctx.forum.settings.limits.deviceRequestsPerMinute)) return;
  const p = ctx.params;
  const invalid = () => sendError(ctx.res, 400, 'invalid_parameters', [MESSAGES.invalidParameters('base')]);
  const nonce = str(p.nonce);
  const clientId = str(p.client_id);
  const applicationName = str(p.application_name);
  const publicKey = str(p.public_key);
  const scopesText = str(p.scopes);
  if (!nonce || !clientId || !applicationName || !publicKey || !scopesText) return invalid();
  const scopes = scopesText
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bits = rsaKeyBits(publicKey);
  const padding = str(p.padding) ?? 'pkcs1';
  if (
    scopesText.length > 500 ||
    scopes.length > 20 ||
    scopes.includes('one_time_password') ||
    scopes.some((s) => !ctx.forum.settings.allowedScopes.includes(s)) ||
    !bits ||
    bits < 2048 ||
    bits > 8192 ||
    clientId.length > 200 ||
    applicationName.length > 200 ||
    nonce.length > 256 ||
    publicKey.length > 4096 ||
    (padding !== 'pkcs1' && padding !== 'oaep')
  )
    return invalid();
  const ttlSeconds = 600 * ctx.forum.settings.timeScale;
  const grant: DeviceGrant = {
    deviceCode: randomBytes(32).toString('hex'),
    userCode: userCode(),
    requestToken: randomBytes(6).toString('base64url'),
    nonce,
    scopes,
    clientId,
    applicationName,
    publicKey,
    padding,
    pushUrl: str(p.push_url) ?? null,
    expiresInSeconds: int(p.expires_in_seconds) ?? null,
    expiresAt: ctx.forum.now() + ttlSeconds * 1000,
    state: 'pending',
    payload: null,
    payloadExpiresAt: null,
    approvalTokens: new Set(),
  };
  ctx.forum.store.deviceGrants.push(grant);
  const activate = `${ctx.baseUrl}/user-api-key/activate`;
  sendJson(
    ctx.res,
    200,
    {
      device_code: grant.deviceCode,
      user_code: grant.userCode,
      verification_uri: activate,
      verification_uri_with_request: `${activate}?request=${grant.requestToken}`,
      expires_in: Math.max(1, Math.round(ttlSeconds)),
      interval: Math.max(1, Math.round(5 * ctx.forum.settings.timeScale)),
    },
    noStore,
  );
}

function pollDeviceRequest(ctx: Ctx): void {
  if (!jsonOnly(ctx) || !perIp(ctx, 'device_poll', ctx.forum.settings.limits.devicePollsPerMinute)) return;
  const code = str(ctx.params.device_code) ?? '';
  const check = ctx.forum.limiter.perform(
    `device_poll_code_${code}`,
    ctx.forum.settings.limits.devicePollsPerMinute,
    ctx.forum.scaled(60),
  );
  if (!check.allowed) return ctx.forum.tooMany(ctx.res, check.waitSeconds, null);
  const grant = ctx.forum.store.deviceGrants.find((g) => g.deviceCode === code);
  const now = ctx.forum.now();
  if (!grant || grant.state === 'consumed' || grant.expiresAt <= now)
    return sendJson(ctx.res, 200, { status: 'expired_token' }, noStore);
  if (grant.state === 'denied') {
    grant.state = 'consumed';
    return sendJson(ctx.res, 200, { status: 'access_denied' }, noStore);
  }
  if (grant.state === 'authorized') {
    if (!grant.payload || (grant.payloadExpiresAt ?? 0) <= now) {
      grant.state = 'consumed';
      return sendJson(ctx.res, 200, { status: 'expired_token' }, noStore);
    }
    const payload = grant.payload;
    grant.state = 'consumed';
    grant.payload = null;
    return sendJson(ctx.res, 200, { status: 'authorized', payload }, noStore);
  }
  sendJson(ctx.res, 200, { status: 'authorization_pending' }, noStore);
}

function authorizeState(ctx: Ctx, grant: DeviceGrant, extra: Record<string, unknown> = {}) {
  return {
    state: 'authorize',
    request_token: grant.requestToken,
    approval_token: null as string | null,
    no_trust_level: false,
    invalid_code: false,
    device_auth: {
      application_name: grant.applicationName,
      localized_scopes: grant.scopes.map((s) => SCOPE_DESCRIPTIONS[s] ?? s),
      write_scope: grant.scopes.includes('write'),
      unregistered_client: true,
      expires_at: grant.expiresInSeconds ? ctx.forum.store.iso(ctx.forum.now() + grant.expiresInSeconds * 1000) : null,
    },
    current_user: {
      username: ctx.user!.username,
      avatar_template: avatarTemplate(ctx.forum.store.basePath, ctx.user!),
    },
    ...extra,
  };
}

function activate(ctx: Ctx): void {
  const store = ctx.forum.store;
  const token = ctx.query.get('request');
  if (!ctx.user) {
    const keep = token && /^[-_A-Za-z0-9]{8}$/.test(token) ? `?request=${token}` : '';
    return redirectToLogin(ctx, `${ctx.forum.settings.subfolder}/user-api-key/activate${keep}`);
  }
  let model: Record<string, unknown> = { state: 'enter_code' };
  if (ctx.method === 'POST') {
    const code = normalizeUserCode(str(ctx.params.code) ?? '');
    const grant = store.deviceGrants.find((g) => g.userCode === code && g.state === 'pending');
    if (!liveGrant(ctx, grant)) model = { state: 'enter_code', invalid_code: true };
    else {
      const approval = randomBytes(16).toString('hex');
      grant.approvalTokens.add(`${approval}:${ctx.auth.kind === 'session' ? ctx.auth.session.token : ''}`);
      model = authorizeState(ctx, grant, { approval_token: approval });
    }
  } else if (token) {
    const grant = store.deviceGrants.find((g) => g.requestToken === token);
    model =
      liveGrant(ctx, grant) && grant.state === 'pending'
        ? authorizeState(ctx, grant)
        : { state: 'enter_code', expired_code: true };
  }
  if (ctx.wantsJson) return sendJson(ctx.res, 200, model, noStore);
  sendHtml(ctx.res, 200, activatePage(ctx, model), noStore);
}

function grantFor(ctx: Ctx): { grant?: DeviceGrant; viaRequest: boolean; codeMismatch: boolean } {
  const store = ctx.forum.store;
  const sessionToken = ctx.auth.kind === 'session' ? ctx.auth.session.token : '';
  const approval = str(ctx.params.approval_token);
  if (approval) {
    const grant = store.deviceGrants.find((g) => g.approvalTokens.has(`${approval}:${sessionToken}`));
    return { grant, viaRequest: false, codeMismatch: false };
  }
  const request = str(ctx.params.request);
  const grant = request ? store.deviceGrants.find((g) => g.requestToken === request) : undefined;
  const code = normalizeUserCode(str(ctx.params.code) ?? '');
  return { grant, viaRequest: true, codeMismatch: !!grant && code !== grant.userCode };
}

function authorizeDevice(ctx: Ctx): void {
  if (!ctx.user) return sendError(ctx.res, 403, 'not_logged_in', [MESSAGES.notLoggedIn]);
  const { grant, codeMismatch } = grantFor(ctx);
  if (!liveGrant(ctx, grant) || grant.state !== 'pending')
    return sendJson(ctx.res, 200, { state: 'enter_code', expired_code: true });
  // Opening verification_uri_with_request does not skip the code (FACTS.md §1.9).
  if (codeMismatch) return sendJson(ctx.res, 200, authorizeState(ctx, grant, { invalid_code: true }));
  grant.payload = issueKey(ctx, ctx.user, grant);
  grant.payloadExpiresAt = ctx.forum.now() + ctx.forum.scaled(60);
  grant.state = 'authorized';
  sendJson(ctx.res, 200, { state: 'complete', denied: false });
}

function denyDevice(ctx: Ctx): void {
  if (!ctx.user) return sendError(ctx.res, 403, 'not_logged_in', [MESSAGES.notLoggedIn]);
  const { grant, viaRequest } = grantFor(ctx);
  // Deny works only with the approval token of a manually entered code.
  if (viaRequest || !liveGrant(ctx, grant) || grant.state !== 'pending')
    return sendJson(ctx.res, 200, { state: 'enter_code', expired_code: true });
  grant.state = 'denied';
  sendJson(ctx.res, 200, { state: 'complete', denied: true });
}

// --- login (a plain form: real Discourse's is an Ember modal posting to /session)

function login(ctx: Ctx): void {
  const store = ctx.forum.store;
  const username = str(ctx.params.login) ?? str(ctx.params.username) ?? '';
  const user = store.userByName(username);
  if (!user || user.password !== str(ctx.params.password)) {
    if (ctx.wantsJson) return sendJson(ctx.res, 200, { error: 'Incorrect username, email or password' });
    return sendHtml(ctx.res, 200, loginPage(ctx, 'Incorrect username, email or password'));
  }
  const token = randomBytes(16).toString('hex');
  store.sessions.set(token, { token, userId: user.id, csrf: randomBytes(16).toString('base64url') });
  const cookie = `_t=${token}; Path=/; HttpOnly; SameSite=Lax`;
  const clear = 'destination_url=; Path=/; Max-Age=0';
  if (ctx.wantsJson)
    return sendJson(ctx.res, 200, { user: { id: user.id, username: user.username } }, { 'Set-Cookie': cookie });
  const destination = ctx.cookies.destination_url || `${ctx.forum.settings.subfolder}/`;
  send(ctx.res, 302, '', {
    Location: destination.startsWith('/') ? destination : '/',
    'Set-Cookie': [cookie, clear] as unknown as string,
  });
}

function logout(ctx: Ctx): void {
  if (ctx.auth.kind === 'session') ctx.forum.store.sessions.delete(ctx.auth.session.token);
  send(ctx.res, 302, '', { Location: `${ctx.forum.settings.subfolder}/`, 'Set-Cookie': '_t=; Path=/; Max-Age=0' });
}

function deviceOnly(handler: (ctx: Ctx) => void) {
  return (ctx: Ctx) =>
    ctx.forum.settings.oldForum ? sendError(ctx.res, 404, 'not_found', [MESSAGES.notFound]) : handler(ctx);
}

export const authRoutes: Route[] = [
  { method: 'GET', path: /^\/user-api-key\/new$/, action: 'user_api_keys#new', handler: newKeyPage },
  { method: 'POST', path: /^\/user-api-key$/, action: 'user_api_keys#create', handler: createKey },
  { method: 'POST', path: /^\/user-api-key\/revoke$/, action: 'user_api_keys#revoke', json: true, handler: revokeKey },
  {
    method: 'POST',
    path: /^\/user-api-key\/device$/,
    action: 'user_api_keys#create_device_request',
    json: true,
    handler: deviceOnly(createDeviceRequest),
  },
  {
    method: 'POST',
    path: /^\/user-api-key\/device\/poll$/,
    action: 'user_api_keys#poll_device_request',
    json: true,
    handler: deviceOnly(pollDeviceRequest),
  },
  {
    method: ['GET', 'POST'],
    path: /^\/user-api-key\/activate$/,
    action: 'user_api_keys#activate',
    handler: deviceOnly(activate),
  },
  {
    method: 'POST',
    path: /^\/user-api-key\/device\/authorize$/,
    action: 'user_api_keys#authorize_device_request',
    json: true,
    handler: deviceOnly(authorizeDevice),
  },
  {
    method: 'POST',
    path: /^\/user-api-key\/device\/deny$/,
    action: 'user_api_keys#deny_device_request',
    json: true,
    handler: deviceOnly(denyDevice),
  },
  {
    method: 'GET',
    path: /^\/login$/,
    action: 'static#login',
    handler: (ctx) => sendHtml(ctx.res, 200, loginPage(ctx)),
  },
  { method: 'POST', path: /^\/session$/, action: 'session#create', handler: login },
  { method: 'POST', path: /^\/logout$/, action: 'session#destroy', handler: logout },
];
