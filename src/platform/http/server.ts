/**
 * The HTTP platform: Fastify with problem+json errors, request ids, bearer authentication,
 * `/healthz`, `/readyz`, `/metrics` (Prometheus text) and `/api/openapi.json`. Bounded contexts
 * add their routes through the returned `route` function.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError } from '../errors.ts';
import type { Actor } from '../audit.ts';
import { buildOpenApi, createRouter, type Route } from './route.ts';

export interface HttpPlatformOptions {
  logger: Logger;
  authenticateToken: (token: string) => Promise<Actor | null>;
  /**
   * The system's health for `/readyz`: `ready` and `degraded` answer 200 (the service takes
   * traffic), anything else 503. Must not throw.
   */
  health: () => Promise<{ status: 'ready' | 'degraded' | 'not-ready' }>;
  /** Prometheus text from every metrics source. */
  metrics: () => string;
  version: string;
  bodyLimit?: number;
}

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor | null;
  }
}

export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
}

export function createHttpPlatform(opts: HttpPlatformOptions): { app: FastifyInstance; route: Route } {
  const bootId = randomUUID().slice(0, 8);
  let requestSeq = 0;
  const app = Fastify({
    loggerInstance: opts.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: opts.bodyLimit ?? 5 * 1024 * 1024,
    // A caller's id is kept; otherwise a per-process random prefix and a counter (unique, cheap).
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given)
        ? given
        : `${bootId}-${(++requestSeq).toString(36)}`;
    },
    routerOptions: { ignoreTrailingSlash: true },
  }) as unknown as FastifyInstance;

  // JSON bodies: plain JSON.parse (zod validates every body at the edge, and objects from
  // JSON.parse cannot pollute prototypes through "__proto__" keys: they become own properties).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '' || body === undefined) {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new AppError('bad-request', 'The request body is not valid JSON'), undefined);
    }
  });

  app.setErrorHandler((err: unknown, req, reply) => {
    let problem;
    if (err instanceof AppError) problem = err.toProblem();
    else {
      const e = err as { statusCode?: number; code?: string; message?: string; validation?: unknown };
      if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
        // Fastify's own client errors: malformed JSON, body too large, wrong content type.
        problem = new AppError('bad-request', e.message ?? 'Bad request', {
          fastifyCode: e.code,
        }).toProblem();
        problem.status = e.statusCode;
      } else {
        req.log.error({ err, reqId: req.id }, 'unhandled error');
        problem = new AppError('internal', 'An unexpected error occurred; it has been logged', {
          requestId: req.id,
        }).toProblem();
      }
    }
    void reply
      .code(problem.status)
      .header('x-request-id', req.id)
      .type('application/problem+json')
      .send(problem);
  });
  app.setNotFoundHandler((req, reply) => {
    const p = new AppError('not-found', `No route for ${req.method} ${req.url.split('?')[0]}`).toProblem();
    void reply.code(404).header('x-request-id', req.id).type('application/problem+json').send(p);
  });

  const authenticate = async (req: FastifyRequest): Promise<Actor | null> => {
    if (req.actor !== undefined) return req.actor;
    const token = bearerToken(req);
    req.actor = token ? await opts.authenticateToken(token) : null;
    return req.actor;
  };
  const route = createRouter(app, authenticate);

  app.get('/healthz', async () => ({ status: 'ok', version: opts.version }));
  app.get('/readyz', async (_req, reply) => {
    const h = await opts.health().catch(() => ({ status: 'not-ready' as const, code: 'health-check-failed' }));
    void reply.code(h.status === 'not-ready' ? 503 : 200);
    return h;
  });
  app.get('/metrics', async (_req, reply) => {
    void reply.type('text/plain; version=0.0.4');
    return opts.metrics();
  });
  app.get('/api/openapi.json', async () =>
    buildOpenApi({
      title: 'nodmeld API',
      version: opts.version,
      description:
        'Routing of the national out-of-hours number 116117 to legevaktsentraler, call handling and readiness registers. Errors are application/problem+json (RFC 9457).',
    }),
  );
  return { app, route };
}
