import { readFileSync } from 'node:fs';
import { afterEach } from 'vitest';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { Forum } from './forum';
import type { SettingsPatch } from './settings';
import { applyErrata } from './openapiErrata';

/** Helpers for the forum's own tests: a forum on a free port, a cookie session, schema checks. */

export interface Running {
  forum: Forum;
  url: string;
  /** fetch relative to the forum's base URL (subfolder included). */
  get(path: string, init?: RequestInit): Promise<Response>;
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  close(): Promise<void>;
}

export async function startForum(patch: SettingsPatch = {}): Promise<Running> {
  const forum = new Forum(patch);
  await forum.listen(0);
  const base = () => forum.baseUrl;
  return {
    forum,
    url: base(),
    get: (path, init) => fetch(`${base()}${path}`, { redirect: 'manual', ...init }),
    request: (method, path, body, headers = {}) =>
      fetch(`${base()}${path}`, {
        method,
        redirect: 'manual',
        headers: { ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}), ...headers },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }),
    close: () => forum.close(),
  };
}

/**
 * For suites that start a forum per test: returns a starter (with `defaults` under each patch,
 * loopback limits off unless asked) and closes the forum after each test.
 */
export function forumPerTest(defaults: SettingsPatch = { limits: { limitLoopback: false } }) {
  let running: Running | null = null;
  afterEach(async () => {
    await running?.close();
    running = null;
  });
  return async (patch: SettingsPatch = {}) => {
    running = await startForum({
      ...defaults,
      ...patch,
      limits: { ...(defaults.limits ?? {}), ...(patch.limits ?? {}) },
    });
    return running;
  };
}

/** Logs in through the login form, as a browser does; returns the cookie and the page's CSRF token. */
export async function login(running: Running, username: string): Promise<{ cookie: string; csrf: string }> {
  const user = running.forum.store.userByName(username)!;
  const res = await running.get('/session', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: user.username, password: user.password }),
  });
  const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('_t='));
  if (!setCookie) throw new Error(`login as ${username} failed: ${res.status}`);
  const cookie = setCookie.split(';')[0]!;
  const page = await (await running.get('/latest', { headers: { Cookie: cookie } })).text();
  const csrf = /<meta name="csrf-token" content="([^"]+)"/.exec(page)?.[1];
  if (!csrf) throw new Error('no csrf-token meta on a logged-in page');
  return { cookie, csrf };
}

/** Mints a User API key the way bots do (FACTS.md §7) and returns the key itself. */
export function mintKey(running: Running, username: string, scopes: string[], clientId = 'test-client'): string {
  const user = running.forum.store.userByName(username)!;
  return running.forum.store.addUserApiKey({
    userId: user.id,
    clientId,
    applicationName: 'tests',
    scopes,
    push: false,
    expiresAt: null,
  }).key;
}

export function userKeyHeaders(key: string, clientId = 'test-client'): Record<string, string> {
  return { 'User-Api-Key': key, 'User-Api-Client-Id': clientId };
}

// --- OpenAPI validation

export function openapiPath(): string {
  // Vendored (test/forum/vendor/README.md): the repository stands alone, nothing is read from outside it.
  return fileURLToPath(new URL('./vendor/openapi.json', import.meta.url));
}

let ajv: Ajv2020 | null = null;
function validatorHost(): Ajv2020 {
  if (ajv) return ajv;
  const document = applyErrata(JSON.parse(readFileSync(openapiPath(), 'utf8')));
  ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  ajv.addSchema(document as object, 'openapi');
  return ajv;
}

/** Validates `body` against the 200 response schema of `method path` in openapi.json. */
export function schemaErrors(method: string, path: string, body: unknown): string[] {
  const pointer = `openapi#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method.toLowerCase()}/responses/200/content/application~1json/schema`;
  const validate = validatorHost().getSchema(pointer) ?? validatorHost().compile({ $ref: pointer });
  if (validate(body)) return [];
  return (validate.errors ?? [])
    .slice(0, 10)
    .map(
      (e) =>
        `${e.instancePath || '(root)'} ${e.message}${e.params && 'additionalProperty' in e.params ? `: ${String(e.params.additionalProperty)}` : ''}`,
    );
}
