/**
 * Test helper: valid sample values for zod schemas, and every string field of a schema with a way
 * to build a valid value that carries a given string there. Used by the route-registry tests to
 * build a request per route without writing one by hand (a new route is covered when it is added).
 *
 * Only what the route schemas use is supported (objects, arrays, unions, wrappers, strings with
 * formats and patterns, enums, literals, numbers, booleans); whole-object refinements are not
 * satisfied on purpose, so a sample may fail its schema: callers check with `safeParse`.
 */
import { z, type ZodType } from 'zod';

/** Strings tried in order until the string schema accepts one (formats, patterns, lengths). */
const STRING_CANDIDATES = [
  'Prøve Testesen',
  'lv-test-1',
  'amk-test-1',
  '4601',
  '2025-03-03',
  '2025-03-03T08:00:00+01:00',
  '2025-03-03T08:00+01:00',
  '00000000-0000-4000-8000-000000000001',
  'test@example.org',
  'https://example.org/x',
  '55123456',
  '123456789',
  '1234',
  '1',
  '1.0',
  'ab',
  '12:00',
  'x',
];
const NUMBER_CANDIDATES = [1, 0, 2, 10, 100, 2025];

export type SampleMode = 'min' | 'full';

/** Strings and the string formats (z.uuid(), z.email(), z.iso.datetime() … are their own classes). */
const isStringSchema = (schema: ZodType) =>
  (schema as { _zod: { def: { type: string } } })._zod.def.type === 'string';

/** A sample value of `schema`: `min` leaves optional fields out, `full` fills them (and arrays). */
export function sample(schema: ZodType, mode: SampleMode = 'full'): unknown {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault)
    return mode === 'min' ? undefined : sample(schema.unwrap() as ZodType, mode);
  if (schema instanceof z.ZodOptional)
    return mode === 'min' ? undefined : sample(schema.unwrap() as ZodType, mode);
  if (schema instanceof z.ZodNullable || schema instanceof z.ZodReadonly)
    return sample(schema.unwrap() as ZodType, mode);
  if (schema instanceof z.ZodPipe) return sample(schema.in as ZodType, mode);
  if (schema instanceof z.ZodObject) {
    const out: Record<string, unknown> = {};
    for (const [k, f] of Object.entries<ZodType>(schema.shape)) {
      const v = sample(f, mode);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  if (schema instanceof z.ZodArray) {
    const one = [sample(schema.element as ZodType, mode)];
    return mode === 'full' || !schema.safeParse([]).success ? one : [];
  }
  if (schema instanceof z.ZodUnion) {
    const options = schema.options as ZodType[];
    for (const o of options) {
      const v = sample(o, mode);
      if (o.safeParse(v).success) return v;
    }
    return sample(options[0]!, mode);
  }
  if (schema instanceof z.ZodEnum) return schema.options[0];
  if (schema instanceof z.ZodLiteral) return schema.values.values().next().value;
  if (schema instanceof z.ZodBoolean) return false;
  if (schema instanceof z.ZodNumber) return NUMBER_CANDIDATES.find((n) => schema.safeParse(n).success) ?? 1;
  if (isStringSchema(schema)) return STRING_CANDIDATES.find((c) => schema.safeParse(c).success) ?? 'x';
  if (schema instanceof z.ZodRecord) return {};
  return 'x';
}

/** One string field of a schema: its path and a valid value of the whole with `text` put there. */
export interface StringField {
  path: string[];
  /** The valid sample string of this field (e.g. to append a bad character to). */
  valid: string;
  /** A sample of the whole schema whose field at `path` holds `text`. */
  withText(text: string): unknown;
}

/** Every string field (strings, enums, string literals) of `schema`, through objects, arrays and unions. */
export function stringFields(schema: ZodType): StringField[] {
  if (
    schema instanceof z.ZodDefault ||
    schema instanceof z.ZodPrefault ||
    schema instanceof z.ZodOptional ||
    schema instanceof z.ZodNullable ||
    schema instanceof z.ZodReadonly
  )
    return stringFields(schema.unwrap() as ZodType);
  if (schema instanceof z.ZodPipe) return stringFields(schema.in as ZodType);
  if (schema instanceof z.ZodObject) {
    const base = sample(schema, 'full') as Record<string, unknown>;
    return Object.entries<ZodType>(schema.shape).flatMap(([k, f]) =>
      stringFields(f).map((field) => ({
        path: [k, ...field.path],
        valid: field.valid,
        withText: (text: string) => ({ ...base, [k]: field.withText(text) }),
      })),
    );
  }
  if (schema instanceof z.ZodArray)
    return stringFields(schema.element as ZodType).map((field) => ({
      path: ['0', ...field.path],
      valid: field.valid,
      withText: (text: string) => [field.withText(text)],
    }));
  if (schema instanceof z.ZodUnion) {
    // The same path can come from several options (e.g. a string or { csv }); keep the first.
    const seen = new Set<string>();
    return (schema.options as ZodType[]).flatMap(stringFields).filter((f) => {
      const key = f.path.join('.');
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }
  const isText =
    isStringSchema(schema) ||
    schema instanceof z.ZodEnum ||
    (schema instanceof z.ZodLiteral && typeof schema.value === 'string');
  if (!isText) return [];
  const valid = String(sample(schema, 'full'));
  return [{ path: [], valid, withText: (text: string) => text }];
}
