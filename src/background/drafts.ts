import type { RemovableStorage } from '../discourse/ports';
import type { Draft } from '../messages/protocol';
import { listOf, storageItem, type StorageItem } from './storageItem';

/**
 * Drafts, saved as the user types (debounced by the composer) in `storage.local`: they survive a
 * closed popup, a killed worker and a browser restart, and are deleted only after a send succeeds
 * or the user discards them.
 */
const MAX_DRAFTS = 200;

export class Drafts {
  private readonly stored: StorageItem<Draft[]>;

  constructor(storage: RemovableStorage) {
    this.stored = storageItem(storage, { area: 'local', key: 'drafts', parse: listOf<Draft> });
  }

  async list(): Promise<Draft[]> {
    return (await this.stored.get()).sort((a, b) => b.updatedAt - a.updatedAt);
  }

  async save(draft: Draft): Promise<void> {
    const others = (await this.list()).filter((d) => d.id !== draft.id);
    await this.stored.set([{ ...draft, updatedAt: Date.now() }, ...others].slice(0, MAX_DRAFTS));
  }

  async delete(id: string): Promise<void> {
    await this.stored.set((await this.list()).filter((d) => d.id !== id));
  }
}
