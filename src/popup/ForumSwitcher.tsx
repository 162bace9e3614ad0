import type { ForumSummary } from '../messages/protocol';
import { formatTime, t } from '../ui/i18n';

/** "All forums" and each forum, with unread counts and a mark for forums that need attention. */
export function ForumSwitcher({
  forums,
  scope,
  onChange,
}: {
  forums: ForumSummary[];
  scope: string;
  onChange: (scope: string) => void;
}) {
  const total = forums.reduce((sum, f) => sum + f.unread, 0);
  return (
    <nav class="forum-switcher" aria-label={t('forumsHeading')}>
      <button type="button" aria-pressed={scope === 'all'} onClick={() => onChange('all')} data-scope="all">
        {t('allForums')} {total > 0 && <span class="count">{total}</span>}
      </button>
      {forums.map((forum) => (
        <button
          key={forum.id}
          type="button"
          aria-pressed={scope === forum.id}
          onClick={() => onChange(forum.id)}
          data-scope={forum.id}
          title={forum.baseUrl}
        >
          {forum.title} {forum.unread > 0 && <span class="count">{forum.unread}</span>}
          {(forum.status === 'needs_reconnect' || forum.problem) && (
            <span class="attention" role="img" aria-label={t('needsAttention')}>
              !
            </span>
          )}
        </button>
      ))}
    </nav>
  );
}

/** Requests left this minute and today, and a pause if the forum asked for one. */
export function BudgetIndicator({ forum }: { forum: ForumSummary }) {
  const budget = forum.budget;
  if (!budget) return null;
  const paused = budget.pausedUntil && budget.pausedUntil > Date.now() ? formatTime(budget.pausedUntil) : null;
  return (
    <p class="budget muted" data-testid="budget" title={t('budgetHelp')}>
      {t(
        'budgetLine',
        String(Math.max(0, budget.perMinute - budget.usedThisMinute)),
        String(Number.isFinite(budget.perDay) ? Math.max(0, budget.perDay - budget.usedToday) : '∞'),
      )}
      {paused && <strong> · {t('pausedUntil', paused)}</strong>}
    </p>
  );
}
