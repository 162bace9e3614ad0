import { useCallback, useEffect, useState } from 'preact/hooks';
import type { CategoryItem, ForumSummary, TopicItem } from '../messages/protocol';
import { ask } from '../ui/background';
import { relativeTime, t, tn } from '../ui/i18n';
import { Empty, ProblemBanner, Skeleton, type Problem } from './states';
import { useListKeys } from './useListKeys';

/** Latest / new / unread topics of one forum, filtered by category in the forum's colours. */
export function TopicsList({ forum, onReply }: { forum: ForumSummary; onReply: (topic: TopicItem) => void }) {
  const [filter, setFilter] = useState<'latest' | 'new' | 'unread'>('latest');
  const [categoryId, setCategoryId] = useState<number | undefined>(undefined);
  const [topics, setTopics] = useState<TopicItem[] | null>(null);
  const [categories, setCategories] = useState<CategoryItem[]>([]);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [skipped, setSkipped] = useState(0);

  async function load() {
    setTopics(null);
    setProblem(null);
    const result = await ask({
      type: 'topics.get',
      forumId: forum.id,
      filter,
      ...(categoryId !== undefined ? { categoryId } : {}),
    });
    if (!result.ok) {
      setProblem({
        kind: result.error.kind,
        message: result.error.message,
        ...(typeof result.error.details?.until === 'number' ? { until: result.error.details.until } : {}),
      });
      setTopics([]);
      return;
    }
    setTopics(result.data.topics);
    setCategories(result.data.categories);
    setSkipped(result.data.skipped ?? 0);
  }
  useEffect(() => void load(), [forum.id, filter, categoryId]);

  const open = useCallback(
    async (index: number) => {
      const topic = topics?.[index];
      if (topic) await ask({ type: 'topics.open', forumId: forum.id, topicId: topic.id });
    },
    [topics],
  );
  const [selected, setSelected] = useListKeys(topics?.length ?? 0, open);
  const category = (id: number | null) => categories.find((c) => c.id === id);

  return (
    <section class="topics" aria-label={t('topicsHeading')}>
      <div class="toolbar">
        <div role="tablist" class="segmented">
          {(['latest', 'new', 'unread'] as const).map((f) => (
            <button key={f} type="button" role="tab" aria-selected={filter === f} onClick={() => setFilter(f)}>
              {t(`list_${f}`)}
            </button>
          ))}
        </div>
        <label>
          <span class="sr-only">{t('categoryLabel')}</span>
          <select
            name="category"
            value={categoryId ?? ''}
            onChange={(e) => setCategoryId(e.currentTarget.value ? Number(e.currentTarget.value) : undefined)}
          >
            <option value="">{t('allCategories')}</option>
            {categories.map((c) => (
              <option key={c.id} value={c.id}>
                {c.parentId ? `  ${c.name}` : c.name}
              </option>
            ))}
          </select>
        </label>
      </div>
      {problem && <ProblemBanner problem={problem} onRetry={load} />}
      {topics === null ? (
        <Skeleton />
      ) : topics.length === 0 ? (
        !problem && <Empty text={t('noTopics')} />
      ) : (
        <ul class="rows" aria-label={t('topicsHeading')}>
          {topics.map((topic, index) => {
            const c = category(topic.categoryId);
            return (
              <li
                key={topic.id}
                aria-current={index === selected ? 'true' : undefined}
                data-row-index={index}
                data-testid="topic"
                class={index === selected ? 'selected' : ''}
                onMouseEnter={() => setSelected(index)}
              >
                <button type="button" class="row-main" onClick={() => open(index)}>
                  <span class="text">
                    <span class="title">{topic.title}</span>
                    <span class="meta muted">
                      {c && (
                        <span class="category" style={{ '--category-color': `#${c.color}` }}>
                          {c.name}
                        </span>
                      )}
                      {topic.lastPoster && <> · {topic.lastPoster}</>}
                      {topic.lastPostedAt && <> · {relativeTime(topic.lastPostedAt)}</>}
                      {topic.unreadPosts > 0 && <strong> · {t('unreadPosts', String(topic.unreadPosts))}</strong>}
                      {topic.isNew && <strong> · {t('newTopic')}</strong>}
                    </span>
                  </span>
                </button>
                {forum.canWrite && (
                  <button
                    type="button"
                    class="row-action"
                    onClick={() => onReply(topic)}
                    aria-label={t('replyTo', topic.title)}
                  >
                    ↩
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {skipped > 0 && (
        <p class="muted skipped" data-testid="skipped-topics">
          {tn('skippedTopics', skipped)}
        </p>
      )}
    </section>
  );
}
