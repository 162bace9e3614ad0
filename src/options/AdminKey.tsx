import { explain } from '../ui/errorSteps';
import { useState } from 'preact/hooks';
import type { ForumView } from '../messages/protocol';
import { ask } from '../ui/background';
import { t } from '../ui/i18n';

/** Admin mode for one forum: the admin key, and minting a User API key for another account (FACTS.md §7). */
export function AdminKey({ forum, onChange }: { forum: ForumView; onChange: () => void }) {
  const [key, setKey] = useState('');
  const [username, setUsername] = useState('');
  const [mintFor, setMintFor] = useState('');
  const [minted, setMinted] = useState<{ username: string; key: string } | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  async function save(event: Event, remove = false) {
    event.preventDefault();
    const result = await ask({ type: 'forums.setAdminKey', forumId: forum.id, key: remove ? '' : key, username });
    setMessage(result.ok ? { text: t('adminKeySaved'), error: false } : { text: explain(result.error), error: true });
    if (result.ok) {
      setKey('');
      onChange();
    }
  }

  async function mint(event: Event) {
    event.preventDefault();
    setMinted(null);
    const result = await ask({ type: 'forums.mintUserKey', forumId: forum.id, username: mintFor });
    if (result.ok) setMinted({ username: result.data.username, key: result.data.key });
    else setMessage({ text: explain(result.error), error: true });
  }

  return (
    <details class="admin-key">
      <summary>{t('adminHeading')}</summary>
      <p class="muted">{t('adminHelp')}</p>
      <form onSubmit={save}>
        <label>
          {t('adminKeyLabel')}{' '}
          <input
            type="password"
            name="admin-key"
            autoComplete="off"
            value={key}
            onInput={(e) => setKey(e.currentTarget.value)}
            required
          />
        </label>
        <label>
          {t('adminUsernameLabel')}{' '}
          <input
            type="text"
            name="admin-username"
            value={username}
            onInput={(e) => setUsername(e.currentTarget.value)}
            required
          />
        </label>
        <button type="submit">{t('saveButton')}</button>
        {forum.hasAdminKey && (
          <button type="button" onClick={(e) => save(e, true)}>
            {t('removeAdminKey')}
          </button>
        )}
      </form>
      {message && (
        <p class={message.error ? 'error' : 'ok'} role="status" data-testid="admin-message">
          {message.text}
        </p>
      )}
      {forum.hasAdminKey && (
        <form onSubmit={mint}>
          <h4>{t('mintHeading')}</h4>
          <label>
            {t('mintUsernameLabel')}{' '}
            <input
              type="text"
              name="mint-username"
              value={mintFor}
              onInput={(e) => setMintFor(e.currentTarget.value)}
              required
            />
          </label>
          <button type="submit">{t('mintButton')}</button>
        </form>
      )}
      {minted && (
        <div class="minted" data-testid="minted-key">
          <p>{t('mintedKey', minted.username)}</p>
          <code>{minted.key}</code>
        </div>
      )}
    </details>
  );
}
