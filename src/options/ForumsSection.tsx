import { explain } from '../ui/errorSteps';
import { useEffect, useState } from 'preact/hooks';
import type { ForumView } from '../messages/protocol';
import { ask } from '../ui/background';
import { formatDateTime, t, type MessageKey } from '../ui/i18n';
import { forgetLastView } from '../ui/lastInboxView';
import { absoluteImageUrl } from '../discourse/forumUrl';
import { Avatar } from '../ui/Avatar';
import { AdminKey } from './AdminKey';
import { BudgetChart } from './BudgetChart';
import { ConnectForm } from './ConnectForm';

/** Connected forums with their status, and the form that adds one. */
export function ForumsSection() {
  const [forums, setForums] = useState<ForumView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // `#connect=<url>`: sent here by the popup's "Connect this forum".
  const fromPopup = new URLSearchParams(location.hash.slice(1)).get('connect');
  const [reconnectUrl, setReconnectUrl] = useState(fromPopup ?? '');

  async function load() {
    const result = await ask({ type: 'forums.list' });
    if (result.ok) setForums(result.data.forums);
    else setError(explain(result.error));
  }
  useEffect(() => void load(), []);

  async function check(forum: ForumView) {
    const result = await ask({ type: 'forums.check', forumId: forum.id });
    if (!result.ok) setError(explain(result.error));
    await load();
  }

  async function disconnect(forum: ForumView) {
    if (!confirm(t('disconnectConfirm', forum.title))) return;
    const result = await ask({ type: 'forums.disconnect', forumId: forum.id });
    if (!result.ok) setError(explain(result.error));
    // The popup's instant paint must not show the forum's rows again, even for a moment.
    forgetLastView();
    await load();
  }

  return (
    <div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {forums && forums.length === 0 && <p class="muted">{t('noForumsConnected')}</p>}
      <ul class="forums" data-testid="forum-list">
        {forums?.map((forum) => (
          <li key={forum.id} data-forum-id={forum.id} data-status={forum.status}>
            <div class="forum-title">
              <Avatar
                src={forum.logoUrl ? absoluteImageUrl(forum.baseUrl, forum.logoUrl) : null}
                name={forum.title}
                size={36}
                square
              />
              <div>
                <strong>{forum.title}</strong>
                <div class="muted" data-testid="forum-host">
                  {new URL(forum.baseUrl).host}
                </div>
              </div>
            </div>
            <div class={`forum-status ${forum.status === 'connected' ? 'ok' : 'error'}`}>
              <Avatar src={forum.avatarUrl} name={forum.username} size={20} />
              <span data-testid="forum-status">
                {forum.status === 'connected' ? t('connectedAs', forum.username) : t('statusNeedsReconnect')}
              </span>
            </div>
            <dl>
              <dt>{t('flowLabel')}</dt>
              <dd>{t(`flow_${forum.flow}` as MessageKey)}</dd>
              <dt>{t('scopesLabel')}</dt>
              <dd>{forum.scopes.join(', ')}</dd>
              <dt>{t('expiresLabel')}</dt>
              <dd>{forum.expiresAt ? formatDateTime(Date.parse(forum.expiresAt)) : t('neverExpires')}</dd>
            </dl>
            <div class="actions">
              {forum.status === 'needs_reconnect' && (
                <button type="button" onClick={() => setReconnectUrl(forum.baseUrl)}>
                  {t('reconnectButton')}
                </button>
              )}
              <button type="button" onClick={() => check(forum)}>
                {t('checkButton')}
              </button>
              {/* Destructive, apart from the rest, and confirmed: it revokes the key on the forum. */}
              <button type="button" class="danger" onClick={() => disconnect(forum)}>
                {t('disconnectButton')}
              </button>
            </div>
            <BudgetChart forumId={forum.id} />
            <AdminKey forum={forum} onChange={load} />
          </li>
        ))}
      </ul>
      <ConnectForm onConnected={load} initialUrl={reconnectUrl} autoStart={!!fromPopup && reconnectUrl === fromPopup} />
    </div>
  );
}
