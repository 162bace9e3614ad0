/** A user as every other serializer embeds it: avatar_template, BasicUserSerializer, a post's or topic's author. */
import type { User } from '../records';
import type { Store } from '../store';

/** Discourse's avatar_template carries the subfolder of a subfolder install. */
export function avatarTemplate(basePath: string, user: User): string {
  return `${basePath}/letter_avatar_proxy/v4/letter/${user.username[0]!.toLowerCase()}/${letterColor(user.username)}/{size}.png`;
}
function letterColor(username: string): string {
  let hash = 0;
  for (const ch of username) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return ['e47c90', '8c91ba', 'b19c9b', '3ab54a', 'f1592a', '0e76bd'][hash % 6]!;
}

export function basicUser(store: Store, user: User) {
  return {
    id: user.id,
    username: user.username,
    name: user.name,
    avatar_template: avatarTemplate(store.basePath, user),
  };
}

/** The author of a post or topic; undefined once the account is deleted (user_id nil). */
export function authorOf(store: Store, userId: number | null): User | undefined {
  return userId === null ? undefined : store.userById(userId);
}
