/** The MessageBus backlog: what is published on which channel, and the polls waiting for it. */

export interface MessageBusMessage {
  globalId: number;
  messageId: number;
  channel: string;
  data: unknown;
}

export class MessageBus {
  messages: MessageBusMessage[] = [];
  /** Called after each publish (long polls waiting for news). */
  listeners = new Set<() => void>();
  private lastGlobalId = 0;

  publish(channel: string, data: unknown): void {
    const messageId = this.messages.filter((m) => m.channel === channel).length + 1;
    this.messages.push({ globalId: ++this.lastGlobalId, messageId, channel, data });
    for (const listener of this.listeners) listener();
  }
}
