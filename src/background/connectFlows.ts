import { DiscourseClient } from '../discourse/client';
import { DiscourseError, isDiscourseError, said, wording, type Text } from '../discourse/errors';
import { forumId, ForumUrlError, insecureRemote, normalizeForumUrl } from '../discourse/forumUrl';
import { systemClock, type Fetch, type RemovableStorage } from '../discourse/ports';
import type { Throttle } from '../discourse/throttle';
import {
  acceptPayload,
  authorizationUrl,
  DEFAULT_SCOPES,
  newHandshake,
  probeForum,
  READ_ONLY_SCOPES,
} from '../discourse/userApiKeys';
import type { ConnectState, MessageRequest } from '../messages/protocol';
import { beginNoRedirect, beginRedirect } from './approvalPage';
import { beginDevice, pollDevice } from './deviceFlow';
import { FLOW_TTL_MS, FlowStore, type FlowRecord, type Method } from './flowStore';
import { toHandled, type BrowserSide, type FlowSteps } from './flowSteps';
import type { ForumRecord, ForumRegistry } from './forumRegistry';

/**
 * Connecting a forum (FACTS.md §1): the device flow where the forum has it, the official redirect
 * flow where the forum allowlists our redirect, otherwise the approval page in a tab whose
 * payload a small script reads off the page; a paste box last. Each attempt is a flow kept in
 * the flow store (flowStore.ts) with its key pair, which is dropped as soon as the flow ends.
 * Each method is found by its name: the device flow in deviceFlow.ts, redirect and no_redirect in
 * approvalPage.ts, paste below; this class starts them, takes their payload and keeps the state.
 */

export type { BrowserSide } from './flowSteps';

export class ConnectFlows {
  private readonly flows: FlowStore;
  /** What the methods' own modules (deviceFlow.ts, approvalPage.ts) use of this. */
  private readonly steps: FlowSteps;

  constructor(
    private readonly registry: ForumRegistry,
    storage: RemovableStorage,
    private readonly fetch: Fetch,
    private readonly browser: BrowserSide,
  ) {
    this.flows = new FlowStore(storage);
    this.steps = {
      flows: this.flows,
      fetch,
      browser,
      throttled: (baseUrl, call) => this.throttled(baseUrl, call),
      finish: (flowId, payload) => this.finish(flowId, payload),
      fail: (flowId, message) => this.fail(flowId, message),
    };
  }

  async start(request: MessageRequest<'connect.start'>): Promise<ConnectState> {
    let baseUrl: string;
    try {
      baseUrl = normalizeForumUrl(request.url);
    } catch (error) {
      throw new DiscourseError(
        'Validation',
        error instanceof ForumUrlError ? error.message : said('errorAddressInvalid'),
      );
    }
    if (insecureRemote(baseUrl)) {
      throw new DiscourseError('Validation', said('errorPlainHttp', new URL(baseUrl).host));
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
    if (flow.method === 'device' && !probe.deviceFlow)
      throw new DiscourseError('Validation', said('errorNoDeviceFlow', probe.title));
    await this.flows.put(flow);
    switch (flow.method) {
      case 'device':
        await beginDevice(this.steps, flow);
        break;
      case 'redirect':
        await beginRedirect(this.steps, flow);
        break;
      case 'no_redirect':
        await beginNoRedirect(this.steps, flow);
        break;
      case 'paste':
        await this.beginPaste(flow);
        break;
    }
    return this.view(flow);
  }

  async status(flowId: string): Promise<ConnectState> {
    const flow = await this.load(flowId);
    if (flow.state === 'waiting' && flow.device && Date.now() >= flow.device.nextPollAt)
      await pollDevice(this.steps, flow);
    return this.view(await this.load(flowId));
  }

  async cancel(flowId: string): Promise<void> {
    const flow = await this.flows.get(flowId);
    if (flow?.state === 'waiting') await this.fail(flowId, said('connectCancelled'));
  }

  // --- device (deviceFlow.ts): the alarm's polling

  /** For the alarm: poll every waiting device flow that is due. */
  async pollDue(): Promise<void> {
    let waiting = false;
    for (const flow of await this.flows.list()) {
      if (flow.state !== 'waiting' || !flow.device) continue;
      waiting = true;
      if (Date.now() >= flow.device.nextPollAt) await pollDevice(this.steps, flow);
    }
    if (!waiting) this.browser.schedulePoll(false);
  }

  // --- no_redirect (approvalPage.ts): the capture script in the approval tab

  /** Called when a flow's tab finishes loading a page: inject the capture script on the approval page. */
  async tabLoaded(tabId: number, url: string): Promise<void> {
    for (const flow of await this.flows.list()) {
      // `/user-api-key/new` (in place, newest) or the page a form POST to `/user-api-key` renders (older).
      if (
        flow.state === 'waiting' &&
        flow.method === 'no_redirect' &&
        flow.tabId === tabId &&
        url.startsWith(`${flow.baseUrl}/user-api-key`)
      ) {
        await this.browser.injectCapture(tabId).catch(() => undefined);
      }
    }
  }

  /** The capture script in the approval tab found the payload; only that tab's flow may take it. */
  async captured(tabId: number | undefined, senderUrl: string | undefined, payload: string): Promise<void> {
    for (const flow of await this.flows.list()) {
      if (flow.state !== 'waiting' || flow.method !== 'no_redirect' || flow.tabId === undefined || flow.tabId !== tabId)
        continue;
      if (!senderUrl?.startsWith(`${flow.baseUrl}/`)) continue;
      await this.finish(flow.flowId, payload);
      return;
    }
    throw new DiscourseError('Forbidden', said('errorNoAttemptWaiting'));
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

  private async finish(flowId: string, payload: string, via?: Method): Promise<void> {
    const flow = await this.load(flowId);
    if (flow.state !== 'waiting' || !flow.handshake) return;
    if (Date.now() > flow.expiresAt) return this.fail(flowId, said('errorAttemptExpired'));
    let accepted: Awaited<ReturnType<typeof acceptPayload>>;
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
    let me: Awaited<ReturnType<DiscourseClient['currentUser']>>['current_user'];
    try {
      me = (await probeClient.currentUser()).current_user;
    } catch (error) {
      return this.fail(
        flowId,
        said(
          'errorConnectedButWho',
          flow.title,
          isDiscourseError(error) ? error.message : wording(said('errorUnknown')),
        ),
      );
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
    Object.assign(flow, {
      state: 'connected',
      forumId: id,
      handshake: null,
      message: wording(said('connectedTo', flow.title, me.username)),
    });
    await this.flows.put(flow);
    // The tab we opened for approving has done its job.
    if (flow.tabId !== undefined) await this.browser.closeTab(flow.tabId).catch(() => undefined);
  }

  private async fail(flowId: string, message: string | Text): Promise<void> {
    const flow = await this.flows.get(flowId);
    if (flow?.state !== 'waiting') return;
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
    if (!flow) throw new DiscourseError('NotFound', said('errorAttemptOver'));
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
      ...(flow.device && flow.state === 'waiting'
        ? { userCode: flow.device.userCode, verificationUrl: flow.device.verificationUrl, expiresAt: flow.expiresAt }
        : {}),
      ...(flow.authUrl ? { authUrl: flow.authUrl } : {}),
      ...(flow.forumId ? { forumId: flow.forumId } : {}),
    };
  }
}
