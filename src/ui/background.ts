import browser from 'webextension-polyfill';
import { sendRequest, type Result } from '../messages/send';
import type { Request, Response } from '../messages/protocol';

/** The UI's one way to reach the background (and through it, any forum). */
export function ask<R extends Request>(request: R): Promise<Result<Response<R['type']>>> {
  return sendRequest((message) => browser.runtime.sendMessage(message), request);
}
