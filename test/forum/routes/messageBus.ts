import { send, sendJson } from '../lib/http';
import type { Ctx, Route } from '../forum';

/**
 * `POST /message-bus/{clientId}/poll` (FACTS.md §4): a body of channel → last seen id; answers
 * the backlog at once, else holds the request up to the long-polling interval (or returns at
 * once with `dlp=t`). Private channels are only for their own user.
 */
async function poll(ctx: Ctx): Promise<void> {
  const store = ctx.forum.store;
  const requested = Object.entries(ctx.params).filter(([channel]) => channel.startsWith('/'));
  const allowed = requested.filter(([channel]) => {
    const own = /^\/notification(?:-alert)?\/(\d+)$/.exec(channel);
    return !own || (ctx.user !== null && Number(own[1]) === ctx.user.id);
  });
  const headers = { 'Cache-Control': 'must-revalidate, private, max-age=0', Pragma: 'no-cache', Expires: '0' };

  const collect = () => {
    const out: unknown[] = [];
    const status: Record<string, number> = {};
    for (const [channel, lastValue] of allowed) {
      const last = Number(lastValue);
      const messages = store.bus.messages.filter((m) => m.channel === channel);
      const current = messages.at(-1)?.messageId ?? -1;
      if (last === -1 || last > current) status[channel] = current;
      else if (last < -1) out.push(...messages.slice(last + 1).map(wire));
      else out.push(...messages.filter((m) => m.messageId > last).map(wire));
    }
    if (Object.keys(status).length) out.push({ global_id: -1, message_id: -1, channel: '/__status', data: status });
    return out;
  };

  const immediate = collect();
  if (immediate.length || ctx.query.get('dlp') === 't') return sendJson(ctx.res, 200, immediate, headers);
  const timeoutMs = ctx.forum.settings.longPollingMs * ctx.forum.settings.timeScale;
  await new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      store.bus.listeners.delete(listener);
      ctx.res.off('close', done);
      resolve();
    };
    const listener = () => {
      if (collect().length) done();
    };
    const timer = setTimeout(done, timeoutMs);
    store.bus.listeners.add(listener);
    ctx.res.on('close', done);
  });
  if (ctx.res.destroyed) return;
  sendJson(ctx.res, 200, collect(), headers);
}

function wire(m: { globalId: number; messageId: number; channel: string; data: unknown }) {
  return { global_id: m.globalId, message_id: m.messageId, channel: m.channel, data: m.data };
}

export const messageBusRoutes: Route[] = [
  {
    method: 'POST',
    path: /^\/message-bus\/[^/]+\/poll$/,
    action: 'message_bus#poll',
    json: true,
    handler: (ctx) =>
      ctx.forum.settings.noMessageBus
        ? send(ctx.res, 404, 'Not Found')
        : ctx.user || ctx.auth.kind === 'anonymous'
          ? poll(ctx)
          : send(ctx.res, 403, 'Invalid Access'),
  },
];
