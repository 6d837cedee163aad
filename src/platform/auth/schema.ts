/** zod schemas of the auth API (sign-in, users, API tokens): validation and the OpenAPI document. */
import { z } from 'zod';
import { pageSchema } from '../http/paging.ts';
import { ROLES, type Actor } from './actor.ts';
import type { UserRow } from './auth-service.ts';

export const role = z.enum(ROLES);

export const actorSchema = z.object({
  type: z.enum(['user', 'token', 'system']),
  id: z.string().nullable(),
  name: z.string(),
  role,
  centreId: z.string().nullable(),
}) satisfies z.ZodType<Actor>;

export const loginResponse = z.object({ token: z.string(), expiresAt: z.string(), actor: actorSchema });

/** A user as stored (snake_case); never the password hash. */
export const userSchema = z.object({
  id: z.string(),
  username: z.string(),
  display_name: z.string(),
  role,
  centre_id: z.string().nullable(),
  disabled: z.boolean(),
}) satisfies z.ZodType<UserRow>;
export const userList = pageSchema(userSchema);

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
