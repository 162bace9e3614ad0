import type { z } from 'zod';
import { DiscourseError, said } from './errors';
import { scopesAllow, type ForumAuth } from './keyScopes';
import type { Clock } from './ports';
import { rateLimitedUntil, rateLimitFrom } from './rateLimitReply';
import { errorBodySchema, responseSchemas, type ResponseOf, type RouteKey, type SkippedItem } from './schemas';

/**
 * The forum's answer to one request: the body checked against its route's schema, or the HTTP
 * status and error body turned into a DiscourseError the UI can word.
 */

export interface ReplyContext {
  /** The forum's host, as error messages name it. */
  host: string;
  /** A 403 means a missing scope, a dead key or a refusal: the key's scopes tell the first. */
  auth: ForumAuth;
  clock: Clock;
}

export async function readReply<K extends RouteKey>(
  spec: { route: K; method: string; path: string },
  response: Response,
  forum: ReplyContext,
): Promise<ResponseOf<K>> {
  const host = forum.host;
  if (response.ok) {
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new DiscourseError('BadResponse', said('errorNotJson', host), { status: response.status });
    }
    const schema = responseSchemas[spec.route] as unknown as z.ZodType<ResponseOf<K>>;
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const path = issue?.path.join('.') ?? '';
      throw new DiscourseError(
        'BadResponse',
        said('errorUnexpectedReply', host, path || 'root', issue?.message ?? 'invalid'),
        { status: response.status, path },
      );
    }
    const skipped = (parsed.data as { skipped?: SkippedItem[] }).skipped;
    // One odd item is left out of its list, not fatal; the log says where, for a bug report.
    if (skipped?.length)
      console.warn(
        `${host}: ${spec.route} left out ${skipped.length} item(s): ${skipped
          .slice(0, 5)
          .map((s) => `${s.path} (${s.message})`)
          .join('; ')}`,
      );
    return parsed.data;
  }
  const text = await response.text().catch(() => '');
  let body: z.infer<typeof errorBodySchema> = {};
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(text));
    if (parsed.success) body = parsed.data;
  } catch {
    // not JSON: MessageBus, proxies and the per-IP middleware answer in plain text
  }
  const serverSays = body.errors?.join(' ') || undefined;
  const status = response.status;
  switch (status) {
    case 403: {
      if (forum.auth.kind === 'user' && !scopesAllow(forum.auth.scopes, spec.method, spec.path)) {
        throw new DiscourseError('Forbidden', said('errorScopeMissing', host), { status });
      }
      // A dead key (CUP raises InvalidAccess) and a plain refusal (Guardian: a read-only category,
      // a locked post) look alike; the client asks /session/current.json before believing this.
      throw new DiscourseError('InvalidKey', said('errorKeyRevoked', host), { status, errors: body.errors ?? [] });
    }
    case 404:
      throw new DiscourseError('NotFound', serverSays ?? said('errorNotFoundOn', host), { status });
    case 409:
      throw new DiscourseError('EditConflict', serverSays ?? said('errorEditedMeanwhile'), { status });
    case 400:
    case 422:
      throw new DiscourseError('Validation', serverSays ?? said('errorRefusedRequest', host), {
        status,
        errors: body.errors ?? [],
      });
    case 429: {
      // The throttle answers a rate limit itself; one that still gets here fails this call only.
      const now = forum.clock.now();
      const until = rateLimitedUntil(rateLimitFrom(response.headers, body, now), now, 10);
      throw new DiscourseError('RateLimited', serverSays ?? said('errorSlowDown', host), {
        status,
        until,
        scope: 'action',
      });
    }
    case 503:
      if (body.error_type === 'read_only')
        throw new DiscourseError('ReadOnly', said('errorReadOnly', host), { status });
  }
  throw new DiscourseError('Network', said('errorServerProblem', host, status), { status });
}

/** A 503 that says the forum is read-only: not worth retrying. */
export async function isReadOnly(response: Response): Promise<boolean> {
  try {
    const body = (await response.clone().json()) as { error_type?: string };
    return body.error_type === 'read_only';
  } catch {
    return false;
  }
}
