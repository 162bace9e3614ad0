import browser from 'webextension-polyfill';
import type { KeyValueStore, RemovableStorage } from '../discourse/ports';

function area(storage: browser.Storage.StorageArea): KeyValueStore {
  return {
    get: async (key) => (await storage.get(key))[key],
    set: (key, value) => storage.set({ [key]: value }),
  };
}

/**
 * `storage.session` (memory; survives a killed worker, gone at browser restart; not readable by
 * content scripts) and `storage.local` (readable by content scripts: no secret goes there; keys
 * live in secretStore.ts, never in `local` or `sync`).
 */
export const extensionStorage: RemovableStorage = {
  session: area(browser.storage.session),
  local: area(browser.storage.local),
  remove: async (keys) => {
    await Promise.all([browser.storage.local.remove(keys), browser.storage.session.remove(keys)]);
  },
};
