import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** One locale's messages.json, as the browser reads it (tests run from the repository's root). */
export type Messages = Record<
  string,
  { message: string; description?: string; placeholders?: Record<string, { content: string; example?: string }> }
>;

export function loadMessages(locale: string): Messages {
  return JSON.parse(readFileSync(resolve(`public/_locales/${locale}/messages.json`), 'utf8')) as Messages;
}

/**
 * `i18n.getMessage` as Chrome and Firefox implement it: `$NAME$` placeholders (case-insensitive)
 * take their `content`, `$1`…`$9` take the substitutions, `$$` is a dollar sign; an unknown key is "".
 */
export function getMessage(messages: Messages, key: string, substitutions: string[] = []): string {
  const entry = messages[key];
  if (!entry) return '';
  const placeholders = Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
  );
  const fill = (text: string) => text.replace(/\$(\d)/g, (_, n: string) => substitutions[Number(n) - 1] ?? '');
  return entry.message.replace(/\$\$|\$([A-Za-z0-9_@]+)\$|\$(\d)/g, (match, name?: string, digit?: string) => {
    if (match === '$$') return '$';
    if (name) return fill(placeholders[name.toLowerCase()] ?? '');
    return substitutions[Number(digit) - 1] ?? '';
  });
}

/** Installs a stand-in for the extension's `i18n` in a test's global scope, for `locale`. */
export function installI18n(locale = 'en'): void {
  const messages = loadMessages(locale);
  const scope = globalThis as unknown as { chrome?: Record<string, unknown> };
  scope.chrome = {
    ...(scope.chrome ?? {}),
    i18n: {
      getMessage: (key: string, subs?: string[]) => getMessage(messages, key, subs ?? []),
      getUILanguage: () => locale.replace('_', '-'),
    },
  };
}
