import { explain } from '../ui/errorSteps';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CategoryItem, Draft, ForumSummary } from '../messages/protocol';
import { ask } from '../ui/background';
import { formatTime, t } from '../ui/i18n';
import { NotifyForm } from '../ui/NotifyForm';

export interface ComposeTarget {
  kind: Draft['kind'];
  forumId: string;
  topicId?: number;
  topicTitle?: string;
  replyToPostNumber?: number;
}

function draftId(target: Pick<Draft, 'kind' | 'forumId' | 'topicId' | 'postId'>): string {
  if (target.kind === 'reply') return `reply:${target.forumId}:${target.topicId}`;
  if (target.kind === 'edit') return `edit:${target.forumId}:${target.postId ?? 'new'}`;
  return `${target.kind}:${target.forumId}`;
}

function blank(target: ComposeTarget): Draft {
  const draft: Draft = {
    id: '',
    forumId: target.forumId,
    kind: target.kind,
    title: '',
    raw: '',
    categoryId: null,
    topicId: target.topicId ?? null,
    topicTitle: target.topicTitle ?? '',
    replyToPostNumber: target.replyToPostNumber ?? null,
    recipients: '',
    postId: null,
    originalText: null,
    updatedAt: Date.now(),
  };
  return { ...draft, id: draftId(draft) };
}

/**
 * New topic, reply, private message or edit. Every change is saved as a draft (in the
 * background's storage), so closing the popup, a killed worker or a browser restart loses
 * nothing; a failed send keeps the draft and shows the forum's own words.
 */
export function Composer({ forums, target }: { forums: ForumSummary[]; target: ComposeTarget | null }) {
  const writable = forums.filter((f) => f.canWrite && f.status === 'connected');
  const adminForums = forums.filter((f) => f.hasAdminKey && f.status === 'connected');
  // "Notification" is not a draft: it goes with the admin key (src/ui/NotifyForm.tsx).
  const [notifying, setNotifying] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [categories, setCategories] = useState<CategoryItem[]>([]);
  const [status, setStatus] = useState<{
    kind: 'idle' | 'sending' | 'sent' | 'queued' | 'error';
    text?: string;
    url?: string;
    conflict?: string | null;
  }>({ kind: 'idle' });
  const [postLink, setPostLink] = useState('');
  const pending = useRef<Draft | null>(null);
  const timer = useRef<number | null>(null);

  // Restore: the draft for this target if one exists, else the most recent draft, else a new topic.
  useEffect(() => {
    void ask({ type: 'drafts.list' }).then((result) => {
      const drafts = result.ok ? result.data.drafts : [];
      if (target) {
        const fresh = blank(target);
        setDraft(drafts.find((d) => d.id === fresh.id) ?? fresh);
      } else if (drafts[0] && forums.some((f) => f.id === drafts[0]!.forumId)) setDraft(drafts[0]);
      else if (writable[0]) setDraft(blank({ kind: 'topic', forumId: writable[0].id }));
    });
  }, [target?.kind, target?.forumId, target?.topicId]);

  useEffect(() => {
    if (!draft?.forumId) return;
    void ask({ type: 'categories.get', forumId: draft.forumId }).then(
      (result) => result.ok && setCategories(result.data.categories),
    );
  }, [draft?.forumId]);

  // A popup can close at any moment: flush the pending save when it does.
  useEffect(() => {
    const flush = () => pending.current && void ask({ type: 'drafts.save', draft: pending.current });
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, []);

  const kinds = (value: string) => (
    <select
      name="kind"
      value={value}
      onChange={(e) => {
        const kind = e.currentTarget.value;
        setNotifying(kind === 'notification');
        if (kind !== 'notification') update({ kind: kind as Draft['kind'] });
      }}
      aria-label={t('composeKindLabel')}
    >
      <option value="topic">{t('kind_topic')}</option>
      <option value="reply" disabled={!draft?.topicId}>
        {t('kind_reply')}
      </option>
      <option value="pm">{t('kind_pm')}</option>
      <option value="edit">{t('kind_edit')}</option>
      {adminForums.length > 0 && <option value="notification">{t('kind_notification')}</option>}
    </select>
  );
  if (notifying) {
    return (
      <div class="composer">
        <div class="row">{kinds('notification')}</div>
        <NotifyForm forums={adminForums} />
      </div>
    );
  }
  if (!writable.length) {
    // A read-only user key cannot post, but an admin key can still notify.
    return adminForums.length ? (
      <div class="composer">
        <NotifyForm forums={adminForums} />
      </div>
    ) : (
      <p class="muted">{t('noWritableForum')}</p>
    );
  }
  if (!draft) return null;

  function update(change: Partial<Draft>) {
    const next = { ...draft!, ...change, updatedAt: Date.now() };
    if (change.kind || change.forumId || change.postId !== undefined) next.id = draftId(next);
    setDraft(next);
    setStatus({ kind: 'idle' });
    pending.current = next;
    if (timer.current) clearTimeout(timer.current);
    timer.current = window.setTimeout(() => {
      void ask({ type: 'drafts.save', draft: next });
      pending.current = null;
    }, 200);
  }

  async function loadPost() {
    const match = /\/t\/(?:[^/]+\/)?(\d+)(?:\/(\d+))?/.exec(postLink);
    if (!match) return setStatus({ kind: 'error', text: t('postLinkInvalid') });
    const result = await ask({
      type: 'post.raw',
      forumId: draft!.forumId,
      topicId: Number(match[1]),
      postNumber: Number(match[2] ?? 1),
    });
    if (!result.ok) return setStatus({ kind: 'error', text: explain(result.error) });
    update({
      postId: result.data.postId,
      raw: result.data.raw,
      originalText: result.data.raw,
      topicId: result.data.topicId,
      topicTitle: result.data.topicTitle,
    });
  }

  async function send(event: Event) {
    event.preventDefault();
    if (timer.current) clearTimeout(timer.current);
    await ask({ type: 'drafts.save', draft: draft! });
    pending.current = null;
    setStatus({ kind: 'sending' });
    const result = await ask({ type: 'compose.send', draft: draft! });
    if (result.ok) {
      setStatus(result.data.url === null ? { kind: 'queued' } : { kind: 'sent', url: result.data.url });
      setDraft(
        blank({
          kind: draft!.kind === 'edit' ? 'topic' : draft!.kind,
          forumId: draft!.forumId,
          topicId: draft!.topicId ?? undefined,
          topicTitle: draft!.topicTitle,
        }),
      );
      return;
    }
    const details = result.error.details ?? {};
    const until = typeof details.until === 'number' ? formatTime(details.until) : null;
    setStatus({
      kind: 'error',
      // A forum's own words on a per-action limit say why, not when: the time is added.
      text:
        result.error.kind === 'RateLimited' && until && !result.error.message.includes(until)
          ? `${result.error.message} ${t('tryAgainAt', until)}`
          : explain(result.error),
      conflict: result.error.kind === 'EditConflict' ? ((details.currentRaw as string | null) ?? null) : undefined,
    });
  }

  async function discard() {
    await ask({ type: 'drafts.delete', id: draft!.id });
    setDraft(
      blank({
        kind: draft!.kind,
        forumId: draft!.forumId,
        topicId: draft!.topicId ?? undefined,
        topicTitle: draft!.topicTitle,
      }),
    );
  }

  return (
    <form class="composer" onSubmit={send} aria-label={t('composeHeading')}>
      <div class="row">
        <select
          name="forum"
          value={draft.forumId}
          onChange={(e) => update({ forumId: e.currentTarget.value, categoryId: null })}
          aria-label={t('forumLabel')}
        >
          {writable.map((f) => (
            <option key={f.id} value={f.id}>
              {f.title}
            </option>
          ))}
        </select>
        {kinds(draft.kind)}
      </div>
      {draft.kind === 'reply' && (
        <p class="muted" data-testid="replying-to">
          {t('replyingTo', draft.topicTitle)}
        </p>
      )}
      {draft.kind === 'edit' && (
        <div class="row">
          <input
            name="post-link"
            type="text"
            placeholder={t('postLinkPlaceholder')}
            value={postLink}
            onInput={(e) => setPostLink(e.currentTarget.value)}
            aria-label={t('postLinkPlaceholder')}
          />
          <button type="button" onClick={loadPost}>
            {t('loadPost')}
          </button>
        </div>
      )}
      {(draft.kind === 'topic' || draft.kind === 'pm') && (
        <input
          name="title"
          type="text"
          placeholder={t('titlePlaceholder')}
          value={draft.title}
          onInput={(e) => update({ title: e.currentTarget.value })}
          aria-label={t('titlePlaceholder')}
        />
      )}
      {draft.kind === 'topic' && (
        <select
          name="category"
          value={draft.categoryId ?? ''}
          onChange={(e) => update({ categoryId: e.currentTarget.value ? Number(e.currentTarget.value) : null })}
          aria-label={t('categoryLabel')}
        >
          <option value="">{t('noCategory')}</option>
          {/* Only where the user may start a topic; a draft's own choice stays visible. */}
          {categories
            .filter((c) => c.canCreateTopic !== false || c.id === draft.categoryId)
            .map((c) => (
              <option key={c.id} value={c.id}>
                {c.parentId ? `  ${c.name}` : c.name}
              </option>
            ))}
        </select>
      )}
      {draft.kind === 'pm' && (
        <input
          name="recipients"
          type="text"
          placeholder={t('recipientsPlaceholder')}
          value={draft.recipients}
          onInput={(e) => update({ recipients: e.currentTarget.value })}
          aria-label={t('recipientsPlaceholder')}
        />
      )}
      <textarea
        name="raw"
        rows={8}
        placeholder={t('bodyPlaceholder')}
        value={draft.raw}
        onInput={(e) => update({ raw: e.currentTarget.value })}
        aria-label={t('bodyPlaceholder')}
      />
      {status.kind === 'error' && (
        <div class="error" role="alert" data-testid="compose-error">
          <p>{status.text}</p>
          {status.conflict !== undefined && (
            <div class="conflict">
              <h4>{t('theirVersion')}</h4>
              <pre data-testid="their-version">{status.conflict ?? ''}</pre>
              <h4>{t('yourVersion')}</h4>
              <pre>{draft.raw}</pre>
              <button type="button" onClick={() => update({ originalText: status.conflict ?? null })}>
                {t('keepMineOverTheirs')}
              </button>
            </div>
          )}
        </div>
      )}
      {status.kind === 'queued' && (
        <p class="ok" role="status" data-testid="compose-queued">
          {t('sentAwaitingApproval')}
        </p>
      )}
      {status.kind === 'sent' && (
        <p class="ok" role="status" data-testid="compose-sent">
          {t('sentOk')}{' '}
          <a href={status.url} target="_blank" rel="noreferrer">
            {t('viewOnForum')}
          </a>
        </p>
      )}
      <div class="row">
        <button class="primary" type="submit" disabled={status.kind === 'sending'}>
          {status.kind === 'sending' ? t('sending') : t('sendButton')}
        </button>
        <button type="button" onClick={discard}>
          {t('discardButton')}
        </button>
        <span class="muted saved-note">{t('draftSaved')}</span>
      </div>
    </form>
  );
}
