/** Which requests a user API key's scopes allow: UserApiKeyScope's mappings (FACTS.md §1.7). */

export function scopeAllows(scopes: string[], method: string, path: string, action: string): boolean {
  const get = method === 'GET' || method === 'HEAD';
  const busPoll = method === 'POST' && /^\/message-bus\/.*\/poll/.test(path);
  if (action === 'user_api_keys#revoke' && method === 'POST') return true;
  return scopes.some((scope) => {
    switch (scope) {
      case 'read':
        return get;
      case 'write':
        return ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'].includes(method);
      case 'message_bus':
        return busPoll;
      case 'notifications':
        return (
          busPoll ||
          (get && (action === 'notifications#index' || action === 'notifications#totals')) ||
          (method === 'PUT' && action === 'notifications#mark_read')
        );
      case 'session_info':
        return get && (action === 'session#current' || action === 'users#topic_tracking_state');
      default:
        return false;
    }
  });
}
