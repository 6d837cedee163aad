import { z } from 'zod';
import type { Route } from '../http/route.ts';
import {
  issuedToken,
  membershipSchema,
  scopeRefSchema,
  tokenList,
  userList,
  userSchema,
  userWithMemberships,
} from './schema.ts';
import { pageOf, pageQuery } from '../http/paging.ts';
import { ROLES } from '../auth/actor.ts';
import { requestToken } from '../http/server.ts';
import { clearSessionCookies, setSessionCookies, type CookieSecureMode } from '../http/session-cookie.ts';
import type { AuthService } from './auth-service.ts';
import { rule } from '../http/field-errors.ts';
import { membershipsOf } from './actor.ts';
import { capabilitiesOf } from './policy.ts';
import { TOKENS, USERS } from './platform-policy.ts';

const role = z.enum(ROLES);
const membership = membershipSchema;
const actorSchema = z.object({
  type: z.enum(['user', 'token', 'system']),
  id: z.string().nullable(),
  name: z.string(),
  role,
  centreId: z.string().nullable(),
});

/** Sign-in, users and API tokens (platform). */
export function registerAuthRoutes(
  route: Route,
  auth: AuthService,
  opts: { cookieSecure: CookieSecureMode } = { cookieSecure: 'auto' },
): void {
  route({
    method: 'POST',
    url: '/api/v1/auth/login',
    summary: 'Sign in with username and password',
    tags: ['auth'],
    auth: 'public',
    body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(500) }),
    description:
      'Sets the web session: an HttpOnly session cookie and a readable CSRF cookie (send its value as X-CSRF-Token on every change). The token in the answer is for non-browser clients (Authorization: Bearer).',
    response: z.object({
      token: z.string(),
      expiresAt: z.string(),
      csrfToken: z.string(),
      actor: actorSchema,
    }),
    errors: [401, 429],
    handler: async ({ body, req, reply }) => {
      const session = await auth.login(body.username, body.password, req.ip);
      const csrfToken = setSessionCookies(req, reply, session.token, session.expiresAt, opts.cookieSecure);
      return { ...session, csrfToken };
    },
  });
  route({
    method: 'POST',
    url: '/api/v1/auth/logout',
    summary: 'End the current session',
    tags: ['auth'],
    auth: { roles: 'any' },
    successStatus: 204,
    handler: async ({ req, reply }) => {
      const t = requestToken(req);
      if (t) await auth.logout(t);
      clearSessionCookies(req, reply, opts.cookieSecure);
      void reply.code(204).send();
    },
  });
  route({
    method: 'GET',
    url: '/api/v1/auth/me',
    summary: 'Who am I, my memberships and what I may do',
    description:
      'capabilities: every policy action the caller may do, with the scopes where (national = everywhere). The web shows only what these allow.',
    tags: ['auth'],
    auth: { roles: 'any' },
    response: actorSchema.extend({
      memberships: z.array(membership),
      capabilities: z.array(z.object({ action: z.string(), scopes: z.array(scopeRefSchema) })),
    }),
    handler: async ({ actor }) => ({
      type: actor.type,
      id: actor.id,
      name: actor.name,
      role: actor.role,
      centreId: actor.centreId,
      memberships: [...membershipsOf(actor)],
      capabilities: capabilitiesOf(actor),
    }),
  });
  route({
    method: 'GET',
    url: '/api/v1/users',
    summary: 'List users',
    tags: ['auth'],
    auth: USERS,
    query: pageQuery,
    response: userList,
    handler: async ({ query }) => pageOf(await auth.listUsers(), query),
  });
  route({
    method: 'POST',
    url: '/api/v1/users',
    summary: 'Create a user',
    tags: ['auth'],
    auth: USERS,
    successStatus: 201,
    errors: [409],
    response: userSchema,
    body: z.object({
      username: z
        .string()
        .regex(/^[a-z0-9._-]{2,64}$/, rule('username', 'lower-case letters, digits, . _ - (2–64)')),
      displayName: z.string().min(1).max(200),
      password: z.string().min(12, 'at least 12 characters').max(500),
      role,
      centreId: z.string().min(1).nullable().optional(),
      memberships: z.array(membership).min(1).max(50).optional(),
    }),
    handler: async ({ body, actor }) => auth.createUser(actor, body),
  });
  route({
    method: 'PATCH',
    url: '/api/v1/users/:id',
    summary: 'Disable or enable a user',
    description: 'Disabling ends the user’s sessions on every instance at once. Audited.',
    tags: ['auth'],
    auth: USERS,
    params: z.object({ id: z.uuid() }),
    body: z.object({ disabled: z.boolean() }),
    response: userWithMemberships,
    errors: [404, 409],
    handler: async ({ params, body, actor }) => auth.setDisabled(actor, params.id, body.disabled),
  });
  route({
    method: 'PUT',
    url: '/api/v1/users/:id/memberships',
    summary: 'Replace a user’s memberships',
    description:
      'Each membership is a role at a scope (national, area, centre, unit); the first is the primary one. Audited.',
    tags: ['auth'],
    auth: USERS,
    params: z.object({ id: z.uuid() }),
    body: z.object({ memberships: z.array(membership).min(1).max(50) }),
    response: z.object({ memberships: z.array(membership) }),
    errors: [404],
    handler: async ({ params, body, actor }) => ({
      memberships: await auth.setMemberships(actor, params.id, body.memberships),
    }),
  });
  route({
    method: 'GET',
    url: '/api/v1/tokens',
    summary: 'List API tokens',
    tags: ['auth'],
    auth: TOKENS,
    query: pageQuery,
    response: tokenList,
    handler: async ({ query }) => pageOf(await auth.listTokens(), query),
  });
  route({
    method: 'POST',
    url: '/api/v1/tokens',
    summary: 'Issue an API token (shown once)',
    tags: ['auth'],
    auth: TOKENS,
    successStatus: 201,
    response: issuedToken,
    body: z.object({
      name: z.string().min(1).max(200),
      role: role.default('integration'),
      centreId: z.string().min(1).nullable().optional(),
    }),
    handler: async ({ body, actor }) => auth.issueToken(actor, body),
  });
  route({
    method: 'DELETE',
    url: '/api/v1/tokens/:id',
    summary: 'Revoke an API token',
    tags: ['auth'],
    auth: TOKENS,
    params: z.object({ id: z.uuid() }),
    successStatus: 204,
    errors: [404],
    handler: async ({ params, actor, reply }) => {
      await auth.revokeToken(actor, params.id);
      void reply.code(204).send();
    },
  });
}
