import { extensionApi } from '../messages/extensionApi';
import { t } from '../ui/i18n';

/**
 * No forum connected yet: what the extension does, in three lines, and the one thing to do next.
 * (A Discourse tab in front gets its own "Connect" button above this, from ConnectThisForum.)
 */
export function FirstRun() {
  return (
    <section class="first-run" aria-labelledby="first-run-title" data-testid="first-run">
      <h2 id="first-run-title">{t('firstRunTitle')}</h2>
      <ul>
        <li>{t('firstRunInbox')}</li>
        <li>{t('firstRunWrite')}</li>
        <li>{t('firstRunPages')}</li>
      </ul>
      <button
        type="button"
        class="primary"
        data-testid="first-run-connect"
        onClick={() =>
          void extensionApi()
            .runtime.openOptionsPage()
            .then(() => window.close())
        }
      >
        {t('firstRunConnect')}
      </button>
      <p class="muted">{t('firstRunPrivacy')}</p>
    </section>
  );
}
