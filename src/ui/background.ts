import { extensionApi } from '../messages/extensionApi';
import type { MessageRequest, MessageReply } from '../messages/protocol';
import type { Result } from '../messages/send';

/**
 * The UI's one way to reach the background (and through it, any forum). The validating half
 * (zod and the protocol's schemas) loads on the first call, so a page paints before it has to.
 */
export async function ask<R extends MessageRequest>(request: R): Promise<Result<MessageReply<R['type']>>> {
  const { sendRequest } = await import('../messages/send');
  return sendRequest((message) => extensionApi().runtime.sendMessage(message), request);
}
