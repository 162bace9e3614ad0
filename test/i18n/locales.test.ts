// @vitest-environment node
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeNotification } from '../../src/discourse/notifications';
import { formatNumber, relativeTime, say, t, tn, uiLocale } from '../../src/messages/i18n';
import { installI18n, loadMessages, type Messages } from './messages';

// Every locale holds every message, with the same placeholders, in the plural forms its language
// has; no message goes unused. A missing, stray or broken translation fails here, not on screen.

const LOCALES = readdirSync('public/_locales');
const en = loadMessages('en');
const PLURAL = /^(.*)_(zero|one|two|few|many|other)$/;

/** A locale's keys with plural forms folded to their base, and the forms each base has. */
function shape(messages: Messages) {
  const plain = new Set<string>();
  const plurals = new Map<string, Set<string>>();
  for (const key of Object.keys(messages)) {
    const match = PLURAL.exec(key);
    // A plural message has English's two forms; `filter_other` alone is just a name.
    if (match && en[`${match[1]}_one`] && en[`${match[1]}_other`]) {
      plurals.set(match[1]!, (plurals.get(match[1]!) ?? new Set()).add(match[2]!));
    } else plain.add(key);
  }
  return { plain, plurals };
}

const placeholdersIn = (message: string) =>
  [...message.matchAll(/\$([A-Za-z0-9_@]+)\$/g)].map((m) => m[1]!.toLowerCase()).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : /\.(ts|tsx)$/.test(entry.name)
        ? [join(dir, entry.name)]
        : [],
  );
}

afterEach(() => installI18n('en'));

describe('locale consistency', () => {
  it('finds the locales: English and Simplified Chinese at least', () => {
    expect(LOCALES).toEqual(expect.arrayContaining(['en', 'zh_CN']));
  });

  it.each(LOCALES.filter((l) => l !== 'en'))(
    '%s has every message English has, no other, in exactly its language’s plural forms',
    (locale) => {
      const messages = loadMessages(locale);
      const mine = shape(messages);
      const base = shape(en);
      expect(
        [...base.plain].filter((key) => !mine.plain.has(key)),
        'missing',
      ).toEqual([]);
      expect(
        [...mine.plain].filter((key) => !base.plain.has(key)),
        'not in English',
      ).toEqual([]);
      const categories = new Intl.PluralRules(messages.intlLocale!.message).resolvedOptions().pluralCategories.sort();
      for (const [key] of base.plurals)
        expect([...(mine.plurals.get(key) ?? [])].sort(), `${key}_*`).toEqual(categories);
      expect(
        [...mine.plurals.keys()].filter((key) => !base.plurals.has(key)),
        'plurals not in English',
      ).toEqual([]);
    },
  );

  it('English has its own plural forms (one, other) for every plural message', () => {
    for (const [key, forms] of shape(en).plurals) expect([...forms].sort(), key).toEqual(['one', 'other']);
  });

  it.each(LOCALES)(
    '%s: every message uses exactly the placeholders English uses, and declares each one it uses',
    (locale) => {
      const messages = loadMessages(locale);
      for (const [key, entry] of Object.entries(messages)) {
        const used = placeholdersIn(entry.message);
        const declared = Object.keys(entry.placeholders ?? {})
          .map((name) => name.toLowerCase())
          .sort();
        expect([...new Set(used)].sort(), `${locale} ${key}: used vs declared`).toEqual(declared);
        const match = PLURAL.exec(key);
        const english = en[key] ?? (match ? en[`${match[1]}_other`] : undefined);
        if (!english) continue;
        expect(used, `${locale} ${key}: placeholders vs English`).toEqual(placeholdersIn(english.message));
        expect(entry.placeholders ?? {}, `${locale} ${key}: placeholder contents`).toEqual(english.placeholders ?? {});
      }
    },
  );

  it('every English message is used: by name in src/ or manifest.json, or by a prefix the code builds names from', () => {
    const source =
      sourceFiles('src')
        .map((file) => readFileSync(file, 'utf8'))
        .join('\n') + readFileSync('manifest.json', 'utf8');
    // `t(\`tab_${name}\`)`, `` `notifLabel_${name}` ``: names built at run time, by their fixed start.
    const prefixes = [...source.matchAll(/`([A-Za-z]+_)\$\{/g)].map((m) => m[1]!);
    const used = (key: string) =>
      source.includes(`'${key}'`) ||
      source.includes(`"${key}"`) ||
      source.includes(`__MSG_${key}__`) ||
      prefixes.some((prefix) => key.startsWith(prefix));
    const unused = Object.keys(en).filter((key) => {
      const base = PLURAL.exec(key)?.[1];
      return key !== 'intlLocale' && !used(key) && !(base && used(base));
    });
    expect(unused).toEqual([]);
  });
});

describe('the background speaks the reader’s language', () => {
  const note = {
    id: 1,
    user_id: 1,
    notification_type: 19,
    read: false,
    high_priority: false,
    created_at: '2026-12-01T10:00:00Z',
    post_number: null,
    topic_id: null,
    slug: null,
    data: { display_username: 'zoe', username: 'zoe', count: 5 },
  };

  it('in zh_CN: notification titles and labels, plural and number forms, relative times', () => {
    installI18n('zh_CN');
    expect(uiLocale()).toBe('zh-CN');
    const view = describeNotification(note as never, { baseUrl: 'https://forum.example', username: 'tess', say });
    expect(view).toMatchObject({ title: '赞了您的 5 个帖子', label: '新赞', actor: 'zoe' });
    expect(tn('skippedTopics', 1)).toBe('1 个话题无法显示：论坛发送的数据格式无法被此扩展读取。');
    expect(t('badgeTitleUnread', 'Meta', formatNumber(12345))).toBe('Meta：12,345 条未读');
    expect(relativeTime('2026-12-01T10:00:00Z', Date.parse('2026-12-01T13:00:00Z'))).toBe('3小时前');
  });

  it('in English: the same through the same keys, with English plural forms', () => {
    const view = describeNotification({ ...note, data: { ...note.data, count: 1 } } as never, {
      baseUrl: 'https://forum.example',
      username: 'tess',
      say,
    });
    expect(view).toMatchObject({ title: 'liked 1 of your posts', label: 'new likes' });
    expect(tn('skippedTopics', 1)).toMatch(/^1 topic could not be shown/);
    expect(tn('skippedTopics', 2)).toMatch(/^2 topics could not be shown/);
    expect(tn('pageHiddenCount', 1200)).toBe('1,200 topics hidden by your filters.');
    expect(relativeTime('2026-12-01T10:00:00Z', Date.parse('2026-12-01T13:00:00Z'))).toBe('3 hr. ago');
  });
});
