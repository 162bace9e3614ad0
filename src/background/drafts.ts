import type { StoragePort } from '../discourse/ports';
import type { Draft } from '../messages/protocol';

/**
 * Drafts, saved as the user types (debounced by the composer) in `storage.local`: they survive a
 * closed popup, a killed worker and a browser restart, and are deleted only after a send succeeds
 * or the user discards them.
 */
const KEY = 'drafts';
const MAX_DRAFTS = 200;

export class Drafts {
  constructor(private readonly storage: StoragePort) {}

  async list(): Promise<Draft[]> {
    const drafts = await this.storage.local.get(KEY);
    return Array.isArray(drafts) ? (drafts as Draft[]).sort((a, b) => b.updatedAt - a.updatedAt) : [];
  }

  async save(draft: Draft): Promise<void> {
    const others = (await this.list()).filter((d) => d.id !== draft.id);
    await this.storage.local.set(KEY, [{ ...draft, updatedAt: Date.now() }, ...others].slice(0, MAX_DRAFTS));
  }

  async delete(id: string): Promise<void> {
    await this.storage.local.set(KEY, (await this.list()).filter((d) => d.id !== id));
  }
}
