/** Response schemas of the users and API-token routes (OpenAPI, and the contract with the web). */
import { z } from 'zod';
import { pageSchema } from '../http/paging.ts';
import { ROLES } from './actor.ts';
import type { UserRow } from './auth-service.ts';

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
