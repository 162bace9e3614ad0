import type { KeyValueStore, RemovableStorage } from '../discourse/ports';

/**
 * One value the worker keeps in extension storage. Its key is spelled here once, and what storage
 * hands back is read by `parse` alone: a missing value, or one an older build stored in another
 * shape, comes out as the default instead of being cast and trusted at each read.
 */
export interface StorageItem<T> {
  readonly key: string;
  get(): Promise<T>;
  set(value: T): Promise<void>;
  remove(): Promise<void>;
}

export interface ItemSpec<T> {
  area: 'local' | 'session';
  key: string;
  /** The stored value as a T, or the default for whatever it cannot read. */
  parse(stored: unknown): T;
}

/** The typed read and write of one key in one area (settings use it on `storage.sync`). */
export function valueAt<T>(
  area: KeyValueStore,
  key: string,
  parse: (stored: unknown) => T,
): Omit<StorageItem<T>, 'remove'> {
  return { key, get: async () => parse(await area.get(key)), set: (value) => area.set(key, value) };
}

export function storageItem<T>(storage: RemovableStorage, spec: ItemSpec<T>): StorageItem<T> {
  return { ...valueAt(storage[spec.area], spec.key, spec.parse), remove: () => storage.remove([spec.key]) };
}

/** One item per forum: `item(id)` is the one under `${prefix}${id}`. */
export function storageItemPerId<T>(
  storage: RemovableStorage,
  spec: Omit<ItemSpec<T>, 'key'> & { prefix: string },
): (id: string) => StorageItem<T> {
  return (id) => storageItem(storage, { area: spec.area, key: `${spec.prefix}${id}`, parse: spec.parse });
}

/**
 * Runs read-modify-write edits of stored values one after another, so that two edits never read
 * the same old value and each write back only its own half. A failed edit does not stop the next.
 */
export function oneAtATime(): (edit: () => Promise<void>) => Promise<void> {
  let last: Promise<unknown> = Promise.resolve();
  return (edit) => {
    const next = last.then(edit);
    last = next.catch(() => undefined);
    return next;
  };
}

export const isRecord = (stored: unknown): stored is Record<string, unknown> =>
  typeof stored === 'object' && stored !== null && !Array.isArray(stored);

/** A stored list, or none. */
export const listOf = <T>(stored: unknown): T[] => (Array.isArray(stored) ? (stored as T[]) : []);
