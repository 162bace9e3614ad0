// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { login, startForum, type Running } from './support';

/** The HTML pages carry the markup content scripts rely on (MARKUP.md, section named in each test). */
let f: Running;
let cookie: string;
const window = new Window();
beforeAll(async () => {
  f = await startForum({ limits: { limitLoopback: false } });
  cookie = (await login(f, 'tess')).cookie;
});
afterAll(async () => {
  await f.close();
  await window.happyDOM.close();
});

async function page(path: string, signedIn = true) {
  const html = await (await f.get(path, { headers: signedIn ? { Cookie: cookie } : {} })).text();
  return new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
}

describe('MARKUP.md §1 the boot shell', () => {
  it('generator meta, setup data, no base-uri on a root install, CSRF and no html.anon when logged in', async () => {
    const doc = await page('/latest');
    expect(doc.querySelector('meta[name=generator]')!.getAttribute('content')).toMatch(
      /^Discourse \d{4}\.\d+\.\d+-latest/,
    );
    expect(doc.querySelector('meta[name=discourse-base-uri]')).toBeNull();
    expect(doc.querySelector('#data-discourse-setup')!.getAttribute('data-base-uri')).toBe('');
    expect(doc.querySelector('meta[name=csrf-token]')).not.toBeNull();
    expect(doc.documentElement.classList.contains('anon')).toBe(false);
    expect(doc.querySelector('discourse-assets-json > #data-preloaded')).not.toBeNull();
    expect(doc.querySelector('section#main.ember-application #main-outlet')).not.toBeNull();
  });
  it('logged out: html.anon, no CSRF meta, no #current-user', async () => {
    const doc = await page('/latest', false);
    expect(doc.documentElement.classList.contains('anon')).toBe(true);
    expect(doc.querySelector('meta[name=csrf-token]')).toBeNull();
    expect(doc.querySelector('#current-user')).toBeNull();
  });
});

describe('MARKUP.md §2.1 the topic page', () => {
  it('posts are articles with ids, author and post controls; far posts are cloaked without an article', async () => {
    const store = f.forum.store;
    const topic = store.topics.find(
      (t) =>
        store.postsOf(t.id).length > 20 &&
        t.archetype === 'regular' &&
        !store.categoryById(t.categoryId)!.readRestricted,
    )!;
    const doc = await page(`/t/${topic.slug}/${topic.id}`);
    expect(doc.querySelector(`#topic-title h1[data-topic-id="${topic.id}"] a.fancy-title`)!.textContent).toBe(
      topic.title,
    );
    expect(
      doc.querySelector(`section.topic-area#topic[data-topic-id="${topic.id}"] .posts-wrapper .post-stream`),
    ).not.toBeNull();
    const first = store.postsOf(topic.id)[0]!;
    const article = doc.querySelector('.topic-post[data-post-number="1"] > article#post_1')!;
    expect(article.getAttribute('data-post-id')).toBe(String(first.id));
    expect(article.getAttribute('data-topic-id')).toBe(String(topic.id));
    const author = store.userById(first.userId!)!;
    expect(article.querySelector('.names .first.username a[data-user-card]')!.getAttribute('data-user-card')).toBe(
      author.username,
    );
    expect(article.querySelector('.cooked')).not.toBeNull();
    expect(article.querySelector('nav.post-controls .actions button.post-action-menu__reply.btn-flat')).not.toBeNull();
    expect(article.querySelector('nav.post-controls .actions button.post-action-menu__copy-link')).not.toBeNull();
    const cloaked = doc.querySelector('div.post-stream--cloaked[data-post-number]')!;
    expect(cloaked.id).toMatch(/^post_\d+$/);
    expect(cloaked.querySelector('article')).toBeNull();
  });
});

describe('MARKUP.md §3 topic lists, category badges and tags', () => {
  it('rows are tr.topic-list-item[data-topic-id] with title link, new-style badge and tags', async () => {
    const doc = await page('/latest');
    const rows = [
      ...doc.querySelectorAll('table.topic-list > tbody.topic-list-body > tr.topic-list-item[data-topic-id]'),
    ];
    expect(rows.length).toBeGreaterThanOrEqual(20);
    const tagged = rows.find((r) => r.querySelector('.discourse-tags'))!;
    const id = Number(tagged.getAttribute('data-topic-id'));
    const topic = f.forum.store.topicById(id)!;
    expect(tagged.querySelector('td.main-link .link-top-line a.title.raw-link.raw-topic-link')!.textContent).toBe(
      topic.title,
    );
    const badge = tagged.querySelector(
      '.link-bottom-line a.badge-category__wrapper span.badge-category[data-category-id]',
    )!;
    expect(Number(badge.getAttribute('data-category-id'))).toBe(topic.categoryId);
    expect(tagged.querySelector('.badge-category__name')!.textContent).toBe(
      f.forum.store.categoryById(topic.categoryId)!.name,
    );
    expect(
      [...tagged.querySelectorAll('a.discourse-tag[data-tag-name]')].map((a) => a.getAttribute('data-tag-name')),
    ).toEqual(topic.tags);
    for (const tag of topic.tags) expect(tagged.classList.contains(`tag-${tag}`)).toBe(true);
    expect(tagged.querySelector('td.posters a[data-user-card] img.avatar')).not.toBeNull();
  });
  it('a subcategory badge names its parent', async () => {
    const store = f.forum.store;
    const child = store.categories.find(
      (c) => c.parentCategoryId !== null && store.topics.some((t) => t.categoryId === c.id),
    )!;
    const doc = await page(`/c/${child.slug}/${child.id}`);
    const badge = doc.querySelector(`span.badge-category[data-category-id="${child.id}"]`)!;
    expect(badge.getAttribute('data-parent-category-id')).toBe(String(child.parentCategoryId));
    expect(badge.classList.contains('--has-parent')).toBe(true);
  });
});

describe('MARKUP.md §4–§6 header bubble, user card and composer', () => {
  it('exactly one bubble in #toggle-current-user: new PMs first, the unread count otherwise', async () => {
    const doc = await page('/latest');
    const bubbles = doc.querySelectorAll('li#current-user > button#toggle-current-user > a.badge-notification');
    expect(bubbles).toHaveLength(1);
    expect(bubbles[0]!.classList.contains('new-pms')).toBe(true);
    // Read every PM notification: now the plain count shows.
    for (const n of f.forum.store.notifications) if (n.userId === 3 && n.notificationType === 6) n.read = true;
    const after = await page('/latest');
    const count = after.querySelector('#toggle-current-user a.badge-notification.unread-notifications')!;
    expect(Number(count.textContent)).toBe(f.forum.store.unreadCounts(3).all);
  });
  it('old forum: widgets/header.js li#current-user > a.icon, no #toggle-current-user, bubble counts preloaded; post-menu.js reply button', async () => {
    const old = await startForum({ oldForum: true, limits: { limitLoopback: false } });
    try {
      const oldCookie = (await login(old, 'tess')).cookie;
      const html = await (await old.get('/latest', { headers: { Cookie: oldCookie } })).text();
      const doc = new window.DOMParser().parseFromString(html, 'text/html') as unknown as Document;
      expect(
        doc.querySelector('li#current-user.header-dropdown-toggle.current-user > a.icon > img.avatar'),
      ).not.toBeNull();
      expect(doc.querySelector('#toggle-current-user')).toBeNull();
      const topic = old.forum.store.topics.find((t) => old.forum.store.postsOf(t.id).length > 1)!;
      const topicHtml = await (
        await old.get(`/t/${topic.slug}/${topic.id}`, { headers: { Cookie: oldCookie } })
      ).text();
      const topicDoc = new window.DOMParser().parseFromString(topicHtml, 'text/html') as unknown as Document;
      const reply = topicDoc.querySelector('article#post_1 nav.post-controls .actions button.reply.create.fade-out')!;
      expect(reply.classList.contains('post-action-menu__reply')).toBe(false);
      expect(topicDoc.querySelector('[data-post-number]')).toBeNull();
      const preloaded = JSON.parse(doc.querySelector<HTMLElement>('#data-preloaded')!.dataset.preloaded!);
      const me = JSON.parse(preloaded.currentUser);
      const counts = old.forum.store.unreadCounts(me.id);
      expect(me).toMatchObject({
        unread_notifications: counts.regular,
        unread_high_priority_notifications: counts.highPriority,
      });
    } finally {
      await old.close();
    }
  });
  it('#user-card and #reply-control.closed are always in the DOM', async () => {
    const doc = await page('/latest');
    expect(doc.querySelector('#user-card')).not.toBeNull();
    expect(doc.querySelector('#reply-control.closed')).not.toBeNull();
  });
});

describe('MARKUP.md §8 User API key pages', () => {
  it('the activate page asks for the code', async () => {
    const doc = await page('/user-api-key/activate');
    expect(doc.querySelector('.authorize-api-key form.authorize-api-key__code-form input[name=code]')).not.toBeNull();
  });
});
