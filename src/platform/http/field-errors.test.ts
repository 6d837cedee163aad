/** Field errors as codes with parameters (issue 8): the web renders them; English stays for logs. */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { fieldErrorsOf, rule } from './field-errors.ts';

const schema = z.object({
  name: z.string().min(3),
  kind: z.enum(['a', 'b']),
  kommunenummer: z.string().regex(/^\d{4}$/, rule('digits', '4 digits (test)', { count: 4 })),
  count: z.number().max(10).optional(),
});

function errors(input: unknown) {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a refusal');
  return fieldErrorsOf(r.error.issues, input, ['body']);
}

describe('field errors carry a stable code and the values to render', () => {
  it('a missing value is "required", not an invalid type', () => {
    expect(errors({ kind: 'a', kommunenummer: '0301' })).toEqual([
      expect.objectContaining({ path: 'body.name', code: 'required' }),
    ]);
  });

  it("zod's own rules keep their code with the limit or the allowed values", () => {
    const e = errors({ name: 'ab', kind: 'c', kommunenummer: '0301', count: 11 });
    expect(e).toEqual([
      expect.objectContaining({ path: 'body.name', code: 'too_small.string', params: { minimum: 3 } }),
      expect.objectContaining({ path: 'body.kind', code: 'invalid_value', params: { values: 'a, b' } }),
      expect.objectContaining({ path: 'body.count', code: 'too_big.number', params: { maximum: 10 } }),
    ]);
    for (const x of e) expect(x.message.length).toBeGreaterThan(0);
  });

  it("a schema's own rule is found again by its English text", () => {
    expect(errors({ name: 'abc', kind: 'a', kommunenummer: '12' })).toEqual([
      { path: 'body.kommunenummer', code: 'rule.digits', params: { count: 4 }, message: '4 digits (test)' },
    ]);
  });
});
