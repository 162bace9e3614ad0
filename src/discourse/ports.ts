/** What src/discourse needs from its host, passed in so it runs the same in a worker and in tests. */

export interface Clock {
  now(): number;
  /** Calls `fn` after `ms`; returns a function that cancels it. */
  setTimeout(fn: () => void, ms: number): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, Math.max(0, ms));
    return () => clearTimeout(timer);
  },
};

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

/** `session` survives a killed service worker but not a browser restart; `local` survives both. */
export interface StoragePort {
  session: KeyValueStore;
  local: KeyValueStore;
}

/** Storage that can also delete keys (both areas), for what a disconnect leaves behind. */
export type RemovableStorage = StoragePort & { remove(keys: string[]): Promise<void> };

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export function memoryStore(): KeyValueStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (key) => structuredClone(data.get(key)),
    set: async (key, value) => void data.set(key, structuredClone(value)),
  };
}
