import { explain } from './errorSteps';
import { useEffect, useRef, useState } from 'preact/hooks';
import { parseTopicLink } from '../discourse/forumUrl';
import { ask } from './background';
import { t } from './i18n';

export interface AdminForum {
  id: string;
  title: string;
  baseUrl: string;
}

/**
 * "Notify a user": a member, a post link (a pasted topic or post URL of the forum) and/or a note,
 * sent with the forum's admin key. Usernames are suggested from the forum's user search as the
 * admin types (through the admin key's throttle, after a pause). Shared by the admin panel (opened
 * from a post on the forum) and the popup's composer.
 */
export function NotifyForm({
  forums,
  initial,
}: {
  forums: AdminForum[];
  initial?: { forumId: string; topicId?: number; postNumber?: number };
}) {
  const [forumId, setForumId] = useState(initial?.forumId ?? forums[0]?.id ?? '');
  const forum = forums.find((f) => f.id === forumId);
  const [username, setUsername] = useState('');
  const [link, setLink] = useState(
    initial?.topicId && forum
      ? `${forum.baseUrl}/t/${initial.topicId}${initial.postNumber ? `/${initial.postNumber}` : ''}`
      : '',
  );
  const [note, setNote] = useState('');
  const [suggestions, setSuggestions] = useState<{ username: string; name: string }[]>([]);
  const [status, setStatus] = useState<{ kind: 'idle' | 'sending' | 'sent' | 'error'; text?: string; url?: string }>({
    kind: 'idle',
  });
  const searchTimer = useRef<number | null>(null);

  useEffect(() => () => void (searchTimer.current && clearTimeout(searchTimer.current)), []);
  if (!forum) return <p class="muted">{t('noAdminForum')}</p>;

  function typed(value: string) {
    setUsername(value);
    if (searchTimer.current) clearTimeout(searchTimer.current);
    if (value.trim().replace(/^@/, '').length < 2) return setSuggestions([]);
    // A pause in typing, not every key: each search is a request on the admin key's budget.
    searchTimer.current = setTimeout(async () => {
      const result = await ask({ type: 'admin.searchUsers', forumId, term: value });
      if (result.ok) setSuggestions(result.data.users);
    }, 350) as unknown as number;
  }

  async function send(event: Event) {
    event.preventDefault();
    const target = link.trim() ? parseTopicLink(link, forum!.baseUrl) : null;
    if (link.trim() && !target) return setStatus({ kind: 'error', text: t('notifyLinkInvalid', forum!.title) });
    if (!target && !note.trim()) return setStatus({ kind: 'error', text: t('notifyNeedsLinkOrNote') });
    setStatus({ kind: 'sending' });
    const result = await ask({
      type: 'admin.notify',
      forumId,
      username,
      note: note.trim() || undefined,
      topicId: target?.topicId,
      postNumber: target?.postNumber,
    });
    if (!result.ok) return setStatus({ kind: 'error', text: explain(result.error) });
    const { username: who, consolidated, checkUrl } = result.data;
    setStatus({ kind: 'sent', text: consolidated ? t('notifyMerged', who) : t('notifySent', who), url: checkUrl });
  }

  return (
    <form class="composer notify-form" onSubmit={send} aria-label={t('notifyHeading')} data-testid="notify-form">
      {forums.length > 1 && (
        <select
          name="forum"
          value={forumId}
          onChange={(e) => setForumId(e.currentTarget.value)}
          aria-label={t('forumLabel')}
        >
          {forums.map((f) => (
            <option key={f.id} value={f.id}>
              {f.title}
            </option>
          ))}
        </select>
      )}
      <label>
        {t('notifyUserLabel')}
        <input
          type="text"
          name="username"
          required
          autocomplete="off"
          list="notify-user-suggestions"
          value={username}
          onInput={(e) => typed(e.currentTarget.value)}
        />
      </label>
      <datalist id="notify-user-suggestions">
        {suggestions.map((u) => (
          <option key={u.username} value={u.username}>
            {u.name}
          </option>
        ))}
      </datalist>
      <label>
        {t('notifyLinkLabel')}
        <input
          type="text"
          name="link"
          value={link}
          placeholder={`${forum.baseUrl}/t/…/123/4`}
          onInput={(e) => setLink(e.currentTarget.value)}
        />
      </label>
      <label>
        {t('notifyNoteLabel')}
        <textarea name="note" rows={3} maxLength={300} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <p class="muted">{t('notifyHint')}</p>
      {status.kind === 'error' && (
        <p class="error" role="alert" data-testid="notify-error">
          {status.text}
        </p>
      )}
      {status.kind === 'sent' && (
        <p class="ok" role="status" data-testid="notify-sent">
          {status.text}{' '}
          <a href={status.url} target="_blank" rel="noopener noreferrer">
            {t('notifyCheck')}
          </a>
        </p>
      )}
      <button class="primary" type="submit" disabled={status.kind === 'sending'}>
        {status.kind === 'sending' ? t('sending') : t('notifySend')}
      </button>
    </form>
  );
}
