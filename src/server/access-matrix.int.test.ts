/**
 * Issue 9 part 3, "a test generated from the route table checks every route × every role × own and
 * foreign scope: 0 unauthorised successes". Every registered route is either a case here (a request
 * aimed at another organisation's records: unit B tagged with the centre lv-oslo, while scoped
 * actors belong to lv-bergen) or named as concerning only the caller (sign-in, me). Who may succeed
 * is read from the route table (the roles of the route's policy action, or its roles), never from
 * this file: a role the route does not name, or a scoped membership aimed at a foreign scope, must
 * never get a 2xx — except on national reads (routing data) and on lists, which answer only the
 * caller's own records (checked: no foreign id in the answer). The administrator sends every
 * request last and must get past the gate, so a case cannot pass by being malformed. Includes the
 * cases issue 9 names: moving units under another organisation, tagging a unit with another
 * centre's id, creating or versioning national courses, and the people/completions CSV imports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbKinds } from '../platform/db/testing.ts';
import { routeRegistry, type RouteDef } from '../platform/http/route.ts';
import { SYSTEM_ACTOR, type Membership, type Role } from '../platform/auth/actor.ts';
import { TEST_ADMIN_PASSWORD } from '../platform/testing/app.ts';
import { linkIdentity } from '../platform/auth/identities.ts';
import { createRoutingTestApp, type RoutingTestApp } from '../routing/testing-app.ts';
import { readinessModule } from '../readiness/module.ts';
import { callsModule } from '../calls/module.ts';
import { lydloggModule } from '../lydlogg/module.ts';
import { holdRecording, ingestRecording } from '../lydlogg/recordings.ts';
import { pieces, wav } from '../lydlogg/testing/audio.ts';
import { systemClock } from '../platform/time/clock.ts';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { scriptCallEvents } from '../calls/testing/call-events.ts';
import { emergencyPlansModule } from '../emergency-plans/module.ts';
import { nodnettModule } from '../nodnett/module.ts';
import { FIRST_ISSI } from '../nodnett/simulator/simulated-nodnett.ts';
import { amkModule } from '../amk/module.ts';
import { registerResource } from '../amk/resources/maintain-resources.ts';
import { raiseSafetyAlarm } from '../amk/alarms/raise-safety-alarm.ts';
import { createMission } from '../amk/missions/create-mission.ts';
import { raiseTripleAlert } from '../amk/triple-alerts/raise-triple-alert.ts';
import { alertFirstResponders } from '../amk/first-responders/first-responder-alerts.ts';
import { PLACES, resourceBody } from '../amk/testing.ts';
import { buildPlan, PDF, planBody, plansApi } from '../emergency-plans/testing.ts';
import { createTestCallsModule } from '../test-calls/module.ts';
import { buildCompletedRun } from '../test-calls/testing.ts';
import { api, buildCourse, buildPerson, buildUnit, complete, uniq } from '../readiness/testing/factories.ts';

type AnyRoute = RouteDef<unknown, unknown, unknown, unknown>;
const R = '/api/v1/readiness';

interface Req {
  url: string;
  body?: unknown;
  contentType?: string;
}
interface Case {
  /** A fresh request for each actor (unique names, a record of its own to end or revoke). */
  request: () => Promise<Req> | Req;
  /** The administrator may be refused by a business rule (4xx other than 401/403/404), not by access. */
  adminRuleRefusal?: boolean;
  /** The administrator may get 404: the record is not scoped (a random id of a national route). */
  adminNotFound?: boolean;
}

/** Routes about the caller alone: nothing to aim at another scope. */
const SELF_ONLY = new Set([
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/logout',
  'GET /api/v1/auth/me',
  // Sign-in through the OpenID provider (issue 11), public like the password sign-in: the methods
  // the login page offers, and the two browser redirects (src/platform/auth/oidc/oidc.int.test.ts).
  'GET /api/v1/auth/methods',
  'GET /api/v1/auth/oidc/start',
  'GET /api/v1/auth/oidc/callback',
  // Open to every signed-in caller by design: what each one receives is filtered per event by the
  // memberships (canSee), proved in src/platform/events/sse.int.test.ts (and 401 without a session).
  'GET /api/v1/events',
]);

interface Actor {
  label: string;
  role: Role;
  national: boolean;
  token: string;
}

describe.each(dbKinds())('access matrix: every route × role × own/foreign scope (issue 9) on %s', (kind) => {
  let t: RoutingTestApp;
  const ids: Record<string, string> = {};
  const actors: Actor[] = [];
  const cases = new Map<string, Case>();
  let blobDir = '';

  beforeAll(async () => {
    blobDir = await mkdtemp(path.join(tmpdir(), 'nodmeld-matrix-'));
    t = await createRoutingTestApp({
      kind,
      more: [
        readinessModule,
        callsModule,
        lydloggModule,
        emergencyPlansModule,
        createTestCallsModule(),
        amkModule,
        nodnettModule,
      ],
      env: {
        NODMELD_STORAGE_DIR: blobDir,
        NODMELD_STORAGE_KEY: randomBytes(32).toString('base64'),
        // Runs the administrator starts call a redirect server that is not there: short calls.
        NODMELD_TEST_CALLS_REDIRECT: '127.0.0.1:9',
        NODMELD_TEST_CALLS_CALL_TIMEOUT_MS: '500',
      },
    });
    const a = api(t);
    ids.unitA = (await buildUnit(a, { centreId: 'lv-bergen' })).id;
    ids.unitB = (
      await buildUnit(a, { parentId: 'kommune-0301', municipalities: ['0301'], centreId: 'lv-oslo' })
    ).id;
    const personB = await buildPerson(a, ids.unitB, {
      hprNumber: String(7_000_000 + Math.floor(Math.random() * 900_000)),
    });
    ids.personB = personB.id;
    ids.personBHpr = (await a.get(`${R}/training/people/${personB.id}`)).body.hprNumber;
    ids.equipmentB = (
      await a.post(`${R}/organisations/${ids.unitB}/equipment`, {
        kind: 'operator-position',
        label: 'Plass 1',
      })
    ).body.id;
    ids.agreementB = (
      await a.post(`${R}/onboarding/units/${ids.unitB}/agreements`, { type: 'service-level' })
    ).body.id;
    const course = await buildCourse(a);
    ids.course = course.id;
    ids.courseCode = course.code;
    ids.completionB = (
      await complete(a, { personId: ids.personB, courseId: course.id, completedAt: '2025-01-10' })
    ).id;
    ids.rosterB = '00000000-0000-4000-8000-00000000beef';
    await t.db.query(
      `INSERT INTO readiness_rosters (id, unit_id, week_start, source) VALUES ($1, $2, '2025-03-03', 'api')`,
      [ids.rosterB, ids.unitB],
    );
    const victim = await t.auth.createUser(SYSTEM_ACTOR, {
      username: uniq('victim'),
      displayName: 'Victim',
      password: TEST_ADMIN_PASSWORD,
      role: 'operator',
      centreId: 'lv-oslo',
    });
    ids.victim = victim.id;
    ids.dataVersion = String(t.routing.runtime.current().version);
    // A call of lv-oslo (scoped actors belong to lv-bergen).
    ids.callB = uniq('call-b');
    await t
      .use(callsModule)
      .record(
        scriptCallEvents({ callId: ids.callB, centreId: 'lv-oslo', offeredAt: Date.now(), answerMs: 5_000 }),
      );

    const user = (_label: string, memberships: Membership[]) => t.tokenWith(memberships);
    const own = { level: 'centre', id: 'lv-bergen' } as const;
    for (const role of ['operations', 'readiness-admin', 'auditor'] as const)
      actors.push({
        label: `${role} national`,
        role,
        national: true,
        token: await user(role, [{ role, scope: { level: 'national' } }]),
      });
    for (const role of [
      'operations',
      'centre-leader',
      'operator',
      'amk-operator',
      'readiness-admin',
      'auditor',
    ] as const)
      actors.push({
        label: `${role} of lv-bergen`,
        role,
        national: false,
        token: await user(role, [{ role, scope: own }]),
      });
    // A municipality's own reader, at Bergen kommune (the records aimed at belong to Oslo).
    actors.push({
      label: 'municipality-reader of kommune-4601',
      role: 'municipality-reader',
      national: false,
      token: await user('municipality-reader', [
        { role: 'municipality-reader', scope: { level: 'unit', id: 'kommune-4601' } },
      ]),
    });
    actors.push({ label: 'integration token', role: 'integration', national: true, token: t.apiToken });

    const issueToken = async () =>
      (await t.auth.issueToken(SYSTEM_ACTOR, { name: uniq('gw'), role: 'integration' })).id;
    const openReroute = async () => {
      const r = await t.routing.reroutes.create(SYSTEM_ACTOR, {
        fromCentreId: 'lv-oslo',
        toCentreId: 'lv-hamar',
        kind: 'urgent',
        reason: 'Matrise',
      });
      return r.id;
    };
    const add = (method: string, url: string, c: Case) => cases.set(`${method} ${url}`, c);
    const simple = (method: string, url: string, req: () => Req, adminRuleRefusal = false) =>
      add(method, url, { request: req, adminRuleRefusal });

    // Platform
    // Calls: a new call of lv-oslo per request (one event: a refused one answers 403, not 200).
    simple('POST', '/api/v1/calls/events', () => ({
      url: '/api/v1/calls/events',
      body: {
        events: scriptCallEvents({ callId: uniq('call'), centreId: 'lv-oslo', offeredAt: Date.now() }).filter(
          (e) => e.type === 'offered',
        ),
      },
    }));
    simple('GET', '/api/v1/calls/:id', () => ({ url: `/api/v1/calls/${ids.callB}` }));
    simple('GET', '/api/v1/calls/reports/:subject/:id', () => ({
      url: '/api/v1/calls/reports/centre/lv-oslo?from=2026-03-02&to=2026-03-08',
    }));
    simple('GET', '/api/v1/calls', () => ({ url: '/api/v1/calls?limit=1000' }));
    simple('GET', '/api/v1/calls/figures', () => ({
      url: '/api/v1/calls/figures?from=2025-01-01&to=2027-01-01',
    }));
    // The control room (issue 11): lv-oslo's queue, and actions on a fresh call of lv-oslo each time.
    simple('GET', '/api/v1/calls/queue', () => ({ url: '/api/v1/calls/queue?centre=lv-oslo' }));
    simple('GET', '/api/v1/calls/service-level', () => ({
      url: '/api/v1/calls/service-level?centre=lv-oslo',
    }));
    // Every centre's live figures (aggregate counts, no call): a national read for its roles.
    simple('GET', '/api/v1/calls/service-level/national', () => ({
      url: '/api/v1/calls/service-level/national',
    }));
    const callOfOslo = async (answered: boolean) => {
      const callId = uniq('call-c');
      await t.use(callsModule).record(
        scriptCallEvents({
          callId,
          centreId: 'lv-oslo',
          offeredAt: Date.now() - 30_000,
          ...(answered && { answerMs: 5_000 }),
        }),
      );
      return callId;
    };
    add('POST', '/api/v1/calls/:id/answer', {
      request: async () => ({
        url: `/api/v1/calls/${await callOfOslo(false)}/answer`,
        body: { positionId: 'p1' },
      }),
    });
    add('POST', '/api/v1/calls/:id/transfer', {
      request: async () => ({
        url: `/api/v1/calls/${await callOfOslo(true)}/transfer`,
        body: { target: { kind: 'amk', id: 'amk-oslo' } },
      }),
    });
    add('POST', '/api/v1/calls/:id/misrouted', {
      request: async () => ({
        url: `/api/v1/calls/${await callOfOslo(true)}/misrouted`,
        body: { reason: 'other' },
      }),
    });
    add('POST', '/api/v1/calls/:id/end', {
      request: async () => ({ url: `/api/v1/calls/${await callOfOslo(true)}/end`, body: {} }),
    });
    // The contact record of a call of lv-oslo.
    const CR = '/api/v1/calls/:id/contact-record';
    simple('GET', CR, () => ({ url: `/api/v1/calls/${ids.callB}/contact-record` }));
    add('PUT', CR, {
      request: async () => ({
        url: `/api/v1/calls/${await callOfOslo(true)}/contact-record`,
        body: { content: { advice: 'råd' }, version: 0 },
      }),
    });
    // No draft to sign, no signed record to amend: the administrator meets the rule, others the gate.
    add('POST', `${CR}/sign`, {
      request: async () => ({
        url: `/api/v1/calls/${await callOfOslo(true)}/contact-record/sign`,
        body: { version: 0 },
      }),
      adminRuleRefusal: true,
    });
    add('POST', `${CR}/amend`, {
      request: async () => ({
        url: `/api/v1/calls/${await callOfOslo(true)}/contact-record/amend`,
        body: { content: { advice: 'råd' }, reason: 'rettelse', version: 0 },
      }),
      adminRuleRefusal: true,
    });
    // Recordings (issue 12): a recording of a call of lv-oslo.
    const rec = t.use(lydloggModule);
    const recording = async (callId: string) => {
      const recordingId = uniq('rec');
      await ingestRecording(rec.deps, SYSTEM_ACTOR, {
        callId,
        recordingId,
        centreId: 'lv-oslo',
        startedAt: new Date().toISOString(),
        durationMs: 100,
        channels: 1,
        codec: 'pcm-s16le',
        contentType: 'audio/wav',
        body: pieces(wav({ frames: 800 })),
      });
      return recordingId;
    };
    ids.recCall = uniq('rec-call');
    ids.recB = await recording(ids.recCall);
    const wavBody = wav({ frames: 800 });
    simple('PUT', '/api/v1/calls/:id/recordings/:recordingId', () => ({
      url: `/api/v1/calls/${ids.recCall}/recordings/${uniq('rec')}?centreId=lv-oslo&startedAt=2025-03-05T10:00:00Z&durationMs=100&channels=1&codec=pcm-s16le`,
      body: wavBody,
      contentType: 'audio/wav',
    }));
    simple('GET', '/api/v1/calls/:id/recordings', () => ({ url: `/api/v1/calls/${ids.recCall}/recordings` }));
    simple('GET', '/api/v1/recordings/:id/audio', () => ({
      url: `/api/v1/recordings/${ids.recB}/audio?reason=matrise`,
    }));
    const holdBody = { caseKind: 'complaint', caseReference: 'SF-1', reason: 'Matrise' };
    simple('POST', '/api/v1/recordings/:id/holds', () => ({
      url: `/api/v1/recordings/${ids.recB}/holds`,
      body: holdBody,
    }));
    simple('POST', '/api/v1/calls/:id/recordings/holds', () => ({
      url: `/api/v1/calls/${ids.recCall}/recordings/holds`,
      body: holdBody,
    }));
    // A patient with no recording: past the gate every role allowed gets 404 (holds-patient.int.test.ts
    // holds real ones).
    add('POST', '/api/v1/recordings/holds/patient', {
      request: () => ({
        url: '/api/v1/recordings/holds/patient',
        body: { ...holdBody, nationalId: '13097248022' },
      }),
      adminNotFound: true,
    });
    add('POST', '/api/v1/recordings/holds/:holdId/release', {
      request: async () => {
        const h = await holdRecording(t.db, systemClock, SYSTEM_ACTOR, ids.recB!, {
          caseKind: 'complaint',
          caseReference: 'SF-1',
          reason: 'Matrise',
        });
        return { url: `/api/v1/recordings/holds/${h.id}/release`, body: { reason: 'ferdig' } };
      },
    });
    simple('GET', '/api/v1/recordings/access-log', () => ({
      url: '/api/v1/recordings/access-log?centre=lv-oslo',
    }));
    simple('GET', '/api/v1/recordings/retention/dry-run', () => ({
      url: '/api/v1/recordings/retention/dry-run',
    }));
    simple('GET', '/api/v1/recordings/:id/waveform', () => ({
      url: `/api/v1/recordings/${ids.recB}/waveform?reason=matrise`,
    }));
    simple('GET', '/api/v1/recordings', () => ({ url: '/api/v1/recordings?centre=lv-oslo' }));
    // A case held on Oslo's recording: its leader (and national roles) export it; others find none.
    await holdRecording(t.db, systemClock, SYSTEM_ACTOR, ids.recB, {
      caseKind: 'complaint',
      caseReference: 'SF-EKSPORT',
      reason: 'Matrise',
    });
    simple('POST', '/api/v1/recordings/exports', () => ({
      url: '/api/v1/recordings/exports',
      body: { caseReference: 'SF-EKSPORT', reason: 'Matrise' },
    }));
    // Emergency plans (LV-7): Oslo's plans and documents (scoped actors belong to lv-bergen).
    const plans = plansApi(t);
    const EP = '/api/v1/emergency-plans';
    const osloPlan = async () => (await buildPlan(plans, t.adminToken, '0301')).id;
    const osloDocument = async () => {
      const r = await plans.upload(
        await osloPlan(),
        t.adminToken,
        PDF('oslo'),
        'application/pdf',
        'oslo.pdf',
      );
      return r.json<{ id: string }>().id;
    };
    ids.planB = await osloPlan();
    ids.documentB = await osloDocument();
    simple('GET', `${EP}/municipalities`, () => ({ url: `${EP}/municipalities?limit=1000` }));
    simple('GET', `${EP}/municipalities/:number`, () => ({ url: `${EP}/municipalities/0301` }));
    simple('POST', `${EP}/municipalities/:number/plans`, () => ({
      url: `${EP}/municipalities/0301/plans`,
      body: planBody(),
    }));
    simple('GET', `${EP}/plans/:id`, () => ({ url: `${EP}/plans/${ids.planB}` }));
    add('PUT', `${EP}/plans/:id`, {
      request: async () => ({ url: `${EP}/plans/${await osloPlan()}`, body: { ...planBody(), revision: 1 } }),
    });
    add('DELETE', `${EP}/plans/:id`, {
      request: async () => ({ url: `${EP}/plans/${await osloPlan()}?revision=1` }),
    });
    simple('POST', `${EP}/plans/:id/documents`, () => ({
      url: `${EP}/plans/${ids.planB}/documents?filename=matrise.pdf`,
      body: PDF('matrise'),
      contentType: 'application/pdf',
    }));
    simple('GET', `${EP}/documents/:id`, () => ({ url: `${EP}/documents/${ids.documentB}` }));
    // Test calls (RT-8): a run of lv-oslo with a failed call and its alarm.
    const TC = '/api/v1/test-calls';
    const osloRun = () =>
      buildCompletedRun(t.db, { centreId: 'lv-oslo', municipality: '0301', failed: true });
    const runB = await osloRun();
    ids.testRunB = runB.runId;
    ids.alarmB = runB.alarmId!;
    simple('GET', `${TC}/runs`, () => ({ url: `${TC}/runs?limit=200` }));
    simple('GET', `${TC}/runs/:id`, () => ({ url: `${TC}/runs/${ids.testRunB}` }));
    simple('POST', `${TC}/runs`, () => ({ url: `${TC}/runs`, body: { centreIds: ['lv-oslo'] } }));
    add('POST', `${TC}/runs/:id/resume`, {
      request: () => ({ url: `${TC}/runs/${ids.testRunB}/resume` }),
      // The run is completed: the administrator gets past the gate to the rule (409).
      adminRuleRefusal: true,
    });
    add('POST', `${TC}/runs/:id/sign-offs`, {
      request: async () => ({
        url: `${TC}/runs/${(await osloRun()).runId}/sign-offs`,
        body: { subject: 'centre', subjectId: 'lv-oslo', comment: 'Matrise' },
      }),
    });
    simple('GET', `${TC}/alarms`, () => ({ url: `${TC}/alarms?limit=500` }));
    add('POST', `${TC}/alarms/:id/acknowledge`, {
      request: async () => ({
        url: `${TC}/alarms/${(await osloRun()).alarmId}/acknowledge`,
        body: { comment: 'Matrise' },
      }),
    });
    add('DELETE', `${EP}/documents/:id`, {
      request: async () => ({ url: `${EP}/documents/${await osloDocument()}` }),
    });
    // Nødnett (issue 14): AMK Oslo's incident groups and conferences, Oslo's doctor on call
    // (scoped actors belong to lv-bergen).
    const NN = '/api/v1/nodnett';
    const osloGroup = async () => {
      const r = await t
        .use(nodnettModule)
        .port!.createIncidentGroup({ name: uniq('hendelse'), agencies: ['health'], area: 'amk-oslo' });
      if (!r.ok) throw new Error('incident group');
      return r.group.gssi;
    };
    const osloConference = async () => {
      const r = await t.app.inject({
        method: 'POST',
        url: `${NN}/conferences`,
        headers: { authorization: `Bearer ${t.adminToken}` },
        payload: osloConferenceBody(),
      });
      return r.json<{ id: string }>().id;
    };
    const osloConferenceBody = () => ({
      amkId: 'amk-oslo',
      parties: [
        { kind: 'terminal', issi: FIRST_ISSI },
        { kind: 'phone', number: '+4722000000' },
      ],
    });
    simple('GET', `${NN}/fleet-map`, () => ({ url: `${NN}/fleet-map` }));
    simple('POST', `${NN}/incident-groups`, () => ({
      url: `${NN}/incident-groups`,
      body: { name: uniq('ulykke'), agencies: ['police'], amkId: 'amk-oslo' },
    }));
    add('POST', `${NN}/incident-groups/:gssi/members`, {
      request: async () => ({
        url: `${NN}/incident-groups/${await osloGroup()}/members`,
        body: { terminals: [FIRST_ISSI] },
      }),
    });
    add('DELETE', `${NN}/incident-groups/:gssi`, {
      request: async () => ({ url: `${NN}/incident-groups/${await osloGroup()}` }),
    });
    simple('POST', `${NN}/conferences`, () => ({ url: `${NN}/conferences`, body: osloConferenceBody() }));
    simple('GET', `${NN}/conferences`, () => ({ url: `${NN}/conferences` }));
    add('DELETE', `${NN}/conferences/:id`, {
      request: async () => ({ url: `${NN}/conferences/${await osloConference()}` }),
    });
    simple('GET', `${NN}/doctors-on-call`, () => ({ url: `${NN}/doctors-on-call?municipality=0301` }));
    // The AMK picture (issue 14): AMK Oslo's resources, alarms and missions (scoped actors belong to lv-bergen).
    const amk = t.use(amkModule).deps;
    const A = '/api/v1/amk';
    const osloUnit = async () =>
      (await registerResource(amk, SYSTEM_ACTOR, resourceBody({ amkId: 'amk-oslo' }) as never)).id;
    const osloAlarm = async () => {
      const unit = await registerResource(amk, SYSTEM_ACTOR, resourceBody({ amkId: 'amk-oslo' }) as never);
      return (
        await raiseSafetyAlarm(amk, SYSTEM_ACTOR, {
          issi: unit.issi!,
          observedAt: new Date().toISOString(),
          source: 'json',
        })
      ).alarm.id;
    };
    const osloMission = async () =>
      (await createMission(amk, SYSTEM_ACTOR, { urgency: 'akutt', ...PLACES.oslo })).id;
    ids.amkUnitB = await osloUnit();
    ids.amkAlarmB = await osloAlarm();
    ids.amkMissionB = await osloMission();
    simple('GET', `${A}/resources`, () => ({ url: `${A}/resources` }));
    simple('POST', `${A}/resources`, () => ({
      url: `${A}/resources`,
      body: resourceBody({ amkId: 'amk-oslo' }),
    }));
    simple('GET', `${A}/resources/:id`, () => ({ url: `${A}/resources/${ids.amkUnitB}` }));
    add('PUT', `${A}/resources/:id`, {
      request: async () => ({
        url: `${A}/resources/${await osloUnit()}`,
        body: { ...resourceBody({ amkId: 'amk-oslo' }), revision: 1 },
      }),
    });
    add('POST', `${A}/resources/:id/status`, {
      request: async () => ({
        url: `${A}/resources/${await osloUnit()}/status`,
        body: { status: 'out-of-service' },
      }),
    });
    simple('POST', `${A}/positions`, () => ({
      url: `${A}/positions`,
      body: { positions: [{ issi: '77', observedAt: new Date().toISOString(), lat: 59.9, lon: 10.7 }] },
    }));
    simple('POST', `${A}/alarms`, () => ({
      url: `${A}/alarms`,
      body: { issi: String(Math.floor(Math.random() * 1e9)), observedAt: new Date().toISOString() },
    }));
    simple('GET', `${A}/alarms`, () => ({ url: `${A}/alarms` }));
    simple('GET', `${A}/alarms/:id`, () => ({ url: `${A}/alarms/${ids.amkAlarmB}` }));
    add('POST', `${A}/alarms/:id/acknowledge`, {
      request: async () => ({ url: `${A}/alarms/${await osloAlarm()}/acknowledge` }),
    });
    simple('GET', `${A}/missions`, () => ({ url: `${A}/missions` }));
    simple('POST', `${A}/missions`, () => ({
      url: `${A}/missions`,
      body: { urgency: 'haster', ...PLACES.oslo },
    }));
    simple('GET', `${A}/missions/:id`, () => ({ url: `${A}/missions/${ids.amkMissionB}` }));
    simple('GET', `${A}/missions/:id/suggestions`, () => ({
      url: `${A}/missions/${ids.amkMissionB}/suggestions`,
    }));
    add('POST', `${A}/missions/:id/dispatch`, {
      request: async () => ({
        url: `${A}/missions/${await osloMission()}/dispatch`,
        body: { resourceId: await osloUnit() },
      }),
    });
    add('POST', `${A}/missions/:id/handover`, {
      // No unit of the fresh mission transports a patient: the administrator meets the rule, not the gate.
      request: async () => ({
        url: `${A}/missions/${await osloMission()}/handover`,
        body: { resourceId: await osloUnit(), hospital: 'Ullevål' },
      }),
      adminRuleRefusal: true,
    });
    const osloTripleAlert = async () =>
      (await raiseTripleAlert(amk, SYSTEM_ACTOR, { ...PLACES.oslo, affectedAmkIds: [] })).id;
    ids.amkTripleB = await osloTripleAlert();
    simple('POST', `${A}/triple-alerts`, () => ({ url: `${A}/triple-alerts`, body: { ...PLACES.oslo } }));
    simple('GET', `${A}/triple-alerts`, () => ({ url: `${A}/triple-alerts` }));
    simple('GET', `${A}/triple-alerts/:id`, () => ({ url: `${A}/triple-alerts/${ids.amkTripleB}` }));
    add('POST', `${A}/triple-alerts/:id/acknowledge`, {
      request: async () => ({
        url: `${A}/triple-alerts/${await osloTripleAlert()}/acknowledge`,
        body: { recipient: 'police' },
      }),
    });
    // First responders (NN-6): an Oslo group alerted to an Oslo mission.
    const osloFirstResponderAlert = async () => {
      await registerResource(
        amk,
        SYSTEM_ACTOR,
        resourceBody({
          amkId: 'amk-oslo',
          kind: 'first-responder',
          agency: 'fire',
          station: { name: 'Oslo brannstasjon', ...PLACES.oslo },
        }) as never,
      );
      const alerts = await alertFirstResponders(amk, SYSTEM_ACTOR, await osloMission(), 20);
      return alerts[0]!.id;
    };
    simple('POST', `${A}/missions/:id/first-responders`, () => ({
      url: `${A}/missions/${ids.amkMissionB}/first-responders`,
      body: { radiusKm: 5 },
    }));
    simple('GET', `${A}/missions/:id/first-responders`, () => ({
      url: `${A}/missions/${ids.amkMissionB}/first-responders`,
    }));
    add('POST', `${A}/first-responder-alerts/:id/answer`, {
      request: async () => ({
        url: `${A}/first-responder-alerts/${await osloFirstResponderAlert()}/answer`,
        body: { answer: 'declined' },
      }),
    });
    add('POST', `${A}/missions/:id/close`, {
      request: async () => ({ url: `${A}/missions/${await osloMission()}/close` }),
    });
    simple('GET', '/api/v1/users', () => ({ url: '/api/v1/users' }));
    simple('POST', '/api/v1/users', () => ({
      url: '/api/v1/users',
      body: {
        username: uniq('new').toLowerCase(),
        displayName: 'Ny',
        password: TEST_ADMIN_PASSWORD,
        role: 'operator',
        centreId: 'lv-oslo',
      },
    }));
    simple('PATCH', '/api/v1/users/:id', () => ({
      url: `/api/v1/users/${ids.victim}`,
      body: { disabled: false },
    }));
    simple('PUT', '/api/v1/users/:id/memberships', () => ({
      url: `/api/v1/users/${ids.victim}/memberships`,
      body: { memberships: [{ role: 'operator', scope: { level: 'centre', id: 'lv-oslo' } }] },
    }));
    // OpenID identities of another organisation's user (issue 11): administrators only.
    const HELSEID = 'https://helseid-sts.test.nhn.no';
    simple('GET', '/api/v1/users/:id/identities', () => ({ url: `/api/v1/users/${ids.victim}/identities` }));
    simple('POST', '/api/v1/users/:id/identities', () => ({
      url: `/api/v1/users/${ids.victim}/identities`,
      body: { issuer: HELSEID, claim: 'sub', value: uniq('sub') },
    }));
    add('DELETE', '/api/v1/users/:id/identities/:identityId', {
      request: async () => {
        const link = await linkIdentity(
          t.db,
          SYSTEM_ACTOR,
          ids.victim!,
          { issuer: HELSEID, claim: 'sub', value: uniq('sub') },
          ['sub'],
        );
        return { url: `/api/v1/users/${ids.victim}/identities/${link.id}` };
      },
    });
    simple('GET', '/api/v1/tokens', () => ({ url: '/api/v1/tokens' }));
    simple('POST', '/api/v1/tokens', () => ({ url: '/api/v1/tokens', body: { name: uniq('gw') } }));
    add('DELETE', '/api/v1/tokens/:id', {
      request: async () => ({ url: `/api/v1/tokens/${await issueToken()}` }),
    });
    simple('GET', '/api/v1/admin/backup', () => ({ url: '/api/v1/admin/backup' }), kind === 'postgres');
    simple('GET', '/api/v1/admin/jobs', () => ({ url: '/api/v1/admin/jobs' }));
    add('POST', '/api/v1/admin/jobs/:name/run', {
      // No job is registered in this app: the administrator's 404 is "no such job", after the gate.
      request: () => ({ url: '/api/v1/admin/jobs/no-such-job/run' }),
      adminNotFound: true,
    });
    // Routing (national reads first: every role may read the routing data)
    simple(
      'POST',
      '/api/v1/routing/decisions',
      () => ({ url: '/api/v1/routing/decisions', body: { callingNumber: '22000000', numberType: 'fixed' } }),
      true,
    );
    simple(
      'POST',
      '/api/v1/routing/menu-sessions',
      () => ({ url: '/api/v1/routing/menu-sessions', body: {} }),
      true,
    );
    add('POST', '/api/v1/routing/menu-sessions/:id/input', {
      // Menu sessions belong to no scope (every role may drive one): an unknown id is a 404 for all.
      request: () => ({
        url: '/api/v1/routing/menu-sessions/00000000-0000-4000-8000-000000000000/input',
        body: { digits: '1' },
      }),
      adminNotFound: true,
    });
    for (const url of [
      '/api/v1/routing/centres',
      '/api/v1/routing/municipalities',
      '/api/v1/routing/map/municipalities',
      '/api/v1/routing/counties',
      '/api/v1/routing/amk-centres',
      '/api/v1/routing/number-series',
      '/api/v1/routing/reroutes',
      '/api/v1/routing/exports/routing-table',
      '/api/v1/routing/exports/phone-list',
      '/api/v1/routing/data-versions',
    ])
      simple('GET', url, () => ({ url }));
    simple('GET', '/api/v1/routing/centres/:id', () => ({ url: '/api/v1/routing/centres/lv-oslo' }));
    simple('GET', '/api/v1/routing/municipalities/:number', () => ({
      url: '/api/v1/routing/municipalities/0301',
    }));
    simple('POST', '/api/v1/routing/reroutes', () => ({
      url: '/api/v1/routing/reroutes',
      body: { fromCentreId: 'lv-oslo', toCentreId: 'lv-hamar', kind: 'urgent', reason: 'Matrise' },
    }));
    add('POST', '/api/v1/routing/reroutes/:id/end', {
      request: async () => ({
        url: `/api/v1/routing/reroutes/${await openReroute()}/end`,
        body: { reason: 'Matrise slutt' },
      }),
    });
    simple('PUT', '/api/v1/routing/centres/:id/availability', () => ({
      url: '/api/v1/routing/centres/lv-oslo/availability',
      body: { unavailable: false, reason: 'Matrise' },
    }));
    simple('POST', '/api/v1/routing/data-versions/:version/activate', () => ({
      url: `/api/v1/routing/data-versions/${ids.dataVersion}/activate`,
    }));
    simple('GET', '/api/v1/audit', () => ({ url: '/api/v1/audit' }));
    // Readiness: unit B and its records
    const O = `${R}/organisations`;
    simple('GET', O, () => ({ url: O }));
    simple('POST', O, () => ({
      url: O,
      body: { kind: 'legevakt', name: uniq('Legevakt'), parentId: ids.unitB },
    }));
    simple('GET', `${O}/:id`, () => ({ url: `${O}/${ids.unitB}` }));
    simple('PATCH', `${O}/:id`, () => ({ url: `${O}/${ids.unitB}`, body: { notes: 'x' } }));
    simple('GET', `${O}/:id/leaders`, () => ({ url: `${O}/${ids.unitB}/leaders` }));
    simple('POST', `${O}/:id/leaders`, () => ({
      url: `${O}/${ids.unitB}/leaders`,
      body: { role: 'local-project-leader', name: 'Leder' },
    }));
    simple('GET', `${O}/:id/equipment`, () => ({ url: `${O}/${ids.unitB}/equipment` }));
    simple('POST', `${O}/:id/equipment`, () => ({
      url: `${O}/${ids.unitB}/equipment`,
      body: { kind: 'operator-position', label: uniq('Plass') },
    }));
    simple('POST', `${O}/:id/equipment/import`, () => ({
      url: `${O}/${ids.unitB}/equipment/import`,
      body: { csv: `kind,label\noperator-position,${uniq('P')}\n` },
    }));
    simple('PATCH', `${R}/equipment/:id`, () => ({
      url: `${R}/equipment/${ids.equipmentB}`,
      body: { label: uniq('Plass') },
    }));
    const B = `${R}/onboarding`;
    simple('GET', `${B}/overview`, () => ({ url: `${B}/overview` }));
    simple('GET', `${B}/units/:id`, () => ({ url: `${B}/units/${ids.unitB}` }));
    simple('PUT', `${B}/units/:id/milestones`, () => ({
      url: `${B}/units/${ids.unitB}/milestones`,
      body: { plannedGoLive: '2027-01-01' },
    }));
    simple('GET', `${B}/units/:id/agreements`, () => ({ url: `${B}/units/${ids.unitB}/agreements` }));
    simple('POST', `${B}/units/:id/agreements`, () => ({
      url: `${B}/units/${ids.unitB}/agreements`,
      body: { type: 'cooperation', counterparty: 'Vestby IKT AS' },
    }));
    simple('PATCH', `${B}/agreements/:id`, () => ({
      url: `${B}/agreements/${ids.agreementB}`,
      body: { notes: 'x' },
    }));
    const T = `${R}/training`;
    simple('GET', `${T}/people`, () => ({ url: `${T}/people` }));
    simple('POST', `${T}/people`, () => ({
      url: `${T}/people`,
      body: { name: uniq('Ola'), employerUnitId: ids.unitB },
    }));
    simple('POST', `${T}/people/import`, () => ({
      url: `${T}/people/import`,
      body: `name,employer_unit_id\n${uniq('Kari')},${ids.unitB}\n`,
      contentType: 'text/csv',
    }));
    simple('GET', `${T}/people/:id`, () => ({ url: `${T}/people/${ids.personB}` }));
    simple('PATCH', `${T}/people/:id`, () => ({
      url: `${T}/people/${ids.personB}`,
      body: { email: 'x@example.org' },
    }));
    simple('GET', `${T}/people/:id/status`, () => ({ url: `${T}/people/${ids.personB}/status` }));
    simple('GET', `${T}/people/:id/assignments`, () => ({ url: `${T}/people/${ids.personB}/assignments` }));
    simple(
      'POST',
      `${T}/people/:id/assignments`,
      () => ({
        url: `${T}/people/${ids.personB}/assignments`,
        body: { kind: 'terminal-type', terminalType: 'SC20', fromDate: '2025-03-03' },
      }),
      true,
    );
    simple('GET', `${T}/courses`, () => ({ url: `${T}/courses` }));
    simple('POST', `${T}/courses`, () => ({
      url: `${T}/courses`,
      body: {
        code: uniq('EL'),
        name: 'Kurs',
        kind: 'e-learning',
        validityMonths: 24,
        initialVersionReleasedAt: '2020-01-01',
      },
    }));
    simple('POST', `${T}/courses/:id/versions`, () => ({
      url: `${T}/courses/${ids.course}/versions`,
      body: { version: uniq('v'), releasedAt: '2024-01-01', reason: 'software' },
    }));
    simple('GET', `${T}/completions`, () => ({ url: `${T}/completions` }));
    simple('POST', `${T}/completions`, () => ({
      url: `${T}/completions`,
      body: { personId: ids.personB, courseId: ids.course, completedAt: '2025-02-10' },
    }));
    simple('POST', `${T}/completions/import`, () => ({
      url: `${T}/completions/import`,
      body: `person,course_code,completed_at\n${ids.personBHpr},${ids.courseCode},2025-02-11\n`,
      contentType: 'text/csv',
    }));
    simple('GET', `${T}/completions/:id/certificate.pdf`, () => ({
      url: `${T}/completions/${ids.completionB}/certificate.pdf`,
    }));
    simple('GET', `${T}/instructors`, () => ({ url: `${T}/instructors` }));
    simple(
      'POST',
      `${T}/instructors`,
      () => ({
        url: `${T}/instructors`,
        body: { personId: ids.personB, level: 'local', scope: 'control-room', fromDate: '2025-01-01' },
      }),
      true,
    );
    simple('GET', `${T}/procedures`, () => ({ url: `${T}/procedures` }));
    simple(
      'POST',
      `${T}/procedures`,
      () => ({
        url: `${T}/procedures`,
        body: { level: 3, title: 'Lokal rutine', version: '1', unitId: ids.unitB },
      }),
      true,
    );
    const RO = `${R}/roster`;
    simple('GET', `${RO}/rosters`, () => ({ url: `${RO}/rosters` }));
    simple(
      'POST',
      `${RO}/rosters`,
      () => ({
        url: `${RO}/rosters`,
        body: {
          unitId: ids.unitB,
          weekStart: '2025-03-03',
          shifts: [
            {
              unitId: ids.unitB,
              unitKind: 'lv-sentral',
              start: '2025-03-03T08:00:00+01:00',
              end: '2025-03-03T16:00:00+01:00',
              assignments: [{ person: ids.personB, role: 'operator' }],
            },
          ],
        },
      }),
      true,
    );
    simple(
      'POST',
      `${RO}/rosters/import`,
      () => ({
        url: `${RO}/rosters/import?unitId=${ids.unitB}&weekStart=2025-03-03`,
        body: `unit_id,unit_kind,start,end,person_id,role\n${ids.unitB},lv-sentral,2025-03-03T08:00+01:00,2025-03-03T16:00+01:00,${ids.personB},operator\n`,
        contentType: 'text/csv',
      }),
      true,
    );
    simple('GET', `${RO}/rosters/:id`, () => ({ url: `${RO}/rosters/${ids.rosterB}` }));
    for (const f of ['documentation', 'documentation.pdf', 'documentation.csv'])
      simple('GET', `${R}/reports/${f}`, () => ({ url: `${R}/reports/${f}?kommunenummer=0301` }));
  });
  afterAll(async () => {
    await t?.close();
    if (blobDir) await rm(blobDir, { recursive: true, force: true });
  });

  it('has a case for every route of the route table', () => {
    const missing = routeRegistry
      .map((r) => `${r.method} ${r.url}`)
      .filter((k) => !SELF_ONLY.has(k) && !cases.has(k));
    expect(missing).toEqual([]);
  });

  it('0 unauthorised successes; the administrator gets past every gate', async () => {
    const send = (def: AnyRoute, token: string, req: Req) =>
      t.app.inject({
        method: def.method,
        url: req.url,
        headers: {
          authorization: `Bearer ${token}`,
          ...(req.contentType ? { 'content-type': req.contentType } : {}),
        },
        ...(req.body !== undefined ? { payload: req.body as string } : {}),
      });
    const unauthorisedSuccesses: string[] = [];
    const adminRefused: string[] = [];
    let checked = 0;
    for (const def of routeRegistry as AnyRoute[]) {
      const key = `${def.method} ${def.url}`;
      const c = cases.get(key);
      if (!c) continue;
      const auth = def.auth;
      if (auth === 'public') continue;
      const roles: readonly string[] | 'any' = 'policy' in auth ? auth.policy.roles(auth.action) : auth.roles;
      // Routing data, the official call figures and the live figures of every centre (counts, no
      // personal data) are national reads.
      const nationalRead =
        roles === 'any' ||
        ('policy' in auth &&
          (auth.action === 'routing.read' ||
            auth.action === 'calls.figures' ||
            auth.action === 'calls.live-figures'));
      const isList =
        (def.method === 'GET' &&
          !def.url.includes(':') &&
          def.url.startsWith(R) &&
          !def.url.includes('/reports/')) ||
        key === 'GET /api/v1/calls' ||
        key === 'GET /api/v1/emergency-plans/municipalities' ||
        key === 'GET /api/v1/test-calls/runs' ||
        key === 'GET /api/v1/test-calls/alarms' ||
        key === 'GET /api/v1/nodnett/fleet-map' ||
        key === 'GET /api/v1/nodnett/conferences' ||
        key === 'GET /api/v1/amk/resources' ||
        key === 'GET /api/v1/amk/alarms' ||
        key === 'GET /api/v1/amk/missions' ||
        key === 'GET /api/v1/amk/triple-alerts';
      for (const actor of actors) {
        const r = await send(def, actor.token, await c.request());
        checked++;
        const ok = r.statusCode >= 200 && r.statusCode < 300;
        const roleAllowed = roles === 'any' || roles.includes(actor.role);
        const allowed = roleAllowed && (actor.national || nationalRead);
        if (!ok || allowed) continue;
        if (roleAllowed && isList) {
          // A list answers the caller's own records only.
          if (
            r.body.includes(ids.unitB!) ||
            r.body.includes(ids.personB!) ||
            r.body.includes(ids.callB!) ||
            r.body.includes(ids.planB!) ||
            r.body.includes(ids.amkUnitB!) ||
            r.body.includes(ids.amkAlarmB!) ||
            r.body.includes(ids.amkMissionB!) ||
            r.body.includes(ids.amkTripleB!) ||
            r.body.includes(ids.testRunB!) ||
            r.body.includes(ids.alarmB!) ||
            r.body.includes('"number":"0301"') ||
            r.body.includes('"area":"amk-oslo"')
          )
            unauthorisedSuccesses.push(`${key} as ${actor.label}: the list shows unit B's records`);
          continue;
        }
        unauthorisedSuccesses.push(`${key} as ${actor.label}: ${r.statusCode}`);
      }
      const admin = await send(def, t.adminToken, await c.request());
      const passed =
        admin.statusCode < 400 ||
        (c.adminRuleRefusal && ![401, 403, 404].includes(admin.statusCode)) ||
        (c.adminNotFound && admin.statusCode === 404);
      if (!passed) adminRefused.push(`${key}: ${admin.statusCode} ${admin.body.slice(0, 200)}`);
    }
    expect(adminRefused).toEqual([]);
    expect(unauthorisedSuccesses).toEqual([]);
    expect(checked).toBeGreaterThan(500);
  });
});
