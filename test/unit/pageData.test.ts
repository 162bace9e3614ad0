import { describe, expect, it, vi } from 'vitest';
import { defaultUserData, exportSchema, pageDataFor } from '../../src/background/userData';
import type { UserData } from '../../src/messages/userData';

vi.mock('webextension-polyfill', () => ({ default: {} }));

const A = 'https://a.example';
const B = 'https://b.example/forum';
const none = { users: [], keywords: [], categories: [], tags: [] };
const data: UserData = {
  ...defaultUserData,
  templates: [
    { id: 'everywhere', name: 'Thanks', body: 'Thanks {username}!' },
    { id: 'a-only', name: 'A rules', body: 'See the rules of A.', forum: A },
    { id: 'b-only', name: 'B escalation', body: 'Escalated to the B moderators.', forum: B },
  ],
  notes: { [`${A}|zoe`]: 'helpful', [`${B}|zoe`]: 'banned on B for spam' },
  filters: { ...none, keywords: ['giveaway'] },
  forumFilters: {
    [A]: { ...none, keywords: ['crypto', 'giveaway'], users: ['spammer'] },
    [B]: { ...none, keywords: ['competitor-name'], categories: ['Staff lounge'] },
  },
};

describe("a forum's pages are given only what is meant for that forum", () => {
  it("forum A's page gets every-forum templates and its own, its own notes, and the filters for all plus its own; nothing of B", () => {
    const page = pageDataFor(data, A);
    expect(page.templates.map((t) => t.name)).toEqual(['Thanks', 'A rules']);
    expect(page.notes).toEqual({ [`${A}|zoe`]: 'helpful' });
    expect(page.filters).toEqual({ users: ['spammer'], keywords: ['giveaway', 'crypto'], categories: [], tags: [] });
    expect(JSON.stringify(page)).not.toMatch(/competitor-name|Staff lounge|Escalated|banned on B/);
  });

  it('a page of no connected forum gets only what is meant for every forum', () => {
    const page = pageDataFor(data, null);
    expect(page.templates.map((t) => t.id)).toEqual(['everywhere']);
    expect(page.notes).toEqual({});
    expect(page.filters.keywords).toEqual(['giveaway']);
  });

  it('a forum under a subfolder is told its own, and a page never learns which forum a template is for', () => {
    const page = pageDataFor(data, B);
    expect(page.templates.map((t) => t.id)).toEqual(['everywhere', 'b-only']);
    expect(page.templates.every((t) => !('forum' in t))).toBe(true);
    expect(page.filters.categories).toEqual(['Staff lounge']);
  });

  it('a settings file exported before per-forum filters existed still imports', () => {
    const { forumFilters: _, ...older } = data;
    const parsed = exportSchema.safeParse({
      format: 'discourse-companion-settings',
      version: 1,
      exportedAt: '2026-11-01T00:00:00Z',
      settings: {},
      data: older,
    });
    expect(parsed.success && parsed.data.data.forumFilters).toEqual({});
  });
});
