import type en from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof en;
/** A message with plural forms: `${base}_one`, `${base}_other`, … (the categories of each locale). */
export type PluralKey = { [K in MessageKey]: K extends `${infer Base}_other` ? Base : never }[MessageKey];

interface I18n {
  getMessage(key: string, substitutions?: string[]): string;
}

function i18n(): I18n | undefined {
  const scope = globalThis as unknown as { browser?: { i18n?: I18n }; chrome?: { i18n?: I18n } };
  return scope.browser?.i18n ?? scope.chrome?.i18n;
}

/**
 * Every string the user reads goes through here (pages, content scripts and the background), so a
 * missing key is a type error, not a blank. `i18n.getMessage` is synchronous and the same in both
 * browsers, and answers in the language of the browser when the extension has it (else English).
 * Outside an extension (unit tests without their stand-in) the key itself comes back.
 */
export function t(key: MessageKey, ...substitutions: (string | number)[]): string {
  return i18n()?.getMessage(key, substitutions.map(String)) || key;
}

/**
 * The language the messages are in: each locale's messages.json names itself (`intlLocale`), so
 * numbers, plurals, times and dates follow the words on screen, not the system's other settings
 * (a French browser gets English messages and English number formatting).
 */
export function uiLocale(): string {
  const api = i18n();
  if (!api) return 'en';
  // Asked once per translation API (a popup paints dozens of rows, each with a time).
  let named = locales.get(api);
  if (named === undefined) locales.set(api, (named = api.getMessage('intlLocale') || 'en'));
  return named;
}
const locales = new WeakMap<I18n, string>();

/** One formatter per locale and kind: building an Intl formatter costs more than using it. */
const formatters = new Map<string, Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.PluralRules>();
function formatter<T extends Intl.NumberFormat | Intl.RelativeTimeFormat | Intl.PluralRules>(
  kind: string,
  make: (locale: string) => T,
): T {
  const locale = uiLocale();
  const key = `${kind}:${locale}`;
  let made = formatters.get(key) as T | undefined;
  if (!made) formatters.set(key, (made = make(locale)));
  return made;
}

/** A count in words: the locale's plural category picks the message; the number is formatted for it. */
export function tn(key: PluralKey, count: number, ...substitutions: (string | number)[]): string {
  const category = formatter('plural', (locale) => new Intl.PluralRules(locale)).select(count);
  const formatted = formatNumber(count);
  const message = i18n()?.getMessage(`${key}_${category}`, [formatted, ...substitutions.map(String)]);
  return message || t(`${key}_other` as MessageKey, formatted, ...substitutions);
}

export const formatNumber = (value: number): string =>
  formatter('number', (locale) => new Intl.NumberFormat(locale)).format(value);

/** A time of day, as the locale writes it ("2:05:09 PM", "14:05:09"). */
export const formatTime = (ms: number): string => new Date(ms).toLocaleTimeString(uiLocale());

/** A date and time, as the locale writes it. */
export const formatDateTime = (ms: number): string =>
  new Date(ms).toLocaleString(uiLocale(), { dateStyle: 'medium', timeStyle: 'short' });

/** "3 min. ago", "3分钟前": how long ago `iso` was, in the largest unit that fits. */
export function relativeTime(iso: string, now = Date.now()): string {
  const seconds = Math.round((now - Date.parse(iso)) / 1000);
  const format = formatter(
    'relative',
    (locale) => new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'short' }),
  );
  if (Math.abs(seconds) < 60) return format.format(-seconds, 'second');
  if (Math.abs(seconds) < 3600) return format.format(-Math.round(seconds / 60), 'minute');
  if (Math.abs(seconds) < 86_400) return format.format(-Math.round(seconds / 3600), 'hour');
  return format.format(-Math.round(seconds / 86_400), 'day');
}

/**
 * `t` and `tn` as one function, for code that must not reach the extension itself (src/discourse
 * takes it as a port). "" for a key the locale lacks, so the caller can fall back.
 */
export function say(key: MessageKey, args?: (string | number)[]): string;
export function say(key: PluralKey, args: (string | number)[], count: number): string;
export function say(key: string, args: (string | number)[] = [], count?: number): string {
  if (count !== undefined) return tn(key as PluralKey, count, ...args);
  return i18n()?.getMessage(key, args.map(String)) ?? '';
}
