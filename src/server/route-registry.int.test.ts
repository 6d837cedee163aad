/**
 * Tests generated from the route registry: every route of the API (platform, routing, readiness)
 * as it is registered, so a route added later is covered without touching this file.
 *
 * - Issue 8 "bad input": every string field of every route (params, query and body, found in the
 *   route's zod schemas) refuses a NUL character and a lone UTF-16 surrogate with a 400 that names
 *   the field — never a 500 from the database.
 * - Issue 8 "lists that page silently": every list route pages with `?limit&cursor` and answers
 *   `{ items, total, next }`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z, type ZodType } from 'zod';
import type { TestApp } from '../platform/testing/app.ts';
import { createRoutingTestApp } from '../routing/testing-app.ts';
import { readinessModule } from '../readiness/module.ts';
import { callsModule } from '../calls/module.ts';
import { emergencyPlansModule } from '../emergency-plans/module.ts';
import { nodnettModule } from '../nodnett/module.ts';
import { amkModule } from '../amk/module.ts';
import { routeRegistry, type RouteDef } from '../platform/http/route.ts';
import { sample, stringFields } from '../platform/http/testing/zod-samples.ts';

type Where = 'params' | 'query' | 'body';
type AnyRoute = RouteDef<unknown, unknown, unknown, unknown>;

const NUL = {
  name: 'NUL',
  code: 'nul-character',
  corrupt: (v: string) => `${v.slice(0, 1)}\u0000${v.slice(1)}`,
};
const SURROGATE = {
  name: 'lone surrogate',
  code: 'lone-surrogate',
  corrupt: (v: string) => `${v.slice(0, 1)}\uD800${v.slice(1)}`,
};

/** Percent-encodes a path or query value; a lone surrogate goes as the bytes a CESU-8 client would send. */
const encode = (v: string) =>
  [...v].map((ch) => (/[\uD800-\uDFFF]/.test(ch) ? '%ED%A0%80' : encodeURIComponent(ch))).join('');

/** The sample request of a route: params, query and body from its schemas. */
function baseRequest(def: AnyRoute, mode: 'min' | 'full' = 'full') {
  const params = (def.params ? sample(def.params, mode) : {}) as Record<string, unknown>;
  for (const m of def.url.matchAll(/:([A-Za-z0-9_]+)/g)) params[m[1]!] ??= 'x1';
  return {
    params,
    query: (def.query ? sample(def.query, mode) : {}) as Record<string, unknown>,
    body: def.body ? sample(def.body, mode) : undefined,
  };
}

function toUrl(def: AnyRoute, params: Record<string, unknown>, query: Record<string, unknown>): string {
  const path = def.url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => encode(String(params[name])));
  const qs = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encode(String(v))}`)
    .join('&');
  return qs ? `${path}?${qs}` : path;
}

describe('every route refuses unstorable strings (issue 8)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createRoutingTestApp({
      more: [readinessModule, callsModule, emergencyPlansModule, amkModule, nodnettModule],
    });
  });
  afterAll(async () => t?.close());

  it('the registry holds the routes of every context, with their string fields', () => {
    const prefixes = new Set(routeRegistry.map((r) => r.url.split('/').slice(0, 4).join('/')));
    expect([...prefixes]).toEqual(
      expect.arrayContaining(['/api/v1/auth', '/api/v1/routing', '/api/v1/readiness', '/api/v1/audit']),
    );
    const fields = routeRegistry.flatMap((def) =>
      (['params', 'query', 'body'] as const).flatMap((w) => (def[w] ? stringFields(def[w] as ZodType) : [])),
    );
    expect(fields.length).toBeGreaterThan(150);
  });

  it('the sample request of nearly every route passes its schemas (so the bad string is the only fault)', () => {
    // A whole-object rule that a schema-driven sample cannot know: give exactly one of two fields.
    const refinedBodies = new Set([
      'GET /api/v1/readiness/reports/documentation',
      'GET /api/v1/readiness/reports/documentation.pdf',
      'GET /api/v1/readiness/reports/documentation.csv',
    ]);
    const invalid = new Set<string>();
    for (const def of routeRegistry) {
      const req = baseRequest(def);
      for (const w of ['params', 'query', 'body'] as const) {
        const schema = def[w] as ZodType | undefined;
        if (schema && !schema.safeParse(req[w]).success) invalid.add(`${def.method} ${def.url}`);
      }
    }
    // Exactly the known ones: a new route whose sample fails shows up here.
    expect([...invalid].sort()).toEqual([...refinedBodies].sort());
  });

  for (const variant of [NUL, SURROGATE]) {
    it(`a ${variant.name} in any string field of any route is a 400 naming the field, never a 500`, async () => {
      const failures: string[] = [];
      let cases = 0;
      for (const def of routeRegistry) {
        for (const where of ['params', 'query', 'body'] as Where[]) {
          const schema = def[where] as ZodType | undefined;
          if (!schema) continue;
          for (const field of stringFields(schema)) {
            const req = baseRequest(def);
            const bad = variant.corrupt(field.valid);
            if (where === 'body') req.body = field.withText(bad);
            else req[where] = { ...req[where], ...(field.withText(bad) as Record<string, unknown>) };
            const json = req.body !== undefined;
            const r = await t.app.inject({
              method: def.method,
              url: toUrl(def, req.params, req.query),
              headers: {
                authorization: `Bearer ${t.adminToken}`,
                ...(json ? { 'content-type': 'application/json' } : {}),
              },
              ...(json ? { payload: JSON.stringify(req.body) } : {}),
            });
            cases++;
            const path = [where, ...field.path].join('.');
            const label = `${def.method} ${def.url} ${path}: ${r.statusCode} ${r.body.slice(0, 160)}`;
            if (r.statusCode >= 500) {
              failures.push(label);
              continue;
            }
            if (variant === SURROGATE && where !== 'body') {
              // A URL cannot carry a lone surrogate: a path with its bytes is refused by the router
              // (400); in a query string the bytes stay literal text. Either way: never a 500.
              if (where === 'params' && r.statusCode !== 400) failures.push(label);
              continue;
            }
            const problem = r.json<{ code?: string; errors?: { path: string; code?: string }[] }>();
            const named = problem.errors?.some((e) => e.path === path && e.code === variant.code);
            if (r.statusCode !== 400 || problem.code !== 'validation' || !named) failures.push(label);
          }
        }
      }
      expect(cases).toBeGreaterThan(200);
      expect(failures).toEqual([]);
    });
  }

  it('a NUL in a CSV body (text/csv or JSON { csv }) is a 400 naming its line and column', async () => {
    const csv = 'name;employer_unit_id\r\nKari Nordmann;kommune-4601\r\nOla\u0000 Nordmann;kommune-4601\r\n';
    for (const [payload, contentType, path] of [
      [csv, 'text/csv', 'body'],
      [JSON.stringify({ csv }), 'application/json', 'body.csv'],
    ] as const) {
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/readiness/training/people/import',
        headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': contentType },
        payload,
      });
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(r.json().errors).toEqual([
        expect.objectContaining({ path, code: 'nul-character', line: 3, column: 4 }),
      ]);
    }
  });
});

describe('every list route pages explicitly (issue 8)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createRoutingTestApp({
      more: [readinessModule, callsModule, emergencyPlansModule, amkModule, nodnettModule],
    });
  });
  afterAll(async () => t?.close());

  const get = (url: string) =>
    t.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${t.adminToken}` } });

  it('every GET route that answers a list takes ?limit&cursor and answers { items, total, next }', async () => {
    const lists: string[] = [];
    const failures: string[] = [];
    for (const def of routeRegistry.filter((d) => d.method === 'GET')) {
      const { params, query } = baseRequest(def, 'min');
      // The list routes of a record (a unit's leaders …) are checked by their declared shape.
      const declaresItems = !!(def.response as { shape?: Record<string, unknown> } | undefined)?.shape?.items;
      const takesCursor = !!(def.query as { shape?: Record<string, unknown> } | undefined)?.shape?.cursor;
      if (declaresItems && !takesCursor) failures.push(`${def.url}: declares items but takes no cursor`);
      if (/:/.test(def.url)) continue;
      // Files (PDF, a database backup) and streams (the SSE event stream never ends) are not lists.
      if (def.produces?.some((type) => !type.startsWith('text/') || type === 'text/event-stream')) continue;
      const r = await get(toUrl(def, params, { ...query, limit: undefined }));
      if (r.statusCode !== 200 || !r.headers['content-type']?.toString().includes('json')) continue;
      const body = r.json<Record<string, unknown>>();
      if (!Array.isArray(body.items)) continue;
      lists.push(def.url);
      if (!takesCursor) failures.push(`${def.url}: answers items but takes no cursor`);
      if (typeof body.total !== 'number' || !('next' in body)) failures.push(`${def.url}: no total or next`);
      // Page by page with limit=1: every item once, in order, and the last page says so.
      if (typeof body.total === 'number' && body.total > 1) {
        const first = (await get(toUrl(def, params, { ...query, limit: 1 }))).json();
        const second = (await get(toUrl(def, params, { ...query, limit: 1, cursor: first.next }))).json();
        if (first.items.length !== 1 || typeof first.next !== 'string')
          failures.push(`${def.url}: limit=1 gave ${first.items.length} items, next ${first.next}`);
        else if (
          def.url !== '/api/v1/audit' &&
          JSON.stringify(second.items[0]) !== JSON.stringify((body.items as unknown[])[1])
        )
          failures.push(`${def.url}: the second page is not the second item`);
      }
    }
    expect(failures).toEqual([]);
    // The lists the trial found paging silently are among them.
    expect(lists).toEqual(
      expect.arrayContaining([
        '/api/v1/readiness/organisations',
        '/api/v1/readiness/training/people',
        '/api/v1/routing/municipalities',
        '/api/v1/routing/centres',
        '/api/v1/audit',
        '/api/v1/users',
      ]),
    );
  });

  it('a cursor the server did not make is a 400 on query.cursor', async () => {
    for (const url of ['/api/v1/readiness/organisations', '/api/v1/audit']) {
      const r = await get(`${url}?cursor=not-a-cursor`);
      expect(r.statusCode).toBe(400);
      expect(r.json().errors).toEqual([
        expect.objectContaining({ path: 'query.cursor', code: 'invalid-cursor' }),
      ]);
    }
  });

  it('the 377 seeded units come page by page: total, next and no unit twice', async () => {
    const seen = new Set<string>();
    let url = '/api/v1/readiness/organisations?limit=150';
    let total = 0;
    let pages = 0;
    for (;;) {
      const page = (await get(url)).json<{ items: { id: string }[]; total: number; next: string | null }>();
      total = page.total;
      pages++;
      for (const u of page.items) seen.add(u.id);
      if (!page.next) break;
      url = `/api/v1/readiness/organisations?limit=150&cursor=${page.next}`;
    }
    expect(total).toBeGreaterThan(370);
    expect(pages).toBe(Math.ceil(total / 150));
    expect(seen.size).toBe(total);
  });
});

describe('every JSON route declares its response schema (issue 9, contracts)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createRoutingTestApp({
      more: [readinessModule, callsModule, emergencyPlansModule, amkModule, nodnettModule],
    });
  });
  afterAll(async () => t?.close());

  /** A redirect (3xx: the OpenID sign-in's browser navigations) answers no body. */
  const redirects = (def: AnyRoute) =>
    !!def.successStatus && def.successStatus >= 300 && def.successStatus < 400;
  /** A route answers JSON unless it answers 204, redirects or sends only files (`produces` without JSON). */
  const sendsNoJson = (def: AnyRoute) =>
    def.successStatus === 204 || redirects(def) || (!!def.produces && !def.response);

  it('every route declares `response`, or answers 204, or redirects, or declares the files it sends (`produces`)', () => {
    const missing = routeRegistry
      .filter((def) => !def.response && def.successStatus !== 204 && !redirects(def) && !def.produces?.length)
      .map((def) => `${def.method} ${def.url}`);
    expect(missing).toEqual([]);
    // The OpenAPI document shows a schema for every JSON answer: no `{}` left.
    const empty = routeRegistry
      .filter((def) => !sendsNoJson(def))
      .filter(
        (def) =>
          JSON.stringify(
            z.toJSONSchema(def.response as ZodType, { io: 'output', unrepresentable: 'any' }),
          ) === '{}',
      )
      .map((def) => `${def.method} ${def.url}`);
    expect(empty).toEqual([]);
  });

  it('what every GET route answers matches its schema exactly: no field missing, none undeclared', async () => {
    const failures: string[] = [];
    let checked = 0;
    // Files and streams only (PDF, backup, server-sent events) are not called: they answer no JSON.
    for (const def of routeRegistry.filter((d) => d.method === 'GET' && !sendsNoJson(d))) {
      const { params, query } = baseRequest(def, 'min');
      const r = await t.app.inject({
        method: 'GET',
        url: toUrl(def, params, query),
        headers: { authorization: `Bearer ${t.adminToken}` },
      });
      const label = `${def.method} ${def.url}`;
      if (r.statusCode !== 200 || !r.headers['content-type']?.toString().includes('application/json'))
        continue;
      checked++;
      if (!def.response) {
        failures.push(`${label}: answers JSON but declares no response`);
        continue;
      }
      const body = r.json<unknown>();
      const parsed = def.response.safeParse(body);
      if (!parsed.success) {
        failures.push(`${label}: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
        continue;
      }
      // zod drops undeclared fields: a difference is a field the schema does not name.
      if (JSON.stringify(sortKeys(parsed.data)) !== JSON.stringify(sortKeys(body)))
        failures.push(`${label}: fields not in the schema`);
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(15);
  });
});

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => [k, sortKeys(x)]),
    );
  return v;
}
