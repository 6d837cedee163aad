/**
 * Linking OpenID identities to users (issue 11; docs/auth.md): administrators only (the platform
 * policy's `users.manage`), every change audited. A link names the person; their roles stay in
 * the memberships.
 */
import { z } from 'zod';
import type { Route } from '../http/route.ts';
import type { Db } from '../db/types.ts';
import { pageOf, pageQuery } from '../http/paging.ts';
import { refusal } from '../errors.ts';
import { USERS } from './platform-policy.ts';
import { linkIdentity, listIdentities, unlinkIdentity } from './identities.ts';
import { identityList, identitySchema } from './schema.ts';

export function registerIdentityRoutes(
  route: Route,
  db: Db,
  opts: { issuer?: string; matchClaim?: string },
): void {
  const allowedClaims = ['sub', ...(opts.matchClaim ? [opts.matchClaim] : [])];
  route({
    method: 'GET',
    url: '/api/v1/users/:id/identities',
    summary: 'List the OpenID identities linked to a user',
    tags: ['auth'],
    auth: USERS,
    params: z.object({ id: z.uuid() }),
    query: pageQuery,
    response: identityList,
    errors: [404],
    handler: async ({ params, query }) => pageOf(await listIdentities(db, params.id), query),
  });
  route({
    method: 'POST',
    url: '/api/v1/users/:id/identities',
    summary: 'Link an OpenID identity to a user',
    description:
      'The person signs in through the OpenID provider as this user from then on. `claim`: `sub` (the provider’s subject) or the claim the server matches on (NODMELD_OIDC_MATCH_CLAIM, e.g. helseid://claims/identity/pid); `issuer` defaults to the configured provider. Roles stay in the memberships. Audited.',
    tags: ['auth'],
    auth: USERS,
    params: z.object({ id: z.uuid() }),
    body: z.object({
      claim: z.string().min(1).max(200).default('sub'),
      value: z.string().trim().min(1).max(200),
      issuer: z.url().max(500).optional(),
    }),
    successStatus: 201,
    response: identitySchema,
    errors: [404, 409],
    handler: async ({ params, body, actor }) => {
      const issuer = body.issuer ?? opts.issuer;
      if (!issuer)
        throw refusal('validation', 'No OpenID provider is configured: name the issuer', {
          code: 'auth.identity.issuer-required',
        });
      return linkIdentity(
        db,
        actor,
        params.id,
        { issuer, claim: body.claim, value: body.value },
        allowedClaims,
      );
    },
  });
  route({
    method: 'DELETE',
    url: '/api/v1/users/:id/identities/:identityId',
    summary: 'Unlink an OpenID identity from a user',
    description: 'Audited. Sessions already open stay until they end; disable the user to end them at once.',
    tags: ['auth'],
    auth: USERS,
    params: z.object({ id: z.uuid(), identityId: z.uuid() }),
    successStatus: 204,
    errors: [404],
    handler: async ({ params, actor, reply }) => {
      await unlinkIdentity(db, actor, params.id, params.identityId);
      void reply.code(204).send();
    },
  });
}
