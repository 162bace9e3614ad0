// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { memoryStorage } from './memoryStorage';
import { ForumRegistry, type ForumRecord } from '../../src/background/forumRegistry';
import { memorySecrets } from '../../src/background/secretStore';

const record: ForumRecord = {
  id: 'forum.example',
  baseUrl: 'https://forum.example',
  title: 'Forum',
  logoUrl: null,
  username: 'tess',
  userId: 3,
  avatarTemplate: '/a/{size}.png',
  flow: 'device',
  scopes: ['read'],
  expiresAt: null,
  connectedAt: 0,
  status: 'connected',
};

function setup() {
  const storage = memoryStorage();
  const { local, session } = storage;
  const secrets = memorySecrets();
  const calls: Record<string, string>[] = [];
  const fetch = async (_url: string, init?: RequestInit) => {
    calls.push(init?.headers as Record<string, string>);
    return new Response('{"unread_notifications":0}', { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  let n = 0;
  return {
    local,
    session,
    secrets,
    calls,
    registry: new ForumRegistry(storage, secrets, fetch, () => `client-${++n}`),
  };
}

describe('keys live in the secret store, never in storage.local', () => {
  it('a new connection stores its key in the secret store only', async () => {
    const { local, secrets, registry } = setup();
    await registry.save(record, 'k'.repeat(32));
    expect(JSON.stringify([...local.data])).not.toContain('k'.repeat(32));
    expect(secrets.data.get(record.id)).toEqual({ userApiKey: 'k'.repeat(32) });
    await registry.setAdmin(record.id, { key: 'a'.repeat(64), username: 'ada' });
    expect(JSON.stringify([...local.data])).not.toContain('a'.repeat(64));
  });
  it('a key an older version left in storage.local moves on update, and still works', async () => {
    const { local, secrets, calls, registry } = setup();
    await local.set('forums', [record]);
    await local.set(`secret:${record.id}`, { userApiKey: 'old'.repeat(11) });
    await registry.migrateSecrets();
    expect(local.data.has(`secret:${record.id}`)).toBe(false);
    expect(secrets.data.get(record.id)).toEqual({ userApiKey: 'old'.repeat(11) });
    await (await registry.client(record.id)).totals();
    expect(calls[0]!['User-Api-Key']).toBe('old'.repeat(11));
  });
  it('disconnecting removes the keys, and what the user and admin keys’ throttles kept about the forum', async () => {
    const { local, session, secrets, registry } = setup();
    await registry.save(record, 'k'.repeat(32));
    await registry.setAdmin(record.id, { key: 'a'.repeat(64), username: 'ada' });
    await (await registry.client(record.id)).totals();
    await (await registry.adminClient(record.id)).totals();
    const kept = () => [...local.data.keys(), ...session.data.keys()].filter((key) => key.includes(record.id));
    expect(kept().filter((key) => key.includes(':admin')).length).toBeGreaterThan(0);
    await registry.remove(record.id);
    expect(secrets.data.size).toBe(0);
    expect(kept()).toEqual([]);
  });
});

describe('User-Api-Client-Id', () => {
  it('is one per forum, so forums cannot link the same person by it; a reconnect keeps it', async () => {
    const { registry } = setup();
    const first = await registry.clientId('one.example');
    const second = await registry.clientId('two.example');
    expect(first).not.toBe(second);
    await registry.save({ ...record, id: 'one.example', clientId: first }, 'k'.repeat(32));
    expect(await registry.clientId('one.example')).toBe(first);
  });
  it('a forum connected by an older version keeps the install-wide id its key was issued for, and gets its own at reconnect', async () => {
    const { local, calls, registry } = setup();
    await local.set('clientId', 'install-wide');
    await registry.save(record, 'k'.repeat(32));
    await (await registry.client(record.id)).totals();
    expect(calls[0]!['User-Api-Client-Id']).toBe('install-wide');
    expect(await registry.clientId(record.id)).not.toBe('install-wide');
  });
  it('a key left in storage.local by a move that was cut short is removed at the next read', async () => {
    const { local, secrets, registry } = setup();
    await local.set('forums', [record]);
    await secrets.set(record.id, { userApiKey: 'new'.repeat(11) });
    await local.set(`secret:${record.id}`, { userApiKey: 'new'.repeat(11) });
    await registry.migrateSecrets();
    expect(local.data.has(`secret:${record.id}`)).toBe(false);
    expect(secrets.data.get(record.id)).toEqual({ userApiKey: 'new'.repeat(11) });
  });
});
