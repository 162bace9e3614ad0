import { DiscourseError, said, type Text } from '../discourse/errors';
import type { Fetch } from '../discourse/ports';
import type { FlowStore } from './flowStore';

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

/** What each connect method's steps (deviceFlow.ts, approvalPage.ts) use of the flows around them (connectFlows.ts). */
export interface FlowSteps {
  flows: FlowStore;
  fetch: Fetch;
  browser: BrowserSide;
  /** Runs a handshake call within the forum's one budget. */
  throttled<T>(baseUrl: string, call: () => Promise<T>): Promise<T>;
  /** Takes a payload: the key is checked, the forum saved, the flow connected (or failed). */
  finish(flowId: string, payload: string): Promise<void>;
  fail(flowId: string, message: string | Text): Promise<void>;
}

export function toHandled(error: unknown): DiscourseError {
  if (error instanceof DiscourseError) return error;
  if (error instanceof DiscourseError) return new DiscourseError(error.kind, error.message, { ...error.details });
  return new DiscourseError('Network', said('errorForumUnreachable'));
}
