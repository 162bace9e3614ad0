/**
 * Discourse's RateLimiter (FACTS.md §2.3): a sliding window of timestamps per key.
 * `seconds_to_wait = window − age_of_oldest`. Aggressive limiters (the per-IP middleware ones)
 * record blocked attempts too, so hammering keeps a client blocked (FACTS.md §2.1).
 */
export interface LimitCheck {
  allowed: boolean;
  /** Whole seconds until a slot frees, as Discourse reports it in Retry-After and `wait_seconds`. */
  waitSeconds: number;
}

export class RateLimiterRegistry {
  private readonly windows = new Map<string, number[]>();

  constructor(private readonly now: () => number) {}

  /** Records one action under `key` if allowed. `windowMs` is already time-scaled. */
  perform(key: string, max: number, windowMs: number, aggressive = false): LimitCheck {
    const now = this.now();
    const stamps = (this.windows.get(key) ?? []).filter((t) => now - t < windowMs);
    if (stamps.length >= max) {
      const oldest = stamps[stamps.length - max]!;
      if (aggressive) stamps.push(now);
      this.windows.set(key, stamps);
      return { allowed: false, waitSeconds: Math.max(1, Math.ceil((oldest + windowMs - now) / 1000)) };
    }
    stamps.push(now);
    this.windows.set(key, stamps);
    return { allowed: true, waitSeconds: 0 };
  }

  /** Takes back the last action under `key` (admin API requests roll back the per-IP limiters). */
  rollback(key: string): void {
    this.windows.get(key)?.pop();
  }

  clear(): void {
    this.windows.clear();
  }
}

/** `time_left` as Discourse words it (FACTS.md §2.2 b). */
export function timeLeft(seconds: number): string {
  if (seconds <= 3) return 'a few seconds';
  if (seconds < 60) return `${seconds} seconds`;
  if (seconds < 3600) {
    const minutes = Math.ceil(seconds / 60);
    return minutes === 1 ? '1 minute' : `${minutes} minutes`;
  }
  const hours = Math.ceil(seconds / 3600);
  return hours === 1 ? '1 hour' : `${hours} hours`;
}
