import { explain } from '../ui/errorSteps';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { ask } from '../ui/background';
import { t, type MessageKey } from '../ui/i18n';

type SettingsView = {
  badge: 'all' | 'high_priority';
  desktop: { enabled: boolean; types: string[]; quietWhenForumOpen: boolean };
};

import { NOTIFICATION_GROUPS } from '../discourse/notificationGroups';

/** What the badge counts and which notifications reach the desktop (opt-in, per type). */
export function NotificationSettings() {
  const [settings, setSettings] = useState<SettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void ask({ type: 'settings.get' }).then((result) =>
      result.ok ? setSettings(result.data) : setError(explain(result.error)),
    );
  }, []);
  if (!settings) return error ? <p class="error">{error}</p> : null;

  async function save(change: Partial<SettingsView>) {
    const result = await ask({ type: 'settings.set', settings: change });
    if (result.ok) setSettings(result.data);
    else setError(explain(result.error));
  }

  async function toggleDesktop(enabled: boolean) {
    // The permission is optional and asked for from this click.
    if (enabled && !(await browser.permissions.request({ permissions: ['notifications'] }))) return;
    await save({ desktop: { ...settings!.desktop, enabled } });
  }

  return (
    <div class="notification-settings">
      <label>
        {t('badgeCountsLabel')}{' '}
        <select
          name="badge-mode"
          value={settings.badge}
          onChange={(e) => save({ badge: e.currentTarget.value as SettingsView['badge'] })}
        >
          <option value="all">{t('badgeAll')}</option>
          <option value="high_priority">{t('badgeHighPriority')}</option>
        </select>
      </label>
      <label class="check">
        <input
          type="checkbox"
          name="desktop-enabled"
          checked={settings.desktop.enabled}
          onChange={(e) => toggleDesktop(e.currentTarget.checked)}
        />{' '}
        {t('desktopEnabled')}
      </label>
      <fieldset disabled={!settings.desktop.enabled}>
        <legend>{t('desktopTypes')}</legend>
        {NOTIFICATION_GROUPS.map((type) => (
          <label class="check" key={type}>
            <input
              type="checkbox"
              name={`type-${type}`}
              checked={settings.desktop.types.includes(type)}
              onChange={(e) =>
                save({
                  desktop: {
                    ...settings.desktop,
                    types: e.currentTarget.checked
                      ? [...settings.desktop.types, type]
                      : settings.desktop.types.filter((x) => x !== type),
                  },
                })
              }
            />{' '}
            {t(`group_${type}` as MessageKey)}
          </label>
        ))}
        <label class="check">
          <input
            type="checkbox"
            name="quiet"
            checked={settings.desktop.quietWhenForumOpen}
            onChange={(e) => save({ desktop: { ...settings.desktop, quietWhenForumOpen: e.currentTarget.checked } })}
          />{' '}
          {t('quietWhenOpen')}
        </label>
      </fieldset>
    </div>
  );
}
