/**
 * The few page operations e2e cases need, the same for Playwright (Chromium) and puppeteer
 * (Firefox), so a case is written once and runs in both browsers.
 */
export interface ExtensionPage {
  readonly url: () => string;
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  /** Presses one key (a name such as "Enter", "Escape", "ArrowDown", or a character) on the focused element. */
  press(key: string): Promise<void>;
  /** Types text into the focused element, key by key. */
  type(text: string): Promise<void>;
  /** Waits until the first element matching `selector` has text matching `pattern`; returns that text. */
  waitForText(selector: string, pattern: RegExp, timeoutMs?: number): Promise<string>;
  evaluate<T>(fn: () => T | Promise<T>): Promise<T>;
  evaluateWith<A, T>(fn: (arg: A) => T | Promise<T>, arg: A): Promise<T>;
  /** Waits until an element matching `selector` exists. */
  waitFor(selector: string, timeoutMs?: number): Promise<void>;
  count(selector: string): Promise<number>;
  /** The page's real location (over BiDi, `url()` can lag behind). */
  href(): Promise<string>;
  /** Accepts the next confirm()/alert() the page shows. */
  acceptDialogs(): void;
  resize(width: number, height: number): Promise<void>;
  /** Emulates the system colour scheme (Chromium; Firefox keeps its default). */
  colorScheme(scheme: 'light' | 'dark'): Promise<void>;
  /** Saves a PNG under test-results/ and returns its path. */
  screenshot(name: string): Promise<string>;
  /**
   * Compares the page with its accepted look, test/e2e/looks/NAME.png (Chromium). `hide`: what
   * changes from run to run (a budget counted live), kept in place but not drawn. Accepting new looks
   * (`npm run looks:accept`) also writes the README's picture docs/NAME.png from the same run.
   */
  matchesLook(name: string, options?: { hide?: string[] }): Promise<void>;
  close(): Promise<void>;
  /** Has the page (tab) been closed, by the test or by the extension? */
  closed(): Promise<boolean>;
}

export interface ExtensionSession {
  readonly browserName: 'chromium' | 'firefox';
  readonly extensionId: string;
  /** Opens an extension page such as `src/popup/index.html` in a new tab. */
  openPage(path: string): Promise<ExtensionPage>;
  /** Opens a web page (a forum's) in a new tab, as the user would. */
  openTab(url: string): Promise<ExtensionPage>;
  /** Fixes the clock of every page (not the worker) at `at`, so relative times read the same on every run (Chromium). */
  freezeTime(at: number): Promise<void>;
  /** Stops the extension's service worker, as the browser does after 30 s idle (Chromium). */
  killWorker(): Promise<void>;
  /** Waits for a tab (opened by the extension or a page) whose location matches. */
  waitForTab(match: RegExp, timeoutMs?: number): Promise<ExtensionPage>;
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
  throw new Error(
    `Timed out after ${timeoutMs} ms waiting for ${what} to match ${pattern}; last text: ${JSON.stringify(last)}`,
  );
}
