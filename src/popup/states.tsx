import type { ErrorKind } from '../discourse/errorKinds';
import { nextStep } from '../ui/errorSteps';
import { formatTime, t } from '../ui/i18n';

/** Shared loading / empty / problem states, so every fetch shows one of them. */
export function Skeleton({ rows = 5 }: { rows?: number }) {
  return (
    <ul class="skeleton" aria-busy="true" aria-label={t('loading')}>
      {Array.from({ length: rows }, (_, i) => (
        <li key={i}>
          <span class="bar wide" />
          <span class="bar" />
        </li>
      ))}
    </ul>
  );
}

export function Empty({ text }: { text: string }) {
  return <p class="empty muted">{text}</p>;
}

export interface Problem {
  kind: ErrorKind;
  message: string;
  until?: number;
}

/** One visible state and one action per failure class. */
export function ProblemBanner({
  problem,
  onRetry,
  onReconnect,
}: {
  problem: Problem;
  onRetry?: () => void;
  onReconnect?: () => void;
}) {
  const until = problem.until ? formatTime(problem.until) : null;
  const text =
    problem.kind === 'InvalidKey'
      ? t('problemReconnect')
      : problem.kind === 'RateLimited'
        ? t('problemRateLimited', until ?? '')
        : problem.kind === 'Offline'
          ? t('problemOffline')
          : problem.kind === 'ReadOnly'
            ? t('problemReadOnly')
            : t('errorWithStep', problem.message, nextStep(problem.kind));
  return (
    <div class={`problem problem-${problem.kind}`} role="alert" data-testid="problem" data-kind={problem.kind}>
      <span>{text}</span>
      {problem.kind === 'InvalidKey' && onReconnect && (
        <button type="button" onClick={onReconnect}>
          {t('reconnectButton')}
        </button>
      )}
      {problem.kind !== 'InvalidKey' && problem.kind !== 'RateLimited' && onRetry && (
        <button type="button" onClick={onRetry}>
          {t('retryButton')}
        </button>
      )}
    </div>
  );
}
