import { explain } from '../ui/errorSteps';
import { useCallback, useMemo, useRef, useState } from 'preact/hooks';
import type { ForumSummary, InboxItem } from '../messages/protocol';
import { ask } from '../ui/background';
import { relativeTime, t, tn, type MessageKey } from '../ui/i18n';
import { Empty } from './states';
import { NOTIFICATION_GROUPS } from '../discourse/notificationGroups';
import { useListKeys } from './useListKeys';
import { Avatar } from '../ui/Avatar';

/**
 * Long lists (twenty forums hold hundreds of rows) render only the rows in view, plus a margin:
 * every row is ROW_HEIGHT tall (one line of title, one of meta), so the window is arithmetic.
 * Short lists render whole; that costs less than a frame.
 */
const ROW_HEIGHT = 48;
const VIEWPORT_HEIGHT = 430;
const OVERSCAN = 8;
const WINDOW_FROM = 40;
/** Scrolling re-renders only every few rows: the overscan still covers the rest. */
const quantized = (scrollTop: number) =>
  Math.floor(scrollTop / (ROW_HEIGHT * (OVERSCAN / 2))) * ROW_HEIGHT * (OVERSCAN / 2);

/**
 * One list across forums, newest first. A click opens the exact post (reusing a tab of that
 * forum) and marks it read; on the selected row `e` marks it read and `r` replies; `/` (the
 * popup's key) filters by text.
 */
export function NotificationsInbox(props: {
  items: InboxItem[];
  forums: ForumSummary[];
  scope: string;
  onChanged: () => void;
  onReply: (item: InboxItem) => void;
}) {
  const [filter, setFilter] = useState('all');
  const [query, setQuery] = useState('');
  const [older, setOlder] = useState<InboxItem[]>([]);
  const [more, setMore] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [scrollTop, setScrollTop] = useState(0);
  // Every type belongs to one group (src/discourse/notifications.ts), so "all" is the sum of the others.
  const needle = query.trim().toLocaleLowerCase();
  const items = [
    ...props.items,
    ...older.filter((o) => !props.items.some((i) => i.forumId === o.forumId && i.id === o.id)),
  ].filter(
    (item) =>
      (filter === 'all' || item.group === filter) &&
      (!needle ||
        [item.title, item.actor, item.label, item.byline ?? '', forumTitleOf(props.forums, item.forumId)].some((text) =>
          text.toLocaleLowerCase().includes(needle),
        )),
  );
  const skipped = props.forums.reduce(
    (sum, f) => sum + (props.scope === 'all' || f.id === props.scope ? (f.skipped ?? 0) : 0),
    0,
  );
  const forumTitle = (id: string) => forumTitleOf(props.forums, id);

  const open = useCallback(
    async (index: number) => {
      const item = items[index];
      if (!item) return;
      const result = await ask({ type: 'inbox.open', forumId: item.forumId, notificationId: item.id });
      if (!result.ok) setError(explain(result.error));
      props.onChanged();
    },
    [items],
  );
  const rowKeys = useMemo(
    () => ({
      e: (index: number) => {
        const item = items[index];
        if (!item || item.read) return;
        void ask({ type: 'inbox.markRead', forumId: item.forumId, notificationId: item.id }).then((result) => {
          if (!result.ok) setError(explain(result.error));
          props.onChanged();
        });
      },
      r: (index: number) => {
        const item = items[index];
        if (item?.topicId) props.onReply(item);
      },
    }),
    [items],
  );
  const viewport = useRef<HTMLDivElement>(null);
  const [selected, setSelected] = useListKeys(
    items.length,
    open,
    (index) => {
      if (viewport.current) viewport.current.scrollTop = Math.max(0, index * ROW_HEIGHT - VIEWPORT_HEIGHT / 2);
    },
    rowKeys,
  );
  const windowed = items.length > WINDOW_FROM;
  const first = windowed ? Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN) : 0;
  const last = windowed
    ? Math.min(items.length, Math.ceil((scrollTop + VIEWPORT_HEIGHT) / ROW_HEIGHT) + OVERSCAN)
    : items.length;
  // For `npm run bench:popup`: when the first row was painted, from navigation start.
  if (items.length && !performance.getEntriesByName('first-inbox-row').length)
    requestAnimationFrame(() => performance.mark('first-inbox-row'));

  async function markAllRead() {
    // A forum's bell can read 0 while rows are still unread (the user looked at its menu): those count too.
    const hasUnread = (f: ForumSummary) => f.unread > 0 || props.items.some((i) => i.forumId === f.id && !i.read);
    const targets =
      props.scope === 'all' ? props.forums.filter(hasUnread) : props.forums.filter((f) => f.id === props.scope);
    for (const forum of targets) {
      const result = await ask({ type: 'inbox.markRead', forumId: forum.id });
      if (!result.ok) setError(explain(result.error));
    }
    props.onChanged();
  }

  async function loadMore() {
    if (props.scope === 'all') return;
    const result = await ask({ type: 'inbox.more', forumId: props.scope, offset: props.items.length + older.length });
    if (!result.ok) return setError(explain(result.error));
    setOlder([...older, ...result.data.notifications]);
    setMore(result.data.more);
  }

  return (
    <section class="inbox" aria-label={t('notificationsHeading')}>
      <div class="toolbar">
        <label>
          <span class="sr-only">{t('filterLabel')}</span>
          <select value={filter} onChange={(e) => setFilter(e.currentTarget.value)} name="type-filter">
            {['all', ...NOTIFICATION_GROUPS].map((key) => (
              <option key={key} value={key}>
                {t(`filter_${key}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label class="search">
          <span class="sr-only">{t('searchLabel')}</span>
          <input
            type="search"
            name="inbox-search"
            value={query}
            placeholder={t('searchPlaceholder')}
            onInput={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => {
              // Escape leaves the filter for the list, where j / k go on from the first match.
              if (e.key !== 'Escape') return;
              e.preventDefault();
              e.currentTarget.blur();
              setSelected(items.length ? 0 : -1);
            }}
          />
        </label>
        <button type="button" onClick={markAllRead} data-testid="mark-all-read">
          {t('markAllRead')}
        </button>
      </div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {items.length === 0 ? (
        <Empty text={needle ? t('noMatches', query.trim()) : t('noNotifications')} />
      ) : (
        <div
          class="rows-viewport"
          ref={viewport}
          onScroll={(event) => setScrollTop(quantized(event.currentTarget.scrollTop))}
        >
          <ul
            class="rows"
            aria-label={t('notificationsHeading')}
            data-total={items.length}
            style={
              windowed
                ? { paddingTop: `${first * ROW_HEIGHT}px`, paddingBottom: `${(items.length - last) * ROW_HEIGHT}px` }
                : undefined
            }
          >
            {items.slice(first, last).map((item, offset) => {
              const index = first + offset;
              return (
                <li
                  key={`${item.forumId}:${item.id}`}
                  aria-setsize={items.length}
                  aria-posinset={index + 1}
                  aria-current={index === selected ? 'true' : undefined}
                  data-row-index={index}
                  data-testid="notification"
                  data-forum={item.forumId}
                  data-read={String(item.read)}
                  class={`${item.read ? 'read' : 'unread'}${index === selected ? ' selected' : ''}`}
                  onMouseEnter={() => setSelected(index)}
                >
                  <button type="button" class="row-main" onClick={() => open(index)} title={item.title}>
                    <span class="who" aria-hidden="true">
                      <Avatar src={item.avatar} name={item.actor || forumTitle(item.forumId)} />
                      <span class="icon">{item.icon}</span>
                    </span>
                    <span class="text">
                      <span class="title">{item.title}</span>
                      <span class="meta muted">
                        <span class="byline">
                          {item.byline ?? [item.actor, item.label].filter(Boolean).join(' · ')}
                        </span>
                        {props.scope === 'all' && (
                          // The forum by its logo (its name on hover and for screen readers): who-did-what keeps the room.
                          <span class="forum" title={forumTitle(item.forumId)}>
                            <Avatar
                              src={forumOf(props.forums, item.forumId)?.logoUrl}
                              name={forumTitle(item.forumId)}
                              size={14}
                              square
                            />
                            <span class="sr-only">{forumTitle(item.forumId)}</span>
                          </span>
                        )}
                        <span class="when">{relativeTime(item.createdAt)}</span>
                      </span>
                    </span>
                  </button>
                  {item.topicId && (
                    <button
                      type="button"
                      class="row-action"
                      onClick={() => props.onReply(item)}
                      aria-label={t('replyTo', item.title)}
                    >
                      ↩
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      )}
      {skipped > 0 && (
        <p class="muted skipped" data-testid="skipped-notifications">
          {tn('skippedNotifications', skipped)}
        </p>
      )}
      {props.scope !== 'all' && more && items.length > 0 && (
        <button type="button" class="load-more" onClick={loadMore}>
          {t('loadMore')}
        </button>
      )}
    </section>
  );
}

const forumOf = (forums: ForumSummary[], id: string) => forums.find((f) => f.id === id);
const forumTitleOf = (forums: ForumSummary[], id: string): string => forumOf(forums, id)?.title ?? '';
