/**
 * Training register (TR-1 … TR-7): people, courses and material versions, completions with
 * certificate numbers, instructors, equipment assignments and procedures.
 */
import { randomUUID } from 'node:crypto';
import { str, type Row } from '../rows.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit.ts';
import { recordChange } from '../../platform/events/record-change.ts';
import { personChanged } from '../events.ts';
import { offsetOf, offsetPage, type Page, type PageQuery } from '../../platform/http/paging.ts';
import type { MergePatch } from '../../platform/http/patch-schema.ts';
import type { Queryable } from '../../platform/db/types.ts';
import {
  conflict,
  isNotFound,
  notFound,
  nullIfNotFound,
  refusal,
  unprocessable,
  type ServerMessage,
} from '../../platform/errors.ts';
import { fieldErrorsOf } from '../../platform/http/field-errors.ts';
import { assertUnitInScope, scopeFilter, type Scope } from '../access.ts';
import { addDays, addMonths } from '../competence/dates.ts';
import { mayUseEquipment } from '../competence/equipment-training.ts';
import { emptyPersonFacts } from '../competence/person-facts.ts';
import type { Equipment as RuleEquipment, PersonFacts, TrainingCompletion } from '../competence/types.ts';
import { auditChanges, definedOnly, getUnit, updateColumns } from '../organisations/store.ts';
import {
  competenceFactsSchema,
  type CompetenceFacts,
  type Completion,
  type Course,
  type CourseKind,
  type Person,
} from '../schema.ts';
import type { MissingMessage, StaffTraining } from '../onboarding/readiness.ts';

const s = str;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// ------------------------------------------------------------------------- people

export function toPerson(r: Row): Person {
  return {
    id: String(r.id),
    name: String(r.name),
    hprNumber: s(r.hpr_number),
    employeeNumber: s(r.employee_number),
    employerUnitId: String(r.employer_unit_id),
    email: s(r.email),
    active: Boolean(r.active),
    competence: competenceFactsSchema.parse(r.competence ?? {}),
  };
}

/** The competence rules' view of a person. */
export function personFacts(p: Person): PersonFacts {
  return { ...emptyPersonFacts(p.id, p.name), ...(p.competence as Partial<PersonFacts>) };
}

export async function getPerson(q: Queryable, id: string): Promise<Person> {
  if (!UUID.test(id)) throw notFound(`The person ${id}`);
  const { rows } = await q.query<Row>('SELECT * FROM readiness_people WHERE id = $1', [id]);
  if (!rows[0]) throw notFound(`The person ${id}`);
  return toPerson(rows[0]);
}

/** Finds a person by id, HPR number or employee number. */
/**
 * Loads a person and checks the caller may see their employer; a person outside the caller's
 * organisation gets `refusal` (by default the person's own 404), as if they did not exist.
 */
export async function personInScope(
  q: Queryable,
  actor: Actor,
  id: string,
  refusal = () => notFound(`The person ${id}`),
): Promise<Person> {
  const p = await getPerson(q, id).catch((e: unknown) => {
    throw isNotFound(e) ? refusal() : e;
  });
  await assertUnitInScope(q, actor, p.employerUnitId, refusal);
  return p;
}

export async function findPersonByRef(q: Queryable, ref: string): Promise<Person | null> {
  const { rows } = await q.query<Row>(
    `SELECT * FROM readiness_people WHERE ($2 AND id = $1::uuid) OR hpr_number = $3 OR employee_number = $3 ORDER BY name LIMIT 2`,
    [UUID.test(ref) ? ref : '00000000-0000-0000-0000-000000000000', UUID.test(ref), ref],
  );
  return rows.length === 1 ? toPerson(rows[0]!) : null;
}

export async function listPeople(
  q: Queryable,
  scope: Scope,
  f: { unitId?: string; q?: string } & PageQuery,
): Promise<Page<Person>> {
  const params: unknown[] = [];
  let where = 'WHERE true';
  if (f.unitId) where += ` AND employer_unit_id = $${params.push(f.unitId)}`;
  if (f.q) where += ` AND (name ILIKE $${params.push(`%${f.q}%`)} OR hpr_number = $${params.push(f.q)})`;
  where += scopeFilter(scope, 'employer_unit_id', params);
  const count = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM readiness_people ${where}`,
    params,
  );
  const { rows } = await q.query<Row>(
    `SELECT * FROM readiness_people ${where} ORDER BY name, id LIMIT ${f.limit} OFFSET ${offsetOf(f)}`,
    params,
  );
  return offsetPage(rows.map(toPerson), Number(count.rows[0]?.n ?? 0), f);
}

export interface PersonInput {
  name: string;
  hprNumber?: string | null;
  employeeNumber?: string | null;
  employerUnitId: string;
  email?: string | null;
  active?: boolean;
  competence?: CompetenceFacts;
}

/** The HPR number belongs to someone else already (409, on the CSV's `hpr_number` column). */
function hprTaken(hprNumber: string) {
  return refusal(
    'conflict',
    `A person with HPR number ${hprNumber} is already registered`,
    { code: 'training.hpr-taken', params: { hprNumber } },
    { field: 'hpr_number' },
  );
}

/** Inserts a person without auditing; returns the id. Checks the employer and HPR uniqueness. */
export async function insertPerson(q: Queryable, b: PersonInput): Promise<string> {
  await getUnit(q, b.employerUnitId).catch((e: unknown) => {
    if (!isNotFound(e)) throw e;
    throw refusal(
      'unprocessable',
      `The employer unit ${b.employerUnitId} does not exist`,
      { code: 'training.employer-unit-missing', params: { unit: b.employerUnitId } },
      { field: 'employer_unit_id' },
    );
  });
  if (b.hprNumber) {
    const dup = await q.query('SELECT 1 FROM readiness_people WHERE hpr_number = $1', [b.hprNumber]);
    if (dup.rows.length) throw hprTaken(b.hprNumber);
  }
  const id = randomUUID();
  await q.query(
    `INSERT INTO readiness_people (id, name, hpr_number, employee_number, employer_unit_id, email, active, competence)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [
      id,
      b.name,
      b.hprNumber ?? null,
      b.employeeNumber ?? null,
      b.employerUnitId,
      b.email ?? null,
      b.active ?? true,
      JSON.stringify(competenceFactsSchema.parse(b.competence ?? {})),
    ],
  );
  return id;
}

export async function createPerson(q: Queryable, actor: Actor, b: PersonInput): Promise<Person> {
  const id = await insertPerson(q, b);
  await recordChange(q, actor, {
    audit: {
      action: 'readiness.person.create',
      entityType: 'readiness-person',
      entityId: id,
      details: { name: b.name, employerUnitId: b.employerUnitId },
    },
    event: personChanged.of({ personId: id, unitId: b.employerUnitId, change: 'created' }),
  });
  return getPerson(q, id);
}

export async function updatePerson(
  q: Queryable,
  actor: Actor,
  id: string,
  b: MergePatch<PersonInput>,
): Promise<Person> {
  const before = await getPerson(q, id);
  if (b.employerUnitId) await getUnit(q, b.employerUnitId);
  if (b.hprNumber) {
    const dup = await q.query('SELECT 1 FROM readiness_people WHERE hpr_number = $1 AND id <> $2', [
      b.hprNumber,
      id,
    ]);
    if (dup.rows.length) throw hprTaken(b.hprNumber);
  }
  // Competence facts merge: the lists sent replace those lists, the others stay (merge patch).
  let competence: string | undefined;
  if (b.competence) {
    const merged = competenceFactsSchema.safeParse({ ...before.competence, ...definedOnly(b.competence) });
    if (!merged.success)
      throw unprocessable('The competence facts are incomplete after the change', {
        errors: fieldErrorsOf(merged.error.issues, { ...before.competence, ...definedOnly(b.competence) }, [
          'body',
          'competence',
        ]),
      });
    competence = JSON.stringify(merged.data);
  }
  await updateColumns(q, 'readiness_people', id, {
    name: b.name,
    hpr_number: b.hprNumber,
    employee_number: b.employeeNumber,
    employer_unit_id: b.employerUnitId,
    email: b.email,
    active: b.active,
    competence,
  });
  const after = await getPerson(q, id);
  await auditChanges(
    q,
    actor,
    'readiness.person.update',
    'readiness-person',
    id,
    before,
    after,
    {},
    personChanged.of({ personId: id, unitId: after.employerUnitId, change: 'updated' }),
  );
  return after;
}

// ------------------------------------------------------------------------- courses

export async function listCourses(q: Queryable): Promise<Course[]> {
  const { rows } = await q.query<Row>('SELECT * FROM readiness_courses ORDER BY kind, name');
  const versions = await q.query<Row>(
    'SELECT * FROM readiness_course_versions ORDER BY released_at, version',
  );
  return rows.map((r) => {
    const vs = versions.rows
      .filter((v) => v.course_id === r.id)
      .map((v) => ({
        id: String(v.id),
        courseId: String(v.course_id),
        version: String(v.version),
        releasedAt: String(v.released_at),
        reason: v.reason as 'initial',
        notes: s(v.notes),
      }));
    return {
      id: String(r.id),
      code: String(r.code),
      name: String(r.name),
      kind: r.kind as CourseKind,
      controlRoomSystem: s(r.control_room_system),
      terminalType: s(r.terminal_type),
      instructorScope: (r.instructor_scope as Course['instructorScope']) ?? null,
      validityMonths: r.validity_months === null ? null : Number(r.validity_months),
      versions: vs,
      currentVersion: vs.at(-1)?.version ?? null,
    };
  });
}

export async function getCourse(q: Queryable, id: string): Promise<Course> {
  const c = (await listCourses(q)).find((x) => x.id === id || x.code === id);
  if (!c) throw notFound(`The course ${id}`);
  return c;
}

export async function createCourse(
  q: Queryable,
  actor: Actor,
  b: {
    code: string;
    name: string;
    kind: CourseKind;
    controlRoomSystem?: string | null;
    terminalType?: string | null;
    instructorScope?: 'control-room' | 'radio-terminal' | null;
    validityMonths?: number | null;
    initialVersion: string;
    initialVersionReleasedAt?: string;
  },
  today: string,
): Promise<Course> {
  const dup = await q.query('SELECT 1 FROM readiness_courses WHERE code = $1', [b.code]);
  if (dup.rows.length) throw conflict(`A course with code ${b.code} already exists`);
  const id = randomUUID();
  await q.query(
    `INSERT INTO readiness_courses (id, code, name, kind, control_room_system, terminal_type, instructor_scope, validity_months)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [
      id,
      b.code,
      b.name,
      b.kind,
      b.kind === 'control-room' ? b.controlRoomSystem : null,
      b.kind === 'radio-terminal' ? b.terminalType : null,
      b.kind === 'instructor' ? b.instructorScope : null,
      b.validityMonths ?? null,
    ],
  );
  await q.query(
    `INSERT INTO readiness_course_versions (id, course_id, version, released_at, reason) VALUES ($1,$2,$3,$4,'initial')`,
    [randomUUID(), id, b.initialVersion, b.initialVersionReleasedAt ?? today],
  );
  await recordAudit(q, actor, {
    action: 'readiness.course.create',
    entityType: 'readiness-course',
    entityId: id,
    details: b,
  });
  return getCourse(q, id);
}

/** TR-6: a new version of the course material (software, terminal or regulation changes). */
export async function addCourseVersion(
  q: Queryable,
  actor: Actor,
  courseId: string,
  b: { version: string; releasedAt: string; reason: string; notes?: string | null },
): Promise<Course> {
  const course = await getCourse(q, courseId);
  if (course.versions.some((v) => v.version === b.version))
    throw conflict(`The course ${course.code} already has version ${b.version}`);
  const latest = course.versions.at(-1);
  if (latest && b.releasedAt < latest.releasedAt)
    throw unprocessable(
      `Version ${b.version} cannot be released before the current version ${latest.version} (${latest.releasedAt})`,
    );
  const id = randomUUID();
  await q.query(
    `INSERT INTO readiness_course_versions (id, course_id, version, released_at, reason, notes) VALUES ($1,$2,$3,$4,$5,$6)`,
    [id, course.id, b.version, b.releasedAt, b.reason, b.notes ?? null],
  );
  await recordAudit(q, actor, {
    action: 'readiness.course.version',
    entityType: 'readiness-course',
    entityId: course.id,
    details: b,
  });
  return getCourse(q, course.id);
}

// ------------------------------------------------------------------------- completions

const COMPLETION_SELECT = `SELECT c.*, p.name AS person_name, k.code AS course_code, k.name AS course_name, k.kind AS course_kind,
  k.control_room_system, k.terminal_type, k.instructor_scope, v.version, i.name AS instructor_name,
  (k.kind IN ('control-room', 'radio-terminal')) AS final_certificate
  FROM readiness_completions c
  JOIN readiness_people p ON p.id = c.person_id
  JOIN readiness_courses k ON k.id = c.course_id
  LEFT JOIN readiness_course_versions v ON v.id = c.course_version_id
  LEFT JOIN readiness_people i ON i.id = c.instructor_person_id`;

export interface CompletionRow extends Completion {
  controlRoomSystem: string | null;
  terminalType: string | null;
  instructorScope: string | null;
}

function toCompletion(r: Row): CompletionRow {
  return {
    id: String(r.id),
    certificateNumber: String(r.certificate_number),
    personId: String(r.person_id),
    personName: String(r.person_name),
    courseId: String(r.course_id),
    courseCode: String(r.course_code),
    courseName: String(r.course_name),
    courseKind: r.course_kind as CourseKind,
    version: s(r.version),
    completedAt: String(r.completed_at),
    validTo: s(r.valid_to),
    instructorPersonId: s(r.instructor_person_id),
    instructorName: s(r.instructor_name),
    unitId: s(r.unit_id),
    location: s(r.location),
    finalCertificate: Boolean(r.final_certificate),
    controlRoomSystem: s(r.control_room_system),
    terminalType: s(r.terminal_type),
    instructorScope: s(r.instructor_scope),
  };
}

export function publicCompletion(c: CompletionRow): Completion {
  const { controlRoomSystem: _a, terminalType: _b, instructorScope: _c, ...rest } = c;
  return rest;
}

export async function getCompletion(q: Queryable, id: string): Promise<CompletionRow> {
  const { rows } = await q.query<Row>(`${COMPLETION_SELECT} WHERE c.id = $1`, [id]);
  if (!rows[0]) throw notFound(`The completion ${id}`);
  return toCompletion(rows[0]);
}

interface CompletionFilter {
  personId?: string;
  personIds?: string[];
  courseId?: string;
  unitId?: string;
}

/** Every completion that matches (internal look-ups: complete, never capped). */
export async function listCompletions(
  q: Queryable,
  scope: Scope,
  f: CompletionFilter,
  page?: PageQuery,
): Promise<CompletionRow[]> {
  const { where, params } = completionWhere(scope, f);
  const limit = page ? ` LIMIT ${page.limit} OFFSET ${offsetOf(page)}` : '';
  const { rows } = await q.query<Row>(
    `${COMPLETION_SELECT} ${where} ORDER BY c.completed_at, p.name, c.id${limit}`,
    params,
  );
  return rows.map(toCompletion);
}

/** One page of the completions that match (the list API). */
export async function pageCompletions(
  q: Queryable,
  scope: Scope,
  f: CompletionFilter & PageQuery,
): Promise<Page<CompletionRow>> {
  const { where, params } = completionWhere(scope, f);
  const count = await q.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM readiness_completions c JOIN readiness_people p ON p.id = c.person_id ${where}`,
    params,
  );
  return offsetPage(await listCompletions(q, scope, f, f), Number(count.rows[0]?.n ?? 0), f);
}

function completionWhere(scope: Scope, f: CompletionFilter): { where: string; params: unknown[] } {
  const params: unknown[] = [];
  let where = 'WHERE true';
  if (f.personId) where += ` AND c.person_id = $${params.push(f.personId)}`;
  if (f.personIds) where += ` AND c.person_id = ANY($${params.push(f.personIds)}::uuid[])`;
  if (f.courseId) where += ` AND c.course_id = $${params.push(f.courseId)}`;
  if (f.unitId)
    where += ` AND (c.unit_id = $${params.push(f.unitId)} OR p.employer_unit_id = $${params.length})`;
  where += scopeFilter(scope, 'p.employer_unit_id', params);
  return { where, params };
}

/** The competence rules' view of training completions (instructor courses are not equipment training). */
export function trainingCompletions(list: readonly CompletionRow[]): TrainingCompletion[] {
  return list
    .filter((c) => c.courseKind !== 'instructor')
    .map((c) => ({
      personId: c.personId,
      courseKind: c.courseKind as TrainingCompletion['courseKind'],
      ...(c.controlRoomSystem ? { system: c.controlRoomSystem } : {}),
      ...(c.terminalType ? { terminalType: c.terminalType } : {}),
      completedAt: c.completedAt,
      ...(c.validTo ? { validTo: c.validTo } : {}),
      ...(c.version ? { courseVersion: c.version } : {}),
    }));
}

/** True when a completion is valid on `date` (done by then, not yet expired). */
export const validOn = (c: { completedAt: string; validTo: string | null }, date: string) =>
  c.completedAt <= date && (!c.validTo || date <= c.validTo);

/**
 * TR-4: may `instructorId` teach `course` on `date`? Returns what is missing (empty = yes).
 * An instructor is registered for the course's scope and holds a valid completion of an
 * instructor course for that scope; an instructor course is taught by an area instructor.
 */
export async function instructorGaps(
  q: Queryable,
  instructorId: string,
  course: Course,
  date: string,
): Promise<InstructorGap[]> {
  const scopeNeeded = course.kind === 'instructor' ? course.instructorScope : course.kind;
  if (scopeNeeded !== 'control-room' && scopeNeeded !== 'radio-terminal')
    return [gap('e-learning has no instructor', 'training.gap.e-learning-no-instructor')];
  const person = await nullIfNotFound(getPerson(q, instructorId));
  if (!person)
    return [gap('the instructor is not registered as a person', 'training.gap.instructor-unknown')];
  const reg = await q.query<Row>('SELECT * FROM readiness_instructors WHERE person_id = $1 AND scope = $2', [
    instructorId,
    scopeNeeded,
  ]);
  const gaps: InstructorGap[] = [];
  const r = reg.rows[0];
  const who = { name: person.name, scope: scopeNeeded, date };
  if (!r)
    gaps.push(
      gap(
        `${person.name} is not registered as ${scopeNeeded} instructor`,
        'training.gap.not-instructor',
        who,
      ),
    );
  else {
    if (!(String(r.from_date) <= date && (!r.to_date || date <= str(r.to_date)!)))
      gaps.push(
        gap(
          `${person.name}'s ${scopeNeeded} instructor registration is not in force on ${date}`,
          'training.gap.registration-not-in-force',
          who,
        ),
      );
    if (course.kind === 'instructor' && r.level !== 'area')
      gaps.push(
        gap(
          `instructor courses are taught by area instructors; ${person.name} is a ${String(r.level)} instructor`,
          'training.gap.not-area-instructor',
          who,
        ),
      );
  }
  const done = (await listCompletions(q, { all: true }, { personId: instructorId })).filter(
    (c) => c.courseKind === 'instructor' && c.instructorScope === scopeNeeded && validOn(c, date),
  );
  if (done.length === 0)
    gaps.push(
      gap(
        `${person.name} has no valid ${scopeNeeded} instructor training on ${date}`,
        'training.gap.no-instructor-training',
        who,
      ),
    );
  return gaps;
}

/** Something a person lacks for what was asked: English text and a message code for the web. */
export interface InstructorGap extends ServerMessage {
  text: string;
}

function gap(text: string, code: string, params?: Record<string, string>): InstructorGap {
  return params ? { text, code, params } : { text, code };
}

/** The `missing` members of a refusal: English texts, and the same as message codes to render. */
function missingOf(gaps: readonly InstructorGap[]) {
  return {
    missing: gaps.map((g) => g.text),
    missingMessages: gaps.map(({ code, params }): ServerMessage => (params ? { code, params } : { code })),
  };
}

export interface CompletionInput {
  personId: string;
  courseId: string;
  completedAt: string;
  version?: string;
  instructorPersonId?: string | null;
  unitId?: string | null;
  location?: string | null;
}

/** Records a completion (TR-2, TR-4, TR-5, TR-6 checked) without auditing; returns the id. */
export async function insertCompletion(q: Queryable, b: CompletionInput): Promise<string> {
  const person = await getPerson(q, b.personId);
  const course = await getCourse(q, b.courseId);
  const released = course.versions.filter((v) => v.releasedAt <= b.completedAt);
  const version = b.version ? course.versions.find((v) => v.version === b.version) : released.at(-1);
  if (!version)
    throw b.version
      ? refusal(
          'unprocessable',
          `The course ${course.code} has no version ${b.version}`,
          { code: 'training.no-such-version', params: { course: course.code, version: b.version } },
          { field: 'version' },
        )
      : refusal(
          'unprocessable',
          `The course ${course.code} had no material version released by ${b.completedAt} (TR-6)`,
          { code: 'training.no-version-released', params: { course: course.code, date: b.completedAt } },
          { field: 'completed_at' },
        );
  if (b.unitId)
    await getUnit(q, b.unitId).catch((e: unknown) => {
      throw isNotFound(e)
        ? refusal('not-found', e.message, { code: 'training.unit-missing' }, { field: 'unit_id' })
        : e;
    });
  const attended = course.kind === 'control-room' || course.kind === 'radio-terminal';
  if (attended) {
    // TR-2: the e-learning pre-course comes before the attended course.
    const own = await listCompletions(q, { all: true }, { personId: person.id });
    if (!own.some((c) => c.courseKind === 'e-learning' && validOn(c, b.completedAt)))
      throw refusal(
        'unprocessable',
        `TR-2: ${person.name} has no valid e-learning pre-course completed by ${b.completedAt}; it is required before the attended course ${course.name}`,
        {
          code: 'training.e-learning-first',
          params: { name: person.name, date: b.completedAt, course: course.name },
        },
        {
          field: 'completed_at',
          missing: ['e-learning pre-course'],
          missingMessages: [{ code: 'element.e-learning' }],
        },
      );
    if (!b.instructorPersonId)
      throw refusal(
        'unprocessable',
        `TR-4: an attended course (${course.name}) needs its instructor`,
        { code: 'training.instructor-required', params: { course: course.name } },
        { field: 'instructor' },
      );
  }
  if (b.instructorPersonId) {
    if (course.kind === 'e-learning')
      throw refusal(
        'unprocessable',
        'The e-learning pre-course has no instructor',
        { code: 'training.gap.e-learning-no-instructor' },
        { field: 'instructor' },
      );
    if (b.instructorPersonId === person.id)
      throw refusal(
        'unprocessable',
        'A person cannot be their own instructor',
        { code: 'training.own-instructor' },
        { field: 'instructor' },
      );
    const gaps = await instructorGaps(q, b.instructorPersonId, course, b.completedAt);
    if (gaps.length)
      throw refusal(
        'unprocessable',
        `TR-4: the instructor may not teach ${course.name} on ${b.completedAt}: ${gaps.map((g) => g.text).join('; ')}`,
        { code: 'training.instructor-may-not-teach', params: { course: course.name, date: b.completedAt } },
        { field: 'instructor', ...missingOf(gaps) },
      );
  }
  const seq = await q.query<{ n: number }>(`SELECT nextval('readiness_certificate_seq')::int AS n`);
  const certificateNumber = `NN-${b.completedAt.slice(0, 4)}-${String(seq.rows[0]!.n).padStart(6, '0')}`;
  const validTo = course.validityMonths ? addDays(addMonths(b.completedAt, course.validityMonths), -1) : null;
  const id = randomUUID();
  await q.query(
    `INSERT INTO readiness_completions (id, certificate_number, person_id, course_id, course_version_id, completed_at, valid_to,
       instructor_person_id, unit_id, location) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
    [
      id,
      certificateNumber,
      person.id,
      course.id,
      version.id,
      b.completedAt,
      validTo,
      b.instructorPersonId ?? null,
      b.unitId ?? null,
      b.location ?? null,
    ],
  );
  return id;
}

// ------------------------------------------------------------------------- instructors

export async function listInstructors(q: Queryable, scope: Scope, date: string) {
  const params: unknown[] = [];
  const where = `WHERE true${scopeFilter(scope, 'p.employer_unit_id', params)}`;
  const { rows } = await q.query<Row>(
    `SELECT i.*, p.name AS person_name FROM readiness_instructors i JOIN readiness_people p ON p.id = i.person_id ${where} ORDER BY p.name`,
    params,
  );
  const courses = await listCourses(q);
  const out = [];
  for (const r of rows) {
    const mayTeach = [];
    for (const c of courses.filter(
      (k) => k.kind === r.scope || (k.kind === 'instructor' && k.instructorScope === r.scope),
    )) {
      if ((await instructorGaps(q, String(r.person_id), c, date)).length === 0)
        mayTeach.push({ courseId: c.id, code: c.code, name: c.name });
    }
    out.push({
      id: String(r.id),
      personId: String(r.person_id),
      personName: String(r.person_name),
      level: r.level as 'area' | 'local',
      scope: r.scope as 'control-room' | 'radio-terminal',
      fromDate: String(r.from_date),
      toDate: s(r.to_date),
      mayTeach,
    });
  }
  return out;
}

/** Stores an instructor registration (the caller checks TR-4 and audits); returns its id. */
export async function insertInstructor(
  q: Queryable,
  b: {
    personId: string;
    level: 'area' | 'local';
    scope: 'control-room' | 'radio-terminal';
    fromDate: string;
    toDate?: string | null;
  },
): Promise<string> {
  const id = randomUUID();
  await q.query(
    `INSERT INTO readiness_instructors (id, person_id, level, scope, from_date, to_date) VALUES ($1,$2,$3,$4,$5,$6)`,
    [id, b.personId, b.level, b.scope, b.fromDate, b.toDate ?? null],
  );
  return id;
}

/** True when the person is already registered as an instructor for the scope. */
export async function isInstructor(q: Queryable, personId: string, scope: string): Promise<boolean> {
  const dup = await q.query('SELECT 1 FROM readiness_instructors WHERE person_id = $1 AND scope = $2', [
    personId,
    scope,
  ]);
  return dup.rows.length > 0;
}

// ------------------------------------------------------------------------- assignments (TR-1)

export interface AssignmentRow {
  id: string;
  personId: string;
  kind: 'operator-position' | 'terminal-type';
  equipmentId: string | null;
  terminalType: string | null;
  controlRoomSystem: string | null;
  fromDate: string;
  toDate: string | null;
}

export async function listAssignments(q: Queryable, personIds: string[]): Promise<AssignmentRow[]> {
  const { rows } = await q.query<Row>(
    'SELECT * FROM readiness_assignments WHERE person_id = ANY($1::uuid[]) ORDER BY from_date',
    [personIds],
  );
  return rows.map((r) => ({
    id: String(r.id),
    personId: String(r.person_id),
    kind: r.kind as AssignmentRow['kind'],
    equipmentId: s(r.equipment_id),
    terminalType: s(r.terminal_type),
    controlRoomSystem: s(r.control_room_system),
    fromDate: String(r.from_date),
    toDate: s(r.to_date),
  }));
}

export function ruleEquipmentOf(
  a: Pick<AssignmentRow, 'kind' | 'terminalType' | 'controlRoomSystem'>,
): RuleEquipment {
  return a.kind === 'terminal-type'
    ? { kind: 'radio-terminal', terminalType: a.terminalType ?? '' }
    : { kind: 'control-room', system: a.controlRoomSystem ?? '' };
}

/** TR-1: what `person` lacks to use `equipment` on `date` (empty = may use it). */
export function trainingGaps(
  person: Pick<Person, 'id' | 'name'>,
  equipment: RuleEquipment,
  date: string,
  completions: readonly CompletionRow[],
): string[] {
  return trainingGapElements(person, equipment, date, completions).map((m) => m.element);
}

/** TR-1: the missing elements themselves (code, parameters, English and bokmål text). */
export function trainingGapElements(
  person: Pick<Person, 'id' | 'name'>,
  equipment: RuleEquipment,
  date: string,
  completions: readonly CompletionRow[],
) {
  return mayUseEquipment(person, equipment, date, trainingCompletions(completions)).missing;
}

/** Stores an assignment whose training the caller has checked (TR-1); returns it. */
export async function insertAssignment(q: Queryable, a: Omit<AssignmentRow, 'id'>): Promise<AssignmentRow> {
  const id = randomUUID();
  await q.query(
    `INSERT INTO readiness_assignments (id, person_id, kind, equipment_id, terminal_type, control_room_system, from_date, to_date)
     VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [id, a.personId, a.kind, a.equipmentId, a.terminalType, a.controlRoomSystem, a.fromDate, a.toDate],
  );
  return (await listAssignments(q, [a.personId])).find((x) => x.id === id)!;
}

// ------------------------------------------------------------------------- status

const RECERT_WARNING_DAYS = 60;

/** TR-1 … TR-5: what a person's training allows on a date. */
export async function trainingStatus(q: Queryable, person: Person, date: string) {
  const completions = await listCompletions(q, { all: true }, { personId: person.id });
  const eLearning = completions.filter((c) => c.courseKind === 'e-learning' && c.completedAt <= date).at(-1);
  const eValid = !!eLearning && validOn(eLearning, date);
  const mayUse = new Map<
    string,
    { kind: 'control-room' | 'radio-terminal'; name: string; validTo: string | null }
  >();
  for (const c of completions) {
    if (c.courseKind !== 'control-room' && c.courseKind !== 'radio-terminal') continue;
    const eq = ruleEquipmentOf({
      kind: c.courseKind === 'control-room' ? 'operator-position' : 'terminal-type',
      terminalType: c.terminalType,
      controlRoomSystem: c.controlRoomSystem,
    });
    if (trainingGaps(person, eq, date, completions).length === 0) {
      const name = c.controlRoomSystem ?? c.terminalType ?? c.courseName;
      mayUse.set(`${c.courseKind}:${name}`, { kind: c.courseKind, name, validTo: c.validTo });
    }
  }
  const assignments = (await listAssignments(q, [person.id])).map((a) => {
    const active = a.fromDate <= date && (!a.toDate || date <= a.toDate);
    const gaps = active ? trainingGapElements(person, ruleEquipmentOf(a), date, completions) : [];
    return {
      ...a,
      ok: gaps.length === 0,
      missing: gaps.map((g) => g.element),
      missingElements: gaps.map((g): MissingMessage => ({
        code: g.code,
        ...(g.params ? { params: g.params } : {}),
      })),
    };
  });
  return {
    person,
    date,
    completions: completions.map((c) => ({ ...publicCompletion(c), valid: validOn(c, date) })),
    eLearning: {
      valid: eValid,
      validTo: eLearning?.validTo ?? null,
      recertificationDue:
        !eValid || (!!eLearning?.validTo && eLearning.validTo <= addDays(date, RECERT_WARNING_DAYS)),
    },
    mayUse: [...mayUse.values()],
    assignments,
  };
}

/** Staff of a unit and what each lacks on `date` (ON-3 readiness, CMP-6 report). */
export async function staffTraining(q: Queryable, unitId: string, date: string): Promise<StaffTraining[]> {
  const { rows } = await q.query<Row>(
    'SELECT * FROM readiness_people WHERE employer_unit_id = $1 AND active ORDER BY name',
    [unitId],
  );
  const people = rows.map(toPerson);
  if (!people.length) return [];
  const ids = people.map((p) => p.id);
  const completions = await listCompletions(q, { all: true }, { personIds: ids });
  const assignments = await listAssignments(q, ids);
  return people.map((p) => {
    const own = completions.filter((c) => c.personId === p.id);
    const active = assignments.filter(
      (a) => a.personId === p.id && a.fromDate <= date && (!a.toDate || date <= a.toDate),
    );
    // Each gap once, as English text and as an element code with its parameters.
    const gaps = new Map<string, MissingMessage>();
    for (const a of active)
      for (const g of trainingGapElements(p, ruleEquipmentOf(a), date, own))
        gaps.set(g.element, { code: g.code, ...(g.params ? { params: g.params } : {}) });
    if (!own.some((c) => c.courseKind === 'e-learning' && validOn(c, date)))
      if (own.some((c) => c.courseKind === 'e-learning'))
        gaps.set('e-learning re-certification (TR-5)', { code: 'recertification' });
      else gaps.set('e-learning pre-course (TR-2)', { code: 'e-learning' });
    return { personId: p.id, name: p.name, missing: [...gaps.keys()], missingElements: [...gaps.values()] };
  });
}

// ------------------------------------------------------------------------- procedures (TR-7)

export async function listProcedures(q: Queryable, scope: Scope) {
  const params: unknown[] = [];
  const where = scope.all
    ? ''
    : `WHERE unit_id IS NULL OR unit_id = ANY($${params.push([...scope.unitIds])}::text[])`;
  const { rows } = await q.query<Row>(
    `SELECT * FROM readiness_procedures ${where} ORDER BY level, title`,
    params,
  );
  return rows.map((r) => ({
    id: String(r.id),
    level: Number(r.level),
    title: String(r.title),
    version: String(r.version),
    unitId: s(r.unit_id),
    anchoredIn: (r.anchored_in as string[]) ?? [],
    validFrom: String(r.valid_from),
    url: s(r.url),
  }));
}

export type ProcedureInput = {
  level: 1 | 2 | 3;
  title: string;
  version: string;
  unitId?: string | null;
  anchoredIn: string[];
  validFrom: string;
  url?: string | null;
};

/** The levels of the procedures with these ids (ids that are no procedure are left out). */
export async function procedureLevels(q: Queryable, ids: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await q.query<{ id: string; level: number }>(
    'SELECT id, level FROM readiness_procedures WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return new Map(rows.map((r) => [r.id, Number(r.level)]));
}

/** Stores a procedure whose rules the caller has checked (TR-7); returns its id. */
export async function insertProcedure(q: Queryable, b: ProcedureInput): Promise<string> {
  const id = randomUUID();
  await q.query(
    `INSERT INTO readiness_procedures (id, level, title, version, unit_id, anchored_in, valid_from, url) VALUES ($1,$2,$3,$4,$5,$6,$7,$8)`,
    [
      id,
      b.level,
      b.title,
      b.version,
      b.unitId ?? null,
      JSON.stringify(b.anchoredIn),
      b.validFrom,
      b.url ?? null,
    ],
  );
  return id;
}
