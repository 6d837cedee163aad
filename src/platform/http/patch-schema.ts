/**
 * PATCH bodies change only what they were sent.
 *
 * zod 4's `.partial()` keeps each field's `.default()`: `createBody.partial().parse({ notes: 'x' })`
 * comes back with `status: 'draft'`, `active: true` … and an update written from it resets those
 * fields (a trial signed agreement went back to draft when a note was added). `patchSchema` makes
 * every field optional *without* its default, and does the same inside nested objects, so a PATCH
 * is a JSON merge patch (RFC 7396): absent = unchanged, `null` = cleared where the field allows
 * null, nested objects merge, arrays are replaced whole (their items keep their full schema).
 *
 * Whole-object rules (`.refine` on the create schema) are not carried over: they concern the
 * merged record, so the store checks them after merging. The route layer refuses to register a
 * PATCH route whose body schema still has a default (`assertNoDefaults`).
 */
import { z, type ZodType } from 'zod';

/** A merge patch of `T`: every field optional, nested plain objects patched the same way. */
export type MergePatch<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[]
    ? T[K]
    : T[K] extends Record<string, unknown>
      ? MergePatch<T[K]>
      : NonNullable<T[K]> extends Record<string, unknown>
        ? MergePatch<NonNullable<T[K]>> | Extract<T[K], null>
        : T[K];
};

/** Strips `.default()` (and a surrounding optional) from a field and patches a nested object. */
function patchField(field: ZodType): ZodType {
  let s: ZodType = field;
  let nullable = false;
  for (;;) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodPrefault) s = s.unwrap() as ZodType;
    else if (s instanceof z.ZodOptional) s = s.unwrap() as ZodType;
    else if (s instanceof z.ZodNullable) {
      nullable = true;
      s = s.unwrap() as ZodType;
    } else break;
  }
  if (s instanceof z.ZodObject) s = patchSchema(s);
  if (nullable) s = s.nullable();
  return s.optional();
}

/** The PATCH body schema of an object schema (see the module comment). */
export function patchSchema<T extends z.ZodObject>(schema: T): z.ZodType<MergePatch<z.output<T>>> {
  const shape: Record<string, ZodType> = {};
  for (const [key, field] of Object.entries<ZodType>(schema.shape)) {
    shape[key] = patchField(field);
  }
  return z.object(shape) as unknown as z.ZodType<MergePatch<z.output<T>>>;
}

/** Paths of fields that have a default anywhere inside `schema` (objects, wrappers, unions). */
export function defaultsIn(schema: ZodType, path = ''): string[] {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) return [path || '(root)'];
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodReadonly)
    return defaultsIn(schema.unwrap() as ZodType, path);
  if (schema instanceof z.ZodObject)
    return Object.entries(schema.shape as Record<string, ZodType>).flatMap(([k, f]) =>
      defaultsIn(f, path ? `${path}.${k}` : k),
    );
  if (schema instanceof z.ZodPipe) return defaultsIn(schema.in as ZodType, path);
  if (schema instanceof z.ZodUnion) return (schema.options as ZodType[]).flatMap((o) => defaultsIn(o, path));
  // Arrays are replaced whole by a PATCH: defaults inside their items are fine.
  return [];
}
