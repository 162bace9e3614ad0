import { runFeature } from './runFeature';
import { describe, expect, it } from 'vitest';
import type { ContentData } from '../../src/content/features/feature';
import { topicListFilters } from '../../src/content/features/topicListFilters';

const run = (filters: Partial<ContentData['filters']>) =>
  runFeature(topicListFilters, {
    data: { filters: { users: [], keywords: [], categories: [], tags: [], ...filters } },
  });
const hidden = () =>
  [...document.querySelectorAll('tr[data-companion-hidden]')].map((r) => r.getAttribute('data-topic-id'));

// A subcategory row before ~3.2: the parent's badge, then the child's (category-link.js, hideParent false).
const OLD_ROW = `<tr data-topic-id="1" class="topic-list-item"><td class="main-link clearfix topic-list-data"><span class="link-top-line"><a class="title raw-link raw-topic-link" href="/t/a/1">Install help</a></span>
<div class="link-bottom-line"><a class="badge-wrapper bullet" href="/c/support/4"><span class="badge-category-bg"></span><span class="badge-category clear-badge" data-drop-close="true"><span class="category-name">Support</span></span></a>
<a class="badge-wrapper bullet" href="/c/support/install/5"><span class="badge-category-parent-bg"></span><span class="badge-category-bg"></span><span class="badge-category clear-badge" data-drop-close="true"><span class="category-name">Install</span></span></a></div></td>
<td class="posters topic-list-data"><a href="/u/zoe" data-user-card="zoe"><img class="avatar"></a></td></tr>`;
const NEW_ROW = `<tr data-topic-id="2" class="topic-list-item"><td class="main-link topic-list-data"><span class="link-top-line"><a class="title raw-link raw-topic-link" href="/t/b/2">Other</a></span>
<div class="link-bottom-line"><a class="badge-category__wrapper" href="/c/support/install/5"><span data-category-id="5" data-parent-category-id="4" class="badge-category --has-parent"><span class="badge-category__name">Install</span></span></a></div></td>
<td class="posters topic-list-data"><a href="/u/bob" data-user-card="bob"><img class="avatar"></a></td></tr>`;
const table = (rows: string) => {
  document.body.innerHTML = `<table class="topic-list"><tbody class="topic-list-body">${rows}</tbody></table>`;
};

describe('topic list filters on every list markup', () => {
  it('before ~3.2: category names in span.category-name, the parent’s badge counting too', () => {
    table(OLD_ROW + NEW_ROW);
    const stop = run({ categories: ['Support'] });
    expect(hidden()).toEqual(['1']);
    stop.abort();
  });
  it('current badge: .badge-category__name', () => {
    table(OLD_ROW + NEW_ROW);
    const stop = run({ categories: ['install'] });
    expect(hidden()).toEqual(['1', '2']);
    stop.abort();
  });
});
