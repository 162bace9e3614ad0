import browser from 'webextension-polyfill';
import { sendRequest } from '../messages/send';
import type { Request } from '../messages/protocol';

/** The content script's only line to the background: typed messages about its own forum. */
export const contentApi = {
  ask: <R extends Request>(request: R) => sendRequest((message) => browser.runtime.sendMessage(message), request),
};
export type ContentApi = typeof contentApi;
