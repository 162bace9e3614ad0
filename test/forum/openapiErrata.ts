/**
 * Where openapi.json (generated from sample responses) contradicts Discourse's serializers and
 * FACTS.md, the sandbox follows Discourse, and the schema is widened here, one documented entry
 * each, before validation. Nothing else is changed.
 */
interface Erratum {
  property: string;
  /** openapi path keys the erratum is limited to; omitted: the whole document. */
  paths?: string[];
  /** Types the documented schema gives, to find exactly those places (a type widening). */
  documented?: string | string[];
  widened?: string[];
  /** The key may be absent: it is dropped from `required`. */
  optional?: boolean;
  /** A key the serializer may send that the schema (additionalProperties: false) lacks. */
  added?: Record<string, unknown>;
  why: string;
}

const POST_PATHS = ['/t/{id}.json', '/t/{id}/posts.json', '/posts.json', '/posts/{id}.json'];
const LIST_PATHS = ['/latest.json', '/c/{slug}/{id}.json', '/topics/private-messages/{username}.json', '/top.json'];

/** BasicPostSerializer / PostSerializer on a post whose author's account was deleted (user_id nil). */
const deletedAuthor = (property: string, documented: string): Erratum => ({
  property,
  paths: POST_PATHS,
  documented,
  widened: [documented, 'null'],
  why: `BasicPostSerializer/PostSerializer: \`object.user && object.user.${property}\` is nil once the author is deleted.`,
});

export const ERRATA: Erratum[] = [
  {
    property: 'permission',
    paths: ['/categories.json', '/site.json'],
    documented: 'integer',
    widened: ['integer', 'null'],
    why: 'CategoryList#find_categories and Category.preload_user_fields! set permission (1, full) only where the user may create topics; elsewhere it stays nil. The docs were generated as an admin.',
  },
  {
    property: 'reply_to_post_number',
    documented: ['string', 'null'],
    widened: ['integer', 'string', 'null'],
    why: 'PostSerializer returns an integer post number; the docs were generated from a sample where it was null. POST /posts.json takes it as an integer (FACTS.md §3).',
  },
  {
    property: 'flair_group_id',
    documented: ['string', 'null'],
    widened: ['integer', 'string', 'null'],
    why: 'A group id is an integer in every other schema of the same file.',
  },
  deletedAuthor('username', 'string'),
  deletedAuthor('name', 'string'),
  deletedAuthor('display_username', 'string'),
  deletedAuthor('avatar_template', 'string'),
  deletedAuthor('user_id', 'integer'),
  deletedAuthor('trust_level', 'integer'),
  ...['created_by', 'last_poster'].map((property) => ({
    property,
    paths: ['/t/{id}.json'],
    documented: 'object',
    widened: ['object', 'null'],
    why: 'TopicViewDetailsSerializer: has_one … embed: :objects is null once that account is deleted.',
  })),
  {
    property: 'last_poster_username',
    paths: LIST_PATHS,
    documented: 'string',
    widened: ['string', 'null'],
    why: 'TopicListItemSerializer: posters.find { … }.try(:user).try(:username) is nil when the last poster was deleted.',
  },
  {
    property: 'last_read_post_number',
    paths: LIST_PATHS,
    documented: 'integer',
    widened: ['integer', 'null'],
    why: 'ListableTopicSerializer: a TopicUser row with nothing read sends last_read_post_number nil.',
  },
  {
    property: 'categories',
    paths: ['/site.json'],
    optional: true,
    why: 'SiteSerializer#include_categories? is false when categories are lazy-loaded and none are preloaded.',
  },
  {
    property: 'lazy_load_categories',
    paths: ['/site.json'],
    added: { type: 'boolean' },
    why: 'SiteSerializer#include_lazy_load_categories?: sent (true) when the user may lazy-load categories.',
  },
];

export function applyErrata(document: unknown): unknown {
  const paths = (document as { paths: Record<string, unknown> }).paths;
  for (const erratum of ERRATA) {
    for (const [key, node] of Object.entries(paths)) {
      if (erratum.paths && !erratum.paths.includes(key)) continue;
      if (erratum.added) addToResponses(node, erratum);
      else visit(node, erratum);
    }
  }
  return document;
}

function visit(node: unknown, erratum: Erratum): void {
  if (Array.isArray(node)) {
    for (const child of node) visit(child, erratum);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  const properties = record.properties as Record<string, { type?: unknown }> | undefined;
  if (properties && typeof properties === 'object') {
    const property = properties[erratum.property];
    if (property && erratum.widened && JSON.stringify(property.type) === JSON.stringify(erratum.documented))
      property.type = erratum.widened;
    if (property && erratum.optional && Array.isArray(record.required))
      record.required = record.required.filter((name) => name !== erratum.property);
  }
  for (const child of Object.values(record)) visit(child, erratum);
}

/** `added` keys belong to the response's root object. */
function addToResponses(pathItem: unknown, erratum: Erratum): void {
  for (const operation of Object.values(
    pathItem as Record<
      string,
      {
        responses?: Record<string, { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> }>;
      }
    >,
  )) {
    const properties = operation.responses?.['200']?.content?.['application/json']?.schema?.properties;
    if (properties && !(erratum.property in properties)) properties[erratum.property] = erratum.added;
  }
}
