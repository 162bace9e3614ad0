import type { ForumRegistry } from './forumRegistry';
import type { UserData } from './userData';

/** Applies the user's per-forum overrides (keyed by base URL): the throttle's rate limits, and the slowest background check. */
export async function applyOverrides(registry: ForumRegistry, data: UserData): Promise<void> {
  for (const forum of await registry.list()) {
    const { pollMinutes, ...limits } = data.forumOverrides[forum.baseUrl] ?? {};
    if (JSON.stringify(limits) !== JSON.stringify(forum.limits ?? {})) await registry.update(forum.id, { limits });
    if (pollMinutes !== forum.pollMinutes) await registry.update(forum.id, { pollMinutes });
  }
}
