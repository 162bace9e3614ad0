import browser from 'webextension-polyfill';
import { ConnectionCheck } from '../ui/ConnectionCheck';
import { t } from '../ui/i18n';

export function Popup() {
  return (
    <main class="popup">
      <header>
        <h1>{t('popupTitle')}</h1>
        <a href="#" onClick={(event) => { event.preventDefault(); void browser.runtime.openOptionsPage(); }}>
          {t('openOptions')}
        </a>
      </header>
      <p class="muted">{t('noForumsYet')}</p>
      <ConnectionCheck />
    </main>
  );
}
