import { DiscourseError, isDiscourseError, said } from './errors';
import { requestUrl, sendRequest, type Query, type RequestOptions, type RequestSpec } from './forumRequest';
import type { ResponseOf, RouteKey } from './schemas';
import { SharedReads } from './sharedReads';
import type { Lane } from './throttle';

/**
 * A typed Discourse client for one forum and one key. Every call goes through the forum's
 * throttle; identical GETs in flight share one request, and a short GET cache absorbs bursts
 * from several tabs. Failures always arrive as a DiscourseError.
 */

export interface ClientOptions extends RequestOptions {
  /** How long a GET result is reused (ms). */
  cacheMs?: number;
}

export interface CallOptions {
  lane?: Lane;
  /** A request the server may hold open (MessageBus): it must not hold up the others. */
  longPoll?: boolean;
  /** Skip the GET cache (a refresh the user asked for). */
  fresh?: boolean;
}

export class DiscourseClient {
  private readonly reads: SharedReads;

  constructor(private readonly options: ClientOptions) {
    this.reads = new SharedReads(options.clock, options.cacheMs ?? 3000);
  }

  get baseUrl(): string {
    return this.options.baseUrl;
  }

  // --- typed calls

  site(options?: CallOptions) {
    return this.call({ route: 'GET /site.json', method: 'GET', path: '/site.json' }, options);
  }
  basicInfo(options?: CallOptions) {
    return this.call({ route: 'GET /site/basic-info.json', method: 'GET', path: '/site/basic-info.json' }, options);
  }
  categories(options?: CallOptions) {
    return this.call(
      {
        route: 'GET /categories.json',
        method: 'GET',
        path: '/categories.json',
        query: { include_subcategories: true },
      },
      options,
    );
  }
  /** `latest`, `new` or `unread`, optionally in one category (`/c/{slug}/{id}/l/{filter}`); `page` is 0-based. */
  topics(
    filter: 'latest' | 'new' | 'unread',
    params: { category?: { slug: string; id: number }; page?: number } = {},
    options?: CallOptions,
  ) {
    const query = params.page ? { page: params.page } : undefined;
    if (params.category) {
      const path = `/c/${encodeURIComponent(params.category.slug)}/${params.category.id}/l/${filter}.json`;
      return this.call({ route: 'GET /c/{slug}/{id}.json', method: 'GET', path, query }, options);
    }
    return this.call(
      { route: `GET /${filter}.json` as 'GET /latest.json', method: 'GET', path: `/${filter}.json`, query },
      options,
    );
  }
  privateMessages(username: string, options?: CallOptions) {
    return this.call(
      {
        route: 'GET /topics/private-messages/{username}.json',
        method: 'GET',
        path: `/topics/private-messages/${encodeURIComponent(username)}.json`,
      },
      options,
    );
  }
  topic(id: number, page?: number, options?: CallOptions) {
    return this.call(
      {
        route: 'GET /t/{id}.json',
        method: 'GET',
        path: `/t/${id}.json`,
        query: page && page > 1 ? { page } : undefined,
      },
      options,
    );
  }
  /** A post with its `raw` Markdown. */
  post(id: number, options?: CallOptions) {
    return this.call({ route: 'GET /posts/{id}.json', method: 'GET', path: `/posts/${id}.json` }, options);
  }
  latestPosts(before?: number, options?: CallOptions) {
    return this.call({ route: 'GET /posts.json', method: 'GET', path: '/posts.json', query: { before } }, options);
  }
  createTopic(input: { title: string; raw: string; category?: number; tags?: string[] }, options?: CallOptions) {
    return this.call(
      { route: 'POST /posts.json', method: 'POST', path: '/posts.json', body: input, actions: ['topic', 'post'] },
      options,
    );
  }
  reply(input: { topicId: number; raw: string; replyToPostNumber?: number }, options?: CallOptions) {
    const body = {
      topic_id: input.topicId,
      raw: input.raw,
      ...(input.replyToPostNumber ? { reply_to_post_number: input.replyToPostNumber } : {}),
    };
    return this.call(
      { route: 'POST /posts.json', method: 'POST', path: '/posts.json', body, actions: ['post'] },
      options,
    );
  }
  privateMessage(input: { title: string; raw: string; recipients: string[] }, options?: CallOptions) {
    const body = {
      title: input.title,
      raw: input.raw,
      archetype: 'private_message',
      target_recipients: input.recipients.join(','),
    };
    return this.call(
      { route: 'POST /posts.json', method: 'POST', path: '/posts.json', body, actions: ['topic', 'post'] },
      options,
    );
  }
  /** Edits a post; with `originalText` the forum refuses (EditConflict) if someone changed it meanwhile. */
  editPost(input: { id: number; raw: string; originalText?: string; editReason?: string }, options?: CallOptions) {
    const post = {
      raw: input.raw,
      // Both names: forums before PR #29789 (Dec 2024) read only raw_old, newer ones either (PostsController#update).
      ...(input.originalText !== undefined ? { original_text: input.originalText, raw_old: input.originalText } : {}),
      ...(input.editReason ? { edit_reason: input.editReason } : {}),
    };
    return this.call(
      { route: 'PUT /posts/{id}.json', method: 'PUT', path: `/posts/${input.id}.json`, body: { post } },
      options,
    );
  }
  /** The user-menu list (`recent`, silent) or a page of the full list. */
  notifications(
    params: { recent?: boolean; limit?: number; offset?: number; filter?: 'read' | 'unread'; types?: string[] } = {},
    options?: CallOptions,
  ) {
    const query: Query = params.recent
      ? { recent: true, limit: params.limit, silent: true }
      : { limit: params.limit, offset: params.offset, filter: params.filter, silent: true };
    if (params.types?.length) query.filter_by_types = params.types.join(',');
    return this.call({ route: 'GET /notifications.json', method: 'GET', path: '/notifications.json', query }, options);
  }
  totals(options?: CallOptions) {
    return this.call(
      { route: 'GET /notifications/totals.json', method: 'GET', path: '/notifications/totals.json' },
      options,
    );
  }
  /** Marks one notification read, or all of them. */
  markRead(id?: number, options?: CallOptions) {
    return this.call(
      {
        route: 'PUT /notifications/mark-read.json',
        method: 'PUT',
        path: '/notifications/mark-read.json',
        body: id === undefined ? {} : { id },
      },
      options,
    );
  }
  /**
   * Admin key only (notifications#create is `ensure_admin`): a notification for any user, as
   * FACTS.md §3.1a says the forum's menu renders it. `data` travels as a JSON string: Discourse
   * permits only scalars and drops a nested object. The answer may be an existing notification
   * the forum merged this one into (consolidate_or_create!).
   */
  createNotification(
    input: { userId: number; type: number; topicId?: number; postNumber?: number; data: Record<string, unknown> },
    options?: CallOptions,
  ) {
    const body = {
      notification_type: input.type,
      user_id: input.userId,
      data: JSON.stringify(input.data),
      ...(input.topicId !== undefined
        ? { topic_id: input.topicId, ...(input.postNumber !== undefined ? { post_number: input.postNumber } : {}) }
        : {}),
    };
    return this.call({ route: 'POST /notifications.json', method: 'POST', path: '/notifications.json', body }, options);
  }
  /** Another user's notifications, newest first (an admin key, or that user's own key). */
  notificationsOf(username: string, limit = 30, options?: CallOptions) {
    return this.call(
      { route: 'GET /notifications.json', method: 'GET', path: '/notifications.json', query: { username, limit } },
      options,
    );
  }
  /** The user chooser's search: by username prefix or name. */
  searchUsers(term: string, limit = 8, options?: CallOptions) {
    return this.call(
      { route: 'GET /u/search/users.json', method: 'GET', path: '/u/search/users.json', query: { term, limit } },
      options,
    );
  }
  userCard(username: string, options?: CallOptions) {
    return this.call(
      { route: 'GET /u/{username}/card.json', method: 'GET', path: `/u/${encodeURIComponent(username)}/card.json` },
      options,
    );
  }
  currentUser(options?: CallOptions) {
    return this.call({ route: 'GET /session/current.json', method: 'GET', path: '/session/current.json' }, options);
  }
  /**
   * One MessageBus poll: channel → last seen id (-1: just tell me the position). Held open up to
   * the forum's long-polling interval unless `immediate` (`dlp=t`).
   */
  pollMessageBus(
    clientId: string,
    positions: Record<string, number>,
    seq: number,
    options: CallOptions & { immediate?: boolean } = {},
  ) {
    const path = `/message-bus/${encodeURIComponent(clientId)}/poll`;
    return this.call(
      {
        route: 'POST /message-bus/{clientId}/poll',
        method: 'POST',
        path,
        query: options.immediate ? { dlp: 't' } : undefined,
        body: { ...positions, __seq: seq },
      },
      { ...options, longPoll: !options.immediate },
    );
  }
  revokeKey(options?: CallOptions) {
    return this.call(
      { route: 'POST /user-api-key/revoke.json', method: 'POST', path: '/user-api-key/revoke.json', body: {} },
      options,
    );
  }

  // --- every typed call: writes go straight out (and drop the cache), reads are shared

  async call<K extends RouteKey>(spec: RequestSpec<K>, options: CallOptions = {}): Promise<ResponseOf<K>> {
    try {
      return await this.send(spec, options);
    } catch (error) {
      if (!isDiscourseError(error, 'InvalidKey') || spec.route === 'GET /session/current.json') throw error;
      throw await this.deadOrRefused(error, options.lane ?? 'interactive');
    }
  }

  /**
   * A 403 is a dead key only if the key check itself fails: Discourse answers a refusal (a
   * read-only category, a locked post, a topic made private) with the same 403 invalid_access
   * (FACTS.md §3.2). One GET of the current user through the same throttle tells them apart.
   */
  private async deadOrRefused(error: DiscourseError, lane: Lane): Promise<DiscourseError> {
    try {
      await this.send(
        { route: 'GET /session/current.json', method: 'GET', path: '/session/current.json' },
        {
          lane,
          fresh: true,
        },
      );
    } catch (check) {
      if (isDiscourseError(check, 'InvalidKey')) return check;
      // Not known to be dead: a reconnect is not asked for on a guess.
    }
    const serverSays = error.details.errors?.join(' ') || undefined;
    return new DiscourseError('Forbidden', serverSays ?? said('errorNotAllowedOn', new URL(this.baseUrl).host), {
      status: error.details.status,
      errors: error.details.errors ?? [],
    });
  }

  private async send<K extends RouteKey>(spec: RequestSpec<K>, options: CallOptions): Promise<ResponseOf<K>> {
    const url = requestUrl(this.options.baseUrl, spec.path, spec.query);
    if (spec.method !== 'GET') {
      const result = await sendRequest(this.options, spec, url, options.lane ?? 'interactive', options.longPoll);
      if (!options.longPoll) this.reads.clear();
      return result;
    }
    const lane = options.lane ?? 'interactive';
    return this.reads.read(url, lane, options.fresh, () => sendRequest(this.options, spec, url, lane));
  }
}
