import { explain } from '../ui/errorSteps';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { extensionApi } from '../messages/extensionApi';
import { INBOX_VIEW_KEY, readInboxView, type InboxView } from '../messages/inboxView';
import type { ForumSummary, InboxItem } from '../messages/protocol';
import { ask } from '../ui/background';
import { t } from '../ui/i18n';
import { lazyComponent } from '../ui/lazyComponent';
import type { ComposeTarget } from './Composer';
import { BudgetIndicator, ForumSwitcher } from './ForumSwitcher';
import { NotificationsInbox } from './NotificationsInbox';
import { saveLastView } from '../ui/lastInboxView';
import { ProblemBanner, Skeleton } from './states';
import { focusWhenShown, usePopupKeys } from './usePopupKeys';

const TABS = ['inbox', 'topics', 'compose'] as const;
type Tab = (typeof TABS)[number];
/** The browser's "open the composer" shortcut opens the popup at `?tab=compose`. */
const openedAt = (): Tab =>
  ((TABS as readonly string[]).find((name) => name === new URLSearchParams(location.search).get('tab')) as
    | Tab
    | undefined) ?? 'inbox';
const COMPOSER_FIELD = 'form.composer textarea[name=raw]';

// Loaded after the inbox has painted: most opens are a glance at the inbox.
const Composer = lazyComponent(() => import('./Composer').then((m) => m.Composer));
const TopicsList = lazyComponent(() => import('./TopicsList').then((m) => m.TopicsList));
const ConnectionCheck = lazyComponent(() => import('../ui/ConnectionCheck').then((m) => m.ConnectionCheck));
// Looks at the active tab after the first paint; it needs no place in the popup's first file.
const ConnectThisForum = lazyComponent(() => import('./ConnectThisForum').then((m) => m.ConnectThisForum));
const FirstRun = lazyComponent(() => import('./FirstRun').then((m) => m.FirstRun));
const KeyboardHelp = lazyComponent(() => import('./KeyboardHelp').then((m) => m.KeyboardHelp));

/**
 * The toolbar popup paints in three steps, each replacing the last: what it showed last time
 * (`initial`, ui/lastInboxView.ts), the view the background stored after its latest poll (one storage
 * read, without waking the worker), and fresh data from the forums.
 */
export function Popup({ initial }: { initial: InboxView | null }) {
  const [scope, setScope] = useState('all');
  const [tab, setTab] = useState<Tab>(openedAt);
  const [help, setHelp] = useState(false);
  const [forums, setForums] = useState<ForumSummary[] | null>(initial?.forums ?? null);
  const [items, setItems] = useState<InboxItem[]>(initial?.notifications ?? []);
  const [refreshing, setRefreshing] = useState(false);
  const [target, setTarget] = useState<ComposeTarget | null>(null);
  const [error, setError] = useState<string | null>(null);

  // Set once the background has answered: an older view read from storage must not replace it.
  const answered = useRef(false);
  /** `force`: the user asked for it; every forum is asked for its counts and list, fresh or not. */
  async function load(refresh: boolean, force = false) {
    if (refresh) setRefreshing(true);
    const result = await ask({ type: 'inbox.get', scope: 'all', refresh, force });
    if (refresh) setRefreshing(false);
    if (!result.ok) return setError(explain(result.error));
    answered.current = true;
    setForums(result.data.forums);
    setItems(result.data.notifications);
    saveLastView(result.data);
  }

  const keys = useMemo(
    () => ({
      compose: () => {
        setTab('compose');
        focusWhenShown(COMPOSER_FIELD);
      },
      search: () => {
        setTab('inbox');
        focusWhenShown('input[name=inbox-search]');
      },
      help: () => setHelp(true),
      tab: (index: number) => setTab(TABS[index]!),
    }),
    [],
  );
  usePopupKeys(keys);

  useEffect(() => {
    if (tab === 'compose') focusWhenShown(COMPOSER_FIELD);
    void extensionApi()
      .storage.local.get(INBOX_VIEW_KEY)
      .then((stored) => {
        const view = readInboxView(stored[INBOX_VIEW_KEY]);
        if (!view) return initial ? undefined : load(false);
        if (answered.current) return;
        setForums(view.forums);
        setItems(view.notifications);
      })
      .catch(() => undefined);
    void load(true);
    setTimeout(() => void Promise.all([Composer.preload(), TopicsList.preload()]), 0);
    // Live updates while the popup is open: the background says when its inbox changed (a poll,
    // a forum tab, MessageBus once the popup has stayed open a moment).
    const port = extensionApi().runtime.connect({ name: 'live' });
    port.onMessage.addListener(() => void load(false));
    return () => port.disconnect();
  }, []);

  const visible = scope === 'all' ? items : items.filter((i) => i.forumId === scope);
  const current = forums?.find((f) => f.id === scope) ?? null;
  const shown = forums?.filter((f) => scope === 'all' || f.id === scope) ?? [];

  return (
    <main class="popup" data-refreshing={String(refreshing)}>
      <header>
        <h1>{t('popupTitle')}</h1>
        <span class="refresh muted" aria-live="polite">
          {refreshing ? t('refreshing') : ''}
        </span>
        <button
          type="button"
          class="refresh-now"
          onClick={() => void load(true, true)}
          disabled={refreshing}
          data-testid="refresh-now"
          title={t('refreshNow')}
          aria-label={t('refreshNow')}
        >
          ↻
        </button>
        <button
          type="button"
          class="keys-help"
          onClick={() => setHelp(true)}
          title={t('keysHelpTitle')}
          aria-label={t('keysHelpTitle')}
          aria-keyshortcuts="?"
          data-testid="keys-help"
        >
          ?
        </button>
        <button type="button" class="link" onClick={() => void extensionApi().runtime.openOptionsPage()}>
          {t('openOptions')}
        </button>
      </header>
      {help && <KeyboardHelp onClose={() => setHelp(false)} />}
      {forums && <ConnectThisForum forums={forums} />}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {forums === null ? (
        <Skeleton />
      ) : forums.length === 0 ? (
        <>
          <FirstRun />
          <ConnectionCheck />
        </>
      ) : (
        <>
          <ForumSwitcher forums={forums} scope={scope} onChange={setScope} />
          {shown.map((forum) =>
            forum.status === 'needs_reconnect' ? (
              <ProblemBanner
                key={forum.id}
                problem={{ kind: 'InvalidKey', message: '' }}
                onReconnect={() => void extensionApi().runtime.openOptionsPage()}
              />
            ) : forum.problem ? (
              <ProblemBanner
                key={forum.id}
                problem={{ ...forum.problem, message: `${forum.title}: ${forum.problem.message}` }}
                onRetry={() => void load(true, true)}
              />
            ) : null,
          )}
          {current && <BudgetIndicator forum={current} />}
          <div role="tablist" class="tabs">
            {TABS.map((name, index) => (
              <button
                key={name}
                type="button"
                role="tab"
                aria-selected={tab === name}
                onClick={() => setTab(name)}
                data-tab={name}
                aria-keyshortcuts={String(index + 1)}
              >
                {t(`tab_${name}`)}
              </button>
            ))}
          </div>
          {tab === 'inbox' && (
            <NotificationsInbox
              items={visible}
              forums={forums}
              scope={scope}
              onChanged={() => void load(false)}
              onReply={(item) => {
                setTarget({
                  kind: 'reply',
                  forumId: item.forumId,
                  topicId: item.topicId!,
                  topicTitle: item.title,
                  replyToPostNumber: item.postNumber ?? undefined,
                });
                setTab('compose');
              }}
            />
          )}
          {tab === 'topics' &&
            (current ? (
              <TopicsList
                forum={current}
                onReply={(topic) => {
                  setTarget({ kind: 'reply', forumId: current.id, topicId: topic.id, topicTitle: topic.title });
                  setTab('compose');
                }}
              />
            ) : (
              <p class="muted">{t('pickAForum')}</p>
            ))}
          {tab === 'compose' && <Composer forums={forums} target={target} />}
        </>
      )}
    </main>
  );
}
