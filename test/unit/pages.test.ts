import { describe, expect, it } from 'vitest';
import {
  isForumPage,
  isForumPageExamples,
  isTopic,
  isTopicExamples,
  isTopicList,
  isTopicListExamples,
  routeOf,
  topicIdOfPath,
} from '../../src/content/pages';
import { FEATURES } from '../../src/content/features';

describe('page predicates, checked on their example URLs', () => {
  for (const [name, predicate, examples] of [
    ['isTopic', isTopic, isTopicExamples],
    ['isTopicList', isTopicList, isTopicListExamples],
    ['isForumPage', isForumPage, isForumPageExamples],
  ] as const) {
    it(`${name} says yes to ${examples.yes.join(', ')} and no to ${examples.no.join(', ')}`, () => {
      for (const route of examples.yes) expect(predicate(route), route).toBe(true);
      for (const route of examples.no) expect(predicate(route), route).toBe(false);
    });
  }
  it('takes routes after a subfolder base path', () => {
    expect(routeOf(new URL('https://example.com/forum/t/topic/12/3'), '/forum')).toBe('/t/topic/12/3');
    expect(isTopic(routeOf(new URL('https://example.com/forum/t/topic/12/3'), '/forum'))).toBe(true);
    expect(routeOf(new URL('https://example.com/forum'), '/forum')).toBe('/');
  });
  it('every feature declares where it runs, and none runs on the key approval page', () => {
    expect(FEATURES.map((f) => f.id).sort()).toEqual([
      'adminActions',
      'badgeFromPage',
      'postActions',
      'quickReplyTemplates',
      'topicListFilters',
      'userNotes',
    ]);
    for (const feature of FEATURES) expect(feature.runsOn('/user-api-key/new'), feature.id).toBe(false);
  });
});

describe('topicIdOfPath: the topic a tab shows, as Discourse reads its URL', () => {
  it('reads /t/slug/id, /t/slug/id/post, /t/id and /t/id/post', () => {
    expect(topicIdOfPath('/t/some-topic/123')).toBe(123);
    expect(topicIdOfPath('/t/some-topic/123/4')).toBe(123);
    expect(topicIdOfPath('/t/123')).toBe(123);
    expect(topicIdOfPath('/t/123/5')).toBe(123);
    expect(topicIdOfPath('/t/2024-plans/77/2')).toBe(77);
  });
  it('is null off a topic', () => {
    expect(topicIdOfPath('/latest')).toBeNull();
    expect(topicIdOfPath('/t/')).toBeNull();
  });
});
