import { isDiscourseError } from '../discourse/errors';
import type { RemovableStorage } from '../discourse/ports';
import type { ForumRegistry } from './forumRegistry';
import type { Inbox } from './inbox';
import { storageItemPerId, type StorageItem } from './storageItem';

const DAY = 86_400_000;
/** A long pause is waited out in steps: the loop notices a closed popup between them. */
const LONG_WAIT_MS = 30_000;

/**
 * MessageBus long polling (FACTS.md §4), only while a popup is open: one held request per forum
 * on `/notification/<user id>`, about two a minute, well inside the per-key 20. A change refreshes
 * that forum's inbox and tells the popup. A forum without MessageBus (404, older installs) or that
 * refuses it is remembered and not polled again for a day: each try costs the key's budget.
 */
export class LiveUpdates {
  private watchers = new Set<symbol>();
  private running = false;
  /** Until when a forum is known to have no MessageBus for us (404, or it refused the poll); 0: not known. */
  private readonly offUntil: (forumId: string) => StorageItem<number>;

  constructor(
    private readonly registry: ForumRegistry,
    private readonly inbox: Inbox,
    private readonly clientId: (forumId: string) => Promise<string>,
    storage: RemovableStorage,
  ) {
    this.offUntil = storageItemPerId(storage, {
      area: 'local',
      prefix: 'messageBusOff:',
      parse: (stored) => (typeof stored === 'number' ? stored : 0),
    });
  }

  /** A disconnected forum: what was learned about its MessageBus goes with it. */
  forget(forumId: string): Promise<void> {
    return this.offUntil(forumId).remove();
  }

  /** Polls while at least one popup watches; returns the function that ends this watch. */
  watch(): () => void {
    const watcher = Symbol('popup');
    this.watchers.add(watcher);
    if (!this.running) void this.run();
    return () => this.watchers.delete(watcher);
  }

  private async run(): Promise<void> {
    this.running = true;
    const forums = (await this.registry.list()).filter(
      (f) => f.status === 'connected' && (f.scopes.includes('message_bus') || f.scopes.includes('notifications')),
    );
    await Promise.all(
      forums.map(async (forum) => {
        if ((await this.offUntil(forum.id).get()) > Date.now()) return;
        const channel = `/notification/${forum.userId}`;
        const busClient = `${await this.clientId(forum.id)}-live`;
        let position = -1;
        let seq = 0;
        let failures = 0;
        while (this.watchers.size > 0 && failures < 3) {
          try {
            // The first poll only asks where the channel stands: it goes at once (a click's lane),
            // or news arriving while background work queues would count as already seen.
            const lane = position === -1 ? 'interactive' : 'background';
            const messages = await this.registry.use(forum.id, (client) =>
              client.pollMessageBus(busClient, { [channel]: position }, ++seq, { lane }),
            );
            failures = 0;
            let changed = false;
            for (const message of messages) {
              if (message.channel === '/__status') {
                const at = (message.data as Record<string, number>)[channel];
                if (typeof at === 'number') position = at;
              } else if (message.channel === channel) {
                position = message.message_id;
                changed = true;
              }
            }
            if (changed) {
              await this.inbox.refresh(forum, 'interactive', true);
              await this.inbox.updateBadge(); // tells every open popup (Inbox.onChange)
            }
          } catch (error) {
            if (
              isDiscourseError(error, 'NotFound') ||
              isDiscourseError(error, 'Forbidden') ||
              isDiscourseError(error, 'BadResponse')
            ) {
              await this.offUntil(forum.id).set(Date.now() + DAY);
              return;
            }
            // A pause too long for a click (the throttle refuses at once): wait it out, then go on.
            const until = isDiscourseError(error, 'RateLimited') ? error.details.until : undefined;
            if (until && until > Date.now()) {
              await new Promise((resolve) => setTimeout(resolve, Math.min(until - Date.now(), LONG_WAIT_MS)));
              continue;
            }
            // A dead network: the throttle already waited; give up after a few in a row.
            failures++;
          }
        }
      }),
    );
    this.running = false;
  }
}
