import browser from 'webextension-polyfill';
import { z } from 'zod';
import { notificationGroup } from '../discourse/notifications';

/**
 * User settings: no secrets, so they live in `storage.sync` and follow the user across browsers
 * (within sync's quotas: one small item). Every read is validated; a damaged or older value
 * falls back to defaults field by field.
 */
export const settingsSchema = z.object({
  badge: z.enum(['all', 'high_priority']).catch('all'),
  desktop: z
    .object({
      enabled: z.boolean().catch(false),
      /** Groups of src/discourse/notifications.ts (older settings held type names: read as their groups). */
      types: z
        .array(z.string())
        .transform((names) => [...new Set(names.map(notificationGroup))])
        .catch(['mentions', 'replies', 'messages']),
      quietWhenForumOpen: z.boolean().catch(true),
    })
    .catch({ enabled: false, types: ['mentions', 'replies', 'messages'], quietWhenForumOpen: true }),
});
export type Settings = z.infer<typeof settingsSchema>;

export const defaultSettings: Settings = settingsSchema.parse({ badge: undefined, desktop: {} });

const KEY = 'settings';

export async function loadSettings(): Promise<Settings> {
  const stored = ((await browser.storage.sync.get(KEY).catch(() => ({}))) as Record<string, unknown>)[KEY];
  return settingsSchema.parse({ ...defaultSettings, ...(typeof stored === 'object' && stored ? stored : {}) });
}

export async function saveSettings(change: Partial<Settings>): Promise<Settings> {
  const next = settingsSchema.parse({ ...(await loadSettings()), ...change });
  await browser.storage.sync.set({ [KEY]: next });
  return next;
}
