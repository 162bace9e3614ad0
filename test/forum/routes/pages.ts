import { MESSAGES, sendError, sendHtml, sendJson } from '../lib/http';
import type { Ctx, Route } from '../forum';
import { avatarTemplate } from '../serializers';
import { userProfilePage } from '../pages/forumPages';

/** HTML routes that have no JSON twin in the API modules. */
export const pageRoutes: Route[] = [
  {
    method: 'GET',
    path: /^\/u\/([^/]+)\/card$/,
    action: 'users#card',
    json: true,
    handler: (ctx) => {
      const user = ctx.forum.store.userByName(decodeURIComponent(ctx.match[1]!));
      if (!user) return sendError(ctx.res, 404, 'not_found', [MESSAGES.notFound]);
      sendJson(ctx.res, 200, {
        user: {
          id: user.id,
          username: user.username,
          name: user.name,
          avatar_template: avatarTemplate(user),
          title: user.title,
          trust_level: user.trustLevel,
          staff: user.admin || user.moderator,
          admin: user.admin,
          moderator: user.moderator,
          bio_excerpt: user.bio,
        },
      });
    },
  },
  {
    method: 'GET',
    path: /^\/u\/([^/]+)$/,
    action: 'users#show',
    handler: (ctx: Ctx) => {
      if (!ctx.forum.store.userByName(decodeURIComponent(ctx.match[1]!))) return sendError(ctx.res, 404, 'not_found', [MESSAGES.notFound]);
      sendHtml(ctx.res, 200, userProfilePage(ctx, decodeURIComponent(ctx.match[1]!)));
    },
  },
];
