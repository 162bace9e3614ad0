// @vitest-environment node
/**
 * Generative contract test: src/discourse/schemas.ts against Discourse's own API description.
 *
 * Why it exists: the sandbox forum (test/forum) and the client's zod schemas are written by the
 * same team, so a misreading of Discourse that both share passes the forum's contract and
 * conformance suites alike. openapi.json (test/forum/vendor, Discourse's official API docs) is an
 * independent source. From it, json-schema-faker generates many response bodies per endpoint the
 * client parses, and every one must parse with `responseSchemas[route]` with no list item left
 * out: a spec-valid topic, post or notification must never be dropped.
 *
 * Where the spec allows what our schema rejects, that is a finding: it is listed in
 * KNOWN_MISMATCHES with a reason, so the suite stays green but says so. Fix the schema, then delete
 * the entry (an entry that no longer occurs fails the suite). Where the spec is stricter than real
 * Discourse, test/forum/openapiErrata.ts widens it first; the "errata" tests below name those fields.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ERRATA } from '../forum/openapiErrata';
import { responseSchemas, type RouteKey } from '../../src/discourse/schemas';
import {
  disagreements,
  generateFilled,
  leaveOutOptionals,
  loadSpec,
  nullWherever,
  responseSchemaOf,
  seededRandom,
  specAt,
  specValidator,
  type JsonSchema,
} from './openapiInstances';

const PER_MODE = 50;
const NULL_INSTANCES = 10;

/** Routes openapi.json describes under another path. */
const SPEC_PATH: Partial<Record<RouteKey, string>> = {
  // Same TopicListSerializer as /latest.json (test/forum/conformance.test.ts checks them against it too).
  'GET /new.json': '/latest.json',
  'GET /unread.json': '/latest.json',
};

const TOPIC_LISTS: RouteKey[] = [
  'GET /latest.json',
  'GET /new.json',
  'GET /unread.json',
  'GET /topics/private-messages/{username}.json',
];
/** openapi.json has no `required` list at all for these responses, so it allows leaving out anything. */
const NO_REQUIRED = 'openapi.json gives this response no `required` list';

/**
 * Spec-valid responses our schemas reject or thin out: the field path as the failure message
 * prints it, the routes where it occurs, and a one-line reason. Delete an entry (or a route from
 * it) once the schema accepts it; an entry that no longer occurs fails the suite.
 */
const KNOWN_MISMATCHES: { routes: RouteKey[]; field: string; reason: string }[] = [
  // Spec looser than Discourse: required by our schema, optional in the spec.
  { routes: TOPIC_LISTS, field: 'topic_list', reason: `${NO_REQUIRED}; TopicListSerializer always sends topic_list` },
  {
    routes: TOPIC_LISTS,
    field: 'topic_list.topics',
    reason: `${NO_REQUIRED}; TopicListSerializer always sends topics`,
  },
  { routes: TOPIC_LISTS, field: 'topic_list.topics[].id', reason: `${NO_REQUIRED}; a topic without id is skipped` },
  {
    routes: TOPIC_LISTS,
    field: 'topic_list.topics[].title',
    reason: `${NO_REQUIRED}; a topic without title is skipped`,
  },
  {
    routes: TOPIC_LISTS,
    field: 'users[]',
    reason: `${NO_REQUIRED}; basicUserSchema needs id and username, and a dropped user is not reported in \`skipped\``,
  },
  {
    routes: ['GET /t/{id}/posts.json'],
    field: 'post_stream',
    reason: `${NO_REQUIRED}; topicPostsSchema requires post_stream`,
  },
  {
    routes: ['GET /t/{id}/posts.json'],
    field: 'post_stream.posts',
    reason: `${NO_REQUIRED}; topicPostsSchema requires post_stream.posts`,
  },
  {
    routes: ['GET /t/{id}/posts.json'],
    field: 'post_stream.posts[]',
    reason: `${NO_REQUIRED}; postSchema needs id, post_number and topic_id, and topicPostsSchema has no \`skipped\``,
  },
  {
    routes: ['GET /notifications.json'],
    field: 'notifications',
    reason: `${NO_REQUIRED}; notificationsSchema requires notifications`,
  },
  {
    routes: ['GET /notifications.json'],
    field: 'notifications[].id',
    reason: `${NO_REQUIRED}; a notification without id is skipped`,
  },
  {
    routes: ['GET /notifications.json'],
    field: 'notifications[].notification_type',
    reason: `${NO_REQUIRED}; a notification without notification_type is skipped`,
  },
  {
    routes: ['PUT /notifications/mark-read.json'],
    field: 'success',
    reason: `${NO_REQUIRED}; successSchema requires success`,
  },
  // Types: a spec-valid value our tolerant schema reads as null.
  {
    routes: ['GET /posts.json'],
    field: 'latest_posts[].reply_to_post_number',
    reason:
      'any string is spec-valid (documented type, kept by the erratum); only digit strings are read, others become null',
  },
  {
    routes: ['GET /posts/{id}.json', 'POST /posts.json'],
    field: 'reply_to_post_number',
    reason:
      'any string is spec-valid (documented type, kept by the erratum); only digit strings are read, others become null',
  },
  {
    routes: ['PUT /posts/{id}.json'],
    field: 'post.reply_to_post_number',
    reason:
      'any string is spec-valid (documented type, kept by the erratum); only digit strings are read, others become null',
  },
  {
    routes: ['GET /t/{id}.json', 'GET /t/{id}/posts.json'],
    field: 'post_stream.posts[].reply_to_post_number',
    reason:
      'any string is spec-valid (documented type, kept by the erratum); only digit strings are read, others become null',
  },
  {
    routes: ['GET /t/{id}.json'],
    field: 'tags[]',
    reason:
      "the erratum deletedAuthor('name') also makes tags[].name nullable on /t/{id}.json; a tag whose name is null is dropped",
  },
  {
    routes: ['GET /topics/private-messages/{username}.json'],
    field: 'topic_list.topics[].category_id',
    reason:
      'documented as ["string","null"] for private messages; topicListItemSchema reads a string category_id as null',
  },
];

type Mode =
  | 'every documented property present'
  | 'optional properties left out at random'
  | 'null wherever the spec allows it';
const MODES: Mode[] = [
  'every documented property present',
  'optional properties left out at random',
  'null wherever the spec allows it',
];

const spec = loadSpec();
const conformsToSpec = specValidator();

const routes = (Object.keys(responseSchemas) as RouteKey[]).map((route) => {
  const [method, path] = route.split(' ') as [string, string];
  const specPath = SPEC_PATH[route] ?? path;
  return { route, method, specPath, schema: responseSchemaOf(spec, method, specPath) };
});
const described = routes.filter((r): r is typeof r & { schema: JsonSchema } => r.schema !== undefined);
const undescribed = routes.filter((r) => r.schema === undefined);

function instancesFor(route: RouteKey, schema: JsonSchema, mode: Mode): unknown[] {
  const random = seededRandom(`${route} ${mode}`);
  if (mode === 'every documented property present') return generateFilled(schema, PER_MODE, random);
  if (mode === 'optional properties left out at random')
    return generateFilled(schema, PER_MODE, random).map((instance) => leaveOutOptionals(schema, instance, random));
  return generateFilled(schema, NULL_INSTANCES, random).map((instance) => nullWherever(schema, instance));
}

let checked = 0;
/** route → field → one example line, for the summary and the stale-entry check. */
const observed = new Map<RouteKey, Map<string, string>>();
const modesRun = new Map<RouteKey, number>();
const fieldOf = (line: string) => line.slice(0, line.indexOf(': '));
const isKnown = (route: RouteKey, line: string) =>
  KNOWN_MISMATCHES.some((m) => m.routes.includes(route) && m.field === fieldOf(line));

/** A finding as a reader needs it: what the spec documents at that path, and what our schema did. */
function explain(schema: JsonSchema, line: string): string {
  const field = fieldOf(line);
  const at = specAt(schema, field);
  return `${line}\n    spec: ${at.required ? 'required' : 'optional'} ${brief(at.schema)}`;
}

/** A schema in one line: nested properties by name only. */
const brief = (schema: JsonSchema | undefined): string =>
  JSON.stringify(schema, (key, value) =>
    key === 'properties' && value !== schema?.properties
      ? `{${Object.keys(value).join(', ')}}`
      : key === 'items' && value !== schema?.items
        ? '{…}'
        : value,
  );

describe('openapi.json 200 responses parse with responseSchemas (generated instances)', () => {
  describe.each(described)('$route  ←  openapi $method $specPath', ({ route, schema }) => {
    it.each(MODES)('%s', (mode) => {
      const instances = instancesFor(route, schema, mode);
      const invalid = instances.flatMap((instance) => conformsToSpec(schema, instance)).slice(0, 5);
      expect(invalid, 'the generator itself made instances the spec rejects').toEqual([]);

      const found = new Map<string, string>();
      for (const instance of instances) {
        const result = (responseSchemas[route] as z.ZodType).safeParse(instance);
        for (const line of disagreements(result, instance))
          if (!found.has(fieldOf(line))) found.set(fieldOf(line), line);
      }
      const seen = observed.get(route) ?? new Map<string, string>();
      for (const [field, line] of found) if (!seen.has(field)) seen.set(field, line);
      observed.set(route, seen);
      checked += instances.length;
      modesRun.set(route, (modesRun.get(route) ?? 0) + 1);

      const unexpected = [...found.values()]
        .filter((line) => !isKnown(route, line))
        .map((line) => explain(schema, line));
      expect(
        unexpected,
        `${route}: spec-valid responses our schema rejects or thins out (fix the schema, or list them in KNOWN_MISMATCHES)`,
      ).toEqual([]);
    });
  });

  afterAll(() => {
    const known = KNOWN_MISMATCHES.map((m) => {
      const route = m.routes[0]!;
      const line = observed.get(route)?.get(m.field);
      const schema = described.find((r) => r.route === route)?.schema;
      return `  ${m.field}  [${m.routes.join(', ')}]\n    why: ${m.reason}${line && schema ? `\n    ${explain(schema, line)}` : ''}`;
    });
    // One line per kind of change, with the operations it touches ("#/paths/~1t~1{id}.json/get/…" → "GET /t/{id}.json").
    const byChange = new Map<string, Set<string>>();
    for (const c of spec.errata) {
      const [, , path = '', method = ''] = c.pointer.split('/');
      const operation = `${method.toUpperCase()} ${path.replace(/~1/g, '/').replace(/~0/g, '~')}`;
      const key = `${c.names.join(', ')}: ${c.change}`;
      byChange.set(key, (byChange.get(key) ?? new Set()).add(operation));
    }
    const errata = [...byChange].map(([change, operations]) => `  ${change}  (${[...operations].join(', ')})`);
    console.log(
      [
        `openapi contract: ${checked} generated instances checked across ${described.length} routes.`,
        `Not described by openapi.json: ${undescribed.map((r) => r.route).join(', ')}.`,
        `Errata (openapi.json stricter than Discourse, test/forum/openapiErrata.ts), applied before generating (${spec.errata.length} places):`,
        ...errata,
        `Known mismatches (spec allows, our schema rejects or thins out): ${KNOWN_MISMATCHES.length}`,
        ...known,
      ].join('\n'),
    );
  });

  it('every KNOWN_MISMATCHES entry still occurs (delete the ones the schemas now accept)', () => {
    const stale = KNOWN_MISMATCHES.flatMap((m) =>
      m.routes
        .filter((route) => modesRun.get(route) === MODES.length && !observed.get(route)?.has(m.field))
        .map((route) => `${route}  ${m.field}`),
    );
    expect(stale).toEqual([]);
  });
});

describe('errata: where openapi.json is stricter than real Discourse, widened before generating (test/forum/openapiErrata.ts)', () => {
  it.each(ERRATA.map((e) => ({ property: e.property, why: e.why })))('$property: $why', ({ property }) => {
    const changes = spec.errata.filter((c) => c.names.includes(property));
    expect(changes.length, `the erratum for ${property} no longer changes openapi.json`).toBeGreaterThan(0);
  });
});

describe.skip('not described by openapi.json: no instances generated (only the sandbox forum tests in test/forum check these)', () => {
  it.each(undescribed.map((r) => r.route))('%s', () => {});
});
