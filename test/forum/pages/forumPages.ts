import type { Ctx } from '../forum';
import { categoryUrl } from '../serializers/site';
import { topicState } from '../serializers/topicLists';
import { authorOf, avatarTemplate } from '../serializers/users';
import { fancyTitle } from '../fancyTitle';
import { escapeHtml as e } from '../cooking';
import type { Category, Post, Topic } from '../records';
import { layout } from './layout';

/**
 * Rendered pages as Discourse's Glimmer components leave the DOM, for what content scripts touch.
 * Each block names the template it mirrors (MARKUP.md §2–§3).
 */

/** frontend/discourse/app/helpers/category-link.js (MARKUP.md §3.2) */
export function categoryBadge(ctx: Ctx, category: Category): string {
  const store = ctx.forum.store;
  const parent = category.parentCategoryId ? store.categoryById(category.parentCategoryId) : undefined;
  return `<a class="badge-category__wrapper " style="--category-badge-color: #${e(category.color)}; --category-badge-text-color: #${e(category.textColor)};" href="${ctx.forum.settings.subfolder}${categoryUrl(store, category)}"><span data-category-id="${category.id}"${parent ? ` data-parent-category-id="${parent.id}"` : ''} data-drop-close="true" class="badge-category${category.readRestricted ? ' restricted' : ''}${parent ? ' --has-parent' : ''} --style-square" title="${e(category.description)}"><span class="badge-category__name" dir="auto">${e(category.name)}</span></span></a>`;
}

/** frontend/discourse/app/lib/render-tags.js (MARKUP.md §3.3) */
export function tagsHtml(ctx: Ctx, tags: string[]): string {
  if (!tags.length) return '';
  const base = ctx.forum.settings.subfolder;
  const links = tags.map(
    (tag) =>
      `<a href='${base}/tag/${encodeURIComponent(tag)}' data-tag-name=${e(tag.toLowerCase())} class='discourse-tag simple'>${e(tag)}</a>`,
  );
  return `<div class='discourse-tags' role='list' aria-label=Tags>${links.join('<span class="discourse-tags__tag-separator">,</span>')}</div>`;
}

/** components/topic-list/list.gjs + item.gjs (MARKUP.md §3.1) */
export function topicListPage(ctx: Ctx, title: string, topics: Topic[], activeFilter: string): string {
  const { store, settings } = ctx.forum;
  const base = settings.subfolder;
  const rows = topics.map((topic) => {
    const category = store.categoryById(topic.categoryId);
    const state = topicState(store, topic, ctx.user);
    const posts = store.postsOf(topic.id);
    const posters = [...new Set(posts.map((p) => p.userId))].flatMap((id) => authorOf(store, id) ?? []).slice(0, 5);
    const classes = [
      'topic-list-item',
      category ? `category-${category.slug}` : '',
      state.lastRead !== undefined ? 'visited' : '',
      state.isNew ? 'unseen-topic' : '',
      state.unreadPosts > 0 ? 'unread-posts' : '',
      topic.pinned ? 'pinned' : '',
      topic.closed ? 'closed' : '',
      ...topic.tags.map((t) => `tag-${t}`),
    ].filter(Boolean);
    const lastRead = state.lastRead ?? 0;
    const badge = state.isNew
      ? `<a href="${base}/t/${topic.slug}/${topic.id}" class="badge-notification new-topic" title="new topic"></a>`
      : state.unreadPosts > 0
        ? `<a href="${base}/t/${topic.slug}/${topic.id}/${lastRead + 1}" class="badge-notification unread-posts" title="${state.unreadPosts} unread posts">${state.unreadPosts}</a>`
        : '';
    return `<tr data-topic-id="${topic.id}" class="${classes.join(' ')}">
<td class="main-link topic-list-data" colspan="1"><span class="link-top-line" role="heading" aria-level="2"><a href="${base}/t/${topic.slug}/${topic.id}${lastRead > 1 ? `/${lastRead}` : ''}" data-topic-id="${topic.id}" class="title raw-link raw-topic-link">${fancyTitle(topic.title)}</a>${badge}</span>
<div class="link-bottom-line">${category ? categoryBadge(ctx, category) : ''}${tagsHtml(ctx, topic.tags)}</div></td>
<td class="posters topic-list-data">${posters.map((u, i) => `<a href="${base}/u/${u.username.toLowerCase()}" data-user-card="${e(u.username)}" class="${i === posters.length - 1 ? 'latest' : ''}" aria-label="${e(u.username)}"><img class="avatar" width="24" height="24" src="${e(avatarTemplate(ctx.forum.store.basePath, u).replace('{size}', '48'))}" alt=""></a>`).join('')}</td>
<td class="num posts-map posts topic-list-data">${posts.length - 1}</td>
<td class="num views topic-list-data">${topic.views}</td>
</tr>`;
  });
  const nav = ['latest', 'new', 'unread', 'categories']
    .map(
      (f) =>
        `<li${f === activeFilter ? ' class="active"' : ''}><a href="${base}/${f}">${f[0]!.toUpperCase()}${f.slice(1)}</a></li>`,
    )
    .join('');
  return layout(
    ctx,
    title,
    `<div class="list-controls"><ul id="navigation-bar" class="nav nav-pills">${nav}</ul></div>
<h1 class="list-title">${e(title)}</h1>
<table class="topic-list"><caption class="sr-only">${e(title)}</caption>
<thead class="topic-list-header"><tr><th class="default">Topic</th><th class="posters">Posters</th><th class="posts num">Replies</th><th class="views num">Views</th></tr></thead>
<tbody class="topic-list-body">
${rows.join('\n')}
</tbody></table>`,
    { preloaded: { topic_list: JSON.stringify({ topics: topics.map((t) => t.id) }) } },
  );
}

/** templates/topic.gjs, components/post-stream.gjs and post.gjs (MARKUP.md §2.1) */
export function topicPage(ctx: Ctx, topic: Topic): string {
  const { store, settings } = ctx.forum;
  const base = settings.subfolder;
  const posts = store.postsOf(topic.id);
  const category = store.categoryById(topic.categoryId);
  // Posts far below the fold are "cloaked" by the viewport tracker: no article, no body.
  const cloakAfter = 15;
  const rendered = posts.map((post) =>
    posts.length > cloakAfter + 3 && post.postNumber > cloakAfter
      ? cloakedPost(post, ctx.forum.settings.oldForum)
      : postHtml(ctx, topic, post),
  );
  return layout(
    ctx,
    topic.title,
    `<div id="topic-title" class="container"><div class="title-wrapper">
<h1 data-topic-id="${topic.id}"><a href="${base}/t/${topic.slug}/${topic.id}" class="fancy-title">${fancyTitle(topic.title)}</a></h1>
<div class="topic-category">${category ? categoryBadge(ctx, category) : ''}${tagsHtml(ctx, topic.tags)}</div>
</div></div>
<div class="container posts"><div class="row">
<section class="topic-area" id="topic" data-topic-id="${topic.id}"><div class="posts-wrapper"><div class="post-stream">
${rendered.join('\n')}
</div></div>
<div id="topic-bottom"></div>
<div id="topic-footer-buttons"><button class="btn btn-icon-text btn-primary create" type="button"><span class="d-button-label">Reply</span></button></div>
</section></div></div>`,
    { preloaded: { [`topic_${topic.id}`]: JSON.stringify({ id: topic.id, title: topic.title }) } },
  );
}

function cloakedPost(post: Post, old: boolean): string {
  // MARKUP.md §2.2: the widget stream's cloaked post is an empty div.cloaked-post.
  if (old) return `<div class="cloaked-post" id="post_${post.postNumber}"></div>`;
  return `<div id="post_${post.postNumber}" class="post-stream--cloaked" data-post-number="${post.postNumber}" style="height: 120px;"><h2 class="sr-only" id="post-heading-${post.postNumber}">Post #${post.postNumber}</h2></div>`;
}

function postHtml(ctx: Ctx, topic: Topic, post: Post): string {
  const { store, settings } = ctx.forum;
  const base = settings.subfolder;
  // A deleted account leaves the post without a user: no avatar link, no name, no user card.
  const author = authorOf(store, post.userId);
  const profile = author ? `${base}/u/${author.username.toLowerCase()}` : '';
  const classes = [
    'topic-post clearfix post--sticky-avatar sticky-avatar',
    author && author.id === topic.userId ? 'post--topic-owner topic-owner' : '',
    'post--regular regular',
    author && ctx.user?.id === author.id ? 'post--current-user current-user-post' : '',
  ].filter(Boolean);
  const nameClasses = [
    'first username',
    author?.admin ? 'staff admin' : author?.moderator ? 'staff moderator' : '',
    author?.trustLevel === 0 ? 'new-user' : '',
  ].filter(Boolean);
  const avatar = author
    ? `<a class="main-avatar" href="${profile}" data-user-card="${e(author.username)}" aria-hidden="true" tabindex="-1"><img class="avatar" width="48" height="48" loading="lazy" src="${e(avatarTemplate(store.basePath, author).replace('{size}', '96'))}" alt=""></a>`
    : '';
  const name = author
    ? `<a href="${profile}" data-user-card="${e(author.username)}" aria-label="${e(author.username)}'s profile">${e(author.username)}</a>`
    : '';
  // MARKUP.md §2.2: the older widget stream has no data-post-number and no heading; the article's id still says post_N.
  // Its reply button is post-menu.js's flat-button (`reply create fade-out`), without post-action-menu__reply.
  const old = settings.oldForum;
  const wrapper = old
    ? `<div class="${classes.join(' ')}">`
    : `<div class="${classes.join(' ')}" data-post-number="${post.postNumber}">
<h2 class="sr-only" id="post-heading-${post.postNumber}">${author ? `Post by ${e(author.username)} ` : 'Post '}#${post.postNumber}</h2>`;
  const label = old
    ? `role="region" aria-label="post #${post.postNumber}"`
    : `aria-labelledby="post-heading-${post.postNumber}"`;
  return `${wrapper}
<article id="post_${post.postNumber}" class="boxed onscreen-post" ${label} data-post-id="${post.id}" data-topic-id="${topic.id}"${author ? ` data-user-id="${author.id}"` : ''}>
<div class="post__row row">
<div class="topic-avatar"><div class="post-avatar">${avatar}</div></div>
<div class="post__body topic-body clearfix">
<div class="topic-meta-data" role="heading" aria-level="2">
<div class="names trigger-user-card"><span class="${nameClasses.join(' ')}">${name}</span>${author?.title ? `<span class="user-title">${e(author.title)}</span>` : ''}</div>
<div class="post-infos"><div class="post-info post-date"><a class="post-date" href="${base}/t/${topic.slug}/${topic.id}/${post.postNumber}" title="${e(post.createdAt)}"><span class="relative-date" data-time="${Date.parse(post.createdAt)}">${e(post.createdAt.slice(0, 10))}</span></a></div></div>
</div>
<div class="post__regular regular post__contents contents">
<div class="cooked">${post.cooked}</div>
<section class="post__menu-area post-menu-area clearfix"><nav class="post-controls collapsed"><div class="actions">
<button class="btn no-text btn-icon post-action-menu__copy-link btn-flat" type="button" title="copy a link to this post" aria-label="copy a link to this post"><svg class="fa d-icon d-icon-d-post-share svg-icon"><use href="#d-post-share"></use></svg><span aria-hidden="true">&#8203;</span></button>
<button class="btn no-text btn-icon show-more-actions btn-flat" type="button" title="show more" aria-label="show more"><span aria-hidden="true">&#8203;</span></button>
<button class="${old ? 'widget-button btn-flat reply create fade-out btn-icon-text' : 'btn btn-icon-text post-action-menu__reply reply create fade-out btn-flat'}" type="button" title="begin composing a reply to this post" aria-label="Reply to post #${post.postNumber}${author ? ` by @${e(author.username)}` : ''}"><span class="d-button-label">Reply</span></button>
</div></nav></section>
</div>
<section class="post__actions post-actions"></section>
</div></div>
</article></div>`;
}

export function userProfilePage(ctx: Ctx, username: string): string {
  const user = ctx.forum.store.userByName(username)!;
  return layout(
    ctx,
    user.username,
    `<div class="user-main"><h1 class="username">${e(user.username)}</h1><h2 class="full-name">${e(user.name)}</h2><div class="bio">${e(user.bio)}</div></div>`,
  );
}
