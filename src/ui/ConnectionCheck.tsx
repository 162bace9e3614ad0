import { useState } from 'preact/hooks';
import { ask } from './background';
import { t } from './i18n';

type State =
  | { kind: 'idle' }
  | { kind: 'checking' }
  | { kind: 'ok'; ms: number; version: string }
  | { kind: 'failed'; reason: string };

/** Asks the background to answer a ping and says how long it took: the first thing to try when something seems stuck. */
export function ConnectionCheck() {
  const [state, setState] = useState<State>({ kind: 'idle' });

  async function check() {
    setState({ kind: 'checking' });
    const sentAt = Date.now();
    const result = await ask({ type: 'ping', sentAt });
    setState(
      result.ok
        ? { kind: 'ok', ms: Date.now() - sentAt, version: result.data.version }
        : { kind: 'failed', reason: result.error.message },
    );
  }

  return (
    <div class="connection-check">
      <button type="button" onClick={check} disabled={state.kind === 'checking'}>
        {t('checkConnection')}
      </button>{' '}
      <span
        role="status"
        data-testid="connection-status"
        class={state.kind === 'failed' ? 'error' : state.kind === 'ok' ? 'ok' : 'muted'}
      >
        {state.kind === 'checking' && t('checking')}
        {state.kind === 'ok' && t('backgroundAnswered', state.ms, state.version)}
        {state.kind === 'failed' && t('backgroundFailed', state.reason)}
      </span>
    </div>
  );
}
