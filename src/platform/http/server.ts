/**
 * The HTTP platform: Fastify with problem+json errors, request ids, bearer authentication,
 * `/healthz`, `/readyz`, `/metrics` (Prometheus text) and `/api/openapi.json`. Bounded contexts
 * add their routes through the returned `route` function.
 *
 * Health endpoints (docs/operations.md, "Database outages"):
 * - `/healthz` — liveness: 200 while the process answers, with `status` "ok" or "degraded" and the
 *   modules' in-memory health (`liveness`). Never 503 for a database problem: restarting the
 *   process would throw away routing data it cannot reload while the database is down.
 * - `/readyz` — 200 "ready" or 200 "degraded" while the service does its main job (route calls),
 *   also with the database down; 503 "not-ready" when it cannot. `/readyz?strict=true` answers
 *   503 for "degraded" too, for load balancers that fail open when every backend fails.
 */
import Fastify, { LogController, type FastifyInstance, type FastifyRequest } from 'fastify';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import { AppError, refusal } from '../errors.ts';
import type { Actor } from '../auth/actor.ts';
import { buildOpenApi, createRouter, type RefusalRecorder, type Route } from './route.ts';
import { problemFor } from './problem.ts';
import { compressLargeAnswers } from './compress.ts';
import { csrfOk, sessionCookie } from './session-cookie.ts';

export interface HttpPlatformOptions {
  logger: Logger;
  authenticateToken: (token: string) => Promise<Actor | null>;
  /**
   * The system's health for `/readyz`: `ready` and `degraded` answer 200 (the service takes
   * traffic; `?strict=true` makes `degraded` 503), anything else 503. Must not throw, must not
   * wait long, must not carry error texts of dependencies.
   */
  health: () => Promise<{ status: 'ready' | 'degraded' | 'not-ready' }>;
  /** Liveness details for `/healthz`, from memory (no I/O), e.g. a stale routing state. */
  liveness?: () => Promise<{ status: 'ok' | 'degraded' }>;
  /** Prometheus text from every metrics source. */
  metrics: () => string;
  version: string;
  bodyLimit?: number;
  /**
   * Who may read `/metrics`: anyone (`open`, the default: the server listens on 127.0.0.1 unless
   * HOST says otherwise), callers with the bearer `token`, or nobody (`off`: the path is a 404).
   */
  metricsAccess?: { mode: 'open' | 'token' | 'off'; token?: string };
  /** Records a change refused to an authenticated caller (the audit trail); see createRouter. */
  recordRefusal?: RefusalRecorder;
  /** Trust X-Forwarded-* from a reverse proxy (req.ip, req.protocol). */
  trustProxy?: boolean;
}

/**
 * After a 413 the client is usually still sending the body. Closing the connection at once (what
 * Fastify does) makes the kernel answer the rest with a reset, and most clients then report
 * "connection reset" instead of the 413 they were sent. So the rest of the body is read and
 * dropped, and the connection stays usable — up to 10 × the limit, after which it is closed.
 */
function keepReadingRefusedBody(req: FastifyRequest, bodyLimit: number): void {
  const raw = req.raw;
  if (raw.complete || raw.destroyed) return;
  let dropped = 0;
  raw.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > 10 * bodyLimit) raw.socket.destroy();
  });
  raw.resume();
}

const safeEqual = (a: string, b: string) => {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb);
};

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor | null;
  }
}

/** `?strict`, `?strict=true` or `?strict=1`. */
const isStrict = (v: unknown): boolean => v === '' || v === 'true' || v === '1';

/** The caller's session or API token: the bearer header, else the web's session cookie. */
export function requestToken(req: FastifyRequest): string | null {
  return bearerToken(req) ?? sessionCookie(req);
}

export function bearerToken(req: FastifyRequest): string | null {
  const h = req.headers.authorization;
  if (!h) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(h);
  return m ? m[1]! : null;
}

/** Seconds a client should wait before retrying a request refused because the database is unavailable. */
const DATABASE_RETRY_AFTER_S = 5;

export function createHttpPlatform(opts: HttpPlatformOptions): { app: FastifyInstance; route: Route } {
  const bootId = randomUUID().slice(0, 8);
  const bodyLimit = opts.bodyLimit ?? 5 * 1024 * 1024;
  let requestSeq = 0;
  const app = Fastify({
    loggerInstance: opts.logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit,
    // A caller's id is kept; otherwise a per-process random prefix and a counter (unique, cheap).
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given)
        ? given
        : `${bootId}-${(++requestSeq).toString(36)}`;
    },
    routerOptions: { ignoreTrailingSlash: true },
    trustProxy: opts.trustProxy ?? false,
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
    const { problem, unexpected } = problemFor(err, req.id, bodyLimit);
    if (unexpected) req.log.error({ err, reqId: req.id }, 'unhandled error');
    if (problem.reason === 'database-unreachable' || problem.reason === 'database-timeout') {
      void reply.header('retry-after', String(DATABASE_RETRY_AFTER_S));
    }
    if (typeof problem.retryAfter === 'number') void reply.header('retry-after', String(problem.retryAfter));
    if (problem.code === 'payload-too-large') {
      // Fastify asked for `connection: close`; see keepReadingRefusedBody for why not.
      reply.removeHeader('connection');
      keepReadingRefusedBody(req, bodyLimit);
    }
    void reply
      .code(problem.status)
      .header('x-request-id', req.id)
      .type('application/problem+json')
      .send(problem);
  });
  // Every response: never sniffed as another content type; never cached, unless the handler set
  // its own Cache-Control (the web app's hashed assets). API answers carry personal data.
  app.addHook('onSend', (_req, reply, payload, done) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    done(null, payload);
  });
  compressLargeAnswers(app);
  app.setNotFoundHandler((req, reply) => {
    const p = new AppError('not-found', `No route for ${req.method} ${req.url.split('?')[0]}`).toProblem();
    void reply.code(404).header('x-request-id', req.id).type('application/problem+json').send(p);
  });

  // A bearer token (integrations, CLI) or the web's session cookie; a change sent with the cookie
  // must carry the CSRF token (session-cookie.ts).
  const authenticate = async (req: FastifyRequest): Promise<Actor | null> => {
    if (req.actor !== undefined) return req.actor;
    const bearer = bearerToken(req);
    const cookie = bearer ? null : sessionCookie(req);
    const token = bearer ?? cookie;
    req.actor = token ? await opts.authenticateToken(token) : null;
    if (req.actor && cookie && !csrfOk(req)) {
      throw refusal(
        'forbidden',
        'The request lacks the CSRF token of the session (X-CSRF-Token)',
        { code: 'auth.csrf' },
        { reason: 'csrf' },
      );
    }
    return req.actor;
  };
  const route = createRouter(app, authenticate, opts.recordRefusal, (err) => {
    const { problem } = problemFor(err, '', bodyLimit);
    return { status: problem.status, code: problem.code };
  });

  app.get('/healthz', async (req) => {
    const liveness = opts.liveness ?? (async () => ({ status: 'ok' as const }));
    const l = await liveness().catch((err: unknown) => {
      req.log.error({ err }, 'liveness check failed');
      return { status: 'degraded' as const, code: 'health-check-failed' };
    });
    return { ...l, version: opts.version };
  });
  app.get('/readyz', async (req, reply) => {
    const h = await opts.health().catch((err: unknown) => {
      // The check itself failed: say so with a stable code; the text goes to the log only.
      req.log.error({ err }, 'readiness check failed');
      return { status: 'not-ready' as const, code: 'health-check-failed' };
    });
    const strict = isStrict((req.query as Record<string, unknown> | undefined)?.strict);
    void reply.code(h.status === 'ready' || (h.status === 'degraded' && !strict) ? 200 : 503);
    return h;
  });
  const metricsAccess = opts.metricsAccess ?? { mode: 'open' };
  if (metricsAccess.mode === 'token' && !metricsAccess.token)
    throw new Error('NODMELD_METRICS_ACCESS=token needs NODMELD_METRICS_TOKEN (at least 24 characters)');
  if (metricsAccess.mode !== 'off') {
    app.get('/metrics', async (req, reply) => {
      if (metricsAccess.mode === 'token') {
        const given = bearerToken(req);
        if (!given || !safeEqual(given, metricsAccess.token!)) {
          void reply.header('www-authenticate', 'Bearer realm="metrics"');
          throw new AppError(
            'unauthenticated',
            'Send the metrics token (NODMELD_METRICS_TOKEN) as a bearer token',
          );
        }
      }
      void reply.type('text/plain; version=0.0.4');
      return opts.metrics();
    });
  }
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
