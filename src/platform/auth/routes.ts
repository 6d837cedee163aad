import { z } from 'zod';
import type { Route } from '../http/route.ts';
import { issuedToken, tokenList, userList, userSchema } from './schema.ts';
import { pageOf, pageQuery } from '../http/paging.ts';
import { ROLES } from '../audit.ts';
import { bearerToken } from '../http/server.ts';
import type { AuthService } from './auth-service.ts';
import { rule } from '../http/field-errors.ts';

const role = z.enum(ROLES);
const actorSchema = z.object({
  type: z.enum(['user', 'token', 'system']),
  id: z.string().nullable(),
  name: z.string(),
  role,
  centreId: z.string().nullable(),
});

/** Sign-in, users and API tokens (platform). */
export function registerAuthRoutes(route: Route, auth: AuthService): void {
  route({
    method: 'POST',
    url: '/api/v1/auth/login',
    summary: 'Sign in with username and password',
    tags: ['auth'],
    auth: 'public',
    body: z.object({ username: z.string().min(1).max(100), password: z.string().min(1).max(500) }),
    response: z.object({ token: z.string(), expiresAt: z.string(), actor: actorSchema }),
    errors: [401],
    handler: async ({ body }) => auth.login(body.username, body.password),
  });
  route({
    method: 'POST',
    url: '/api/v1/auth/logout',
    summary: 'End the current session',
    tags: ['auth'],
    auth: { roles: 'any' },
    successStatus: 204,
    handler: async ({ req, reply }) => {
      const t = bearerToken(req);
      if (t) await auth.logout(t);
      void reply.code(204).send();
    },
  });
  route({
    method: 'GET',
    url: '/api/v1/auth/me',
    summary: 'Who am I',
    tags: ['auth'],
    auth: { roles: 'any' },
    response: actorSchema,
    handler: async ({ actor }) => actor,
  });
  route({
    method: 'GET',
    url: '/api/v1/users',
    summary: 'List users',
    tags: ['auth'],
    auth: { roles: ['admin'] },
    query: pageQuery,
    response: userList,
    handler: async ({ query }) => pageOf(await auth.listUsers(), query),
  });
  route({
    method: 'POST',
    url: '/api/v1/users',
    summary: 'Create a user',
    tags: ['auth'],
    auth: { roles: ['admin'] },
    successStatus: 201,
    errors: [409],
    response: userSchema,
    body: z.object({
      username: z.string().regex(/^[a-z0-9._-]{2,64}$/, rule('username', 'lower-case letters, digits, . _ - (2–64)')),
      displayName: z.string().min(1).max(200),
      password: z.string().min(12, 'at least 12 characters').max(500),
      role,
      centreId: z.string().min(1).nullable().optional(),
    }),
    handler: async ({ body, actor }) => auth.createUser(actor, body),
  });
  route({
    method: 'GET',
    url: '/api/v1/tokens',
    summary: 'List API tokens',
    tags: ['auth'],
    auth: { roles: ['admin', 'operations'] },
    query: pageQuery,
    response: tokenList,
    handler: async ({ query }) => pageOf(await auth.listTokens(), query),
  });
  route({
    method: 'POST',
    url: '/api/v1/tokens',
    summary: 'Issue an API token (shown once)',
    tags: ['auth'],
    auth: { roles: ['admin', 'operations'] },
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
    auth: { roles: ['admin', 'operations'] },
    params: z.object({ id: z.uuid() }),
    successStatus: 204,
    errors: [404],
    handler: async ({ params, actor, reply }) => {
      await auth.revokeToken(actor, params.id);
      void reply.code(204).send();
    },
  });
}
