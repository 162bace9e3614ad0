import type { Clock } from './ports';
import type { Lane } from './throttle';

/**
 * The GETs of one client: identical ones in flight share one request, and a result is reused for
 * a short while, so bursts from several tabs cost the forum one request.
 */
export class SharedReads {
  private readonly inFlight = new Map<string, { promise: Promise<unknown>; lane: Lane }>();
  private readonly cache = new Map<string, { until: number; value: unknown }>();

  constructor(
    private readonly clock: Clock,
    private readonly cacheMs: number,
  ) {}

  /**
   * The answer for `url`: cached, shared, or `send`'s. A cached value comes back as it is, not in
   * a promise, so an async caller resolves as soon as it did before this lived here.
   */
  read<T>(url: string, lane: Lane, fresh: boolean | undefined, send: () => Promise<T>): T | Promise<T> {
    const now = this.clock.now();
    const cached = this.cache.get(url);
    if (!fresh && cached && cached.until > now) return cached.value as T;
    const shared = this.inFlight.get(url);
    // A click never waits behind background pacing: it shares only what is in flight for a click.
    if (shared && (shared.lane === 'interactive' || lane === 'background')) return shared.promise as Promise<T>;
    const promise = send()
      .then((value) => {
        const now = this.clock.now();
        for (const [key, entry] of this.cache) if (entry.until <= now) this.cache.delete(key);
        this.cache.set(url, { until: now + this.cacheMs, value });
        return value;
      })
      .finally(() => {
        if (this.inFlight.get(url)?.promise === promise) this.inFlight.delete(url);
      });
    this.inFlight.set(url, { promise, lane });
    return promise;
  }

  /** A write changes what lists and counts say: the next read asks the forum. */
  clear(): void {
    this.cache.clear();
  }
}
