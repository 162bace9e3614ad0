// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { FlowStore, type FlowRecord } from '../../src/background/flowStore';
import { memoryStorage } from './memoryStorage';

function setup() {
  const storage = memoryStorage();
  const { session } = storage;
  return { session, store: new FlowStore(storage) };
}

const flow = (flowId: string, expiresAt = Date.now() + 60_000): FlowRecord => ({
  flowId,
  baseUrl: 'https://forum.example',
  title: 'Forum',
  logoUrl: null,
  method: 'paste',
  scopes: ['read'],
  handshake: null,
  state: 'waiting',
  startedAt: 0,
  expiresAt,
});

describe('the flow store', () => {
  it('puts, gets and lists flows, newest last', async () => {
    const { store } = setup();
    await store.put(flow('a'));
    await store.put(flow('b'));
    await store.put(flow('a'));
    expect(await store.get('a')).toMatchObject({ flowId: 'a' });
    expect((await store.list()).map((f) => f.flowId)).toEqual(['b', 'a']);
    await store.remove('b');
    expect(await store.get('b')).toBeUndefined();
    expect((await store.list()).map((f) => f.flowId)).toEqual(['a']);
  });

  it('drops flows that ended long ago when another is stored', async () => {
    const { store, session } = setup();
    await store.put(flow('old', Date.now() - 16 * 60_000));
    await store.put(flow('new'));
    expect(session.data.has('connect:old')).toBe(false);
    expect(session.data.get('connect:ids')).toEqual(['new']);
  });

  it('reads what is not a flow as no flow', async () => {
    const { store, session } = setup();
    await session.set('connect:odd', { flowId: 'odd' });
    await session.set('connect:ids', ['odd', 7, null]);
    expect(await store.get('odd')).toBeUndefined();
    expect(await store.list()).toEqual([]);
  });
});
