/**
 * Where openapi.json (generated from sample responses) contradicts Discourse's serializers and
 * FACTS.md, the sandbox follows Discourse, and the schema is widened here, one documented entry
 * each, before validation. Nothing else is changed.
 */
interface Erratum {
  property: string;
  /** Types the documented schema gives, to find exactly those places. */
  documented: string[];
  widened: string[];
  why: string;
}

export const ERRATA: Erratum[] = [
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
];

export function applyErrata(document: unknown): unknown {
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    const properties = record.properties as Record<string, { type?: unknown }> | undefined;
    if (properties && typeof properties === 'object') {
      for (const erratum of ERRATA) {
        const property = properties[erratum.property];
        if (property && JSON.stringify(property.type) === JSON.stringify(erratum.documented)) property.type = erratum.widened;
      }
    }
    Object.values(record).forEach(visit);
  };
  visit(document);
  return document;
}
