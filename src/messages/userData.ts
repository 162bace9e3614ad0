import { z } from 'zod/mini';
import { FEATURE_IDS, type FeatureId } from './pageFeatures';

/**
 * What the user keeps besides keys: quick-reply templates, private notes on users, topic-list
 * filters, which page features run, and per-forum rate-limit overrides. The background stores it
 * (src/background/userData.ts), the settings page edits it, export and import use it: one schema.
 */
const text = (max: number, min = 0) => z.string().check(z.minLength(min), z.maxLength(max));
const list = <T extends z.ZodMiniType>(item: T, max: number) => z.array(item).check(z.maxLength(max));
const count = (max: number) => z.optional(z.int().check(z.minimum(1), z.maximum(max)));

/** A forum by its base URL, as notes and overrides name it (ids change when a forum is reconnected). */
const forumBase = text(300);
/** `forum`: the one forum whose pages offer the template; without it, every forum's pages do. */
export const templateSchema = z.object({
  id: text(64),
  name: text(80, 1),
  body: text(4000),
  forum: z.optional(forumBase),
});
export const filtersSchema = z.object({
  users: list(text(60), 200),
  keywords: list(text(100), 200),
  categories: list(text(100), 200),
  tags: list(text(100), 200),
});
// A feature newer than the stored (or exported) settings is on: the others keep their switches.
export const featuresSchema = z.object(
  Object.fromEntries(FEATURE_IDS.map((id) => [id, z._default(z.boolean(), true)])) as Record<
    FeatureId,
    z.ZodMiniDefault<z.ZodMiniBoolean>
  >,
);
export const forumOverridesSchema = z.record(
  forumBase,
  z.object({
    perMinute: count(10_000),
    perDay: count(1_000_000),
    /** Background checks at most every N minutes (never more often than the budget allows). */
    pollMinutes: count(120),
  }),
);

export const userDataSchema = z.object({
  templates: list(templateSchema, 50),
  /** "forumBase|username" → note */
  notes: z.record(text(400), text(500)),
  /** Hide on every forum's topic lists. */
  filters: filtersSchema,
  /** Hide on one forum's topic lists only (its base URL → filters); a page is told only its own. */
  forumFilters: z._default(z.record(forumBase, filtersSchema), {}),
  features: featuresSchema,
  forumOverrides: forumOverridesSchema,
});
export type UserData = z.infer<typeof userDataSchema>;
export type Template = z.infer<typeof templateSchema>;
export type Filters = z.infer<typeof filtersSchema>;
