/**
 * The calls API (issue 10): `POST /api/v1/calls/events` — the integration API the centres'
 * telephone systems (ACD/CTI), the network and the simulator post call events to — and the reads:
 * one call, lists (the drill-down of a figure) and the official figures from the rollup cells.
 * Access by the calls policy; every read of call details is audited (docs/calls.md).
 */
import type { Route } from '../../platform/http/route.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/types.ts';
import { recordAudit } from '../../platform/audit.ts';
import { notFound, refusal } from '../../platform/errors.ts';
import { callsPolicy, type CallResource } from '../policy.ts';
import type { IngestResult } from '../ingest/record-call-events.ts';
import { queryFigures } from '../figures/query-figures.ts';
import { callOwner, instantOf, listCalls, readCall } from '../read-calls.ts';
import {
  callDetailSchema,
  callListQuery,
  callListResponse,
  figuresQuery,
  figuresResponse,
  recordEventsBody,
  recordEventsResponse,
} from './schema.ts';
import type { CallEvent } from '../domain/call-event.ts';
import { z } from 'zod';

export interface CallsHttpDeps {
  db: Db;
  /** Records events for a sender (the per-event scope check is the sender's `calls.record` grants). */
  ingest(events: readonly CallEvent[], actor: Actor): Promise<IngestResult[]>;
}

/** A figure may read at most this many stored cells: a finer granularity over years is refused. */
export const MAX_FIGURE_CELLS = 200_000;

const resourceOf = (o: { centreId: string | null; amkArea: string | null } | null): CallResource => ({
  centreId: o?.centreId ?? '',
  amkId: o?.amkArea ?? null,
});

export function registerCallsHttp(route: Route, deps: CallsHttpDeps): void {
  const { db } = deps;

  route({
    method: 'POST',
    url: '/api/v1/calls/events',
    summary: 'Report call events',
    description:
      'The integration API for call events (issue 10): 1–1000 events of any calls, each idempotent by eventId, placed by occurredAt, impossible transitions refused. Answers 200 with one result per event, in order (accepted, duplicate or refused with its problem) — also when some are refused. A batch of exactly one event that is refused answers its problem instead: 409 (impossible transition, event id reused) or 403 (a call of a centre the sender may not report for). An integration token bound to a centre reports for that centre.',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.record' },
    body: recordEventsBody,
    response: recordEventsResponse,
    errors: [403, 409],
    quietLog: true,
    async handler({ body, actor }) {
      const results = await deps.ingest(body.events, actor);
      const only = results.length === 1 ? results[0]! : undefined;
      if (only?.outcome === 'refused' && only.problem) {
        const { code, message, params } = only.problem;
        throw refusal(
          code === 'call.out-of-scope' ? 'forbidden' : 'conflict',
          message,
          { code, params },
          {
            callId: only.callId,
            eventId: only.eventId,
            ...(params.state !== undefined && { state: params.state }),
            ...(params.conflictsWithEventId !== undefined && { conflictsWith: params.conflictsWithEventId }),
          },
        );
      }
      let accepted = 0;
      let duplicates = 0;
      for (const r of results) {
        if (r.outcome === 'accepted') accepted++;
        else if (r.outcome === 'duplicate') duplicates++;
      }
      return { accepted, duplicates, refused: results.length - accepted - duplicates, results };
    },
  });

  route({
    method: 'GET',
    url: '/api/v1/calls/figures',
    summary: 'Official answer-time figures',
    description:
      'The official figures (number of calls, answered within 10 s / 2 min / 10 min, unanswered, median answer time; LV-4, AMK-1) per group and period, from the rollup cells, and per group over the range. The range is widened to whole periods (Europe/Oslo). Each row links to the calls it counted.',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.figures' },
    query: figuresQuery,
    response: figuresResponse,
    errors: [422],
    async handler({ query }) {
      const fromMs = instantOf(query.from);
      const toMs = instantOf(query.to);
      if (!(toMs > fromMs)) {
        throw refusal('validation', 'to must be after from', { code: 'calls.range-empty' });
      }
      const result = await queryFigures(
        db,
        {
          service: query.service,
          dimension: query.dimension,
          granularity: query.granularity,
          fromMs,
          toMs,
          ...(query.group !== undefined && { group: query.group }),
        },
        MAX_FIGURE_CELLS,
      );
      if (result === 'too-many-cells') {
        throw refusal(
          'unprocessable',
          `The figures would add up more than ${MAX_FIGURE_CELLS} cells: choose a coarser granularity, one group or a shorter range`,
          { code: 'calls.figures-too-large', params: { limit: MAX_FIGURE_CELLS } },
        );
      }
      const iso = (ms: number) => new Date(ms).toISOString();
      const link = (group: string, from: number, to: number) => {
        const qs = new URLSearchParams({
          service: query.service,
          dimension: query.dimension,
          group,
          from: iso(from),
          to: iso(to),
          counted: 'counted',
        });
        return `/api/v1/calls?${qs.toString()}`;
      };
      return {
        service: query.service,
        dimension: query.dimension,
        granularity: query.granularity,
        from: iso(result.query.fromMs),
        to: iso(result.query.toMs),
        rows: result.rows.map((r) => ({
          group: r.group,
          period: r.period,
          periodStart: iso(r.periodStartMs),
          periodEnd: iso(r.periodEndMs),
          figures: r.figures,
          calls: link(r.group, r.periodStartMs, r.periodEndMs),
        })),
        totals: result.totals.map((t) => ({
          group: t.group,
          figures: t.figures,
          calls: link(t.group, result.query.fromMs, result.query.toMs),
        })),
      };
    },
  });

  route({
    method: 'GET',
    url: '/api/v1/calls',
    summary: 'List calls',
    description:
      'Calls of the reader’s centres and AMK areas (all for a national reader), by centre, service, period and rollup group — the drill-down of a figure (`dimension`, `group`, `counted=counted`, `figure`). The calling number only for those who may see the centre’s callers. Every list read is audited with the ids it showed.',
    tags: ['calls'],
    auth: { policy: callsPolicy, action: 'calls.read' },
    query: callListQuery,
    response: callListResponse,
    async handler({ query, actor }) {
      const { limit, cursor, misrouted, ...rest } = query;
      const filter = { ...rest, ...(misrouted !== undefined && { misrouted: misrouted === 'true' }) };
      const page = await listCalls(
        db,
        filter,
        actor.memberships ?? [],
        { limit, cursor },
        (centreId, amkArea) => callsPolicy.can(actor, 'calls.read-caller', resourceOf({ centreId, amkArea })),
      );
      await recordAudit(db, actor, {
        action: 'calls.listed',
        entityType: 'call',
        entityId: page.items.length === 1 ? page.items[0]!.id : `${page.items.length} calls`,
        details: {
          filter,
          callIds: page.items.map((c) => c.id),
          callingNumbersShown: page.items.filter((c) => c.callingNumber !== undefined).length,
        },
      });
      return page;
    },
  });

  route({
    method: 'GET',
    url: '/api/v1/calls/:id',
    summary: 'Read a call',
    description:
      'One call: its record (the fold of its events) and its events in time order. The calling number only for those who may see the centre’s callers. Every read is audited. A call outside the reader’s scope answers 404, like one that does not exist.',
    tags: ['calls'],
    auth: {
      policy: callsPolicy,
      action: 'calls.read',
      scope: async ({ params }) => resourceOf(await callOwner(db, params.id)),
      refusal: () => notFound('The call'),
    },
    params: z.object({ id: z.string().min(1).max(200) }),
    response: callDetailSchema,
    errors: [404],
    async handler({ params, actor }) {
      const { id } = params;
      const owner = await callOwner(db, id);
      if (!owner) throw notFound('The call');
      const showCaller = callsPolicy.can(actor, 'calls.read-caller', resourceOf(owner));
      const detail = await readCall(db, id, showCaller);
      if (!detail) throw notFound('The call');
      await recordAudit(db, actor, {
        action: 'call.read',
        entityType: 'call',
        entityId: id,
        centreId: owner.centreId,
        details: { callingNumberShown: showCaller },
      });
      return detail;
    },
  });
}
