import { DiscourseError, isDiscourseError, said, wording } from '../discourse/errors';
import { onForum } from '../discourse/forumUrl';
import { rateLimitedUntil, readRateLimitReply } from '../discourse/rateLimitReply';
import { pollDeviceCode, requestDeviceCode, type DevicePoll } from '../discourse/userApiKeys';
import type { FlowRecord } from './flowStore';
import { toHandled, type FlowSteps } from './flowSteps';

/**
 * The device flow (FACTS.md §1.9), where the forum has it: the user enters a code on the forum's
 * own page while we poll for the key, at the interval the forum gave and as its 429s say.
 */

export async function beginDevice(steps: FlowSteps, flow: FlowRecord): Promise<void> {
  const h = flow.handshake!;
  const grant = await steps
    .throttled(flow.baseUrl, () => requestDeviceCode(steps.fetch, flow.baseUrl, h))
    .catch((error: unknown) => {
      if (isDiscourseError(error, 'Validation') && error.details.status === 400) {
        throw new DiscourseError('Validation', said('errorScopesRefused', flow.title, flow.scopes.join(', ')));
      }
      throw toHandled(error);
    });
  const verificationUrl = grant.verification_uri_with_request ?? grant.verification_uri;
  // The page we open must be the forum's own (the reply could name any site).
  if (!onForum(verificationUrl, flow.baseUrl))
    throw new DiscourseError('Validation', said('errorVerificationElsewhere', flow.title));
  flow.device = {
    deviceCode: grant.device_code,
    userCode: grant.user_code,
    verificationUrl,
    intervalMs: grant.interval * 1000,
    nextPollAt: Date.now() + grant.interval * 1000,
  };
  flow.expiresAt = Date.now() + grant.expires_in * 1000;
  flow.message = wording(said('connectEnterCode', grant.user_code, flow.title));
  flow.tabId = await steps.browser.openTab(flow.device.verificationUrl);
  await steps.flows.put(flow);
  steps.browser.schedulePoll(true);
}

export async function pollDevice(steps: FlowSteps, flow: FlowRecord): Promise<void> {
  const device = flow.device!;
  if (Date.now() > flow.expiresAt) return steps.fail(flow.flowId, said('errorCodeExpiredBefore'));
  device.nextPollAt = Date.now() + device.intervalMs;
  await steps.flows.put(flow);
  const result = await steps
    .throttled(flow.baseUrl, () => pollDeviceCode(steps.fetch, flow.baseUrl, device.deviceCode))
    .catch((error: unknown) => error);
  if (result instanceof Response) {
    // 429: wait as told, then poll again.
    const now = Date.now();
    device.nextPollAt = rateLimitedUntil(await readRateLimitReply(result, now), now, 10);
    return steps.flows.put(flow);
  }
  if (isDiscourseError(result)) return; // a passing network problem: the next poll tries again
  if (result instanceof Error) return;
  const poll = result as DevicePoll;
  if (poll.status === 'authorized') return void (await steps.finish(flow.flowId, poll.payload));
  if (poll.status === 'access_denied') return steps.fail(flow.flowId, said('errorDenied', flow.title));
  if (poll.status === 'expired_token') return steps.fail(flow.flowId, said('errorCodeExpiredOrUsed'));
}
