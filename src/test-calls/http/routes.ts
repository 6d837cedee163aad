/**
 * The test-call API under /api/v1/test-calls (RT-8; docs/test-calls.md): runs and their results
 * (history per centre or municipality), starting and resuming runs, signing off a run's results,
 * and the alarms with their acknowledgement. Access by the context's policy; a run, alarm or
 * subject outside the caller's scope answers 404, as one that does not exist.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { forbidden, notFound, refusal } from '../../platform/errors.ts';
import type { Route } from '../../platform/http/route.ts';
import type { Db } from '../../platform/db/types.ts';
import type { Clock } from '../../platform/time/clock.ts';
import type { RoutingRuntime } from '../../routing/runtime.ts';
import { acknowledgeTestCallAlarm } from '../acknowledge-alarm.ts';
import { ACKNOWLEDGE, READ, RUN, SIGN } from '../policy.ts';
import { listVisibleAlarms, listVisibleRuns, readRunDetail, visibilityOf } from '../read-test-calls.ts';
import type { TestCallRuns } from '../run-service.ts';
import { signOffRun } from '../sign-off.ts';
import { readAlarm } from '../store.ts';
import {
  acknowledgeBody,
  alarmListSchema,
  alarmSchema,
  alarmsQuery,
  idParams,
  runDetailSchema,
  runListSchema,
  runsQuery,
  signOffBody,
  signOffSchema,
  startRunBody,
  startedSchema,
} from './schema.ts';

export const BASE = '/api/v1/test-calls';
const tags = ['test-calls'];

export interface TestCallsHttpDeps {
  db: Db;
  clock: Clock;
  runtime: RoutingRuntime;
  runs: TestCallRuns;
}

export function registerTestCallRoutes(route: Route, deps: TestCallsHttpDeps): void {
  const { db, runtime, runs } = deps;
  const data = () => (runtime.hasData() ? runtime.current().data : null);
  const knownCentre = (id: string) => data()?.centres.some((c) => c.id === id) ?? false;

  route({
    method: 'GET',
    url: `${BASE}/runs`,
    summary: 'Test-call runs (RT-8)',
    description:
      'Newest first, with the number of calls, failures and calls that reached another centre the caller may see; `?centre=` or `?municipality=` narrows to one centre’s or municipality’s history.',
    tags,
    auth: READ,
    query: runsQuery,
    response: runListSchema,
    handler: async ({ query, actor }) => ({
      runs: await listVisibleRuns(db, visibilityOf(actor, data()), {
        centreId: query.centre,
        municipality: query.municipality,
        limit: query.limit,
      }),
    }),
  });
  route({
    method: 'GET',
    url: `${BASE}/runs/:id`,
    summary: 'One test-call run with its results, sign-offs and alarms',
    description:
      'Per call: the number dialled (the centre’s 8-digit number, or 116117 as a caller from a municipality), the centre it reached, whether and how fast it answered, the routing data version and the SIP statuses. Only the results the caller may see.',
    tags,
    auth: READ,
    params: idParams,
    response: runDetailSchema,
    errors: [404],
    handler: ({ params, actor }) => readRunDetail(db, visibilityOf(actor, data()), params.id, data()),
  });
  route({
    method: 'POST',
    url: `${BASE}/runs`,
    summary: 'Start a test-call run',
    description:
      'Queues a run over the given centres (absent: every centre, the operations centre only) and starts it; answers at once with its id. The run is stored call by call.',
    tags,
    auth: RUN,
    body: startRunBody,
    response: startedSchema,
    successStatus: 202,
    errors: [403, 422],
    handler: async ({ body, actor }) => {
      if (!mayRunOver(actor, body.centreIds ?? null))
        throw forbidden('You may not start a test-call run over these centres');
      const unknown = body.centreIds?.filter((id) => !knownCentre(id)) ?? [];
      if (unknown.length > 0) {
        throw refusal('unprocessable', `Unknown centre ${unknown[0]}`, {
          code: 'test-calls.centre-unknown',
          params: { centre: unknown[0]! },
        });
      }
      const runId = await runs.request({
        trigger: 'manual',
        triggerKey: null,
        centreIds: body.centreIds ?? null,
        actor,
      });
      return { runId: runId! };
    },
  });
  route({
    method: 'POST',
    url: `${BASE}/runs/:id/resume`,
    summary: 'Resume an interrupted test-call run',
    description:
      'A run whose process stopped mid-way (marked interrupted) is taken up here: only the calls without a result are placed. 409 `test-calls.run-not-interrupted` otherwise.',
    tags,
    auth: RUN,
    params: idParams,
    response: startedSchema,
    successStatus: 202,
    errors: [404, 409],
    handler: async ({ params, actor }) => {
      const detail = await readRunDetail(db, visibilityOf(actor, data()), params.id).catch(() => null);
      if (!detail) throw notFound('The test run');
      if (!mayRunOver(actor, detail.run.centreIds)) throw notFound('The test run');
      if (!(await runs.resume(params.id, actor))) {
        throw refusal('conflict', 'The run is not interrupted', { code: 'test-calls.run-not-interrupted' });
      }
      return { runId: params.id };
    },
  });
  route({
    method: 'POST',
    url: `${BASE}/runs/:id/sign-offs`,
    summary: 'Sign off a run’s results for a centre or a municipality',
    description:
      'The centre’s leader (subject `centre`) or the municipality’s reader (subject `municipality`) confirms the results: who, when and a comment, once per run and subject; audited. 409 when the run is not completed or already signed.',
    tags,
    auth: {
      ...SIGN,
      scope: ({ body }) =>
        body.subject === 'centre'
          ? { centreId: body.subjectId, municipality: null }
          : { centreId: null, municipality: body.subjectId },
      refusal: () => notFound('The test run'),
    },
    params: idParams,
    body: signOffBody,
    response: signOffSchema,
    successStatus: 201,
    errors: [404, 409],
    handler: ({ params, body, actor }) =>
      signOffRun(deps, actor, params.id, { kind: body.subject, id: body.subjectId }, body.comment),
  });
  route({
    method: 'GET',
    url: `${BASE}/alarms`,
    summary: 'Test-call alarms',
    description:
      'Alarms raised by failed runs for the centres the caller may see, newest first; `?open=true` only those not acknowledged.',
    tags,
    auth: READ,
    query: alarmsQuery,
    response: alarmListSchema,
    handler: async ({ query, actor }) => ({
      alarms: await listVisibleAlarms(db, visibilityOf(actor, data()), query, data()),
    }),
  });
  route({
    method: 'POST',
    url: `${BASE}/alarms/:id/acknowledge`,
    summary: 'Acknowledge a test-call alarm',
    description: 'Who, when and a comment; audited. 409 when it is already acknowledged.',
    tags,
    auth: {
      ...ACKNOWLEDGE,
      scope: async ({ params }) => ({
        centreId: (await readAlarm(db, params.id))?.centreId ?? '',
        municipality: null,
      }),
      refusal: () => notFound('The alarm'),
    },
    params: idParams,
    body: acknowledgeBody,
    response: alarmSchema,
    errors: [404, 409],
    handler: async ({ params, body, actor }) => {
      const a = await acknowledgeTestCallAlarm(deps, actor, params.id, body.comment);
      return { ...a, centreName: data()?.centres.find((c) => c.id === a.centreId)?.name ?? null };
    },
  });
}

/** Every centre must be the actor's to test; every centre at once (null) needs a national grant. */
function mayRunOver(actor: Actor, centreIds: readonly string[] | null): boolean {
  if (centreIds === null) {
    return RUN.policy
      .grants(actor, RUN.action)
      .some((g) => g.role === 'admin' || g.scope.level === 'national');
  }
  return centreIds.every((id) => RUN.policy.can(actor, RUN.action, { centreId: id, municipality: null }));
}
