/**
 * The day's requests, counted in buckets (one minute each, scaled) so the record stays small and
 * survives in storage.local: bucket start → [total, background]. A bucket leaves the day whole,
 * a day after it ends. Pure functions over the record; `span` gives the bucket and day lengths.
 */

export type DayBuckets = Record<string, [number, number]>;

export interface DaySpan {
  bucketMs: number;
  dayMs: number;
}

/** Counts one request sent at `now`, and drops the buckets that have left the day. */
export function countRequest(day: DayBuckets, span: DaySpan, now: number, background: boolean): void {
  const size = span.bucketMs;
  const bucket = String(Math.floor(now / size) * size);
  const [total, backgroundCount] = day[bucket] ?? [0, 0];
  day[bucket] = [total + 1, backgroundCount + (background ? 1 : 0)];
  for (const [start] of Object.entries(day)) if (Number(start) + size <= now - span.dayMs) delete day[start];
}

/** [start, total, background] of the buckets still in the day, oldest first. */
function liveBuckets(day: DayBuckets, span: DaySpan, now: number): [number, number, number][] {
  const since = now - span.dayMs;
  return Object.entries(day)
    .map(([start, [total, background]]) => [Number(start), total, background] as [number, number, number])
    .filter(([start]) => start + span.bucketMs > since)
    .sort((a, b) => a[0] - b[0]);
}

export function dayTotals(day: DayBuckets, span: DaySpan, now: number): { total: number; background: number } {
  let total = 0;
  let background = 0;
  for (const [, t, b] of liveBuckets(day, span, now)) {
    total += t;
    background += b;
  }
  return { total, background };
}

/** Earliest time the daily count (or the background share of it) is below `max` again. */
export function dayOpensAt(day: DayBuckets, span: DaySpan, now: number, max: number, backgroundOnly: boolean): number {
  if (!Number.isFinite(max)) return now;
  const buckets = liveBuckets(day, span, now);
  let count = buckets.reduce((sum, [, t, b]) => sum + (backgroundOnly ? b : t), 0);
  if (count < max) return now;
  for (const [start, t, b] of buckets) {
    count -= backgroundOnly ? b : t;
    if (count < max) return start + span.bucketMs + span.dayMs;
  }
  return now;
}

/** Requests in each of the last 24 hours (`hourMs` long, oldest first). */
export function hourlyCounts(day: DayBuckets, span: DaySpan, now: number, hourMs: number): number[] {
  const bins = Array.from({ length: 24 }, () => 0);
  for (const [start, total] of liveBuckets(day, span, now)) {
    const index = 23 - Math.floor((now - start) / hourMs);
    if (index >= 0 && index < 24) bins[index]! += total;
  }
  return bins;
}
