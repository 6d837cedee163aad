/**
 * PATCH bodies (issue 8): zod 4's `.partial()` still applies `.default()` — the trap that reset a
 * signed agreement to draft — and `patchSchema` does not. The route layer refuses a PATCH body
 * with defaults at start-up.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createRouter } from './route.ts';
import { defaultsIn, patchSchema } from './patch-schema.ts';

const agreement = z.object({
  status: z.enum(['draft', 'signed']).default('draft'),
  notes: z.string().nullish(),
  facts: z
    .object({ courses: z.array(z.string()).default([]), licences: z.array(z.string()).default([]) })
    .optional(),
});

describe('patchSchema', () => {
  it('zod 4 .partial() fills defaults for absent fields (why patchSchema exists)', () => {
    expect(agreement.partial().parse({ notes: 'x' })).toEqual({ status: 'draft', notes: 'x' });
  });

  it('absent stays absent, null stays null, nested objects are patched the same way', () => {
    const patch = patchSchema(agreement);
    expect(patch.parse({ notes: 'x' })).toEqual({ notes: 'x' });
    expect(patch.parse({ notes: null })).toEqual({ notes: null });
    expect(patch.parse({ facts: { courses: ['a'] } })).toEqual({ facts: { courses: ['a'] } });
    expect(patch.safeParse({ status: 'lost' }).success).toBe(false);
    expect(defaultsIn(patch)).toEqual([]);
    expect(defaultsIn(agreement)).toEqual(['status', 'facts.courses', 'facts.licences']);
  });

  it('the route layer refuses a PATCH route whose body has defaults', () => {
    const route = createRouter(Fastify(), async () => null);
    const def = {
      method: 'PATCH' as const,
      url: '/api/v1/test-patch/:id',
      summary: 'x',
      tags: [],
      auth: 'public' as const,
      handler: async () => undefined,
    };
    expect(() => route({ ...def, body: agreement.partial() })).toThrow(/status.*patchSchema/);
    expect(() =>
      route({ ...def, url: '/api/v1/test-patch-ok/:id', body: patchSchema(agreement) }),
    ).not.toThrow();
  });
});
