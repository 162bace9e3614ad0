import { extensionApi } from '../messages/extensionApi';
import type { Request, Response } from '../messages/protocol';
import type { Result } from '../messages/send';

/**
 * The UI's one way to reach the background (and through it, any forum). The validating half
 * (zod and the protocol's schemas) loads on the first call, so a page paints before it has to.
 */
export async function ask<R extends Request>(request: R): Promise<Result<Response<R['type']>>> {
  const { sendRequest } = await import('../messages/send');
  return sendRequest((message) => extensionApi().runtime.sendMessage(message), request);
}
