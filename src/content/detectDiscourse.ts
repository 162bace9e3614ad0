/**
 * Runs in a page through `scripting.executeScript` (so it must stay self-contained): is this a
 * Discourse page, and where is the forum's base? Detection as MARKUP.md §1 recommends: the
 * generator meta or `#data-discourse-setup`; the base path from `meta[name=discourse-base-uri]`,
 * else the setup data's `data-base-uri`, else "".
 */
export interface DiscoursePageInfo {
  isDiscourse: boolean;
  href: string;
  basePath: string;
}

export function detectDiscourse(): DiscoursePageInfo {
  const generator = document.querySelector<HTMLMetaElement>('meta[name=generator]')?.content ?? '';
  const setup = document.getElementById('data-discourse-setup');
  const isDiscourse = /^Discourse\b/.test(generator) || !!setup;
  const basePath =
    document.querySelector<HTMLMetaElement>('meta[name=discourse-base-uri]')?.content ?? setup?.dataset.baseUri ?? '';
  return { isDiscourse, href: location.href, basePath };
}
