/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies of test responses */
/** Test factories for the readiness context: each test builds its own units, people and courses over HTTP. */
import type { Actor } from '../../platform/auth/actor.ts';
import { AppError } from '../../platform/errors.ts';
import type { TestApp } from '../../platform/testing/app.ts';

let n = 0;
export const uniq = (p: string) => `${p}-${++n}-${Math.random().toString(36).slice(2, 7)}`;

export interface Api {
  get(
    url: string,
    token?: string,
  ): Promise<{ status: number; body: any; raw: Buffer; headers: Record<string, unknown> }>;
  post(
    url: string,
    payload: unknown,
    token?: string,
    contentType?: string,
  ): Promise<{ status: number; body: any }>;
  patch(url: string, payload: unknown, token?: string): Promise<{ status: number; body: any }>;
  put(url: string, payload: unknown, token?: string): Promise<{ status: number; body: any }>;
}

export function api(t: TestApp): Api {
  const call = async (
    method: 'GET' | 'POST' | 'PATCH' | 'PUT',
    url: string,
    payload?: unknown,
    token = t.adminToken,
    contentType?: string,
  ) => {
    const r = await t.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...(contentType ? { 'content-type': contentType } : {}) },
      ...(payload !== undefined ? { payload: payload as string } : {}),
    });
    let body: any = null;
    try {
      body = r.json();
    } catch {
      body = r.body;
    }
    return { status: r.statusCode, body, raw: r.rawPayload, headers: r.headers };
  };
  return {
    get: (url, token) => call('GET', url, undefined, token),
    post: (url, payload, token, contentType) => call('POST', url, payload, token, contentType),
    patch: (url, payload, token) => call('PATCH', url, payload, token),
    put: (url, payload, token) => call('PUT', url, payload, token),
  };
}

const R = '/api/v1/readiness';

export async function buildUnit(a: Api, overrides: Record<string, unknown> = {}) {
  const r = await a.post(`${R}/organisations`, {
    id: uniq('lv'),
    kind: 'lv-sentral',
    name: uniq('LV-sentral'),
    parentId: 'kommune-4601',
    controlRoomSystem: 'ICCS Frequentis',
    municipalities: ['4601'],
    ...overrides,
  });
  if (r.status !== 201) throw new Error(`buildUnit: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; name: string; kind: string };
}

export async function buildPerson(a: Api, employerUnitId: string, overrides: Record<string, unknown> = {}) {
  const r = await a.post(`${R}/training/people`, {
    name: uniq('Kari Nordmann'),
    employerUnitId,
    ...overrides,
  });
  if (r.status !== 201) throw new Error(`buildPerson: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; name: string };
}

export async function buildCourse(a: Api, overrides: Record<string, unknown> = {}) {
  const r = await a.post(`${R}/training/courses`, {
    code: uniq('EL'),
    name: 'Felles e-læring Nødnett',
    kind: 'e-learning',
    validityMonths: 24,
    initialVersionReleasedAt: '2020-01-01',
    ...overrides,
  });
  if (r.status !== 201) throw new Error(`buildCourse: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; code: string; name: string };
}

export async function complete(a: Api, body: Record<string, unknown>) {
  const r = await a.post(`${R}/training/completions`, body);
  if (r.status !== 201) throw new Error(`complete: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as { id: string; certificateNumber: string };
}

/**
 * A qualified control-room instructor and the courses: e-learning, the control-room course for
 * `system`, the control-room instructor course.
 */
export async function buildTrainingSetup(a: Api, unitId: string, system = 'ICCS Frequentis') {
  const eLearning = await buildCourse(a);
  const controlRoom = await buildCourse(a, {
    code: uniq('KR'),
    name: `Kontrollromskurs ${system}`,
    kind: 'control-room',
    controlRoomSystem: system,
    validityMonths: null,
  });
  const instructorCourse = await buildCourse(a, {
    code: uniq('INS'),
    name: 'Instruktørkurs kontrollrom',
    kind: 'instructor',
    instructorScope: 'control-room',
    validityMonths: null,
  });
  const instructor = await buildPerson(a, unitId, { name: uniq('Ingrid Instruktør') });
  await complete(a, { personId: instructor.id, courseId: instructorCourse.id, completedAt: '2023-01-10' });
  const reg = await a.post(`${R}/training/instructors`, {
    personId: instructor.id,
    level: 'local',
    scope: 'control-room',
    fromDate: '2023-01-11',
  });
  if (reg.status !== 201) throw new Error(`instructor: ${reg.status} ${JSON.stringify(reg.body)}`);
  return { eLearning, controlRoom, instructorCourse, instructor };
}

/** A national administrator, for calling a use case directly. */
export const ADMIN: Actor = { type: 'user', id: null, name: 'test admin', role: 'admin', centreId: null };

/** A readiness administrator of one unit only (a local project leader). */
export const leaderOf = (unitId: string): Actor => ({
  type: 'user',
  id: null,
  name: 'leader of one unit',
  role: 'readiness-admin',
  centreId: null,
  memberships: [{ role: 'readiness-admin', scope: { level: 'unit', id: unitId } }],
});

/** The AppError a use case refused with; fails the test when it succeeded or threw something else. */
export async function refusalOf(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (!(e instanceof AppError)) throw new Error(`expected a refusal (AppError), got ${String(e)}`);
  return e;
}
