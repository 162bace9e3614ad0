import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { JSONSchemaFaker } from 'json-schema-faker';
import { applyErrata } from '../forum/openapiErrata';

/**
 * Helpers for openapiGenerated.test.ts: read openapi.json (with the errata), generate response
 * instances from it with json-schema-faker, and describe how a zod parse disagreed with them.
 */

/** The subset of JSON Schema that openapi.json's response schemas use. */
export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  additionalProperties?: boolean | JsonSchema;
  $ref?: string;
  [keyword: string]: unknown;
}

export interface Spec {
  document: { paths: Record<string, Record<string, unknown>>; components?: unknown };
  /** What applyErrata changed, found by comparing the document before and after it. */
  errata: ErrataChange[];
}

export interface ErrataChange {
  /** JSON pointer of the changed keyword. */
  pointer: string;
  /** The property names the change is about. */
  names: string[];
  change: string;
}

const SPEC_FILE = fileURLToPath(new URL('../forum/vendor/openapi.json', import.meta.url));

export function loadSpec(): Spec {
  const text = readFileSync(SPEC_FILE, 'utf8');
  const document = applyErrata(JSON.parse(text)) as Spec['document'];
  return { document, errata: changesBetween(JSON.parse(text), document, '#') };
}

const pointerKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/** A structural diff, worded per keyword: a `type` changed, names dropped from `required`, a property added. */
function changesBetween(before: unknown, after: unknown, pointer: string): ErrataChange[] {
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  const keyword = pointer.slice(pointer.lastIndexOf('/') + 1);
  const owner = pointer.split('/').at(-2) ?? '';
  if (keyword === 'required' && Array.isArray(before) && Array.isArray(after)) {
    const dropped = before.filter((name) => !after.includes(name)) as string[];
    const added = after.filter((name) => !before.includes(name)) as string[];
    return [
      {
        pointer,
        names: [...dropped, ...added],
        change: [...dropped.map((n) => `no longer required: ${n}`), ...added.map((n) => `required: ${n}`)].join(', '),
      },
    ];
  }
  if (before === undefined) return [{ pointer, names: [keyword], change: `added ${JSON.stringify(after)}` }];
  if (
    typeof before !== 'object' ||
    typeof after !== 'object' ||
    before === null ||
    after === null ||
    Array.isArray(before)
  ) {
    return [
      {
        pointer,
        names: [keyword === 'type' ? owner : keyword],
        change: `${JSON.stringify(before)} → ${JSON.stringify(after)}`,
      },
    ];
  }
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].flatMap((key) =>
    changesBetween(
      (before as Record<string, unknown>)[key],
      (after as Record<string, unknown>)[key],
      `${pointer}/${pointerKey(key)}`,
    ),
  );
}

/** `paths[path][method].responses['200'].content['application/json'].schema`, $refs inlined. */
export function responseSchemaOf(spec: Spec, method: string, path: string): JsonSchema | undefined {
  const operation = spec.document.paths[path]?.[method.toLowerCase()] as
    | { responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }> }
    | undefined;
  const schema = operation?.responses?.['200']?.content?.['application/json']?.schema;
  return schema && inlineRefs(schema, spec.document);
}

/** The document is self-contained: every $ref is a local "#/components/..." pointer. */
function inlineRefs(schema: JsonSchema, document: unknown, depth = 0): JsonSchema {
  if (depth > 20) throw new Error('$ref nesting deeper than 20: a cycle?');
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node !== 'object' || node === null) return node;
    const record = node as JsonSchema;
    if (typeof record.$ref === 'string') {
      if (!record.$ref.startsWith('#/')) throw new Error(`non-local $ref ${record.$ref}`);
      const target = record.$ref
        .slice(2)
        .split('/')
        .reduce<unknown>(
          (at, key) => (at as Record<string, unknown>)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
          document,
        );
      if (target === undefined) throw new Error(`unresolved $ref ${record.$ref}`);
      return inlineRefs(target as JsonSchema, document, depth + 1);
    }
    return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, walk(value)]));
  };
  return walk(schema) as JsonSchema;
}

/** A validator for generated instances: the generator's output must itself conform to the spec. */
export function specValidator(): (schema: JsonSchema, instance: unknown) => string[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: false });
  const compiled = new WeakMap<JsonSchema, ReturnType<typeof ajv.compile>>();
  return (schema, instance) => {
    let validate = compiled.get(schema);
    if (!validate) compiled.set(schema, (validate = ajv.compile(schema)));
    return validate(instance) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
  };
}

/** mulberry32 seeded from a string: the same name gives the same instances on every run. */
export function seededRandom(name: string): () => number {
  let seed = 2166136261;
  for (const char of name) seed = Math.imul(seed ^ char.charCodeAt(0), 16777619);
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` instances with every documented property present (required or not). Where a type
 * list allows null, json-schema-faker picks null or a value at random.
 */
export function generateFilled(schema: JsonSchema, count: number, random: () => number): unknown[] {
  JSONSchemaFaker.option({
    random,
    alwaysFakeOptionals: true,
    // Non-empty lists, so list items are really checked; three keeps the run fast.
    minItems: 1,
    maxItems: 3,
    useExamplesValue: false,
    useDefaultValue: false,
    failOnInvalidTypes: true,
    failOnInvalidFormat: false,
    // Extra undocumented keys where additionalProperties allows them: the client must ignore them.
    fillProperties: true,
  });
  // json-schema-faker may annotate the schema it is given, so it gets a copy each time.
  return Array.from({ length: count }, () => JSONSchemaFaker.generate(structuredClone(schema) as never));
}

const allowsNull = (schema: JsonSchema) =>
  schema.type === 'null' || (Array.isArray(schema.type) && schema.type.includes('null'));

/** A copy of `instance` where each property the schema does not require is left out with probability ½. */
export function leaveOutOptionals(schema: JsonSchema, instance: unknown, random: () => number): unknown {
  if (Array.isArray(instance))
    return instance.map((item) => (schema.items ? leaveOutOptionals(schema.items, item, random) : item));
  if (typeof instance !== 'object' || instance === null) return instance;
  const required = new Set(schema.required ?? []);
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(instance)) {
    const property = schema.properties?.[key];
    if (!required.has(key) && random() < 0.5) continue;
    copy[key] = property ? leaveOutOptionals(property, value, random) : value;
  }
  return copy;
}

/** A copy of `instance` with null in every place whose schema allows null. */
export function nullWherever(schema: JsonSchema, instance: unknown): unknown {
  if (allowsNull(schema)) return null;
  if (Array.isArray(instance)) return instance.map((item) => (schema.items ? nullWherever(schema.items, item) : item));
  if (typeof instance !== 'object' || instance === null) return instance;
  return Object.fromEntries(
    Object.entries(instance).map(([key, value]) => [
      key,
      schema.properties?.[key] ? nullWherever(schema.properties[key]!, value) : value,
    ]),
  );
}

/** "topic_list.topics.3.id" → "topic_list.topics[].id": one name for the same field in every instance. */
export function fieldPath(path: readonly PropertyKey[] | string): string {
  const joined = typeof path === 'string' ? path : path.map(String).join('.');
  return joined.replace(/\.(\d+)(?=\.|$)/g, '[]').replace(/^(\d+)(?=\.|$)/, '[]') || '(root)';
}

interface ParseResult {
  success: boolean;
  data?: unknown;
  error?: { issues: { path: PropertyKey[]; message: string }[] };
}

/**
 * What a zod parse of `instance` got wrong, one line per field: a rejected reply (its issues), list
 * items the schema left out (`skipped` on the reply), list items that vanished anywhere else (a
 * nested list parsed item by item keeps no `skipped` of its own, so its output is shorter), and
 * values a tolerant field threw away (a spec-valid value read as absent or as its fallback).
 */
export function disagreements(result: ParseResult, instance: unknown): string[] {
  if (!result.success)
    return (result.error?.issues ?? []).map((issue) => `${fieldPath(issue.path)}: rejected (${issue.message})`);
  const found: string[] = [];
  const skipped = (result.data as { skipped?: { path: string; message: string }[] }).skipped ?? [];
  for (const item of skipped) found.push(`${fieldPath(item.path)}: item skipped (${item.message})`);
  const walk = (input: unknown, output: unknown, path: string): void => {
    if (Array.isArray(input) && Array.isArray(output)) {
      const listed = skipped.some((item) => fieldPath(item.path).startsWith(`${path}[]`));
      if (output.length < input.length && !listed) found.push(`${path}[]: item dropped`);
      if (output.length === input.length)
        for (const [index, item] of input.entries()) walk(item, output[index], `${path}[]`);
      return;
    }
    if (
      (isValue(input) && !isValue(output)) ||
      (isValue(input) && isValue(output) && input !== output && !sameNumber(input, output))
    ) {
      found.push(`${path}: value discarded (${JSON.stringify(input)} read as ${JSON.stringify(output)})`);
    }
    if (typeof input !== 'object' || input === null || typeof output !== 'object' || output === null) return;
    for (const key of Object.keys(output))
      walk(
        (input as Record<string, unknown>)[key],
        (output as Record<string, unknown>)[key],
        path ? `${path}.${key}` : key,
      );
  };
  walk(instance, result.data, '');
  return [...new Set(found)];
}

const isValue = (value: unknown) => ['string', 'number', 'boolean'].includes(typeof value);
/** A numeric string the schema reads as its number ("12" → 12) keeps its value. */
const sameNumber = (input: unknown, output: unknown) =>
  typeof input === 'string' && typeof output === 'number' && Number(input) === output;

/** The spec's schema at a field path like "topic_list.topics[].id", and whether it is required there. */
export function specAt(schema: JsonSchema, path: string): { required: boolean; schema: JsonSchema | undefined } {
  let at: JsonSchema | undefined = schema;
  let required = true;
  for (const part of path.split('.')) {
    const [key, ...lists] = part.split('[]');
    if (key) {
      required = (at?.required ?? []).includes(key);
      at = at?.properties?.[key];
    }
    for (let i = 0; i < lists.length; i += 1) at = at?.items;
  }
  return { required, schema: at };
}
