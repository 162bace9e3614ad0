import { useEffect, useState } from 'preact/hooks';
import { ask } from '../ui/background';
import { formatNumber, t } from '../ui/i18n';

/** Requests to a forum over the last 24 hours, one bar an hour, against the daily budget. */
export function BudgetChart({ forumId }: { forumId: string }) {
  const [budget, setBudget] = useState<{ hours: number[]; usedToday: number; perDay: number } | null>(null);
  useEffect(() => {
    void ask({ type: 'forums.budget', forumId }).then((result) => result.ok && setBudget(result.data));
  }, [forumId]);
  if (!budget) return null;
  const max = Math.max(1, ...budget.hours);
  const label = t(
    'budgetChartLabel',
    formatNumber(budget.usedToday),
    Number.isFinite(budget.perDay) ? formatNumber(budget.perDay) : '∞',
  );
  const share = Number.isFinite(budget.perDay) && budget.perDay > 0 ? Math.min(1, budget.usedToday / budget.perDay) : 0;
  return (
    <figure class="budget-chart" data-testid="budget-chart">
      <figcaption class="muted">{label}</figcaption>
      {/* How much of the day's budget is gone, then when it went (one bar an hour). */}
      <div class="budget-meter" aria-hidden="true">
        <span style={{ width: `${share * 100}%` }} />
      </div>
      <svg viewBox="0 0 240 40" width="240" height="40" role="img" aria-label={label}>
        {budget.hours.map((count, hour) => {
          const height = (count / max) * 36;
          return (
            <rect
              key={hour}
              x={hour * 10 + 1}
              y={38 - height}
              width={8}
              height={Math.max(height, count ? 1 : 0)}
              fill="currentColor"
              opacity={0.7}
            />
          );
        })}
        <line x1="0" y1="38.5" x2="240" y2="38.5" stroke="currentColor" opacity="0.3" />
      </svg>
    </figure>
  );
}
