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

export const templateSchema = z.object({ id: text(64), name: text(80, 1), body: text(4000) });
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
  text(300),
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
  filters: filtersSchema,
  features: featuresSchema,
  forumOverrides: forumOverridesSchema,
});
export type UserData = z.infer<typeof userDataSchema>;
export type Template = z.infer<typeof templateSchema>;
