import browser from 'webextension-polyfill';
import { z } from 'zod';
import { notificationGroup } from '../discourse/notifications';
import type { KeyValueStore } from '../discourse/ports';
import { valueAt } from './storageItem';

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

/** `storage.sync`, read as empty where sync is unavailable (the defaults stand then). */
const syncArea: KeyValueStore = {
  get: async (key) => ((await browser.storage.sync.get(key).catch(() => ({}))) as Record<string, unknown>)[key],
  set: (key, value) => browser.storage.sync.set({ [key]: value }),
};
const stored = valueAt(syncArea, 'settings', (value) =>
  settingsSchema.parse({ ...defaultSettings, ...(typeof value === 'object' && value ? value : {}) }),
);

export function loadSettings(): Promise<Settings> {
  return stored.get();
}

export async function saveSettings(change: Partial<Settings>): Promise<Settings> {
  const next = settingsSchema.parse({ ...(await loadSettings()), ...change });
  await stored.set(next);
  return next;
}
