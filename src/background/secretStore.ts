/**
 * Where forum keys live: the extension origin's IndexedDB, which only the extension's own pages
 * and worker can open. `storage.local` is readable by content scripts in both browsers, so a
 * compromised renderer on any forum tab could read every key there; IndexedDB belongs to the
 * origin that opens it, and a content script's origin is the page's.
 */
export interface SecretStore {
  get(id: string): Promise<unknown>;
  set(id: string, value: unknown): Promise<void>;
  remove(id: string): Promise<void>;
}

const DB = 'discourse-companion-secrets';
const STORE = 'secrets';

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error('IndexedDB did not open'));
  });
}

function run<T>(mode: IDBTransactionMode, act: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  return open().then(
    (db) =>
      new Promise<T>((resolve, reject) => {
        // Strict durability: a key moved here must be on disk before its old copy is deleted.
        const tx = db.transaction(STORE, mode, { durability: mode === 'readwrite' ? 'strict' : 'default' });
        const request = act(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(request.result);
        };
        tx.onerror = tx.onabort = () => {
          db.close();
          reject(tx.error ?? new Error('IndexedDB transaction failed'));
        };
      }),
  );
}

export const indexedDbSecrets: SecretStore = {
  get: (id) => run('readonly', (store) => store.get(id)),
  set: async (id, value) => void (await run('readwrite', (store) => store.put(value, id))),
  remove: async (id) => void (await run('readwrite', (store) => store.delete(id))),
};

export function memorySecrets(): SecretStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async (id) => structuredClone(data.get(id)),
    set: async (id, value) => void data.set(id, structuredClone(value)),
    remove: async (id) => void data.delete(id),
  };
}
