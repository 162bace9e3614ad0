import type en from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof en;

interface I18n {
  getMessage(key: string, substitutions?: string[]): string;
}

/**
 * Every UI string goes through here, so a missing translation key is a type error, not a blank.
 * `i18n.getMessage` is synchronous and the same in both browsers, so no polyfill is needed, and
 * outside an extension (unit tests) the key itself comes back.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  const scope = globalThis as unknown as { browser?: { i18n?: I18n }; chrome?: { i18n?: I18n } };
  const i18n = scope.browser?.i18n ?? scope.chrome?.i18n;
  return i18n?.getMessage(key, substitutions.map(String)) || key;
}
