import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { RateLimiterRegistry, timeLeft } from './lib/rateLimiter';
import { HttpError, MESSAGES, parseBody, parseCookies, readBody, send, sendError, type Params } from './lib/http';
import { defaultSettings, mergeSettings, type ForumSettings, type SettingsPatch } from './settings';
import { seedForum, type SeedAccounts } from './seed';
import type { AdminApiKey, Session, User, UserApiKey } from './records';
import { Store } from './store';
import { applyFaults, type Fault } from './faults';
import { ipLimit } from './ipLimit';
import { scopeAllows } from './userApiScopes';
import { controlRoutes, CONTROL_PREFIX } from './routes/control';
import { apiRoutes } from './routes/api';
import { authRoutes } from './routes/userApiKeys';
import { pageRoutes } from './routes/pages';
import { messageBusRoutes } from './routes/messageBus';
import { adminNotificationRoutes } from './routes/adminNotifications';

export type Auth =
  | { kind: 'anonymous' }
  | { kind: 'user_api_key'; key: UserApiKey }
  | { kind: 'admin_api_key'; key: AdminApiKey }
  | { kind: 'session'; session: Session };

export interface Ctx {
  forum: Forum;
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  /** Path inside the forum: subfolder and `.json` removed. */
  path: string;
  wantsJson: boolean;
  /** The request itself asked for JSON (`.json` or Accept), not just a JSON-only route. */
  formatJson: boolean;
  query: URLSearchParams;
  params: Params;
  match: RegExpExecArray;
  user: User | null;
  auth: Auth;
  ip: string;
  cookies: Record<string, string>;
  /** The forum's base URL, subfolder included: `http://127.0.0.1:4200/forum`. */
  baseUrl: string;
}

export interface Route {
  method: string | string[];
  path: RegExp;
  /** Discourse's controller#action, for scope checks (FACTS.md §1.7). */
  action: string;
  handler: (ctx: Ctx) => void | Promise<void>;
  /** Answer JSON errors even without `.json` (API-only routes). */
  json?: boolean;
}

export interface LogEntry {
  at: number;
  method: string;
  path: string;
  status: number;
  auth: string;
  userApiKeyId: number | null;
  clientId: string | null;
  rateLimitCode: string | null;
}

const CSRF_EXEMPT = new Set([
  'session#create',
  'user_api_keys#create_device_request',
  'user_api_keys#poll_device_request',
]);

const ROUTES: Route[] = [...authRoutes, ...messageBusRoutes, ...adminNotificationRoutes, ...apiRoutes, ...pageRoutes];

export class Forum {
  settings: ForumSettings;
  store!: Store;
  accounts!: SeedAccounts;
  readonly limiter: RateLimiterRegistry;
  faults: Fault[] = [];
  log: LogEntry[] = [];
  private faultIds = 0;
  server: Server | null = null;
  url = '';
  private readonly sockets = new Set<Socket>();

  constructor(
    patch: SettingsPatch = {},
    readonly now: () => number = () => Date.now(),
  ) {
    this.settings = mergeSettings(defaultSettings, patch);
    this.limiter = new RateLimiterRegistry(now);
    this.reset();
  }

  /** Fresh seed data, no keys but the admin key, no sessions, no limits used, no faults. */
  reset(patch?: SettingsPatch): void {
    if (patch) this.settings = mergeSettings(defaultSettings, patch);
    this.store = new Store(this.now);
    this.store.basePath = this.settings.subfolder;
    this.accounts = seedForum(this.store, this.now());
    this.limiter.clear();
    this.faults = [];
    this.log = [];
  }

  /** A window of `seconds` real-forum seconds, shrunk by the time scale. */
  scaled(seconds: number): number {
    return seconds * 1000 * this.settings.timeScale;
  }

  addFault(fault: Omit<Fault, 'id'>): Fault {
    const added = { ...fault, id: ++this.faultIds };
    this.faults.push(added);
    return added;
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    const address = this.server.address() as AddressInfo;
    this.url = `http://${host}:${address.port}`;
    return this.url;
  }

  get baseUrl(): string {
    return `${this.url}${this.settings.subfolder}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      await this.dispatch(req, res);
    } catch (error) {
      if (error instanceof HttpError) {
        sendError(res, error.status, error.status === 400 ? 'invalid_parameters' : null, [error.message]);
      } else {
        console.error('[forum] internal error', error);
        sendError(res, 500, null, ['Internal server error']);
      }
    }
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    const ip = req.socket.remoteAddress ?? '127.0.0.1';

    if (url.pathname.startsWith(CONTROL_PREFIX)) {
      if (!/^(::ffff:)?127\.|^::1$/.test(ip)) return send(res, 403, 'control API is loopback-only');
      const body = parseBody(req.headers['content-type'], await readBody(req));
      return controlRoutes(this, method, url.pathname.slice(CONTROL_PREFIX.length), body, res, url.searchParams);
    }

    const cookies = parseCookies(req.headers.cookie);
    // The auth a request claims, so requests answered before authentication (faults, per-IP 429s) still count for their key.
    const claimed = req.headers['user-api-key']
      ? 'user_api_key'
      : req.headers['api-key']
        ? 'admin_api_key'
        : 'anonymous';
    const entry: LogEntry = {
      at: this.now(),
      method,
      path: url.pathname + url.search,
      status: 0,
      auth: claimed,
      userApiKeyId: null,
      clientId: null,
      rateLimitCode: null,
    };
    this.log.push(entry);
    res.on('finish', () => (entry.status = res.statusCode));

    if (await applyFaults(this, method, url.pathname, res)) return;

    const base = this.settings.subfolder;
    if (base && url.pathname !== base && !url.pathname.startsWith(`${base}/`))
      return send(res, 404, 'Not Found', { 'Content-Type': 'text/plain' });
    let path = url.pathname.slice(base.length) || '/';
    const hasJsonSuffix = path.endsWith('.json');
    if (hasJsonSuffix) path = path.slice(0, -5);
    const accept = String(req.headers.accept ?? '');
    const wantsJson = hasJsonSuffix || (accept.includes('application/json') && !accept.includes('text/html'));

    // 1. The per-IP middleware runs before Rails and before authentication (FACTS.md §2.1).
    const session = cookies._t ? this.store.sessions.get(cookies._t) : undefined;
    const sessionUser = session ? (this.store.userById(session.userId) ?? null) : null;
    const ipKeys = ipLimit(this, ip, sessionUser, res);
    if (ipKeys === null) {
      entry.rateLimitCode = String(res.getHeader('Discourse-Rate-Limit-Error-Code') ?? '');
      return;
    }

    const route = ROUTES.find(
      (r) =>
        (Array.isArray(r.method)
          ? r.method.includes(method)
          : r.method === method || (method === 'HEAD' && r.method === 'GET')) && r.path.test(path),
    );
    const isMessageBus = path.startsWith('/message-bus/');

    // 2. Authentication (Auth::DefaultCurrentUserProvider).
    let auth: Auth = { kind: 'anonymous' };
    let user: User | null = null;
    const userApiKeyHeader = header(req, 'user-api-key');
    const adminKeyHeader = header(req, 'api-key');
    if (userApiKeyHeader) {
      const key = this.store.findUserApiKey(userApiKeyHeader);
      const owner = key ? this.store.userById(key.userId) : undefined;
      const expired = key?.expiresAt && Date.parse(key.expiresAt) <= this.now();
      if (!key || key.revokedAt || expired || !owner || owner.suspended) return this.invalidAccess(res, isMessageBus);
      entry.userApiKeyId = key.id;
      entry.auth = 'user_api_key';
      entry.clientId = header(req, 'user-api-client-id') ?? null;
      // Checked on every request that carries the key, message-bus polls included, before scopes.
      for (const [suffix, max, seconds] of [
        ['60_secs', this.settings.limits.userApiPerMinute, 60],
        ['1_day', this.settings.limits.userApiPerDay, 86_400],
      ] as const) {
        const check = this.limiter.perform(`user_api_key_${key.id}_${suffix}`, max, this.scaled(seconds));
        if (!check.allowed) {
          const code = `user_api_key_limiter_${suffix}`;
          entry.rateLimitCode = code;
          return this.tooMany(res, check.waitSeconds, isMessageBus ? null : code, isMessageBus);
        }
      }
      const clientId = header(req, 'user-api-client-id');
      if (clientId && clientId !== key.clientId) key.clientId = clientId; // re-pointed to a new client (FACTS.md §1.7)
      if (!route || !scopeAllows(key.scopes, method, path, route.action)) return this.invalidAccess(res, isMessageBus);
      key.lastUsedAt = this.store.iso();
      auth = { kind: 'user_api_key', key };
      user = owner;
    } else if (adminKeyHeader) {
      const key = this.store.adminApiKeys.find((k) => k.key === adminKeyHeader && !k.revokedAt);
      const username = header(req, 'api-username');
      const acting = username
        ? this.store.userByName(username)
        : key?.userId
          ? this.store.userById(key.userId)
          : undefined;
      if (!key || !acting || (key.userId !== null && key.userId !== acting.id))
        return this.invalidAccess(res, isMessageBus);
      // "Don't enforce the default per ip limits for authenticated admin api requests".
      for (const ipKey of ipKeys) this.limiter.rollback(ipKey);
      const check = this.limiter.perform('admin_api_min', this.settings.limits.adminApiPerMinute, this.scaled(60));
      entry.auth = 'admin_api_key';
      if (!check.allowed) {
        entry.rateLimitCode = 'admin_api_key_rate_limit';
        return this.tooMany(res, check.waitSeconds, 'admin_api_key_rate_limit', isMessageBus);
      }
      auth = { kind: 'admin_api_key', key };
      user = acting;
    } else if (session && sessionUser) {
      auth = { kind: 'session', session };
      user = sessionUser;
      entry.auth = 'session';
    }

    if (!route) {
      if (wantsJson) return sendError(res, 404, 'not_found', [MESSAGES.notFound]);
      return send(res, 404, notFoundPage(), { 'Content-Type': 'text/html; charset=utf-8' });
    }

    if (
      this.settings.readOnly &&
      !['GET', 'HEAD'].includes(method) &&
      !isMessageBus &&
      !route.action.startsWith('session#')
    ) {
      return sendError(res, 503, 'read_only', [MESSAGES.readOnly]);
    }

    const text = ['GET', 'HEAD'].includes(method) ? '' : await readBody(req);
    const params: Params = {
      ...Object.fromEntries(url.searchParams),
      ...nestQuery(url.searchParams),
      ...parseBody(req.headers['content-type'], text),
    };

    // Cookie sessions must send the CSRF token on writes; API keys are exempt (FACTS.md §3.2, §7).
    const csrf =
      header(req, 'x-csrf-token') ??
      (typeof params.authenticity_token === 'string' ? params.authenticity_token : undefined);
    if (
      auth.kind === 'session' &&
      !['GET', 'HEAD'].includes(method) &&
      csrf !== auth.session.csrf &&
      !CSRF_EXEMPT.has(route.action) &&
      !isMessageBus
    ) {
      return send(res, 403, '["BAD CSRF"]', { 'Content-Type': 'text/plain' });
    }
    const match = route.path.exec(path)!;
    await route.handler({
      forum: this,
      req,
      res,
      method,
      path,
      wantsJson: wantsJson || !!route.json,
      formatJson: wantsJson,
      query: url.searchParams,
      params,
      match,
      user,
      auth,
      ip,
      cookies,
      baseUrl: this.baseUrl,
    });
  }

  /** 429 as `RateLimiter::LimitExceeded` renders it (FACTS.md §2.2 b), or MessageBus's plain form (§2.2 c). */
  tooMany(res: ServerResponse, waitSeconds: number, errorCode: string | null, plain = false): void {
    const description = MESSAGES.tooManyTimes(timeLeft(waitSeconds));
    if (plain) return send(res, 429, description, { 'Retry-After': String(waitSeconds) });
    sendError(
      res,
      429,
      'rate_limit',
      [description],
      { wait_seconds: waitSeconds, time_left: timeLeft(waitSeconds) },
      {
        'Retry-After': String(waitSeconds),
        ...(errorCode ? { 'Discourse-Rate-Limit-Error-Code': errorCode } : {}),
      },
    );
  }

  invalidAccess(res: ServerResponse, plain = false): void {
    if (plain) return send(res, 403, 'Invalid Access');
    sendError(res, 403, 'invalid_access', [MESSAGES.invalidAccess]);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function nestQuery(query: URLSearchParams): Params {
  const bracketed = [...query].filter(([key]) => key.includes('['));
  if (!bracketed.length) return {};
  return Object.fromEntries(
    Object.entries(parseBody('application/x-www-form-urlencoded', new URLSearchParams(bracketed).toString())),
  );
}

function notFoundPage(): string {
  return '<!doctype html><html><head><meta name="generator" content="Discourse 2026.8.0-latest"><meta id="discourse-error" data-discourse-error="true"></head><body><div class="page-not-found"><h1>Oops! That page doesn’t exist or is private.</h1></div></body></html>';
}

export type { ForumSettings, SettingsPatch };
