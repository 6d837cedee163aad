/** Response schemas of the users and API-token routes (OpenAPI, and the contract with the web). */
import { z } from 'zod';
import { pageSchema } from '../http/paging.ts';
import { ROLES, SCOPE_LEVELS } from './actor.ts';
import type { UserRow } from './auth-service.ts';
import type { IdentityLink } from './identities.ts';

const role = z.enum(ROLES);

/** A user as stored (snake_case); never the password hash. */
export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string(),
  role,
  centre_id: z.string().nullable(),
  disabled: z.boolean(),
}) satisfies z.ZodType<UserRow>;
/** Where a membership applies: the whole country, an AMK area, a centre or a unit. */
export const scopeRefSchema = z.union([
  z.object({ level: z.literal('national') }),
  z.object({ level: z.enum(SCOPE_LEVELS).exclude(['national']), id: z.string().min(1).max(100) }),
]);
/** A role held at a scope (decision 0007). */
export const membershipSchema = z.object({ role, scope: scopeRefSchema });
/** A user with every role they hold, as the users page lists and edits them. */
export const userWithMemberships = userSchema.extend({ memberships: z.array(membershipSchema) });
export const userList = pageSchema(userWithMemberships);

/** An API token as listed: never the secret. */
export const tokenSchema = z.object({
  id: z.string(),
  name: z.string(),
  role,
  centre_id: z.string().nullable(),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
});
export const tokenList = pageSchema(tokenSchema);
/** A new token: the secret is shown this once. */
export const issuedToken = z.object({ id: z.string(), token: z.string() });

/** An OpenID identity linked to a user (`sub` or the configured matching claim, at an issuer). */
export const identitySchema = z.object({
  id: z.string(),
  user_id: z.string(),
  issuer: z.string(),
  claim: z.string(),
  value: z.string(),
  created_at: z.string(),
  last_used_at: z.string().nullable(),
}) satisfies z.ZodType<IdentityLink>;
export const identityList = pageSchema(identitySchema);
