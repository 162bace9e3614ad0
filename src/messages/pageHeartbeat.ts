/**
 * A forum tab that is open and visible says so this often (with its header count, which
 * Discourse keeps live over its own MessageBus); while one does, the background sends that
 * forum nothing. A claim not renewed within `PAGE_VISIBLE_TTL_MS` lapses (a crashed tab, a lost
 * message), so polling never stops for a tab that is gone. Plain constants: content scripts
 * import them without the protocol's schemas.
 */
export const PAGE_HEARTBEAT_MS = 45_000;
export const PAGE_VISIBLE_TTL_MS = 100_000;
