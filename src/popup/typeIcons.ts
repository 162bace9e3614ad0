/** A glyph and a filter group for each notification type name; unknown types still get one. */
const ICONS: Record<string, string> = {
  mentioned: '@',
  group_mentioned: '@',
  replied: '↩',
  quoted: '❝',
  private_message: '✉',
  invited_to_private_message: '✉',
  liked: '♥',
  liked_consolidated: '♥',
  reaction: '♥',
  edited: '✎',
  granted_badge: '★',
  posted: '•',
  watching_first_post: '•',
  linked: '🔗',
  bookmark_reminder: '🔖',
  moved_post: '→',
  invited_to_topic: '+',
};

export function typeIcon(typeName: string): string {
  return ICONS[typeName] ?? '•';
}

export const TYPE_FILTERS: Record<string, string[] | null> = {
  all: null,
  mentions: ['mentioned', 'group_mentioned', 'quoted'],
  replies: ['replied', 'posted'],
  messages: ['private_message', 'invited_to_private_message', 'group_message_summary'],
  likes: ['liked', 'liked_consolidated', 'reaction'],
};
