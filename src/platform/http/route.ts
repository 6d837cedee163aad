/**
 * Route definitions: one object per endpoint with zod schemas for params, query and body, the
 * roles that may call it, and OpenAPI metadata. `createRouter` registers them on Fastify, parses
 * input with zod (a 400 problem+json naming each bad field), checks authentication and role, and
 * records the definition for the OpenAPI document — one source of truth for validation and docs.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z, type ZodType } from 'zod';
import { isSerializedAsJson } from './serialize-as-json.ts';
import { isBeingSent } from './compress.ts';
import { AppError } from '../errors.ts';
import { fieldErrorsOf } from './field-errors.ts';
import type { Actor, Role } from '../auth/actor.ts';
import { membershipsOf } from '../auth/actor.ts';
import type { Policy } from '../auth/policy.ts';
import { unstorableStrings } from './storable-strings.ts';
import { defaultsIn } from './patch-schema.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteContext<B, Q, P> {
  body: B;
  query: Q;
  params: P;
  /** The authenticated caller; null only on public routes. */
  actor: Actor;
  req: FastifyRequest;
  reply: FastifyReply;
}

/**
 * Authorisation by a context's policy (issue 9 part 3): the router checks, before the handler,
 * that the actor may do `action` — on the resource `scope` resolves from the request, or, without
 * `scope`, anywhere (the handler then checks each record, e.g. list filters). A refused scope
 * answers `refusal()` (default 403; a context that must not tell whether a record exists gives
 * its 404).
 */
export interface PolicyAuth<B = unknown, Q = unknown, P = unknown> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any context's policy
  policy: Policy<any, any>;
  action: string;
  scope?: (input: { params: P; query: Q; body: B; actor: Actor }) => unknown;
  refusal?: (input: { params: P; query: Q; body: B }) => AppError;
}

export interface RouteDef<B = unknown, Q = unknown, P = unknown, R = unknown> {
  method: HttpMethod;
  /** Fastify path, e.g. `/api/v1/routing/reroutes/:id`. */
  url: string;
  summary: string;
  description?: string;
  tags: string[];
  /**
   * `public`; the roles allowed at any scope (`any` = any authenticated caller); or a policy
   * action (preferred: the check and its scope live in the context's policy).
   */
  auth: 'public' | { roles: readonly Role[] | 'any' } | PolicyAuth<B, Q, P>;
  body?: ZodType<B>;
  query?: ZodType<Q>;
  params?: ZodType<P>;
  /**
   * Schema of the success body (documentation, OpenAPI, and the web's types). Every route that
   * answers JSON declares one; a route that answers 204, redirects (`successStatus` 3xx) or only
   * sends a file (`produces`) does not (route-registry.int.test.ts checks this for every
   * registered route).
   */
  response?: ZodType<R>;
  successStatus?: number;
  /** Extra media types of the success body, e.g. `text/csv`. */
  produces?: string[];
  /** Documented error statuses. */
  errors?: number[];
  /**
   * Serialise the success body with a serializer compiled from `response` (fast-json-stringify)
   * instead of JSON.stringify. Only for hot routes whose `response` schema names every field:
   * fields missing from the schema are left out.
   */
  compiledSerializer?: boolean;
  /** Hot routes are not logged per request (they have counters on /metrics instead). */
  quietLog?: boolean;
  handler: (ctx: RouteContext<B, Q, P>) => Promise<R | undefined | void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a heterogeneous registry of route definitions
type AnyRouteDef = RouteDef<any, any, any, any>;

/** Registry used to build the OpenAPI document. */
export const routeRegistry: AnyRouteDef[] = [];

export type Authenticator = (req: FastifyRequest) => Promise<Actor | null>;

/** A change the server refused to an authenticated caller: what the audit trail records. */
export interface Refusal {
  method: HttpMethod;
  /** The route's path template, e.g. `/api/v1/readiness/units/:id`. */
  route: string;
  status: number;
  code: string;
  /** The path parameters (record ids), never the body. */
  params: Record<string, unknown>;
}
export type RefusalRecorder = (actor: Actor, refusal: Refusal) => Promise<void>;

const MUTATING = new Set<HttpMethod>(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Refusals of a change worth an audit row: not allowed, not found (or out of scope), conflict, rule. */
const AUDITED_REFUSALS = new Set([403, 404, 409, 422]);

function parse<T>(schema: ZodType<T> | undefined, value: unknown, where: string): T {
  if (!schema) return value as T;
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new AppError('validation', `The request ${where} is invalid`, {
    errors: fieldErrorsOf(r.error.issues, value, [where]),
  });
}

/**
 * The one rule for text at the edge (see storable-strings.ts): every string of params, query and
 * body, whether or not a schema names it, must be storable. Runs before zod, for every route.
 */
function refuseUnstorableStrings(req: FastifyRequest): void {
  const errors = [
    ...unstorableStrings(req.params, 'params'),
    ...unstorableStrings(req.query, 'query'),
    ...unstorableStrings(req.body, 'body'),
  ];
  if (errors.length > 0) {
    throw new AppError('validation', 'The request contains characters that cannot be stored', { errors });
  }
}

function logResponse(req: FastifyRequest, reply: FastifyReply, done: () => void): void {
  req.log.info(
    { method: req.method, url: req.url.split('?')[0], status: reply.statusCode, user: req.actor?.name },
    'request',
  );
  done();
}

/**
 * Returns a function that registers route definitions on `app`. `recordRefusal` is called once for
 * every change (POST/PUT/PATCH/DELETE) an authenticated caller is refused with 403, 404, 409 or 422
 * — the one place refusals reach the audit trail (the change's own transaction has rolled back).
 */
export function createRouter(
  app: FastifyInstance,
  authenticate: Authenticator,
  recordRefusal?: RefusalRecorder,
  statusOf: (err: unknown) => { status: number; code: string } | null = (err) =>
    err instanceof AppError ? { status: err.status, code: err.code } : null,
) {
  return function route<B, Q, P, R>(def: RouteDef<B, Q, P, R>): void {
    if (def.method === 'PATCH' && def.body) {
      // A default in a PATCH body resets the field whenever a client leaves it out.
      const defaults = defaultsIn(def.body);
      if (defaults.length > 0)
        throw new Error(
          `PATCH ${def.url}: body fields ${defaults.join(', ')} have defaults; build the body with patchSchema()`,
        );
    }
    if (!routeRegistry.some((r) => r.method === def.method && r.url === def.url)) {
      routeRegistry.push(def as AnyRouteDef);
    }
    const responseSchema =
      def.compiledSerializer && def.response
        ? (() => {
            const { $schema: _ignored, ...schema } = z.toJSONSchema(def.response, {
              io: 'output',
              override: (ctx) => {
                if (!isSerializedAsJson(ctx.zodSchema)) return;
                for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
              },
            }) as Record<string, unknown>;
            return { response: { [def.successStatus ?? 200]: schema } };
          })()
        : undefined;
    app.route({
      method: def.method,
      url: def.url,
      ...(responseSchema ? { schema: responseSchema } : {}),
      // Route-level hook: the hot routes run no hook at all.
      ...(def.quietLog ? {} : { onResponse: logResponse }),
      handler: async (req, reply) => {
        reply.header('x-request-id', req.id);
        let actor: Actor | null = null;
        if (def.auth !== 'public') {
          actor = await authenticate(req);
          if (!actor) throw new AppError('unauthenticated', 'Sign in or send a valid bearer token');
        }
        if (!actor || !recordRefusal || !MUTATING.has(def.method)) return run(actor, req, reply);
        try {
          return await run(actor, req, reply);
        } catch (err) {
          const s = statusOf(err);
          if (s && AUDITED_REFUSALS.has(s.status)) {
            await recordRefusal(actor, {
              method: def.method,
              route: def.url,
              status: s.status,
              code: s.code,
              params: (req.params ?? {}) as Record<string, unknown>,
            }).catch((e: unknown) => req.log.warn({ err: e }, 'could not record a refused change'));
          }
          throw err;
        }
      },
    });

    async function run(actor: Actor | null, req: FastifyRequest, reply: FastifyReply) {
      const auth = def.auth;
      // Under a policy action the handler sees only the memberships that grant it: a record-level
      // check in the handler (e.g. a unit in the caller's scope) then uses the action's scopes,
      // never those of another role the user also holds.
      let routeActor = actor;
      if (actor && auth !== 'public') {
        const allowed =
          'policy' in auth
            ? (routeActor = auth.policy.narrow(actor, auth.action)) !== null
            : auth.roles === 'any' ||
              membershipsOf(actor).some((m) => m.role === 'admin' || auth.roles.includes(m.role));
        if (!allowed) {
          throw new AppError('forbidden', `The role ${actor.role} may not ${def.summary.toLowerCase()}`);
        }
      }
      refuseUnstorableStrings(req);
      const params = parse(def.params, req.params, 'params');
      const query = parse(def.query, req.query, 'query');
      const body = parse(def.body, req.body, 'body');
      if (actor && auth !== 'public' && 'policy' in auth && auth.scope) {
        const resource = await auth.scope({ params, query, body, actor });
        if (!auth.policy.can(actor, auth.action, resource)) {
          throw auth.refusal
            ? auth.refusal({ params, query, body })
            : new AppError('forbidden', `You may not ${def.summary.toLowerCase()} here`);
        }
      }
      const result = await def.handler({
        body,
        query,
        params,
        actor: routeActor as Actor,
        req,
        reply,
      });
      // `reply.send` called by the handler: the answer is on its way (perhaps through the
      // compression, compress.ts) — never a second one.
      if (reply.sent || isBeingSent(reply)) return reply;
      if (def.successStatus) reply.code(def.successStatus);
      return result ?? null;
    }
  };
}

export type Route = ReturnType<typeof createRouter>;

const toJsonSchema = (s: ZodType, io: 'input' | 'output' = 'input'): unknown =>
  z.toJSONSchema(s, { io, unrepresentable: 'any' });

/** Builds the OpenAPI 3.1 document from the registered routes. */
export function buildOpenApi(info: { title: string; version: string; description: string }): unknown {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const def of routeRegistry) {
    const path = def.url.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', def.params],
      ['query', def.query],
    ] as const) {
      if (!schema) continue;
      const js = toJsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
      for (const [name, s] of Object.entries(js.properties ?? {})) {
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (js.required ?? []).includes(name),
          schema: s,
        });
      }
    }
    const status = String(def.successStatus ?? 200);
    // A 204 has no body; a route that sends only a file declares `produces` and no `response`.
    const content: Record<string, unknown> = {};
    if (def.response) content['application/json'] = { schema: toJsonSchema(def.response, 'output') };
    for (const p of def.produces ?? []) content[p] = { schema: { type: 'string' } };
    // A redirect (the OpenID sign-in's browser navigations) has no body, only its Location.
    const redirect = /^3\d\d$/.test(status);
    const responses: Record<string, unknown> = {
      [status]:
        status === '204'
          ? { description: 'No content' }
          : redirect
            ? { description: 'Redirect', headers: { Location: { schema: { type: 'string' } } } }
            : { description: 'Success', content },
    };
    const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
    for (const code of [...(def.body || def.query || def.params ? [400] : []), ...(def.errors ?? [])]) {
      responses[String(code)] = { description: 'Problem', content: problem };
    }
    if (def.auth !== 'public') {
      responses['401'] = { description: 'Not authenticated', content: problem };
      responses['403'] = { description: 'Role not allowed', content: problem };
    }
    paths[path] ??= {};
    paths[path][def.method.toLowerCase()] = {
      summary: def.summary,
      description: def.description,
      tags: def.tags,
      parameters: parameters.length ? parameters : undefined,
      requestBody: def.body
        ? { required: true, content: { 'application/json': { schema: toJsonSchema(def.body) } } }
        : undefined,
      responses,
      security: def.auth === 'public' ? [] : [{ bearer: [] }],
      'x-roles':
        def.auth === 'public'
          ? undefined
          : 'policy' in def.auth
            ? def.auth.policy.roles(def.auth.action)
            : def.auth.roles,
      'x-action': def.auth !== 'public' && 'policy' in def.auth ? def.auth.action : undefined,
    };
  }
  return {
    openapi: '3.1.0',
    info,
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Problem: {
          type: 'object',
          required: ['type', 'title', 'status', 'code'],
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer' },
            detail: { type: 'string' },
            code: { type: 'string' },
            errors: {
              type: 'array',
              items: {
                type: 'object',
                required: ['path', 'message'],
                properties: {
                  path: { type: 'string', description: 'where.field, e.g. body.name, query.cursor' },
                  message: { type: 'string' },
                  code: { type: 'string', description: 'stable code of the problem with this field' },
                  line: { type: 'integer', description: 'line in a multi-line text or CSV body' },
                  column: { type: ['integer', 'string', 'null'] },
                },
              },
            },
          },
        },
      },
    },
  };
}
