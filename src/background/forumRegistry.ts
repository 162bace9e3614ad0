import { DiscourseClient } from '../discourse/client';
import type { ForumAuth } from '../discourse/keyScopes';
import { absoluteImageUrl } from '../discourse/forumUrl';
import { DiscourseError, isDiscourseError, said } from '../discourse/errors';
import { systemClock, type Fetch, type RemovableStorage } from '../discourse/ports';
import {
  actionSpacingFor,
  defaultLimits,
  Throttle,
  throttleStorageKeys,
  type ThrottleLimits,
} from '../discourse/throttle';
import type { ForumView } from '../messages/protocol';
import type { SecretStore } from './secretStore';
import { isRecord, listOf, storageItem, storageItemPerId, type StorageItem } from './storageItem';

/**
 * The connected forums, their keys and one client (with its throttle) per forum. Records and
 * secrets are stored apart: `forums` (storage.local) holds what the UI may see; the keys live in
 * the secret store (IndexedDB, secretStore.ts) and leave this module only inside request headers.
 */

export interface ForumRecord extends Omit<ForumView, 'hasAdminKey' | 'avatarUrl'> {
  avatarTemplate: string;
  userId: number;
  /** Per-forum overrides of the rate limits (an admin who raised them in app.yml). */
  limits?: Partial<ThrottleLimits>;
  /** The user's slowest-acceptable background check, in minutes. */
  pollMinutes?: number;
  /** The account's trust level and staff status: Discourse's per-action limits depend on them. */
  trustLevel?: number;
  staff?: boolean;
  /** The User-Api-Client-Id this forum's key was issued for (absent: the install-wide one). */
  clientId?: string;
}

interface Secret {
  userApiKey: string;
  admin?: { key: string; username: string };
}

/** The forum list's key in `storage.local`: the worker also watches it change. */
export const FORUMS_KEY = 'forums';

export class ForumRegistry {
  private readonly clients = new Map<string, { client: DiscourseClient; throttle: Throttle }>();
  /** One throttle per forum's user key, shared by everything that talks to that forum (connecting included). */
  private readonly throttles = new Map<string, Throttle>();
  private readonly forums: StorageItem<ForumRecord[]>;
  /** The install-wide User-Api-Client-Id of older versions ('' until one is needed). */
  private readonly installClientId: StorageItem<string>;
  /** Where an older version kept a forum's keys. */
  private readonly legacySecret: (id: string) => StorageItem<Secret | undefined>;

  constructor(
    private readonly storage: RemovableStorage,
    private readonly secrets: SecretStore,
    private readonly fetch: Fetch,
    private readonly random: () => string = () => crypto.randomUUID().replace(/-/g, ''),
  ) {
    this.forums = storageItem(storage, { area: 'local', key: FORUMS_KEY, parse: listOf<ForumRecord> });
    this.installClientId = storageItem(storage, {
      area: 'local',
      key: 'clientId',
      parse: (stored) => (typeof stored === 'string' ? stored : ''),
    });
    this.legacySecret = storageItemPerId(storage, {
      area: 'local',
      prefix: 'secret:',
      parse: (stored) => (isRecord(stored) ? (stored as unknown as Secret) : undefined),
    });
  }

  /**
   * The User-Api-Client-Id for a forum (FACTS.md §1.7): one per forum, so that forums cannot link
   * the same person across communities by it. A reconnect keeps the forum's id (Discourse then
   * replaces the old key). A forum connected by an older version goes on using the install-wide id
   * its key was issued for, and gets an id of its own at its next reconnect.
   */
  async clientId(forumId: string): Promise<string> {
    return (await this.get(forumId))?.clientId ?? this.random();
  }

  /** A fresh id for a key minted for someone else (admin mode). */
  newClientId(): string {
    return this.random();
  }

  private async legacyClientId(): Promise<string> {
    const existing = await this.installClientId.get();
    if (existing) return existing;
    const id = this.random();
    await this.installClientId.set(id);
    return id;
  }

  /**
   * A forum's key(s), from the secret store. Keys an older version kept in `storage.local` move
   * there on first read (and are removed from `storage.local`).
   */
  private async secret(id: string): Promise<Secret | undefined> {
    const kept = (await this.secrets.get(id)) as Secret | undefined;
    const legacy = await this.legacySecret(id).get();
    if (!legacy) return kept;
    // Written (durably) before the old copy goes: a worker killed in between keeps the key, and the
    // next read still removes the copy in storage.local.
    if (!kept) await this.secrets.set(id, legacy);
    await this.legacySecret(id).remove();
    return kept ?? legacy;
  }

  /** Moves every key still in `storage.local` (an update from an older version) to the secret store. */
  async migrateSecrets(): Promise<void> {
    for (const forum of await this.list()) await this.secret(forum.id);
  }

  async list(): Promise<ForumRecord[]> {
    return this.forums.get();
  }

  async get(id: string): Promise<ForumRecord | undefined> {
    return (await this.list()).find((f) => f.id === id);
  }

  /** A forum the user asks about, refused when it is not connected (any more). */
  async connected(id: string): Promise<ForumRecord> {
    const forum = await this.get(id);
    if (!forum) throw new DiscourseError('NotFound', said('errorForumNotConnected'));
    return forum;
  }

  async views(): Promise<ForumView[]> {
    const forums = await this.list();
    return Promise.all(
      forums.map(
        async ({
          avatarTemplate,
          userId: _userId,
          limits: _limits,
          pollMinutes: _poll,
          trustLevel: _tl,
          staff: _staff,
          clientId: _client,
          ...forum
        }) => {
          const secret = await this.secret(forum.id);
          return { ...forum, avatarUrl: absoluteImageUrl(forum.baseUrl, avatarTemplate), hasAdminKey: !!secret?.admin };
        },
      ),
    );
  }

  /** Adds or replaces a forum with its new key (a reconnect keeps cached data and drafts elsewhere). */
  async save(record: ForumRecord, userApiKey: string): Promise<void> {
    const forums = (await this.list()).filter((f) => f.id !== record.id);
    const previous = await this.secret(record.id);
    await this.secrets.set(record.id, { ...previous, userApiKey } satisfies Secret);
    await this.forums.set([...forums, record]);
    this.clients.delete(record.id);
  }

  async update(id: string, change: Partial<ForumRecord>): Promise<void> {
    const forums = await this.list();
    await this.forums.set(forums.map((f) => (f.id === id ? { ...f, ...change } : f)));
    if (change.limits || change.trustLevel !== undefined || change.staff !== undefined) {
      const record = await this.get(id);
      if (record) this.throttles.get(id)?.setLimits(defaultLimits('user', limitsOf(record)));
    }
  }

  async remove(id: string): Promise<void> {
    await this.forums.set((await this.list()).filter((f) => f.id !== id));
    await this.secrets.remove(id);
    await this.storage.remove([
      this.legacySecret(id).key,
      ...Object.values(throttleStorageKeys(id)),
      ...Object.values(throttleStorageKeys(`${id}:admin`)),
    ]);
    this.clients.delete(id);
    this.clients.delete(`${id}:admin`);
    this.throttles.delete(id);
  }

  /** The forum's client; its throttle survives as long as the worker, its state longer (storage). */
  async client(id: string): Promise<DiscourseClient> {
    const cached = this.clients.get(id);
    if (cached) return cached.client;
    const record = await this.get(id);
    const secret = await this.secret(id);
    if (!record || !secret) throw new Error(`No forum ${id}`);
    const auth: ForumAuth = {
      kind: 'user',
      key: secret.userApiKey,
      clientId: record.clientId ?? (await this.legacyClientId()),
      scopes: record.scopes,
    };
    // The limits as stored now, applied with no await in between: an `update` of them that raced
    // this creation either is read here or finds the throttle in place and applies itself.
    const latest = (await this.get(id)) ?? record;
    const throttle = this.throttle(id, limitsOf(latest));
    // Another call may have made the client meanwhile: one client (one in-flight map) per forum.
    const made = this.clients.get(id);
    if (made) return made.client;
    const client = new DiscourseClient({
      baseUrl: record.baseUrl,
      auth,
      fetch: this.fetch,
      clock: systemClock,
      throttle,
      isOnline: () => navigator.onLine,
    });
    this.clients.set(id, { client, throttle });
    return client;
  }

  /**
   * The forum's one budget: every request made for this forum, from connecting to page features,
   * waits in this throttle. Made before the forum has a record (while connecting) and kept after.
   */
  throttle(id: string, limits?: Partial<ThrottleLimits>): Throttle {
    let throttle = this.throttles.get(id);
    if (!throttle) {
      throttle = new Throttle({ id, limits: defaultLimits('user', limits), clock: systemClock, storage: this.storage });
      this.throttles.set(id, throttle);
    } else if (limits) {
      throttle.setLimits(defaultLimits('user', limits));
    }
    return throttle;
  }

  /** Admin mode: stores (or with null, removes) the forum's admin key. */
  async setAdmin(id: string, admin: { key: string; username: string } | null): Promise<void> {
    const secret = await this.secret(id);
    if (!secret) throw new Error(`No forum ${id}`);
    const { admin: _old, ...rest } = secret;
    await this.secrets.set(id, admin ? { ...rest, admin } : rest);
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
    const secret = await this.secret(id);
    const admin = candidate ?? secret?.admin;
    if (!record || !admin) throw new Error(`No admin key for ${id}`);
    const throttle = new Throttle({
      id: cacheKey,
      limits: defaultLimits('admin'),
      clock: systemClock,
      storage: this.storage,
    });
    const client = new DiscourseClient({
      baseUrl: record.baseUrl,
      auth: { kind: 'admin', key: admin.key, username: admin.username },
      fetch: this.fetch,
      clock: systemClock,
      throttle,
      isOnline: () => navigator.onLine,
    });
    if (!candidate) this.clients.set(cacheKey, { client, throttle });
    return client;
  }

  async adminThrottle(id: string): Promise<Throttle> {
    await this.adminClient(id);
    return this.clients.get(`${id}:admin`)!.throttle;
  }

  async adminSecret(id: string): Promise<{ key: string; username: string } | undefined> {
    return (await this.secret(id))?.admin;
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
      // A forum that moved to another address needs a reconnect there as much as a dead key does.
      if (isDiscourseError(error, 'InvalidKey') || (isDiscourseError(error, 'Moved') && error.details.location))
        await this.update(id, { status: 'needs_reconnect' });
      throw error;
    }
  }
}

/** A forum's limits: Discourse's per-action spacing for its account, then the user's overrides. */
function limitsOf(record: ForumRecord): Partial<ThrottleLimits> {
  return { actionSpacingMs: actionSpacingFor(record), ...record.limits };
}
