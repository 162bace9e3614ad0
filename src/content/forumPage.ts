import { contentApi } from './contentApi';
import type { FeatureContext } from './features/feature';
import { FEATURES } from './features';
import { routeOf } from './pages';

/**
 * The script registered for connected forums. It asks the background whether this page belongs
 * to one (the registration matches the whole host), then runs each enabled feature whose pages
 * match, and restarts them on Discourse's in-app navigation (pushState swaps the page without a
 * load; MARKUP.md §7). Scrolling a topic only rewrites the trailing post number: not a new page.
 */
async function main() {
  performance.mark('companion-start');
  const init = await contentApi.ask({ type: 'content.init' });
  if (!init.ok || !init.data.forum) return;
  const forum = init.data.forum;
  const basePath = new URL(forum.baseUrl).pathname.replace(/\/$/, '');
  const context: FeatureContext = {
    api: contentApi,
    forumId: forum.id,
    baseUrl: forum.baseUrl,
    basePath,
    hasAdminKey: forum.hasAdminKey === true,
    data: init.data.data,
  };
  document.documentElement.dataset.discourseCompanion = 'ready';

  let controller: AbortController | null = null;
  let current = '';
  const pageKey = () => {
    const route = routeOf(new URL(location.href), basePath);
    return route.replace(/^(\/t\/(?:[^/]+\/)?\d+)\/\d+\/?$/, '$1') + location.search;
  };
  const start = () => {
    const key = pageKey();
    if (key === current) return;
    current = key;
    controller?.abort();
    controller = new AbortController();
    const route = routeOf(new URL(location.href), basePath);
    for (const feature of FEATURES) {
      if (init.data.features[feature.id] === false || !feature.runsOn(route)) continue;
      try {
        void feature.run(context, controller.signal);
      } catch (error) {
        console.warn(`[companion] ${feature.id} failed`, error);
      }
    }
  };
  start();
  performance.measure('companion-features', 'companion-start');
  // No DOM event marks Discourse's navigation: watch the URL from the DOM changes it causes.
  new MutationObserver(start).observe(document.body, { childList: true, subtree: true });
  window.addEventListener('popstate', start);
}

if (document.documentElement.dataset.discourseCompanion !== 'ready') void main();
