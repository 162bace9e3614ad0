import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { ForumView } from '../messages/protocol';
import { ask } from '../ui/background';
import { ConnectionCheck } from '../ui/ConnectionCheck';
import { t } from '../ui/i18n';
import { ConnectThisForum } from './ConnectThisForum';

export function Popup() {
  const [forums, setForums] = useState<ForumView[]>([]);
  useEffect(() => {
    void ask({ type: 'forums.list' }).then((result) => result.ok && setForums(result.data.forums));
  }, []);

  return (
    <main class="popup">
      <header>
        <h1>{t('popupTitle')}</h1>
        <a href="#" onClick={(event) => { event.preventDefault(); void browser.runtime.openOptionsPage(); }}>
          {t('openOptions')}
        </a>
      </header>
      <ConnectThisForum forums={forums} />
      {forums.length === 0 && <p class="muted">{t('noForumsYet')}</p>}
      <ConnectionCheck />
    </main>
  );
}
