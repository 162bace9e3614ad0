import { useEffect, useState } from 'preact/hooks';
import { ask } from '../ui/background';
import { ConnectionCheck } from '../ui/ConnectionCheck';
import { ForumsSection } from './ForumsSection';
import { t } from '../ui/i18n';
import type { Response } from '../messages/protocol';

export function Options() {
  const [about, setAbout] = useState<Response<'about'> | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void ask({ type: 'about' }).then((result) => (result.ok ? setAbout(result.data) : setError(result.error.message)));
  }, []);

  return (
    <main class="options">
      <h1>{t('optionsTitle')}</h1>
      <section>
        <h2>{t('forumsHeading')}</h2>
        <ForumsSection />
        <p>
          <a href="../popup/index.html" data-testid="open-inbox">{t('openInbox')}</a>
        </p>
      </section>
      <section>
        <h2>{t('aboutHeading')}</h2>
        {error && <p class="error">{error}</p>}
        {about && (
          <dl>
            <dt>{t('versionLabel')}</dt>
            <dd data-testid="version">{about.version}</dd>
            <dt>{t('redirectUrlLabel')}</dt>
            <dd>
              <code data-testid="redirect-url">{about.redirectUrl}</code>
              <div class="muted">{t('redirectUrlHelp')}</div>
            </dd>
          </dl>
        )}
        <ConnectionCheck />
      </section>
    </main>
  );
}
