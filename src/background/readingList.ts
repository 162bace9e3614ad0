import type { RemovableStorage } from '../discourse/ports';
import type { ReadingItem } from '../messages/protocol';
import type { ForumRecord } from './forumRegistry';
import { listOf, storageItem, type StorageItem } from './storageItem';

/** The oldest entries beyond this go: the list lives in `storage.local` with everything else. */
const MAX_ITEMS = 500;

/** Posts saved "for later" from a forum page, newest first, one entry per post. */
export class ReadingList {
  private readonly stored: StorageItem<ReadingItem[]>;

  constructor(storage: RemovableStorage) {
    this.stored = storageItem(storage, { area: 'local', key: 'readingList', parse: listOf<ReadingItem> });
  }

  list(): Promise<ReadingItem[]> {
    return this.stored.get();
  }

  /** Saving a post again moves it to the top (with its new title and time). */
  async save(forum: ForumRecord, item: { topicId: number; postNumber: number; title: string }): Promise<void> {
    const others = await this.without(forum.id, item.topicId, item.postNumber);
    const url = `${forum.baseUrl}/t/topic/${item.topicId}/${item.postNumber}`;
    await this.stored.set([{ forumId: forum.id, ...item, url, savedAt: Date.now() }, ...others].slice(0, MAX_ITEMS));
  }

  async remove(forumId: string, topicId: number, postNumber: number): Promise<void> {
    await this.stored.set(await this.without(forumId, topicId, postNumber));
  }

  private async without(forumId: string, topicId: number, postNumber: number): Promise<ReadingItem[]> {
    return (await this.list()).filter(
      (i) => !(i.forumId === forumId && i.topicId === topicId && i.postNumber === postNumber),
    );
  }
}
