import { explain } from '../ui/errorSteps';
import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { ForumUrlError, normalizeForumUrl, originPattern } from '../discourse/forumUrl';
import type { ConnectState } from '../messages/protocol';
import { ask } from '../ui/background';
import { t } from '../ui/i18n';

/**
 * Adds a forum: asks the browser for the forum's host permission from this click, then lets the
 * background pick the flow. Shows the device code prominently, and a paste box as a last resort.
 */
export function ConnectForm({
  onConnected,
  initialUrl = '',
  autoStart = false,
}: {
  onConnected: () => void;
  initialUrl?: string;
  autoStart?: boolean;
}) {
  const [url, setUrl] = useState(initialUrl);
  const [allowsRedirect, setAllowsRedirect] = useState(false);
  const [readOnly, setReadOnly] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [flow, setFlow] = useState<ConnectState | null>(null);
  const [paste, setPaste] = useState('');
  const timer = useRef<number | null>(null);

  useEffect(() => setUrl(initialUrl), [initialUrl]);
  // From the popup's "Connect this forum": the permission was granted there, by that click.
  useEffect(() => {
    if (!autoStart || !initialUrl) return;
    void browser.permissions.contains({ origins: [originPattern(normalizeForumUrl(initialUrl))] }).then((granted) => {
      if (granted) void start(normalizeForumUrl(initialUrl));
    });
  }, [autoStart, initialUrl]);
  useEffect(() => () => void (timer.current && clearInterval(timer.current)), []);

  function follow(state: ConnectState) {
    setFlow(state);
    if (timer.current) clearInterval(timer.current);
    if (state.state !== 'waiting') {
      if (state.state === 'connected') onConnected();
      return;
    }
    // The background polls the forum at the forum's own interval; this only asks how it went.
    timer.current = window.setInterval(async () => {
      const result = await ask({ type: 'connect.status', flowId: state.flowId });
      if (!result.ok) {
        clearInterval(timer.current!);
        setError(explain(result.error));
        return;
      }
      setFlow(result.data);
      if (result.data.state !== 'waiting') {
        clearInterval(timer.current!);
        if (result.data.state === 'connected') onConnected();
      }
    }, 1000);
  }

  async function submit(event: Event) {
    event.preventDefault();
    setError(null);
    setFlow(null);
    let baseUrl: string;
    try {
      baseUrl = normalizeForumUrl(url);
    } catch (problem) {
      setError(problem instanceof ForumUrlError ? problem.message : String(problem));
      return;
    }
    // Must be the first thing in the click: the browser only shows its prompt during a user gesture.
    const granted = await browser.permissions.request({ origins: [originPattern(baseUrl)] });
    if (!granted) {
      setError(t('permissionDenied', new URL(baseUrl).host));
      return;
    }
    await start(baseUrl);
  }

  async function start(baseUrl: string) {
    setBusy(true);
    const result = await ask({ type: 'connect.start', url: baseUrl, allowsRedirect, readOnly });
    setBusy(false);
    if (!result.ok) setError(explain(result.error));
    else follow(result.data);
  }

  async function submitPaste(event: Event) {
    event.preventDefault();
    if (!flow) return;
    const result = await ask({ type: 'connect.paste', flowId: flow.flowId, payload: paste });
    if (!result.ok) setError(explain(result.error));
    else follow(result.data);
  }

  async function cancel() {
    if (flow) await ask({ type: 'connect.cancel', flowId: flow.flowId });
    if (timer.current) clearInterval(timer.current);
    setFlow(null);
  }

  return (
    <div class="connect-form">
      <h3>{t('addForumHeading')}</h3>
      <form onSubmit={submit}>
        <label>
          {t('forumAddressLabel')}{' '}
          <input
            name="forum-url"
            type="text"
            inputMode="url"
            value={url}
            placeholder={t('forumAddressPlaceholder')}
            onInput={(e) => setUrl(e.currentTarget.value)}
            required
          />
        </label>
        <label class="check">
          <input
            name="allows-redirect"
            type="checkbox"
            checked={allowsRedirect}
            onChange={(e) => setAllowsRedirect(e.currentTarget.checked)}
          />{' '}
          {t('allowsRedirectLabel')}
        </label>
        <label class="check">
          <input
            name="read-only"
            type="checkbox"
            checked={readOnly}
            onChange={(e) => setReadOnly(e.currentTarget.checked)}
          />{' '}
          {t('readOnlyLabel')}
        </label>
        <button class="primary" type="submit" disabled={busy || flow?.state === 'waiting'}>
          {busy ? t('connecting') : t('connectButton')}
        </button>
      </form>
      {error && (
        <p class="error" role="alert" data-testid="connect-error">
          {error}
        </p>
      )}
      {flow && (
        <div class="flow" data-testid="connect-flow" data-state={flow.state} data-method={flow.method}>
          {flow.userCode && flow.state === 'waiting' && (
            <div class="device-code">
              <p>{t('deviceCodeIntro', flow.title)}</p>
              <p class="user-code" data-testid="user-code" aria-live="polite">
                {flow.userCode}
              </p>
              {flow.verificationUrl && (
                <a href={flow.verificationUrl} target="_blank" rel="noreferrer">
                  {t('openApprovalPage')}
                </a>
              )}
            </div>
          )}
          {flow.message && (
            <p
              role="status"
              data-testid="connect-message"
              class={flow.state === 'failed' ? 'error' : flow.state === 'connected' ? 'ok' : ''}
            >
              {flow.message}
            </p>
          )}
          {flow.state === 'waiting' && (flow.method === 'no_redirect' || flow.method === 'paste') && (
            <form class="paste" onSubmit={submitPaste}>
              <h4>{t('pasteHeading')}</h4>
              {flow.authUrl && (
                <a href={flow.authUrl} target="_blank" rel="noreferrer">
                  {t('openApprovalPage')}
                </a>
              )}
              <label>
                {t('pasteLabel')}
                <textarea name="payload" rows={4} value={paste} onInput={(e) => setPaste(e.currentTarget.value)} />
              </label>
              <button type="submit">{t('pasteButton')}</button>
            </form>
          )}
          {flow.state === 'waiting' && (
            <button type="button" onClick={cancel}>
              {t('cancelButton')}
            </button>
          )}
        </div>
      )}
    </div>
  );
}
