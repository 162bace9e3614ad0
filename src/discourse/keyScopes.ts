/**
 * The key a forum is called with, and which routes a User API key's scopes let it call. An admin
 * key is not scoped; only a user key can meet a 403 for a scope it lacks.
 */

export type ForumAuth =
  | { kind: 'user'; key: string; clientId: string; scopes: string[] }
  | { kind: 'admin'; key: string; username: string };

/**
 * Which routes a User API key's scopes allow (FACTS.md §1.7), to tell a missing scope (Forbidden)
 * from a dead key (InvalidKey): Discourse answers both with the same 403.
 */
export function scopesAllow(scopes: string[], method: string, path: string): boolean {
  const route = path.replace(/\.json$/, '');
  const get = method === 'GET';
  const busPoll = method === 'POST' && /^\/message-bus\/.*\/poll/.test(route);
  if (method === 'POST' && route === '/user-api-key/revoke') return true;
  return scopes.some((scope) => {
    switch (scope) {
      case 'read':
        return get;
      case 'write':
        return true;
      case 'message_bus':
        return busPoll;
      case 'notifications':
        return (
          busPoll ||
          (get && (route === '/notifications' || route === '/notifications/totals')) ||
          (method === 'PUT' && /^\/notifications\/(mark-read|read)$/.test(route))
        );
      case 'session_info':
        return get && route === '/session/current';
      default:
        return false;
    }
  });
}
