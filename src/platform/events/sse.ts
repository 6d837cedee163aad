/**
 * GET /api/v1/events — Server-Sent Events of the outbox, filtered per subscriber by `canSee`.
 *
 * - Each event is sent with `id: <position>`; a client resumes with `Last-Event-ID` (EventSource
 *   sends it by itself) or `?after=<position>`: the events after it come from the outbox, then live
 *   ones, each once and in order (a position at or below the cursor is never sent again).
 * - A `: heartbeat` comment every `heartbeatMs` keeps proxies from closing an idle stream and
 *   lets the client notice a dead one.
 * - A subscriber whose queue exceeds `maxQueue` (a slow reader: the socket does not drain) is
 *   disconnected; it reconnects with its Last-Event-ID and catches up from the outbox.
 * - A resume from before what retention has pruned gets `event: reset` first: reload, events
 *   were lost.
 * - Authentication is the one every API route has (bearer token today; a cookie session plugs in
 *   through the same authenticator).
 */
import { isKernelEvent } from '../auth/invalidation-events.ts';
import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AppError } from '../errors.ts';
import type { Route } from '../http/route.ts';
import type { CanSee } from './can-see.ts';
import type { StoredEvent } from './define-event.ts';
import type { EventBus, Subscription } from './event-bus.ts';
import { prunedThrough } from './outbox.ts';

export interface SseOptions {
  bus: EventBus;
  canSee: CanSee;
  heartbeatMs: number;
  maxQueue: number;
}

const position = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** Resolves when the response drains or closes (both listeners removed either way). */
function drained(res: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** One SSE frame of a domain event (the actor is left out: the audit log holds who). */
export function sseFrame(e: StoredEvent): string {
  const data = JSON.stringify({
    position: e.position,
    type: e.type,
    scope: e.scope,
    at: e.at,
    payload: e.payload,
  });
  return `id: ${e.position}\ndata: ${data}\n\n`;
}

export function registerEventStream(route: Route, app: FastifyInstance, opts: SseOptions): void {
  const open = new Set<() => void>();
  // Fastify waits for open responses on close: end every stream first (clients reconnect elsewhere).
  app.addHook('preClose', (done) => {
    for (const end of [...open]) end();
    done();
  });
  route({
    method: 'GET',
    url: '/api/v1/events',
    summary: 'Subscribe to domain events',
    description:
      'Server-Sent Events: `id:` is the outbox position; resume with the Last-Event-ID header or `after`. ' +
      'Only events the caller may see are sent. `: heartbeat` comments keep the stream alive.',
    tags: ['events'],
    auth: { roles: 'any' },
    query: z.object({ after: position.optional() }),
    produces: ['text/event-stream'],
    errors: [400],
    async handler({ actor, query, req, reply }) {
      const header = req.headers['last-event-id'];
      let after: number | undefined = query.after;
      if (typeof header === 'string' && header !== '') {
        const p = position.safeParse(header);
        if (!p.success) {
          throw new AppError('validation', 'Last-Event-ID must be an event position', {
            errors: [{ path: 'headers.last-event-id', code: 'invalid', message: 'not a position' }],
          });
        }
        after = p.data;
      }
      const pruned = after !== undefined ? await prunedThrough(opts.bus.db) : 0;

      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store, no-transform',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
        'x-content-type-options': 'nosniff',
        'x-request-id': req.id,
      });
      res.write('retry: 2000\n\n');
      if (after !== undefined && after < pruned) {
        res.write(`event: reset\ndata: ${JSON.stringify({ prunedThrough: pruned })}\n\n`);
        after = pruned;
      }
      let ended = false;
      let sub: Subscription | null = null;
      const end = (): void => {
        if (ended) return;
        ended = true;
        clearInterval(heartbeat);
        sub?.close();
        open.delete(end);
        res.end();
      };
      const heartbeat = setInterval(() => {
        if (res.writableLength === 0) res.write(': heartbeat\n\n');
      }, opts.heartbeatMs);
      heartbeat.unref();
      sub = opts.bus.subscribe({
        after,
        filter: (e) => !isKernelEvent(e.type) && opts.canSee(actor, e),
        maxQueue: opts.maxQueue,
        onOverflow: 'close',
        onClose: () => end(),
        async handler(e) {
          if (ended) return;
          if (!res.write(sseFrame(e))) {
            // Wait for the socket to drain; meanwhile the bus queues up to maxQueue, then closes.
            await drained(res);
          }
        },
      });
      if (ended) return;
      open.add(end);
      res.on('close', end);
      req.log.debug({ user: actor.name, after: sub.position }, 'event stream opened');
    },
  });
}
