import { MESSAGES, send, sendError, sendHtml, sendJson } from '../lib/http';
import type { Ctx, Route } from '../forum';
import { avatarTemplate } from '../serializers/users';
import { userProfilePage } from '../pages/forumPages';

/** HTML routes that have no JSON twin in the API modules. */
export const pageRoutes: Route[] = [
  {
    // Letter avatars, drawn as SVG (Discourse serves PNGs from the same path).
    method: 'GET',
    path: /^\/letter_avatar_proxy\/v4\/letter\/([^/])\/([0-9a-f]{6})\/(\d+)\.png$/,
    action: 'user_avatars#show_proxy_letter',
    handler: (ctx) => {
      const [, letter, color, size] = ctx.match;
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100"><rect width="100" height="100" fill="#${color}"/><text x="50" y="68" font-family="sans-serif" font-size="56" fill="#fff" text-anchor="middle">${letter!.toUpperCase().replace(/[<&>]/g, '')}</text></svg>`;
      send(ctx.res, 200, svg, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=86400' });
    },
  },
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
          avatar_template: avatarTemplate(ctx.forum.store.basePath, user),
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
      if (!ctx.forum.store.userByName(decodeURIComponent(ctx.match[1]!)))
        return sendError(ctx.res, 404, 'not_found', [MESSAGES.notFound]);
      sendHtml(ctx.res, 200, userProfilePage(ctx, decodeURIComponent(ctx.match[1]!)));
    },
  },
];
