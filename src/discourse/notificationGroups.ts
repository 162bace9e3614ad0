/**
 * The filter groups every notification type falls in (src/discourse/notifications.ts assigns
 * them). Apart from the describer so that the popup and options can list them without bundling
 * the describer's HTML entity tables.
 */
export type NotificationGroup = 'mentions' | 'replies' | 'messages' | 'likes' | 'other';
export const NOTIFICATION_GROUPS: NotificationGroup[] = ['mentions', 'replies', 'messages', 'likes', 'other'];
