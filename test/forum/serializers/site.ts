/** The site and its categories: SiteSerializer, CategorySerializer, /site/basic-info.json (field for field as openapi.json lists it; where it and FACTS.md disagree on a type, see openapiErrata.ts). */
import { escapeHtml } from '../cooking';
import { notificationTypes } from '../notifications';
import type { Category, User } from '../records';
import type { Store } from '../store';

export function categoryJson(store: Store, category: Category, user: User | null, forSite = false) {
  const topics = store.topics.filter((t) => t.categoryId === category.id && t.archetype === 'regular');
  const posts = store.posts.filter((p) => topics.some((t) => t.id === p.topicId));
  const children = store.categories.filter((c) => c.parentCategoryId === category.id);
  const common = {
    id: category.id,
    name: category.name,
    color: category.color,
    text_color: category.textColor,
    style_type: 'square',
    emoji: null,
    icon: null,
    slug: category.slug,
    topic_count: topics.length,
    post_count: posts.length,
    position: category.position,
    description: category.description ? `<p>${escapeHtml(category.description)}</p>` : null,
    // Category#description_text: nil without a description, and HTML-escaped text otherwise.
    description_text: category.description ? escapeHtml(category.description) : null,
    description_excerpt: category.description || null,
    topic_url: `/t/about-the-${category.slug}-category/${category.id}`,
    read_restricted: category.readRestricted,
    // Set only where the user may start a topic (CategoryList#find_categories, Category.preload_user_fields!), nil elsewhere.
    permission: store.canCreateTopicIn(user, category) ? 1 : null,
    notification_level: 1,
    topic_template: null,
    topic_title_placeholder: null,
    has_children: children.length > 0,
    subcategory_count: children.length || null,
    sort_order: null,
    sort_ascending: null,
    show_subcategory_list: false,
    num_featured_topics: 3,
    default_view: null,
    subcategory_list_style: 'rows_with_featured_topics',
    default_top_period: 'all',
    default_list_filter: 'all',
    minimum_required_tags: 0,
    navigate_to_first_post_after_read: false,
    uploaded_logo: null,
    uploaded_logo_dark: null,
    uploaded_background: null,
    uploaded_background_dark: null,
    can_edit: !!user?.admin,
  };
  if (forSite) {
    return {
      ...common,
      allow_global_tags: false,
      required_tag_groups: [],
      read_only_banner: null,
      ...(category.parentCategoryId ? { parent_category_id: category.parentCategoryId } : {}),
    };
  }
  const since = (days: number) =>
    topics.filter((t) => Date.parse(t.createdAt) > store.now() - days * 86_400_000).length;
  return {
    ...common,
    topics_day: since(1),
    topics_week: since(7),
    topics_month: since(30),
    topics_year: since(365),
    topics_all_time: topics.length,
    ...(category.slug === 'uncategorized' ? { is_uncategorized: true } : {}),
    subcategory_ids: children.map((c) => c.id),
  };
}

export function categoryUrl(store: Store, category: Category): string {
  const parent = category.parentCategoryId ? store.categoryById(category.parentCategoryId) : undefined;
  return parent ? `/c/${parent.slug}/${category.slug}/${category.id}` : `/c/${category.slug}/${category.id}`;
}

export function visibleCategories(store: Store, user: User | null): Category[] {
  return store.categories.filter((c) => !c.readRestricted || user?.admin || user?.moderator);
}

/** SiteSerializer; with lazy-loaded categories the `categories` key is left out (include_categories?). */
export function siteJson(store: Store, user: User | null, options: { lazyCategories?: boolean } = {}) {
  const uncategorized = store.categories.find((c) => c.slug === 'uncategorized')!;
  const flag = (id: number, name: string) => ({
    id,
    name_key: name.toLowerCase().replace(/\s+/g, '_'),
    name,
    description: name,
    short_description: name,
    is_flag: id !== 2,
    require_message: false,
    enabled: true,
    applies_to: ['Post', 'Topic'],
    is_used: false,
    position: id,
    auto_action_type: false,
    system: true,
  });
  return {
    default_archetype: 'regular',
    notification_types: { ...notificationTypes },
    post_types: { regular: 1, moderator_action: 2, small_action: 3, whisper: 4 },
    trust_levels: { newuser: 0, basic: 1, member: 2, regular: 3, leader: 4 },
    groups: [
      { id: 1, name: 'admins', flair_url: null, flair_bg_color: null, flair_color: null, automatic: true },
      { id: 2, name: 'moderators', flair_url: null, flair_bg_color: null, flair_color: null, automatic: true },
      { id: 3, name: 'staff', flair_url: null, flair_bg_color: null, flair_color: null, automatic: true },
      { id: 10, name: 'trust_level_0', flair_url: null, flair_bg_color: null, flair_color: null, automatic: true },
      {
        id: 41,
        name: 'support',
        full_name: 'Support volunteers',
        flair_url: null,
        flair_bg_color: null,
        flair_color: null,
        automatic: false,
      },
    ],
    filters: ['latest', 'unread', 'new', 'unseen', 'top', 'read', 'posted', 'bookmarks', 'hot'],
    homepage_choices: ['latest', 'categories', 'new', 'unread', 'top', 'hot'],
    periods: ['all', 'yearly', 'quarterly', 'monthly', 'weekly', 'daily'],
    top_menu_items: ['latest', 'new', 'unread', 'top', 'categories'],
    anonymous_top_menu_items: ['latest', 'top', 'categories'],
    uncategorized_category_id: uncategorized.id,
    user_field_max_length: 2048,
    post_action_types: [flag(2, 'Like'), flag(3, 'Off-Topic'), flag(4, 'Inappropriate'), flag(8, 'Spam')],
    topic_flag_types: [flag(4, 'Inappropriate'), flag(8, 'Spam')],
    can_create_tag: !!user?.admin,
    can_tag_topics: !!user,
    can_tag_pms: false,
    tags_filter_regexp: '[\\/\\?#\\[\\]@!\\$&\'\\(\\)\\*\\+,;=\\.%\\\\`^\\s|\\{\\}"<>]+',
    top_tags: [],
    email_configured: true,
    topic_featured_link_allowed_category_ids: [],
    user_themes: [{ theme_id: 1, name: 'Default', default: true, color_scheme_id: null }],
    user_color_schemes: [],
    default_light_color_scheme: null,
    default_dark_color_scheme: null,
    censored_regexp: [],
    custom_emoji_translation: {},
    watched_words_replace: null,
    watched_words_link: null,
    ...(options.lazyCategories
      ? { lazy_load_categories: true }
      : { categories: visibleCategories(store, user).map((c) => categoryJson(store, c, user, true)) }),
    archetypes: [{ id: 'regular', name: 'Regular Topic', options: [] }],
    user_fields: [],
    auth_providers: [],
    full_name_required_for_signup: false,
    full_name_visible_in_signup: true,
  };
}

export function basicInfoJson(
  settings: { title: string; description: string; loginRequired: boolean },
  baseUrl: string,
) {
  return {
    logo_url: `${baseUrl}/images/sandbox-logo.png`,
    logo_small_url: `${baseUrl}/images/sandbox-logo-small.png`,
    apple_touch_icon_url: `${baseUrl}/images/sandbox-touch-icon.png`,
    favicon_url: `${baseUrl}/images/sandbox-favicon.png`,
    title: settings.title,
    description: settings.description,
    header_primary_color: '222222',
    header_background_color: 'ffffff',
    login_required: settings.loginRequired,
    locale: 'en',
    include_in_discourse_discover: false,
    mobile_logo_url: '',
  };
}
