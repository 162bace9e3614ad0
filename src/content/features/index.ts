import { adminActions } from './adminActions';
import { badgeFromPage } from './badgeFromPage';
import type { Feature } from './feature';
import { postActions } from './postActions';
import { quickReplyTemplates } from './quickReplyTemplates';
import { topicListFilters } from './topicListFilters';
import { userNotes } from './userNotes';

/** Every page feature, in the order they start. */
export const FEATURES: Feature[] = [
  postActions,
  quickReplyTemplates,
  userNotes,
  topicListFilters,
  badgeFromPage,
  adminActions,
];
