import type { ForumRegistry } from './forumRegistry';
import type { Inbox } from './inbox';

/**
 * MessageBus long polling (FACTS.md §4), only while a popup is open: one held request per forum
 * on `/notification/<user id>`, about two a minute, well inside the per-key 20. A change refreshes
 * that forum's inbox and tells the popup.
 */
export class LiveUpdates {
  private listeners = new Set<() => void>();
  private running = false;

  constructor(
    private readonly registry: ForumRegistry,
    private readonly inbox: Inbox,
    private readonly clientId: () => Promise<string>,
  ) {}

  /** Adds a listener (an open popup); returns the function that removes it. */
  watch(onChange: () => void): () => void {
    this.listeners.add(onChange);
    if (!this.running) void this.run();
    return () => this.listeners.delete(onChange);
  }

  private async run(): Promise<void> {
    this.running = true;
    const busClient = `${await this.clientId()}-live`;
    const forums = (await this.registry.list()).filter((f) => f.status === 'connected' && (f.scopes.includes('message_bus') || f.scopes.includes('notifications')));
    await Promise.all(
      forums.map(async (forum) => {
        const channel = `/notification/${forum.userId}`;
        let position = -1;
        let seq = 0;
        let failures = 0;
        while (this.listeners.size > 0 && failures < 3) {
          try {
            const messages = await this.registry.use(forum.id, (client) => client.pollMessageBus(busClient, { [channel]: position }, ++seq, { lane: 'background' }));
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
              await this.inbox.updateBadge();
              for (const listener of this.listeners) listener();
            }
          } catch {
            // Rate limits and a dead network: the throttle already waited; give up after a few in a row.
            failures++;
          }
        }
      }),
    );
    this.running = false;
  }
}
