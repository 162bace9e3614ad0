/**
 * Discourse's request limits for one key (FACTS.md §2), as the numbers the budget counts against.
 */

export type Lane = 'interactive' | 'background';

export type WriteAction = 'post' | 'topic';

export type KeyKind = 'user' | 'admin';

export interface ThrottleLimits {
  perMinute: number;
  perDay: number;
  ipPer10Seconds: number;
  ipPerMinute: number;
  /** Share of `perDay` the background lane may use. */
  backgroundShare: number;
  writeSpacingMs: number;
  /**
   * Discourse's per-action limiters, as "one per N ms": `post` (rate_limit_create_post, 5 s;
   * rate_limit_new_user_create_post, 30 s at trust level 0) and `topic` (rate_limit_create_topic,
   * 15 s). Staff are exempt: empty.
   */
  actionSpacingMs: Partial<Record<WriteAction, number>>;
}

/** Discourse's default per-action spacing for an account (staff are exempt). */
export function actionSpacingFor(account: {
  trustLevel?: number | undefined;
  staff?: boolean | undefined;
}): Partial<Record<WriteAction, number>> {
  if (account.staff) return {};
  return { post: account.trustLevel === 0 ? 30_000 : 5_000, topic: 15_000 };
}

export function defaultLimits(kind: KeyKind, overrides: Partial<ThrottleLimits> = {}): ThrottleLimits {
  const base: ThrottleLimits =
    kind === 'user'
      ? {
          perMinute: 20,
          perDay: 2880,
          ipPer10Seconds: 50,
          ipPerMinute: 200,
          backgroundShare: 0.5,
          writeSpacingMs: 1000,
          actionSpacingMs: actionSpacingFor({}),
        }
      : // Admin-key requests are rolled back from the per-IP limiters and have no daily cap (FACTS.md §2.1).
        {
          perMinute: 60,
          perDay: Number.POSITIVE_INFINITY,
          ipPer10Seconds: Number.POSITIVE_INFINITY,
          ipPerMinute: Number.POSITIVE_INFINITY,
          backgroundShare: 0.5,
          writeSpacingMs: 1000,
          actionSpacingMs: {},
        };
  return { ...base, ...overrides };
}
