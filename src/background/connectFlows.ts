import { DiscourseClient } from '../discourse/client';
import { DiscourseError, isDiscourseError, said, wording, type Text } from '../discourse/errors';
import { forumId, ForumUrlError, insecureRemote, normalizeForumUrl, onForum } from '../discourse/forumUrl';
import { systemClock, type Fetch, type RemovableStorage } from '../discourse/ports';
import { rateLimitedUntil, readRateLimitReply } from '../discourse/rateLimitReply';
import type { Throttle } from '../discourse/throttle';
import {
  acceptPayload,
  authorizationUrl,
  DEFAULT_SCOPES,
  newHandshake,
  pollDeviceCode,
  probeForum,
  probeRefused,
  READ_ONLY_SCOPES,
  requestDeviceCode,
  type DevicePoll,
} from '../discourse/userApiKeys';
import type { ConnectState, Request } from '../messages/protocol';
import { FLOW_TTL_MS, FlowStore, type FlowRecord, type Method } from './flowStore';
import type { ForumRecord, ForumRegistry } from './forumRegistry';
import { HandledError } from './router';

/**
 * Connecting a forum (FACTS.md §1): the device flow where the forum has it, the official redirect
 * flow where the forum allowlists our redirect, otherwise the approval page in a tab whose
 * payload a small script reads off the page; a paste box last. Each attempt is a flow kept in
 * the flow store (flowStore.ts) with its key pair, which is dropped as soon as the flow ends.
 * Each method has its own section below; what they share (finishing, failing, the view) is last.
 */

/** What the flows need from the browser, so the browser-specific parts stay in one place. */
export interface BrowserSide {
  redirectUrl(): string;
  launchWebAuthFlow(url: string): Promise<string>;
  openTab(url: string): Promise<number>;
  closeTab(tabId: number): Promise<void>;
  injectCapture(tabId: number): Promise<void>;
  /** Keeps device polling going while no page asks (alarms, 30 s minimum). */
  schedulePoll(on: boolean): void;
}

export class ConnectFlows {
  private readonly flows: FlowStore;

  constructor(
    private readonly registry: ForumRegistry,
    storage: RemovableStorage,
    private readonly fetch: Fetch,
    private readonly browser: BrowserSide,
  ) {
    this.flows = new FlowStore(storage);
  }

  async start(request: Request<'connect.start'>): Promise<ConnectState> {
    let baseUrl: string;
    try {
      baseUrl = normalizeForumUrl(request.url);
    } catch (error) {
      throw new HandledError('Validation', error instanceof ForumUrlError ? error.message : said('errorAddressInvalid'));
    }
    if (insecureRemote(baseUrl)) {
      throw new HandledError('Validation', said('errorPlainHttp', new URL(baseUrl).host));
    }
    const probe = await this.throttled(baseUrl, () => probeForum(this.fetch, baseUrl)).catch((error: unknown) => {
      throw toHandled(error);
    });
    const scopes = request.readOnly ? READ_ONLY_SCOPES : DEFAULT_SCOPES;
    const flow: FlowRecord = {
      flowId: crypto.randomUUID(),
      baseUrl: probe.baseUrl,
      title: probe.title,
      logoUrl: probe.logoUrl,
      method: request.method ?? (probe.deviceFlow ? 'device' : request.allowsRedirect ? 'redirect' : 'no_redirect'),
      scopes,
      handshake: await newHandshake(await this.registry.clientId(forumId(probe.baseUrl)), scopes),
      state: 'waiting',
      startedAt: Date.now(),
      expiresAt: Date.now() + FLOW_TTL_MS,
    };
    if (flow.method === 'device' && !probe.deviceFlow) throw new HandledError('Validation', said('errorNoDeviceFlow', probe.title));
    await this.flows.put(flow);
    switch (flow.method) {
      case 'device':
        await this.beginDevice(flow);
        break;
      case 'redirect':
        await this.beginRedirect(flow);
        break;
      case 'no_redirect':
        await this.beginNoRedirect(flow);
        break;
      case 'paste':
        await this.beginPaste(flow);
        break;
    }
    return this.view(flow);
  }

  async status(flowId: string): Promise<ConnectState> {
    const flow = await this.load(flowId);
    if (flow.state === 'waiting' && flow.device && Date.now() >= flow.device.nextPollAt) await this.pollDevice(flow);
    return this.view(await this.load(flowId));
  }

  async cancel(flowId: string): Promise<void> {
    const flow = await this.flows.get(flowId);
    if (flow?.state === 'waiting') await this.fail(flowId, said('connectCancelled'));
  }

  // --- device: the user enters a code on the forum's page; we poll for the key (FACTS.md §1.9)

  private async beginDevice(flow: FlowRecord): Promise<void> {
    const h = flow.handshake!;
    const grant = await this.throttled(flow.baseUrl, () => requestDeviceCode(this.fetch, flow.baseUrl, h)).catch((error: unknown) => {
      if (isDiscourseError(error, 'Validation') && error.details.status === 400) {
        throw new HandledError('Validation', said('errorScopesRefused', flow.title, flow.scopes.join(', ')));
      }
      throw toHandled(error);
    });
    const verificationUrl = grant.verification_uri_with_request ?? grant.verification_uri;
    // The page we open must be the forum's own (the reply could name any site).
    if (!onForum(verificationUrl, flow.baseUrl)) throw new HandledError('Validation', said('errorVerificationElsewhere', flow.title));
    flow.device = {
      deviceCode: grant.device_code,
      userCode: grant.user_code,
      verificationUrl,
      intervalMs: grant.interval * 1000,
      nextPollAt: Date.now() + grant.interval * 1000,
    };
    flow.expiresAt = Date.now() + grant.expires_in * 1000;
    flow.message = wording(said('connectEnterCode', grant.user_code, flow.title));
    flow.tabId = await this.browser.openTab(flow.device.verificationUrl);
    await this.flows.put(flow);
    this.browser.schedulePoll(true);
  }

  /** For the alarm: poll every waiting device flow that is due. */
  async pollDue(): Promise<void> {
    let waiting = false;
    for (const flow of await this.flows.list()) {
      if (flow.state !== 'waiting' || !flow.device) continue;
      waiting = true;
      if (Date.now() >= flow.device.nextPollAt) await this.pollDevice(flow);
    }
    if (!waiting) this.browser.schedulePoll(false);
  }

  private async pollDevice(flow: FlowRecord): Promise<void> {
    const device = flow.device!;
    if (Date.now() > flow.expiresAt) return this.fail(flow.flowId, said('errorCodeExpiredBefore'));
    device.nextPollAt = Date.now() + device.intervalMs;
    await this.flows.put(flow);
    const result = await this.throttled(flow.baseUrl, () => pollDeviceCode(this.fetch, flow.baseUrl, device.deviceCode)).catch((error: unknown) => error);
    if (result instanceof Response) {
      // 429: wait as told, then poll again.
      const now = Date.now();
      device.nextPollAt = rateLimitedUntil(await readRateLimitReply(result, now), now, 10);
      return this.flows.put(flow);
    }
    if (isDiscourseError(result)) return; // a passing network problem: the next poll tries again
    if (result instanceof Error) return;
    const poll = result as DevicePoll;
    if (poll.status === 'authorized') return void (await this.finish(flow.flowId, poll.payload));
    if (poll.status === 'access_denied') return this.fail(flow.flowId, said('errorDenied', flow.title));
    if (poll.status === 'expired_token') return this.fail(flow.flowId, said('errorCodeExpiredOrUsed'));
  }

  // --- redirect: the official flow, where the forum allowlists our redirect URL (FACTS.md §1.6)

  private async beginRedirect(flow: FlowRecord): Promise<void> {
    if (!(await this.scopesAccepted(flow))) return;
    const redirect = this.browser.redirectUrl();
    if (!(await this.requestAccepted(flow, redirect))) {
      flow.method = 'no_redirect';
      flow.message = wording(said('connectNoRedirectAllowlist', flow.title));
      return this.openApprovalPage(flow);
    }
    flow.authUrl = authorizationUrl(flow.baseUrl, flow.handshake!, redirect);
    await this.flows.put(flow);
    // Resolves when the forum redirects back with the payload, or rejects when the window closes.
    void this.browser.launchWebAuthFlow(flow.authUrl).then(
      async (finalUrl) => {
        const payload = new URL(finalUrl).searchParams.get('payload');
        if (!payload) return this.fail(flow.flowId, said('errorRedirectNoKey'));
        await this.finish(flow.flowId, payload);
      },
      // Older forums only refuse a redirect once the user clicks Authorize (an error page in
      // that window): closing it falls back to the approval page, whose key we can read.
      () => this.fallBackToApprovalPage(flow.flowId),
    );
  }

  private async fallBackToApprovalPage(flowId: string): Promise<void> {
    const flow = await this.flows.get(flowId);
    if (!flow || flow.state !== 'waiting' || !flow.handshake) return;
    flow.method = 'no_redirect';
    flow.authUrl = authorizationUrl(flow.baseUrl, flow.handshake);
    flow.message = wording(said('connectSignInClosed', flow.title));
    flow.tabId = await this.browser.openTab(flow.authUrl);
    await this.flows.put(flow);
  }

  // --- no_redirect: the approval page in a tab, whose payload a capture script reads off the page

  private async beginNoRedirect(flow: FlowRecord): Promise<void> {
    if (!(await this.scopesAccepted(flow))) return;
    await this.openApprovalPage(flow);
  }

  private async openApprovalPage(flow: FlowRecord): Promise<void> {
    flow.authUrl = authorizationUrl(flow.baseUrl, flow.handshake!);
    flow.tabId = await this.browser.openTab(flow.authUrl);
    flow.message ??= wording(said('connectLogInThenAuthorize', flow.title));
    await this.flows.put(flow);
  }

  /** Called when a flow's tab finishes loading a page: inject the capture script on the approval page. */
  async tabLoaded(tabId: number, url: string): Promise<void> {
    for (const flow of await this.flows.list()) {
      // `/user-api-key/new` (in place, newest) or the page a form POST to `/user-api-key` renders (older).
      if (flow.state === 'waiting' && flow.method === 'no_redirect' && flow.tabId === tabId && url.startsWith(`${flow.baseUrl}/user-api-key`)) {
        await this.browser.injectCapture(tabId).catch(() => undefined);
      }
    }
  }

  /** The capture script in the approval tab found the payload; only that tab's flow may take it. */
  async captured(tabId: number | undefined, senderUrl: string | undefined, payload: string): Promise<void> {
    for (const flow of await this.flows.list()) {
      if (flow.state !== 'waiting' || flow.method !== 'no_redirect' || flow.tabId === undefined || flow.tabId !== tabId) continue;
      if (!senderUrl || !senderUrl.startsWith(`${flow.baseUrl}/`)) continue;
      await this.finish(flow.flowId, payload);
      return;
    }
    throw new HandledError('Forbidden', said('errorNoAttemptWaiting'));
  }

  // --- paste: the user opens the approval page and pastes the payload it shows

  private async beginPaste(flow: FlowRecord): Promise<void> {
    flow.authUrl = authorizationUrl(flow.baseUrl, flow.handshake!);
    flow.message = wording(said('connectOpenApprovalPage'));
    await this.flows.put(flow);
  }

  async paste(flowId: string, payload: string): Promise<ConnectState> {
    const flow = await this.load(flowId);
    if (flow.state !== 'waiting') return this.view(flow);
    await this.finish(flowId, payload, 'paste');
    return this.view(await this.load(flowId));
  }

  // --- what every method shares

  /** The scopes check before a browser page opens; a refusal ends the flow. */
  private async scopesAccepted(flow: FlowRecord): Promise<boolean> {
    if (await this.requestAccepted(flow)) return true;
    await this.fail(flow.flowId, said('errorScopesRefused', flow.title, flow.scopes.join(', ')));
    return false;
  }

  /**
   * An anonymous look at the approval page: Discourse validates parameters (scopes, the redirect)
   * before sending a visitor to log in, so a refused request shows as `generic_error` at once,
   * instead of on the forum's page after the user logged in.
   */
  private async requestAccepted(flow: FlowRecord, redirect?: string): Promise<boolean> {
    const url = authorizationUrl(flow.baseUrl, flow.handshake!, redirect).replace('/user-api-key/new?', '/user-api-key/new.json?');
    const res = await this.throttled(flow.baseUrl, () => this.fetch(url, { credentials: 'omit', redirect: 'manual', headers: { Accept: 'application/json' } })).catch(() => null);
    if (!res || res.type === 'opaqueredirect') return true;
    const body = await res.text().catch(() => '');
    return !probeRefused(res.status, res.headers.get('Content-Type') ?? '', body);
  }

  private async finish(flowId: string, payload: string, via?: Method): Promise<void> {
    const flow = await this.load(flowId);
    if (flow.state !== 'waiting' || !flow.handshake) return;
    if (Date.now() > flow.expiresAt) return this.fail(flowId, said('errorAttemptExpired'));
    let accepted;
    try {
      accepted = await acceptPayload(flow.handshake, payload);
    } catch (error) {
      // A wrong paste leaves the flow open for another try; anything else ends it.
      if (via === 'paste') {
        flow.message = isDiscourseError(error) ? error.message : wording(said('errorKeyUnreadable'));
        await this.flows.put(flow);
        return;
      }
      return this.fail(flowId, isDiscourseError(error) ? error.message : said('errorKeyUnreadable'));
    }
    const id = forumId(flow.baseUrl);
    const clientId = flow.handshake.clientId;
    const probeClient = new DiscourseClient({
      baseUrl: flow.baseUrl,
      auth: { kind: 'user', key: accepted.key, clientId, scopes: flow.scopes },
      fetch: this.fetch,
      clock: systemClock,
      throttle: this.throttleFor(flow.baseUrl),
    });
    let me;
    try {
      me = (await probeClient.currentUser()).current_user;
    } catch (error) {
      return this.fail(flowId, said('errorConnectedButWho', flow.title, isDiscourseError(error) ? error.message : wording(said('errorUnknown'))));
    }
    const record: ForumRecord = {
      id,
      baseUrl: flow.baseUrl,
      title: flow.title,
      logoUrl: flow.logoUrl,
      username: me.username,
      userId: me.id,
      avatarTemplate: me.avatar_template,
      trustLevel: me.trust_level,
      clientId,
      staff: !!(me.admin || me.moderator),
      flow: via ?? flow.method,
      scopes: flow.scopes,
      expiresAt: accepted.expiresAt,
      connectedAt: Date.now(),
      status: 'connected',
      limits: (await this.registry.get(id))?.limits,
    };
    await this.registry.save(record, accepted.key);
    Object.assign(flow, { state: 'connected', forumId: id, handshake: null, message: wording(said('connectedTo', flow.title, me.username)) });
    await this.flows.put(flow);
    // The tab we opened for approving has done its job.
    if (flow.tabId !== undefined) await this.browser.closeTab(flow.tabId).catch(() => undefined);
  }

  private async fail(flowId: string, message: string | Text): Promise<void> {
    const flow = await this.flows.get(flowId);
    if (!flow || flow.state !== 'waiting') return;
    Object.assign(flow, { state: 'failed', message: wording(message), handshake: null });
    await this.flows.put(flow);
  }

  /** Connecting counts in the forum's one budget: the same throttle its key uses afterwards. */
  private throttleFor(baseUrl: string): Throttle {
    return this.registry.throttle(forumId(baseUrl));
  }

  private throttled<T>(baseUrl: string, call: () => Promise<T>): Promise<T> {
    return this.throttleFor(baseUrl).task({ lane: 'interactive' }, call);
  }

  private async load(flowId: string): Promise<FlowRecord> {
    const flow = await this.flows.get(flowId);
    if (!flow) throw new HandledError('NotFound', said('errorAttemptOver'));
    return flow;
  }

  private view(flow: FlowRecord): ConnectState {
    return {
      flowId: flow.flowId,
      baseUrl: flow.baseUrl,
      title: flow.title,
      method: flow.method,
      state: flow.state,
      scopes: flow.scopes,
      ...(flow.message ? { message: flow.message } : {}),
      ...(flow.device && flow.state === 'waiting' ? { userCode: flow.device.userCode, verificationUrl: flow.device.verificationUrl, expiresAt: flow.expiresAt } : {}),
      ...(flow.authUrl ? { authUrl: flow.authUrl } : {}),
      ...(flow.forumId ? { forumId: flow.forumId } : {}),
    };
  }
}

function toHandled(error: unknown): HandledError {
  if (error instanceof HandledError) return error;
  if (error instanceof DiscourseError) return new HandledError(error.kind, error.message, { ...error.details });
  return new HandledError('Network', said('errorForumUnreachable'));
}
