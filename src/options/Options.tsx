import { explain } from '../ui/errorSteps';
import { useEffect, useState } from 'preact/hooks';
import { ask } from '../ui/background';
import { ConnectionCheck } from '../ui/ConnectionCheck';
import { ForumsSection } from './ForumsSection';
import { NotificationSettings } from './NotificationSettings';
import { UserDataSection } from './UserDataSection';
import type { ForumView } from '../messages/protocol';
import { t, type MessageKey } from '../ui/i18n';
import type { ComponentChildren } from 'preact';
import type { MessageReply } from '../messages/protocol';

/**
 * Firefox's redirect URL comes from the gecko id (the SHA-1 of the id), the same on every install.
 * Chrome's comes from the extension id, which the Chrome Web Store assigns: it is read at run time
 * (`identity.getRedirectURL()`), never written down here.
 */
export const FIREFOX_REDIRECT_URL = 'https://e037d907703b0d703b5bdf94dc3e0dc71a62450a.extensions.allizom.org/';

export function Options() {
  const [about, setAbout] = useState<MessageReply<'about'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [forums, setForums] = useState<ForumView[]>([]);

  useEffect(() => {
    void ask({ type: 'forums.list' }).then((result) => result.ok && setForums(result.data.forums));
    void ask({ type: 'about' }).then((result) => (result.ok ? setAbout(result.data) : setError(explain(result.error))));
  }, []);

  return (
    <div class="options-layout">
      <nav class="section-index" aria-label={t('sectionIndexLabel')}>
        {SECTIONS.map(([id, heading]) => (
          <a key={id} href={`#${id}`}>
            {t(heading)}
          </a>
        ))}
      </nav>
      <main class="options">
        <h1>{t('optionsTitle')}</h1>
        <Card id="forums" heading="forumsHeading" intro="forumsIntro">
          <ForumsSection />
          <p>
            <a href="../popup/index.html" data-testid="open-inbox">
              {t('openInbox')}
            </a>
          </p>
        </Card>
        <Card id="page-tools" heading="userDataHeading" intro="userDataIntro">
          <UserDataSection forums={forums} />
        </Card>
        <Card id="notifications" heading="notificationsSettingsHeading" intro="notificationsIntro">
          <NotificationSettings />
        </Card>
        <Card id="about" heading="aboutHeading" intro="aboutIntro">
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
                <dd>
                  {about.browser === 'chrome' ? (
                    <code>{about.redirectUrl}</code>
                  ) : (
                    <span class="muted">{t('chromeRedirectElsewhere')}</span>
                  )}
                </dd>
                <dt>{t('firefoxLabel')}</dt>
                <dd>
                  <code>{FIREFOX_REDIRECT_URL}</code>
                </dd>
              </dl>
              <p class="muted">{t('redirectUrlsHelp')}</p>
              <code data-testid="allowlist-value">
                {about.browser === 'chrome' ? `${about.redirectUrl}|${FIREFOX_REDIRECT_URL}` : FIREFOX_REDIRECT_URL}
              </code>
            </>
          )}
          <ConnectionCheck />
        </Card>
      </main>
    </div>
  );
}

/** The page's sections, in order: the index on wide screens links to each. */
const SECTIONS: [string, MessageKey][] = [
  ['forums', 'forumsHeading'],
  ['page-tools', 'userDataHeading'],
  ['notifications', 'notificationsSettingsHeading'],
  ['about', 'aboutHeading'],
];

/** A section as a card: its heading, one sentence on what it is for, then its settings. */
function Card({
  id,
  heading,
  intro,
  children,
}: {
  id: string;
  heading: MessageKey;
  intro: MessageKey;
  children: ComponentChildren;
}) {
  return (
    <section class="card" id={id} aria-labelledby={`${id}-heading`}>
      <header>
        <h2 id={`${id}-heading`}>{t(heading)}</h2>
        <p class="muted">{t(intro)}</p>
      </header>
      {children}
    </section>
  );
}
