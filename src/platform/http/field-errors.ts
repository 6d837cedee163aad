/**
 * Field errors as stable codes with parameters, so the web renders them in the user's language
 * (bokmål by default) and integrators still read an English `message`.
 *
 * zod's own issues keep their code (`too_small.string` with `minimum`, `invalid_value` with the
 * allowed `values` …); a missing value is `required`. A schema's own rule (a regular expression
 * or a refinement with a message) says what it means with `rule(code, params, english)`: the
 * English text is what zod carries, and the code and parameters are found again from it here.
 */
import type { z } from 'zod';
import type { FieldError, MessageParams, ServerMessage } from '../errors.ts';

const rules = new Map<string, ServerMessage>();

/**
 * The message for a schema rule: returns `english` (pass it to `.regex()`, `.refine()`) and
 * remembers that it means `code` with `params`. The same English text always means the same code.
 */
export function rule(code: string, english: string, params?: MessageParams): string {
  rules.set(english, params ? { code: `rule.${code}`, params } : { code: `rule.${code}` });
  return english;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[key];
  }
  return v;
}

/** The code and parameters of one zod issue; `input` is the value that was parsed. */
export function messageOfIssue(issue: z.core.$ZodIssue, input: unknown): ServerMessage {
  const own = rules.get(issue.message);
  if (own) return own;
  switch (issue.code) {
    case 'invalid_type':
      if (valueAt(input, issue.path) === undefined) return { code: 'required' };
      return { code: 'invalid_type', params: { expected: String(issue.expected) } };
    case 'too_small':
      return {
        code: `too_small.${issue.origin}`,
        params: { minimum: Number(issue.minimum) },
      };
    case 'too_big':
      return {
        code: `too_big.${issue.origin}`,
        params: { maximum: Number(issue.maximum) },
      };
    case 'invalid_value':
      return { code: 'invalid_value', params: { values: issue.values.map(String).join(', ') } };
    case 'invalid_format':
      return { code: `invalid_format.${issue.format}` };
    case 'unrecognized_keys':
      return { code: 'unrecognized_keys', params: { keys: issue.keys.join(', ') } };
    case 'not_multiple_of':
      return { code: 'not_multiple_of', params: { divisor: Number(issue.divisor) } };
    case 'custom':
    case 'invalid_element':
    case 'invalid_key':
    case 'invalid_union':
      return { code: 'invalid' };
  }
}

/** zod issues as field errors under `prefix` (`body`, `query`, `params` or a deeper path). */
export function fieldErrorsOf(
  issues: readonly z.core.$ZodIssue[],
  input: unknown,
  prefix: readonly string[],
): FieldError[] {
  return issues.map((issue): FieldError => {
    const m = messageOfIssue(issue, input);
    return {
      path: [...prefix, ...issue.path.map(String)].join('.'),
      code: m.code,
      ...(m.params ? { params: m.params } : {}),
      message: issue.message,
    };
  });
}
