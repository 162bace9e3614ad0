import browser from 'webextension-polyfill';
import { isDiscourseError } from '../discourse/errors';
import { originPattern } from '../discourse/forumUrl';
import type { ForumRecord } from './forumRegistry';
import { topics, inbox, live, registry } from './services';

/**
 * Asks the forum who we are: confirms the key works (a dead key is the answer here, not a failure:
 * the forum now shows "needs reconnect"), and keeps the trust level and staff flag that set the
 * per-action limits the throttle keeps to.
 */
export async function checkForum(forum: ForumRecord) {
  const me = await registry
    .use(forum.id, (client) => client.currentUser({ fresh: true }))
    .catch((error: unknown) => {
      if (!isDiscourseError(error, 'InvalidKey')) throw error;
      return null;
    });
  if (me)
    await registry.update(forum.id, {
      trustLevel: me.current_user.trust_level,
      staff: !!(me.current_user.admin || me.current_user.moderator),
    });
  return { forum: (await registry.views()).find((f) => f.id === forum.id)! };
}

/** Today's use of the forum's budget, by hour, for the settings page's chart. */
export async function budgetOf(forum: ForumRecord) {
  const throttle = await registry.throttleOf(forum.id);
  await throttle.ready;
  const snapshot = throttle.snapshot();
  return {
    hours: throttle.hourly(),
    usedToday: snapshot.usedToday,
    perDay: snapshot.limits.perDay,
    perMinute: snapshot.limits.perMinute,
  };
}

/** Revokes the key (best effort: a dead key or a dead network must not keep the forum here) and forgets the forum. */
export async function disconnect(forum: ForumRecord) {
  await registry
    .use(forum.id, (client) => client.revokeKey())
    .catch((error: unknown) => {
      if (!isDiscourseError(error)) throw error;
    });
  await registry.remove(forum.id);
  await inbox.forget(forum.id);
  await topics.forget(forum.id);
  await live.forget(forum.id);
  await inbox.updateBadge();
  const origin = originPattern(forum.baseUrl);
  const others = (await registry.list()).some((f) => originPattern(f.baseUrl) === origin);
  if (!others) await browser.permissions.remove({ origins: [origin] }).catch(() => false);
  return { ok: true as const };
}
