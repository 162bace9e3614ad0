import { explain } from '../ui/errorSteps';
import { useEffect, useState } from 'preact/hooks';
import type { MessageReply } from '../messages/protocol';
import { ask } from '../ui/background';
import { formatDateTime, t } from '../ui/i18n';
import { NotifyForm, type AdminForum } from '../ui/NotifyForm';

/** What the panel was opened for: read from its URL, which the background builds (admin.openPanel). */
export type PanelRequest =
  | { view: 'notify'; forumId: string; topicId?: number; postNumber?: number }
  | { view: 'notifications'; forumId: string; username: string }
  | null;

export function panelRequestOf(params: URLSearchParams): PanelRequest {
  const forumId = params.get('forum');
  if (!forumId) return null;
  const number = (name: string) => (/^\d+$/.test(params.get(name) ?? '') ? Number(params.get(name)) : undefined);
  if (params.get('view') === 'notifications' && params.get('user'))
    return { view: 'notifications', forumId, username: params.get('user')! };
  return { view: 'notify', forumId, topicId: number('topic'), postNumber: number('post') };
}

/**
 * The extension's own window for admin work started on a forum page: what the forum answers with
 * the admin key (user search, another member's notifications) is shown here, in an extension
 * page, never written into the forum's page where its scripts could read it.
 */
export function AdminPanel({ request }: { request: PanelRequest }) {
  const [forums, setForums] = useState<AdminForum[] | null>(null);
  useEffect(() => {
    void ask({ type: 'forums.list' }).then((result) =>
      setForums(result.ok ? result.data.forums.filter((f) => f.hasAdminKey && f.status === 'connected') : []),
    );
  }, []);
  if (!request)
    return (
      <main class="admin-panel">
        <p class="error" role="alert">
          {t('adminPanelNothing')}
        </p>
      </main>
    );
  if (!forums) return <main class="admin-panel" />;
  const forum = forums.find((f) => f.id === request.forumId);
  if (!forum)
    return (
      <main class="admin-panel">
        <p class="error" role="alert">
          {t('noAdminForum')}
        </p>
      </main>
    );
  return (
    <main class="admin-panel">
      {request.view === 'notify' ? (
        <>
          <h1>{t('notifyHeading')}</h1>
          <NotifyForm forums={[forum]} initial={request} />
        </>
      ) : (
        <UserNotifications forum={forum} username={request.username} />
      )}
    </main>
  );
}

type Listed = MessageReply<'admin.notificationsOf'>['notifications'];

/** A member's latest notifications, read-only: read or not, what kind, and a link to each. */
function UserNotifications({ forum, username }: { forum: AdminForum; username: string }) {
  const [list, setList] = useState<Listed | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void ask({ type: 'admin.notificationsOf', forumId: forum.id, username }).then((result) =>
      result.ok ? setList(result.data.notifications) : setError(explain(result.error)),
    );
  }, [forum.id, username]);
  return (
    <section aria-label={t('theirNotificationsHeading', username)}>
      <h1>{t('theirNotificationsHeading', username)}</h1>
      <p class="muted">{forum.title}</p>
      {error && (
        <p class="error" role="alert" data-testid="their-notifications-error">
          {error}
        </p>
      )}
      {list && list.length === 0 && <p class="muted">{t('noNotifications')}</p>}
      {list && list.length > 0 && (
        <ul class="user-notifications" data-testid="their-notifications">
          {list.map((n) => (
            <li
              key={n.id}
              class={n.read ? 'read' : 'unread'}
              data-read={String(n.read)}
              data-testid="their-notification"
            >
              <a href={n.url} target="_blank" rel="noopener noreferrer">
                {n.title}
              </a>
              <span class="meta muted">
                {n.read ? t('readLabel') : t('unreadLabel')} · {n.actor && <>{n.actor} · </>}
                {n.label} · {formatDateTime(Date.parse(n.createdAt))}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
