import { useEffect, useState } from 'preact/hooks';
import { ask } from '../ui/background';
import { ConnectionCheck } from '../ui/ConnectionCheck';
import { ForumsSection } from './ForumsSection';
import { NotificationSettings } from './NotificationSettings';
import { UserDataSection } from './UserDataSection';
import type { ForumView } from '../messages/protocol';
import { t } from '../ui/i18n';
import type { Response } from '../messages/protocol';

/**
 * Firefox's redirect URL comes from the gecko id (the SHA-1 of the id), the same on every install.
 * Chrome's comes from the extension id, which the Chrome Web Store assigns: it is read at run time
 * (`identity.getRedirectURL()`), never written down here.
 */
export const FIREFOX_REDIRECT_URL = 'https://e037d907703b0d703b5bdf94dc3e0dc71a62450a.extensions.allizom.org/';

export function Options() {
  const [about, setAbout] = useState<Response<'about'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [forums, setForums] = useState<ForumView[]>([]);

  useEffect(() => {
    void ask({ type: 'forums.list' }).then((result) => result.ok && setForums(result.data.forums));
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
        <h2>{t('userDataHeading')}</h2>
        <UserDataSection forums={forums} />
      </section>
      <section>
        <h2>{t('notificationsSettingsHeading')}</h2>
        <NotificationSettings />
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
        <h3>{t('redirectUrlsHeading')}</h3>
        {about && (
          <>
            <dl>
              <dt>{t('chromeLabel')}</dt>
              <dd>{about.browser === 'chrome' ? <code>{about.redirectUrl}</code> : <span class="muted">{t('chromeRedirectElsewhere')}</span>}</dd>
              <dt>{t('firefoxLabel')}</dt>
              <dd><code>{FIREFOX_REDIRECT_URL}</code></dd>
            </dl>
            <p class="muted">{t('redirectUrlsHelp')}</p>
            <code data-testid="allowlist-value">{about.browser === 'chrome' ? `${about.redirectUrl}|${FIREFOX_REDIRECT_URL}` : FIREFOX_REDIRECT_URL}</code>
          </>
        )}
        <ConnectionCheck />
      </section>
    </main>
  );
}
