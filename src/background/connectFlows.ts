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
  type PendingHandshake,
} from '../discourse/userApiKeys';
import type { ConnectState, Request } from '../messages/protocol';
import { HandledError } from './router';
import type { ForumRecord, ForumRegistry } from './forumRegistry';

/**
 * Connecting a forum (FACTS.md §1): the device flow where the forum has it, the official redirect
 * flow where the forum allowlists our redirect, otherwise the approval page in a tab whose
 * payload a small script reads off the page; a paste box last. Each attempt is a flow kept in
 * `storage.session` (so a killed worker does not lose it) with its key pair, which is dropped as
 * soon as the flow ends.
 */

type Method = ConnectState['method'];

interface FlowRecord {
  flowId: string;
  baseUrl: string;
  title: string;
  logoUrl: string | null;
  method: Method;
  scopes: string[];
  handshake: PendingHandshake | null;
  state: ConnectState['state'];
  message?: string;
  startedAt: number;
  expiresAt: number;
  device?: { deviceCode: string; userCode: string; verificationUrl: string; intervalMs: number; nextPollAt: number };
  authUrl?: string;
  tabId?: number;
  forumId?: string;
}

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

const FLOW_TTL_MS = 15 * 60_000;
const flowKey = (id: string) => `connect:${id}`;
const FLOW_IDS = 'connect:ids';

export class ConnectFlows {
  constructor(
    private readonly registry: ForumRegistry,
    private readonly storage: RemovableStorage,
    private readonly fetch: Fetch,
    private readonly browser: BrowserSide,
  ) {}

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
    await this.save(flow);
    await this.begin(flow);
    return this.view(flow);
  }

  private async begin(flow: FlowRecord): Promise<void> {
    const h = flow.handshake!;
    if (flow.method === 'device') {
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
      await this.save(flow);
      this.browser.schedulePoll(true);
      return;
    }
    if (flow.method !== 'paste' && !(await this.requestAccepted(flow))) {
      await this.fail(flow.flowId, said('errorScopesRefused', flow.title, flow.scopes.join(', ')));
      return;
    }
    if (flow.method === 'redirect') {
      const redirect = this.browser.redirectUrl();
      if (!(await this.requestAccepted(flow, redirect))) {
        flow.method = 'no_redirect';
        flow.message = wording(said('connectNoRedirectAllowlist', flow.title));
      } else {
        flow.authUrl = authorizationUrl(flow.baseUrl, h, redirect);
        await this.save(flow);
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
        return;
      }
    }
    flow.authUrl = authorizationUrl(flow.baseUrl, h);
    if (flow.method === 'no_redirect') {
      flow.tabId = await this.browser.openTab(flow.authUrl);
      flow.message ??= wording(said('connectLogInThenAuthorize', flow.title));
    } else {
      flow.message = wording(said('connectOpenApprovalPage'));
    }
    await this.save(flow);
  }

  private async fallBackToApprovalPage(flowId: string): Promise<void> {
    const flow = (await this.storage.session.get(flowKey(flowId))) as FlowRecord | undefined;
    if (!flow || flow.state !== 'waiting' || !flow.handshake) return;
    flow.method = 'no_redirect';
    flow.authUrl = authorizationUrl(flow.baseUrl, flow.handshake);
    flow.message = wording(said('connectSignInClosed', flow.title));
    flow.tabId = await this.browser.openTab(flow.authUrl);
    await this.save(flow);
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

  async status(flowId: string): Promise<ConnectState> {
    const flow = await this.load(flowId);
    if (flow.state === 'waiting' && flow.device && Date.now() >= flow.device.nextPollAt) await this.pollDevice(flow);
    return this.view(await this.load(flowId));
  }

  /** For the alarm: poll every waiting device flow that is due. */
  async pollDue(): Promise<void> {
    const ids = ((await this.storage.session.get(FLOW_IDS)) as string[] | undefined) ?? [];
    let waiting = false;
    for (const id of ids) {
      const flow = (await this.storage.session.get(flowKey(id))) as FlowRecord | undefined;
      if (!flow || flow.state !== 'waiting' || !flow.device) continue;
      waiting = true;
      if (Date.now() >= flow.device.nextPollAt) await this.pollDevice(flow);
    }
    if (!waiting) this.browser.schedulePoll(false);
  }

  private async pollDevice(flow: FlowRecord): Promise<void> {
    const device = flow.device!;
    if (Date.now() > flow.expiresAt) return this.fail(flow.flowId, said('errorCodeExpiredBefore'));
    device.nextPollAt = Date.now() + device.intervalMs;
    await this.save(flow);
    const result = await this.throttled(flow.baseUrl, () => pollDeviceCode(this.fetch, flow.baseUrl, device.deviceCode)).catch((error: unknown) => error);
    if (result instanceof Response) {
      // 429: wait as told, then poll again.
      const now = Date.now();
      device.nextPollAt = rateLimitedUntil(await readRateLimitReply(result, now), now, 10);
      return this.save(flow);
    }
    if (isDiscourseError(result)) return; // a passing network problem: the next poll tries again
    if (result instanceof Error) return;
    const poll = result as DevicePoll;
    if (poll.status === 'authorized') return void (await this.finish(flow.flowId, poll.payload));
    if (poll.status === 'access_denied') return this.fail(flow.flowId, said('errorDenied', flow.title));
    if (poll.status === 'expired_token') return this.fail(flow.flowId, said('errorCodeExpiredOrUsed'));
  }

  async paste(flowId: string, payload: string): Promise<ConnectState> {
    const flow = await this.load(flowId);
    if (flow.state !== 'waiting') return this.view(flow);
    await this.finish(flowId, payload, 'paste');
    return this.view(await this.load(flowId));
  }

  /** The capture script in the approval tab found the payload; only that tab's flow may take it. */
  async captured(tabId: number | undefined, senderUrl: string | undefined, payload: string): Promise<void> {
    const ids = ((await this.storage.session.get(FLOW_IDS)) as string[] | undefined) ?? [];
    for (const id of ids) {
      const flow = (await this.storage.session.get(flowKey(id))) as FlowRecord | undefined;
      if (!flow || flow.state !== 'waiting' || flow.method !== 'no_redirect' || flow.tabId === undefined || flow.tabId !== tabId) continue;
      if (!senderUrl || !senderUrl.startsWith(`${flow.baseUrl}/`)) continue;
      await this.finish(id, payload);
      return;
    }
    throw new HandledError('Forbidden', said('errorNoAttemptWaiting'));
  }

  /** Called when a flow's tab finishes loading a page: inject the capture script on the approval page. */
  async tabLoaded(tabId: number, url: string): Promise<void> {
    const ids = ((await this.storage.session.get(FLOW_IDS)) as string[] | undefined) ?? [];
    for (const id of ids) {
      const flow = (await this.storage.session.get(flowKey(id))) as FlowRecord | undefined;
      // `/user-api-key/new` (in place, newest) or the page a form POST to `/user-api-key` renders (older).
      if (flow?.state === 'waiting' && flow.method === 'no_redirect' && flow.tabId === tabId && url.startsWith(`${flow.baseUrl}/user-api-key`)) {
        await this.browser.injectCapture(tabId).catch(() => undefined);
      }
    }
  }

  async cancel(flowId: string): Promise<void> {
    const flow = (await this.storage.session.get(flowKey(flowId))) as FlowRecord | undefined;
    if (flow?.state === 'waiting') await this.fail(flowId, said('connectCancelled'));
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
        await this.save(flow);
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
    await this.save(flow);
    // The tab we opened for approving has done its job.
    if (flow.tabId !== undefined) await this.browser.closeTab(flow.tabId).catch(() => undefined);
  }

  private async fail(flowId: string, message: string | Text): Promise<void> {
    const flow = (await this.storage.session.get(flowKey(flowId))) as FlowRecord | undefined;
    if (!flow || flow.state !== 'waiting') return;
    Object.assign(flow, { state: 'failed', message: wording(message), handshake: null });
    await this.save(flow);
  }

  /** Connecting counts in the forum's one budget: the same throttle its key uses afterwards. */
  private throttleFor(baseUrl: string): Throttle {
    return this.registry.throttle(forumId(baseUrl));
  }

  private throttled<T>(baseUrl: string, call: () => Promise<T>): Promise<T> {
    return this.throttleFor(baseUrl).task({ lane: 'interactive' }, call);
  }

  private async save(flow: FlowRecord): Promise<void> {
    await this.storage.session.set(flowKey(flow.flowId), flow);
    const ids = ((await this.storage.session.get(FLOW_IDS)) as string[] | undefined) ?? [];
    const live: string[] = [];
    for (const id of ids) {
      if (id === flow.flowId) continue;
      const other = (await this.storage.session.get(flowKey(id))) as FlowRecord | undefined;
      if (other && other.expiresAt + FLOW_TTL_MS > Date.now()) live.push(id);
      else await this.storage.remove([flowKey(id)]);
    }
    await this.storage.session.set(FLOW_IDS, [...live, flow.flowId]);
  }

  private async load(flowId: string): Promise<FlowRecord> {
    const flow = (await this.storage.session.get(flowKey(flowId))) as FlowRecord | undefined;
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
