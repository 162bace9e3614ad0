/**
 * The few page operations e2e cases need, the same for Playwright (Chromium) and puppeteer
 * (Firefox), so a case is written once and runs in both browsers.
 */
export interface ExtensionPage {
  readonly url: () => string;
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  /** Waits until the first element matching `selector` has text matching `pattern`; returns that text. */
  waitForText(selector: string, pattern: RegExp, timeoutMs?: number): Promise<string>;
  evaluate<T>(fn: () => T | Promise<T>): Promise<T>;
  /** Saves a PNG under test-results/ and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

export interface ExtensionSession {
  readonly browserName: 'chromium' | 'firefox';
  readonly extensionId: string;
  /** Opens an extension page such as `src/popup/index.html` in a new tab. */
  openPage(path: string): Promise<ExtensionPage>;
  close(): Promise<void>;
}

export async function pollText(read: () => Promise<string | null>, pattern: RegExp, what: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let last: string | null = null;
  while (Date.now() < deadline) {
    last = await read().catch(() => null);
    if (last !== null && pattern.test(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what} to match ${pattern}; last text: ${JSON.stringify(last)}`);
}
