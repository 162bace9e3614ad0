import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { ForumSummary, InboxItem } from '../messages/protocol';
import { ask } from '../ui/background';
import { ConnectionCheck } from '../ui/ConnectionCheck';
import { t } from '../ui/i18n';
import { Composer, type ComposeTarget } from './Composer';
import { ConnectThisForum } from './ConnectThisForum';
import { BudgetIndicator, ForumSwitcher } from './ForumSwitcher';
import { NotificationsInbox } from './NotificationsInbox';
import { ProblemBanner, Skeleton } from './states';
import { TopicsList } from './TopicsList';

type Tab = 'inbox' | 'topics' | 'compose';

/**
 * The toolbar popup: paints the inbox from the background's cache at once, then asks the forums
 * for fresh data behind it.
 */
export function Popup() {
  const [scope, setScope] = useState('all');
  const [tab, setTab] = useState<Tab>('inbox');
  const [forums, setForums] = useState<ForumSummary[] | null>(null);
  const [items, setItems] = useState<InboxItem[]>([]);
  const [refreshing, setRefreshing] = useState(false);
  const [target, setTarget] = useState<ComposeTarget | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function load(refresh: boolean) {
    if (refresh) setRefreshing(true);
    const result = await ask({ type: 'inbox.get', scope: 'all', refresh });
    if (refresh) setRefreshing(false);
    if (!result.ok) return setError(result.error.message);
    setForums(result.data.forums);
    setItems(result.data.notifications);
  }

  useEffect(() => {
    void load(false).then(() => load(true));
    // Live updates while the popup is open: the background long-polls MessageBus and says when.
    const port = browser.runtime.connect({ name: 'live' });
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
        <span class="refresh muted" aria-live="polite">{refreshing ? t('refreshing') : ''}</span>
        <a href="#" onClick={(event) => { event.preventDefault(); void browser.runtime.openOptionsPage(); }}>
          {t('openOptions')}
        </a>
      </header>
      {forums && <ConnectThisForum forums={forums} />}
      {error && <p class="error" role="alert">{error}</p>}
      {forums === null ? (
        <Skeleton />
      ) : forums.length === 0 ? (
        <>
          <p class="muted">{t('noForumsYet')}</p>
          <ConnectionCheck />
        </>
      ) : (
        <>
          <ForumSwitcher forums={forums} scope={scope} onChange={setScope} />
          {shown.map((forum) =>
            forum.status === 'needs_reconnect' ? (
              <ProblemBanner key={forum.id} problem={{ kind: 'InvalidKey', message: '' }} onReconnect={() => void browser.runtime.openOptionsPage()} />
            ) : forum.problem ? (
              <ProblemBanner key={forum.id} problem={{ ...forum.problem, message: `${forum.title}: ${forum.problem.message}` }} onRetry={() => void load(true)} />
            ) : null,
          )}
          {current && <BudgetIndicator forum={current} />}
          <div role="tablist" class="tabs">
            {(['inbox', 'topics', 'compose'] as const).map((name) => (
              <button key={name} type="button" role="tab" aria-selected={tab === name} onClick={() => setTab(name)} data-tab={name}>
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
                setTarget({ kind: 'reply', forumId: item.forumId, topicId: item.topicId!, topicTitle: item.title, replyToPostNumber: item.postNumber ?? undefined });
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
