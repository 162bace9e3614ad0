import type { ContentApi } from '../../src/content/contentApi';
import type { ContentData, Feature } from '../../src/content/features/feature';

/**
 * Runs a page feature on the current document, as the content script would on a page of
 * https://f.example, with the user's data (nothing by default) and the background's answers;
 * abort the returned controller to tear it down (in-app navigation).
 */
export function runFeature(
  feature: Feature,
  { data = {}, api = {} as ContentApi }: { data?: Partial<ContentData>; api?: ContentApi } = {},
): AbortController {
  const stop = new AbortController();
  void feature.run(
    {
      api,
      forumId: 'f',
      baseUrl: 'https://f.example',
      basePath: '',
      hasAdminKey: false,
      data: {
        templates: [],
        notes: {},
        filters: { users: [], keywords: [], categories: [], tags: [] },
        ...data,
      },
    },
    stop.signal,
  );
  return stop;
}
