import { DiscourseError, said } from '../discourse/errors';
import { applyOverrides } from './rateLimitOverrides';
import { registry } from './services';
import { loadSettings, saveSettings, type Settings } from './settings';
import { dataError, describeIssue, exportSchema, loadUserData, saveUserData, type UserData } from './userData';

/** The export file: settings and the user's data, never keys. */
export async function exportSettings() {
  const file = {
    format: 'discourse-companion-settings',
    version: 1,
    exportedAt: new Date().toISOString(),
    settings: await loadSettings(),
    data: await loadUserData(),
  };
  return { text: JSON.stringify(file, null, 2) };
}

export async function importSettings(text: string): Promise<UserData> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DiscourseError('Validation', said('errorImportNotJson'));
  }
  const parsed = exportSchema.safeParse(json);
  if (!parsed.success) throw new DiscourseError('Validation', said('errorImportNotOurs', describeIssue(parsed.error)));
  await saveSettings(parsed.data.settings as Partial<Settings>);
  return saveData(parsed.data.data);
}

/** Saves some kinds of the user's data and applies the per-forum limits at once. */
export async function saveData(change: Partial<UserData>): Promise<UserData> {
  const data = await saveUserData(change).catch(dataError);
  await applyOverrides(registry, data);
  return data;
}
