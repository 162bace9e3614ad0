/**
 * The page features a user can switch off (src/content/features/), in the settings page's order.
 * No zod here: the settings page reads it on its first paint.
 */
export const FEATURE_IDS = [
  'postActions',
  'quickReplyTemplates',
  'userNotes',
  'topicListFilters',
  'badgeFromPage',
  'adminActions',
] as const;
export type FeatureId = (typeof FEATURE_IDS)[number];
