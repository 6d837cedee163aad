/**
 * Routing API (`/api/v1/routing/...`): decisions, fallback-menu sessions, read APIs for centres,
 * municipalities and number series, re-routes and availability (RT-7, RT-11), exports (RT-8,
 * RT-9) and data versions. Thin: parse, authorise, call the runtime or a service, shape output.
 */
import { randomUUID } from 'node:crypto';
import type { Route } from '../../platform/http/route.ts';
import { AppError, refusal } from '../../platform/errors.ts';
import { recordAudit } from '../../platform/audit.ts';
import { RoutingInputError } from '../domain/engine.ts';
import type { RoutingDecision } from '../domain/types.ts';
import type { RoutingRuntime } from '../runtime.ts';
import type { CallDecider } from '../decide-call.ts';
import type { RerouteService } from '../reroutes/reroute-service.ts';
import type { MenuSessionService } from '../menu-sessions.ts';
import { phoneListRows, routingTableRows, toCsv } from '../data/exports.ts';
import { activateDataVersion, listDataVersions } from '../data/store.ts';
import {
  atQuery,
  auditPage,
  availabilityUpdate,
  centreDetail,
  amkCentreList,
  centreList,
  countyList,
  dataVersionActivated,
  dataVersionList,
  decisionRequest,
  decisionResponse,
  exportQuery,
  idParam,
  menuSessionCreate,
  menuSessionInput,
  menuSessionView,
  municipalityDetail,
  municipalityList,
  municipalityNumber,
  numberSeriesAnswer,
  phoneListRow,
  rerouteCreate,
  rerouteEnd,
  rerouteList,
  rerouteViewSchema,
  routingTableRow,
  seriesQuery,
} from './schema.ts';
import { z } from 'zod';
import { routingPolicy, type CentreResource } from '../policy.ts';
import {
  keyedPage,
  keyOf,
  pageOf,
  pageQuery,
  pageQueryShape,
  pageSchema,
  type PageQuery,
} from '../../platform/http/paging.ts';

export interface RoutingHttpDeps {
  runtime: RoutingRuntime;
  decider: CallDecider;
  reroutes: RerouteService;
  menus: MenuSessionService;
}

const READ = { policy: routingPolicy, action: 'routing.read' } as const;
const CHANGE = { policy: routingPolicy, action: 'routing.change' } as const;

function withNames<D extends RoutingDecision>(runtime: RoutingRuntime, d: D, callId?: string) {
  // Adds the names to the fresh decision object instead of copying it: this is the hot path.
  const c = runtime.current().compiled;
  const named = d as D & { municipalityName?: string; countyName?: string; callId?: string };
  if (callId !== undefined) named.callId = callId;
  if (d.municipality) named.municipalityName = c.municipalityByNumber.get(d.municipality)?.name;
  if (d.county) named.countyName = c.countyByNumber.get(d.county)?.name;
  return named;
}

/** The centre a request names, with its AMK area from the active data (for area memberships). */
function centreResource(runtime: RoutingRuntime, centreId: string): CentreResource {
  const amkId = runtime.hasData()
    ? runtime.current().compiled.centreById.get(centreId)?.centre.amkId
    : undefined;
  return { centreId, amkId: amkId ?? null };
}

/** A centre's name for a message (its id when there is no data or no such centre). */
function centreName(runtime: RoutingRuntime, id: string): string {
  return (runtime.hasData() && runtime.current().compiled.centreById.get(id)?.centre.name) || id;
}

function requireData(runtime: RoutingRuntime) {
  if (!runtime.hasData()) throw new AppError('unavailable', 'No routing data version is active yet');
  return runtime.current();
}

export function registerRoutingHttp(route: Route, deps: RoutingHttpDeps): void {
  const { runtime, decider } = deps;

  /** Latest availability change per centre: who marked it, when and why (RT-11). */
  const availabilityByCentre = async () => {
    const r = await runtime.db.query<{
      centre_id: string;
      unavailable: boolean;
      reason: string;
      changed_at: string | Date;
      changed_by: string;
    }>('SELECT centre_id, unavailable, reason, changed_at, changed_by FROM centre_availability');
    return new Map(
      r.rows.map((row) => [
        row.centre_id,
        {
          unavailable: row.unavailable,
          reason: row.reason,
          changedAt: new Date(row.changed_at).toISOString(),
          changedBy: row.changed_by,
        },
      ]),
    );
  };

  route({
    method: 'POST',
    url: '/api/v1/routing/decisions',
    summary: 'Decide where a 116117 call goes',
    description:
      'Runs the routing engine for one call (RT-1…RT-3, RT-5…RT-7, RT-10, RT-11). Mobile calls without a position are positioned under the configured deadline. Returns the centre, the number to connect to, the method and a trace of every step.',
    tags: ['routing'],
    auth: READ,
    body: decisionRequest,
    response: decisionResponse,
    compiledSerializer: true,
    quietLog: true,
    errors: [422, 503],
    handler: async ({ body }) => {
      requireData(runtime);
      const callId = body.callId ?? randomUUID();
      try {
        const { decision: d } = await decider.decide(
          {
            calledNumber: body.calledNumber,
            callingNumber: body.callingNumber === 'anonymous' ? '' : body.callingNumber,
            network: body.network,
            presentedNumber: body.presentedNumber,
            position: body.position,
          },
          'http',
          { at: body.at ? new Date(body.at) : undefined, callId },
        );
        return withNames(runtime, d, callId);
      } catch (err) {
        if (err instanceof RoutingInputError)
          throw new AppError('unprocessable', err.message, { reason: err.code });
        throw err;
      }
    },
  });

  route({
    method: 'POST',
    url: '/api/v1/routing/menu-sessions',
    summary: 'Start a fallback-menu session',
    description: 'For an IVR driving the menu (RT-4, RT-5): returns the first prompt in nb/en/se.',
    tags: ['routing'],
    auth: READ,
    body: menuSessionCreate,
    response: menuSessionView,
    successStatus: 201,
    handler: async ({ body }) => {
      requireData(runtime);
      return await deps.menus.create(body);
    },
  });

  route({
    method: 'POST',
    url: '/api/v1/routing/menu-sessions/:id/input',
    summary: 'Send DTMF input to a menu session',
    tags: ['routing'],
    auth: READ,
    params: z.object({ id: z.uuid() }),
    body: menuSessionInput,
    response: menuSessionView,
    errors: [404, 409],
    handler: async ({ params, body }) => {
      requireData(runtime);
      return await deps.menus.input(params.id, body.digits);
    },
  });

  route({
    method: 'GET',
    url: '/api/v1/routing/centres',
    summary: 'List legevaktsentraler',
    tags: ['routing'],
    auth: READ,
    query: pageQuery,
    response: centreList,
    handler: async ({ query }) => {
      const snap = requireData(runtime);
      const availability = await availabilityByCentre();
      const page = pageOf(snap.data.centres, query);
      return {
        dataVersion: snap.version,
        ...page,
        items: page.items.map((c) => ({
          ...c,
          unavailable: availability.get(c.id)?.unavailable ?? false,
          availability: availability.get(c.id) ?? null,
        })),
      };
    },
  });

  route({
    method: 'GET',
    url: '/api/v1/routing/centres/:id',
    summary: 'One legevaktsentral',
    tags: ['routing'],
    auth: READ,
    params: idParam,
    response: centreDetail,
    errors: [404],
    handler: async ({ params }) => {
      const snap = requireData(runtime);
      const c = snap.compiled.centreById.get(params.id);
      if (!c) throw new AppError('not-found', `No centre ${params.id} in data version ${snap.version}`);
      const availability = (await availabilityByCentre()).get(c.centre.id) ?? null;
      return {
        dataVersion: snap.version,
        ...c.centre,
        unavailable: availability?.unavailable ?? false,
        availability,
        reroutes: runtime
          .state()
          .reroutes.filter((r) => r.fromCentreId === c.centre.id || r.toCentreId === c.centre.id),
      };
    },
  });

  const servingNow = (municipality: string, at: Date) => {
    const d = decider.preview(
      { calledNumber: '116117', callingNumber: '', network: 'mobile', position: { municipality } },
      at,
    );
    return d.outcome === 'connect'
      ? {
          centreId: d.centreId,
          centreName: d.centreName,
          connectTo: d.connectTo,
          method: d.method,
          alternativeSite: d.alternativeSite ?? false,
        }
      : null;
  };

  route({
    method: 'GET',
    url: '/api/v1/routing/counties',
    summary: 'List counties (fylker) of the routing data in force',
    tags: ['routing'],
    auth: READ,
    query: pageQuery,
    response: countyList,
    handler: async ({ query }) => {
      const snap = requireData(runtime);
      const page = pageOf(snap.data.counties, query);
      return {
        dataVersion: snap.version,
        ...page,
        items: page.items.map((c) => ({ number: c.number, name: c.name })),
      };
    },
  });

  route({
    method: 'GET',
    url: '/api/v1/routing/amk-centres',
    summary: 'List AMK centres (113) of the routing data in force, each the centre of its AMK area',
    tags: ['routing'],
    auth: READ,
    query: pageQuery,
    response: amkCentreList,
    handler: async ({ query }) => {
      const snap = requireData(runtime);
      const page = pageOf(snap.data.amkCentres, query);
      return {
        dataVersion: snap.version,
        ...page,
        items: page.items.map((a) => ({ id: a.id, name: a.name, healthTrust: a.healthTrust })),
      };
    },
  });

  route({
    method: 'GET',
    url: '/api/v1/routing/municipalities',
    summary: 'List municipalities with the centre that serves each now',
    description:
      'The serving centre applies part-day schedules, re-routes and alternative sites at `at` (default now).',
    tags: ['routing'],
    auth: READ,
    query: atQuery.extend(pageQueryShape),
    response: municipalityList,
    handler: async ({ query }) => {
      const snap = requireData(runtime);
      const at = query.at ? new Date(query.at) : new Date();
      const page = pageOf(snap.data.municipalities, query);
      return {
        dataVersion: snap.version,
        at: at.toISOString(),
        ...page,
        // Only the page's municipalities are decided (a routing decision each).
        items: page.items.map((m) => ({
          ...m,
          countyName: snap.compiled.countyByNumber.get(m.countyNumber)?.name,
          homeCentreId: snap.compiled.centreByMunicipality.get(m.number)?.centre.id,
          servedNow: servingNow(m.number, at),
        })),
      };
    },
  });

  route({
    method: 'GET',
    url: '/api/v1/routing/municipalities/:number',
    summary: 'One municipality with the centre that serves it now',
    tags: ['routing'],
    auth: READ,
    params: z.object({ number: municipalityNumber }),
    query: atQuery,
    response: municipalityDetail,
    errors: [404],
    handler: async ({ params, query }) => {
      const snap = requireData(runtime);
      const m = snap.compiled.municipalityByNumber.get(params.number);
      if (!m) throw new AppError('not-found', `No municipality ${params.number}`);
      const at = query.at ? new Date(query.at) : new Date();
      return {
        dataVersion: snap.version,
        ...m,
        countyName: snap.compiled.countyByNumber.get(m.countyNumber)?.name,
        homeCentreId: snap.compiled.centreByMunicipality.get(m.number)?.centre.id,
        servedNow: servingNow(m.number, at),
        postcodes: snap.data.postcodes.filter((p) => p.municipality === m.number).map((p) => p.code),
      };
    },
  });

  route({
    method: 'GET',
    url: '/api/v1/routing/number-series',
    summary: 'Look up number series',
    description:
      '`number`: the series a number routes by (ported numbers by their original series, RT-2). `prefix`: series under a prefix, paged.',
    tags: ['routing'],
    auth: READ,
    query: seriesQuery,
    response: numberSeriesAnswer,
    handler: async ({ query }) => {
      const snap = requireData(runtime);
      if (query.number) {
        const d = decider.preview(
          { calledNumber: '116117', callingNumber: query.number, network: 'fixed' },
          Date.now(),
        );
        const n = query.number.replace(/^\+47/, '');
        const ported = snap.compiled.portedIndex.get(n);
        const idx = snap.compiled.seriesTrie.longestMatch(n);
        return {
          dataVersion: snap.version,
          number: n,
          ported: ported === undefined ? null : (snap.data.portedNumbers[ported] ?? null),
          longestPrefixMatch: idx === undefined || idx < 0 ? null : (snap.compiled.series[idx] ?? null),
          decision: withNames(runtime, d),
        };
      }
      const all = query.prefix
        ? snap.data.numberSeries.filter((s) => s.prefix.startsWith(query.prefix!))
        : snap.data.numberSeries;
      return { dataVersion: snap.version, ...pageOf(all, query) };
    },
  });

  route({
    method: 'GET',
    url: '/api/v1/routing/reroutes',
    summary: 'List re-routes',
    tags: ['routing'],
    auth: READ,
    query: z.object({
      status: z.enum(['open', 'all']).default('open'),
      centreId: z.string().optional(),
      ...pageQueryShape,
    }),
    response: rerouteList,
    handler: async ({ query }) => pageOf(await deps.reroutes.list(query), query),
  });

  route({
    method: 'POST',
    url: '/api/v1/routing/reroutes',
    summary: 'Create a re-route',
    description:
      'RT-7: only a leader of the centre whose calls are moved, or the operations centre. Planned: a working day in daytime, requested by the deadline (default 12:00) the day before. Urgent: at once. Cycles are refused (409). Audited.',
    tags: ['routing'],
    auth: {
      ...CHANGE,
      scope: ({ body }) => centreResource(runtime, body.fromCentreId),
      refusal: ({ body }) =>
        refusal(
          'forbidden',
          `Only a leader of ${body.fromCentreId} or the operations centre may move its calls (RT-7)`,
          {
            code: 'reroute.forbidden',
            params: { centre: centreName(runtime, body.fromCentreId) },
          },
        ),
    },
    body: rerouteCreate,
    response: rerouteViewSchema,
    successStatus: 201,
    errors: [404, 409],
    handler: async ({ body, actor }) => {
      requireData(runtime);
      return deps.reroutes.create(actor, body);
    },
  });

  route({
    method: 'POST',
    url: '/api/v1/routing/reroutes/:id/end',
    summary: 'End a re-route',
    tags: ['routing'],
    auth: CHANGE,
    params: z.object({ id: z.uuid() }),
    body: rerouteEnd,
    response: rerouteViewSchema,
    errors: [404, 409],
    handler: async ({ params, body, actor }) => deps.reroutes.end(actor, params.id, body.reason),
  });

  route({
    method: 'PUT',
    url: '/api/v1/routing/centres/:id/availability',
    summary: 'Mark a centre unavailable or available',
    description: 'RT-11: while unavailable, its calls go to its planned alternative answering site. Audited.',
    tags: ['routing'],
    auth: {
      ...CHANGE,
      scope: ({ params }) => centreResource(runtime, params.id),
      refusal: ({ params }) =>
        refusal(
          'forbidden',
          `Only a leader of ${params.id} or the operations centre may change its availability`,
          {
            code: 'centre.availability-forbidden',
            params: { centre: centreName(runtime, params.id) },
          },
        ),
    },
    params: idParam,
    body: availabilityUpdate,
    successStatus: 204,
    errors: [404],
    handler: async ({ params, body, actor, reply }) => {
      requireData(runtime);
      await deps.reroutes.setAvailability(actor, params.id, body.unavailable, body.reason);
      void reply.code(204).send();
    },
  });

  const exportsByName = {
    'routing-table': {
      what: 'Routing table per municipality and centre (RT-8)',
      response: pageSchema(routingTableRow).extend({ dataVersion: z.number().int() }) as z.ZodType,
      json: routingTableRows,
      csv: (d: Parameters<typeof routingTableRows>[0]) => toCsv(routingTableRows(d)),
    },
    'phone-list': {
      what: 'Internal phone list of all centres (RT-9)',
      response: pageSchema(phoneListRow).extend({ dataVersion: z.number().int() }) as z.ZodType,
      json: phoneListRows,
      csv: (d: Parameters<typeof phoneListRows>[0]) => toCsv(phoneListRows(d)),
    },
  };
  for (const [name, ex] of Object.entries(exportsByName)) {
    const what = ex.what;
    route({
      method: 'GET',
      url: `/api/v1/routing/exports/${name}`,
      summary: `Export the ${name.replace('-', ' ')}`,
      description: `${what}, as JSON or CSV (?format=csv).`,
      tags: ['routing'],
      auth: READ,
      query: exportQuery.extend(pageQueryShape),
      response: ex.response,
      produces: ['text/csv'],
      handler: async ({ query, reply }) => {
        const snap = requireData(runtime);
        if (query.format === 'csv') {
          void reply
            .type('text/csv; charset=utf-8')
            .header('content-disposition', `attachment; filename="${name}-v${snap.version}.csv"`)
            .send(ex.csv(snap.data));
          return;
        }
        // CSV is the whole table (a file); JSON pages like every list.
        return { dataVersion: snap.version, ...pageOf<unknown>(ex.json(snap.data), query) };
      },
    });
  }

  route({
    method: 'GET',
    url: '/api/v1/routing/data-versions',
    summary: 'List routing data versions',
    tags: ['routing'],
    auth: READ,
    query: pageQuery,
    response: dataVersionList,
    handler: async ({ query }) => ({
      active: runtime.hasData() ? runtime.current().version : null,
      ...pageOf(await listDataVersions(runtime.db), query),
    }),
  });

  route({
    method: 'POST',
    url: '/api/v1/routing/data-versions/:version/activate',
    summary: 'Switch routing to a data version',
    description: 'Atomic switch: decisions in flight finish on the old version; no decision fails. Audited.',
    tags: ['routing'],
    auth: { policy: routingPolicy, action: 'routing.data' },
    params: z.object({ version: z.coerce.number().int().positive() }),
    response: dataVersionActivated,
    errors: [404],
    handler: async ({ params, actor }) => {
      await activateDataVersion(runtime.db, params.version, actor);
      await runtime.switchTo(params.version);
      return { active: params.version };
    },
  });

  route({
    method: 'GET',
    url: '/api/v1/audit',
    summary: 'Read the audit log',
    description:
      'Newest first: by time, then by id (a number) for rows of the same moment. Paged by key: rows written while a client pages through the log do not shift the pages.',
    tags: ['audit'],
    auth: { policy: routingPolicy, action: 'audit.read' },
    query: z.object({
      entityType: z.string().optional(),
      entityId: z.string().optional(),
      ...pageQueryShape,
    }),
    response: auditPage,
    handler: async ({ query, actor }) => {
      const page = await readAuditLog(runtime.db, query);
      await recordAudit(runtime.db, actor, {
        action: 'audit.read',
        entityType: 'audit',
        entityId: query.entityType ?? '*',
      });
      return page;
    },
  });
}

/**
 * One page of the audit log, newest first. Ordered by `at` and then by the numeric id (a bigint:
 * compared as a number in SQL and returned as text, so JSON keeps every digit). The cursor is the
 * id of the last row of the previous page.
 */
async function readAuditLog(
  db: RoutingRuntime['db'],
  query: { entityType?: string; entityId?: string } & PageQuery,
) {
  const where: string[] = [];
  const params: unknown[] = [];
  if (query.entityType) where.push(`entity_type = $${params.push(query.entityType)}`);
  if (query.entityId) where.push(`entity_id = $${params.push(query.entityId)}`);
  const filter = where.length ? `WHERE ${where.join(' AND ')}` : '';
  const count = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM audit_events ${filter}`,
    params,
  );
  const after = keyOf(query, /^\d{1,19}$/);
  if (after !== undefined) {
    const p = params.push(after);
    where.push(`(a.at, a.id) < (SELECT b.at, b.id FROM audit_events b WHERE b.id = $${p}::bigint)`);
  }
  const rows = await db.query<{ id: string }>(
    `SELECT a.id::text AS id, a.at, a.actor_type, a.actor_id, a.actor_name, a.action, a.entity_type, a.entity_id,
            a.centre_id, a.details
       FROM audit_events a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      ORDER BY a.at DESC, a.id DESC LIMIT $${params.push(query.limit + 1)}`,
    params,
  );
  return keyedPage(rows.rows, Number(count.rows[0]?.n ?? 0), query, (r) => r.id);
}
