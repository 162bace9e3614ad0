import { said, wording } from '../discourse/errors';
import { authorizationUrl, probeRefused } from '../discourse/userApiKeys';
import type { FlowRecord } from './flowStore';
import type { FlowSteps } from './flowSteps';

/**
 * The two methods that end on the forum's approval page: redirect (the forum sends the payload
 * to our redirect URL, FACTS.md §1.6) and no_redirect (the page shows the payload in a tab we
 * opened, and a capture script reads it off; connectFlows.ts takes it). Both first ask the page
 * anonymously whether the forum would refuse the request.
 */

// --- redirect: the official flow, where the forum allowlists our redirect URL

export async function beginRedirect(steps: FlowSteps, flow: FlowRecord): Promise<void> {
  if (!(await scopesAccepted(steps, flow))) return;
  const redirect = steps.browser.redirectUrl();
  if (!(await requestAccepted(steps, flow, redirect))) {
    flow.method = 'no_redirect';
    flow.message = wording(said('connectNoRedirectAllowlist', flow.title));
    return openApprovalPage(steps, flow);
  }
  flow.authUrl = authorizationUrl(flow.baseUrl, flow.handshake!, redirect);
  await steps.flows.put(flow);
  // Resolves when the forum redirects back with the payload, or rejects when the window closes.
  void steps.browser.launchWebAuthFlow(flow.authUrl).then(
    async (finalUrl) => {
      const payload = new URL(finalUrl).searchParams.get('payload');
      if (!payload) return steps.fail(flow.flowId, said('errorRedirectNoKey'));
      await steps.finish(flow.flowId, payload);
    },
    // Older forums only refuse a redirect once the user clicks Authorize (an error page in
    // that window): closing it falls back to the approval page, whose key we can read.
    () => fallBackToApprovalPage(steps, flow.flowId),
  );
}

async function fallBackToApprovalPage(steps: FlowSteps, flowId: string): Promise<void> {
  const flow = await steps.flows.get(flowId);
  if (flow?.state !== 'waiting' || !flow.handshake) return;
  flow.method = 'no_redirect';
  flow.authUrl = authorizationUrl(flow.baseUrl, flow.handshake);
  flow.message = wording(said('connectSignInClosed', flow.title));
  flow.tabId = await steps.browser.openTab(flow.authUrl);
  await steps.flows.put(flow);
}

// --- no_redirect: the approval page in a tab

export async function beginNoRedirect(steps: FlowSteps, flow: FlowRecord): Promise<void> {
  if (!(await scopesAccepted(steps, flow))) return;
  await openApprovalPage(steps, flow);
}

async function openApprovalPage(steps: FlowSteps, flow: FlowRecord): Promise<void> {
  flow.authUrl = authorizationUrl(flow.baseUrl, flow.handshake!);
  flow.tabId = await steps.browser.openTab(flow.authUrl);
  flow.message ??= wording(said('connectLogInThenAuthorize', flow.title));
  await steps.flows.put(flow);
}

// --- the anonymous probe both methods make first

/** The scopes check before a browser page opens; a refusal ends the flow. */
async function scopesAccepted(steps: FlowSteps, flow: FlowRecord): Promise<boolean> {
  if (await requestAccepted(steps, flow)) return true;
  await steps.fail(flow.flowId, said('errorScopesRefused', flow.title, flow.scopes.join(', ')));
  return false;
}

/**
 * An anonymous look at the approval page: Discourse validates parameters (scopes, the redirect)
 * before sending a visitor to log in, so a refused request shows as `generic_error` at once,
 * instead of on the forum's page after the user logged in.
 */
async function requestAccepted(steps: FlowSteps, flow: FlowRecord, redirect?: string): Promise<boolean> {
  const url = authorizationUrl(flow.baseUrl, flow.handshake!, redirect).replace(
    '/user-api-key/new?',
    '/user-api-key/new.json?',
  );
  const res = await steps
    .throttled(flow.baseUrl, () =>
      steps.fetch(url, { credentials: 'omit', redirect: 'manual', headers: { Accept: 'application/json' } }),
    )
    .catch(() => null);
  if (!res || res.type === 'opaqueredirect') return true;
  const body = await res.text().catch(() => '');
  return !probeRefused(res.status, res.headers.get('Content-Type') ?? '', body);
}
