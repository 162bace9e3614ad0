/**
 * Every knob of the sandbox forum. Defaults are Discourse's own (FACTS.md §1.7, §2), except where
 * a comment says why the sandbox differs.
 */
export interface ForumSettings {
  title: string;
  description: string;
  /** '' for a root install, '/forum' for a subfolder install (FACTS.md §3, MARKUP.md §1). */
  subfolder: string;
  /** Behave like a pre-2026 Discourse: no device flow, no `padding`, PKCS#1 v1.5 only, old redirect wildcards. */
  oldForum: boolean;
  /** `allowed_user_api_auth_redirects` (FACTS.md §1.6). */
  allowedRedirects: string[];
  /** `allow_user_api_key_scopes` (FACTS.md §1.7). */
  allowedScopes: string[];
  /** Multiplies every time window (rate limits, device-flow TTL and interval, long polling): 0.05 turns 60 s into 3 s. */
  timeScale: number;
  limits: RateLimitSettings;
  /** MessageBus `long_polling_interval` in ms (FACTS.md §4), before the time scale. */
  longPollingMs: number;
  readOnly: boolean;
  loginRequired: boolean;
  /** `lazy_load_categories_groups` covers everyone: `/site.json` carries no `categories` (SiteSerializer#include_categories?). */
  lazyCategories: boolean;
  /** No MessageBus for API clients (an older install, or a proxy that does not route it): polls answer 404. */
  noMessageBus: boolean;
  /**
   * Before Discourse 3.3 (PR #26106, March 2024): no `notifications#totals` route, so
   * `/notifications/totals.json` answers 404 and clients read the counts from `/session/current.json`.
   */
  noNotificationTotals: boolean;
  /**
   * `show_user_menu_avatars` (off by default, as in Discourse): notification lists carry
   * `acting_user_avatar_template` and `acting_user_name` (Notification.populate_acting_user).
   */
  showUserMenuAvatars: boolean;
}

export interface RateLimitSettings {
  /** FACTS.md §2.1 */
  userApiPerMinute: number;
  userApiPerDay: number;
  adminApiPerMinute: number;
  ipPer10Seconds: number;
  ipPerMinute: number;
  /** `max_reqs_per_ip_mode`: 'block' (default) or 'none'. */
  ipMode: 'block' | 'none';
  /**
   * Discourse skips private and loopback IPs (`max_reqs_rate_limit_on_private` false). The sandbox
   * only ever sees loopback, so it limits them by default, or the per-IP limits could never be tested.
   */
  limitLoopback: boolean;
  /** FACTS.md §2.3 */
  createPostSeconds: number;
  newUserCreatePostSeconds: number;
  createTopicSeconds: number;
  maxTopicsPerDay: number;
  maxPersonalMessagesPerDay: number;
  maxEditsPerDay: number;
  uniquePostsMinutes: number;
  /** FACTS.md §1.9 */
  deviceRequestsPerMinute: number;
  devicePollsPerMinute: number;
}

export const defaultSettings: ForumSettings = {
  title: 'Sandbox Community',
  description: 'A Discourse-compatible forum for testing Discourse Companion.',
  subfolder: '',
  oldForum: false,
  allowedRedirects: ['https://api.discourse.org/api/auth_redirect', 'discourse://auth_redirect'],
  allowedScopes: ['read', 'write', 'message_bus', 'push', 'notifications', 'session_info', 'one_time_password'],
  timeScale: 1,
  limits: {
    userApiPerMinute: 20,
    userApiPerDay: 2880,
    adminApiPerMinute: 60,
    ipPer10Seconds: 50,
    ipPerMinute: 200,
    ipMode: 'block',
    limitLoopback: true,
    createPostSeconds: 5,
    newUserCreatePostSeconds: 30,
    createTopicSeconds: 15,
    maxTopicsPerDay: 20,
    maxPersonalMessagesPerDay: 20,
    maxEditsPerDay: 30,
    uniquePostsMinutes: 5,
    deviceRequestsPerMinute: 20,
    devicePollsPerMinute: 60,
  },
  longPollingMs: 25_000,
  readOnly: false,
  loginRequired: false,
  lazyCategories: false,
  noMessageBus: false,
  noNotificationTotals: false,
  showUserMenuAvatars: false,
};

export type SettingsPatch = Partial<Omit<ForumSettings, 'limits'>> & { limits?: Partial<RateLimitSettings> };

export function mergeSettings(base: ForumSettings, patch: SettingsPatch): ForumSettings {
  const merged = { ...base, ...patch, limits: { ...base.limits, ...(patch.limits ?? {}) } };
  if (merged.subfolder && !/^\/[\w-]+(\/[\w-]+)*$/.test(merged.subfolder)) {
    throw new Error(`subfolder must look like /forum, got ${JSON.stringify(merged.subfolder)}`);
  }
  if (!(merged.timeScale > 0)) throw new Error('timeScale must be a positive number');
  return merged;
}

/**
 * `--port 4200 --time-scale 0.05 --old-forum --subfolder /forum --allowed-redirects a|b
 * --limits.userApiPerMinute 10 --config file.json`: flags into a port and a settings patch.
 */
export function parseFlags(argv: string[], readFile: (path: string) => string): { port: number; patch: SettingsPatch } {
  let port = 0;
  let patch: SettingsPatch = {};
  const limits: Partial<RateLimitSettings> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${flag} needs a value`);
      return next;
    };
    const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    if (flag === '--port') port = Number(value());
    else if (flag === '--config') patch = { ...patch, ...(JSON.parse(readFile(value())) as SettingsPatch) };
    else if (flag === '--old-forum') patch.oldForum = true;
    else if (flag === '--read-only') patch.readOnly = true;
    else if (flag === '--login-required') patch.loginRequired = true;
    else if (flag === '--lazy-categories') patch.lazyCategories = true;
    else if (flag === '--no-message-bus') patch.noMessageBus = true;
    else if (flag === '--no-notification-totals') patch.noNotificationTotals = true;
    else if (flag === '--show-user-menu-avatars') patch.showUserMenuAvatars = true;
    else if (flag === '--subfolder') patch.subfolder = value();
    else if (flag === '--title') patch.title = value();
    else if (flag === '--time-scale') patch.timeScale = Number(value());
    else if (flag === '--long-polling-ms') patch.longPollingMs = Number(value());
    else if (flag === '--allowed-redirects') patch.allowedRedirects = value().split('|').filter(Boolean);
    else if (flag === '--allowed-scopes') patch.allowedScopes = value().split('|').filter(Boolean);
    else if (flag.startsWith('--limits.')) {
      const key = camel(flag.slice('--limits.'.length)) as keyof RateLimitSettings;
      if (!(key in defaultSettings.limits)) throw new Error(`unknown limit ${flag}`);
      const raw = value();
      (limits as Record<string, unknown>)[key] =
        key === 'ipMode' ? raw : key === 'limitLoopback' ? raw === 'true' : Number(raw);
    } else throw new Error(`unknown flag ${flag}`);
  }
  if (Object.keys(limits).length) patch.limits = { ...(patch.limits ?? {}), ...limits };
  return { port, patch };
}
