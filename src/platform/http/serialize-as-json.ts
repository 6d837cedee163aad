/**
 * A mark on a part of a response schema for routes with a compiled serializer (route.ts,
 * `compiledSerializer`): that part is handed to JSON.stringify whole; its JSON schema stays in
 * OpenAPI. For small open records such as a routing trace step's values, where a compiled per-key
 * `anyOf` is slower than the native stringify. No Fastify here: the web's types import the schemas.
 */
import type { ZodType } from 'zod';

const marked = new WeakSet<object>();

export function serializeAsJson<S extends ZodType>(schema: S): S {
  marked.add(schema);
  return schema;
}

export function isSerializedAsJson(schema: object): boolean {
  return marked.has(schema);
}
