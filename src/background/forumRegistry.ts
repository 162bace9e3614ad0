import { DiscourseClient, type ForumAuth } from '../discourse/client';
import { isDiscourseError } from '../discourse/errors';
import { systemClock, type Fetch, type RemovableStorage } from '../discourse/ports';
import { defaultLimits, Throttle, type ThrottleLimits } from '../discourse/throttle';
import type { ForumView } from '../messages/protocol';

/**
 * The connected forums, their keys and one client (with its throttle) per forum. Records and
 * secrets are stored apart: `forums` holds what the UI may see, `secret:<id>` the key, which
 * leaves this module only inside request headers.
 */

export interface ForumRecord extends Omit<ForumView, 'hasAdminKey' | 'avatarUrl'> {
  avatarTemplate: string;
  userId: number;
  /** Per-forum overrides of the rate limits (an admin who raised them in app.yml). */
  limits?: Partial<ThrottleLimits>;
  /** The user's slowest-acceptable background check, in minutes. */
  pollMinutes?: number;
}

interface Secret {
  userApiKey: string;
  admin?: { key: string; username: string };
}

const FORUMS = 'forums';
const CLIENT_ID = 'clientId';
const secretKey = (id: string) => `secret:${id}`;

export class ForumRegistry {
  private readonly clients = new Map<string, { client: DiscourseClient; throttle: Throttle }>();

  constructor(
    private readonly storage: RemovableStorage,
    private readonly fetch: Fetch,
    private readonly random: () => string = () => crypto.randomUUID().replace(/-/g, ''),
  ) {}

  /** One client id per install, sent as User-Api-Client-Id on every call (FACTS.md §1.7). */
  async clientId(): Promise<string> {
    const existing = await this.storage.local.get(CLIENT_ID);
    if (typeof existing === 'string' && existing) return existing;
    const id = this.random();
    await this.storage.local.set(CLIENT_ID, id);
    return id;
  }

  async list(): Promise<ForumRecord[]> {
    const forums = await this.storage.local.get(FORUMS);
    return Array.isArray(forums) ? (forums as ForumRecord[]) : [];
  }

  async get(id: string): Promise<ForumRecord | undefined> {
    return (await this.list()).find((f) => f.id === id);
  }

  async views(): Promise<ForumView[]> {
    const forums = await this.list();
    return Promise.all(
      forums.map(async ({ avatarTemplate, userId: _userId, limits: _limits, pollMinutes: _poll, ...forum }) => {
        const secret = (await this.storage.local.get(secretKey(forum.id))) as Secret | undefined;
        return { ...forum, avatarUrl: absoluteAvatar(forum.baseUrl, avatarTemplate), hasAdminKey: !!secret?.admin };
      }),
    );
  }

  /** Adds or replaces a forum with its new key (a reconnect keeps cached data and drafts elsewhere). */
  async save(record: ForumRecord, userApiKey: string): Promise<void> {
    const forums = (await this.list()).filter((f) => f.id !== record.id);
    const previous = (await this.storage.local.get(secretKey(record.id))) as Secret | undefined;
    await this.storage.local.set(secretKey(record.id), { ...previous, userApiKey } satisfies Secret);
    await this.storage.local.set(FORUMS, [...forums, record]);
    this.clients.delete(record.id);
  }

  async update(id: string, change: Partial<ForumRecord>): Promise<void> {
    const forums = await this.list();
    await this.storage.local.set(FORUMS, forums.map((f) => (f.id === id ? { ...f, ...change } : f)));
    if (change.limits) this.clients.delete(id);
  }

  async remove(id: string): Promise<void> {
    await this.storage.local.set(FORUMS, (await this.list()).filter((f) => f.id !== id));
    await this.storage.remove([secretKey(id), `throttle:${id}:session`, `throttle:${id}:local`]);
    this.clients.delete(id);
  }

  /** The forum's client; its throttle survives as long as the worker, its state longer (storage). */
  async client(id: string): Promise<DiscourseClient> {
    const cached = this.clients.get(id);
    if (cached) return cached.client;
    const record = await this.get(id);
    const secret = (await this.storage.local.get(secretKey(id))) as Secret | undefined;
    if (!record || !secret) throw new Error(`No forum ${id}`);
    const auth: ForumAuth = { kind: 'user', key: secret.userApiKey, clientId: await this.clientId(), scopes: record.scopes };
    const throttle = new Throttle({ id, limits: defaultLimits('user', record.limits), clock: systemClock, storage: this.storage });
    const client = new DiscourseClient({ baseUrl: record.baseUrl, auth, fetch: this.fetch, clock: systemClock, throttle, isOnline: () => navigator.onLine });
    this.clients.set(id, { client, throttle });
    return client;
  }

  /** Admin mode: stores (or with null, removes) the forum's admin key. */
  async setAdmin(id: string, admin: { key: string; username: string } | null): Promise<void> {
    const secret = (await this.storage.local.get(secretKey(id))) as Secret | undefined;
    if (!secret) throw new Error(`No forum ${id}`);
    const { admin: _old, ...rest } = secret;
    await this.storage.local.set(secretKey(id), admin ? { ...rest, admin } : rest);
    this.clients.delete(`${id}:admin`);
  }

  /** A client that authenticates with the admin key, on its own throttle (60/min, no per-IP count). */
  async adminClient(id: string, candidate?: { key: string; username: string }): Promise<DiscourseClient> {
    const cacheKey = `${id}:admin`;
    if (!candidate) {
      const cached = this.clients.get(cacheKey);
      if (cached) return cached.client;
    }
    const record = await this.get(id);
    const secret = (await this.storage.local.get(secretKey(id))) as Secret | undefined;
    const admin = candidate ?? secret?.admin;
    if (!record || !admin) throw new Error(`No admin key for ${id}`);
    const throttle = new Throttle({ id: cacheKey, limits: defaultLimits('admin'), clock: systemClock, storage: this.storage });
    const client = new DiscourseClient({ baseUrl: record.baseUrl, auth: { kind: 'admin', key: admin.key, username: admin.username }, fetch: this.fetch, clock: systemClock, throttle, isOnline: () => navigator.onLine });
    if (!candidate) this.clients.set(cacheKey, { client, throttle });
    return client;
  }

  async adminThrottle(id: string): Promise<Throttle> {
    await this.adminClient(id);
    return this.clients.get(`${id}:admin`)!.throttle;
  }

  async adminSecret(id: string): Promise<{ key: string; username: string } | undefined> {
    return ((await this.storage.local.get(secretKey(id))) as Secret | undefined)?.admin;
  }

  async throttleOf(id: string): Promise<Throttle> {
    await this.client(id);
    return this.clients.get(id)!.throttle;
  }

  /**
   * Runs `call` with the forum's client. A dead key marks the forum "needs reconnect" and keeps
   * everything else (cached data, drafts) until the user reconnects.
   */
  async use<T>(id: string, call: (client: DiscourseClient) => Promise<T>): Promise<T> {
    try {
      return await call(await this.client(id));
    } catch (error) {
      if (isDiscourseError(error, 'InvalidKey')) await this.update(id, { status: 'needs_reconnect' });
      throw error;
    }
  }
}

export function absoluteAvatar(baseUrl: string, template: string, size = 48): string {
  const path = template.replace('{size}', String(size));
  if (/^https?:\/\//.test(path)) return path;
  if (path.startsWith('//')) return `${new URL(baseUrl).protocol}${path}`;
  return `${new URL(baseUrl).origin}${path.startsWith('/') ? '' : '/'}${path}`;
}
