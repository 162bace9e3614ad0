import type { RemovableStorage } from '../discourse/ports';
import type { PendingHandshake } from '../discourse/userApiKeys';
import type { ConnectState } from '../messages/protocol';

/**
 * Connect attempts ("flows") kept in `storage.session`, so a killed worker does not lose one: a
 * record per flow and the list of live ones. The only code that reads them from storage.
 */

export type Method = ConnectState['method'];

export interface FlowRecord {
  flowId: string;
  baseUrl: string;
  title: string;
  logoUrl: string | null;
  method: Method;
  scopes: string[];
  /** The key pair and nonce; dropped as soon as the flow ends. */
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

/** How long a flow may wait for the user; an ended flow stays readable as long again after it expires. */
export const FLOW_TTL_MS = 15 * 60_000;

const flowKey = (id: string) => `connect:${id}`;
const FLOW_IDS = 'connect:ids';

/** What storage gives back is trusted only if it has a flow's shape; anything else reads as no flow. */
function asFlowRecord(value: unknown): FlowRecord | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const flow = value as Partial<FlowRecord>;
  const shaped =
    typeof flow.flowId === 'string' &&
    typeof flow.baseUrl === 'string' &&
    typeof flow.method === 'string' &&
    typeof flow.state === 'string' &&
    typeof flow.expiresAt === 'number';
  return shaped ? (value as FlowRecord) : undefined;
}

export class FlowStore {
  constructor(private readonly storage: RemovableStorage) {}

  async get(flowId: string): Promise<FlowRecord | undefined> {
    return asFlowRecord(await this.storage.session.get(flowKey(flowId)));
  }

  /** The live flows, oldest first. */
  async list(): Promise<FlowRecord[]> {
    const flows: FlowRecord[] = [];
    for (const id of await this.ids()) {
      const flow = await this.get(id);
      if (flow) flows.push(flow);
    }
    return flows;
  }

  /** Stores a flow as the newest, and drops the flows that ended long ago. */
  async put(flow: FlowRecord): Promise<void> {
    await this.storage.session.set(flowKey(flow.flowId), flow);
    const live: string[] = [];
    for (const id of await this.ids()) {
      if (id === flow.flowId) continue;
      const other = await this.get(id);
      if (other && other.expiresAt + FLOW_TTL_MS > Date.now()) live.push(id);
      else await this.remove(id);
    }
    await this.storage.session.set(FLOW_IDS, [...live, flow.flowId]);
  }

  /** Drops a flow's record (the list forgets it at the next `put`). */
  async remove(flowId: string): Promise<void> {
    await this.storage.remove([flowKey(flowId)]);
  }

  private async ids(): Promise<string[]> {
    const ids = await this.storage.session.get(FLOW_IDS);
    return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
  }
}
