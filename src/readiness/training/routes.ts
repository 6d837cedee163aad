/** HTTP routes of the training register (TR-1 … TR-7): /api/v1/readiness/training. */
import { notFound, nullIfNotFound } from '../../platform/errors.ts';
import type { Route } from '../../platform/http/route.ts';
import { pageOf, pageQuery, pageQueryShape, pageSchema } from '../../platform/http/paging.ts';
import type { PlatformServices } from '../../platform/module.ts';

type AppDeps = Pick<PlatformServices, 'db'>;
import { assertUnitInScope, scopeOf } from '../access.ts';
import { NATIONAL_CATALOGUE, READ, WRITE } from '../policy.ts';
import { csvText } from '../csv/csv-import.ts';
import { getUnit } from '../organisations/store.ts';
import {
  assignmentBody,
  assignmentSchema,
  completionSchema,
  courseSchema,
  courseVersionBody,
  createCompletionBody,
  createCourseBody,
  createPersonBody,
  csvBody,
  csvImportResult,
  dateQuery,
  instructorBody,
  instructorSchema,
  listCompletionsQuery,
  listPeopleQuery,
  personSchema,
  procedureBody,
  procedureSchema,
  trainingStatusSchema,
  updatePersonBody,
  uuidParam,
} from '../schema.ts';
import { todayOslo } from '../today.ts';
import { importPeople } from './import-people.ts';
import { importCompletions } from './import-completions.ts';
import { assignEquipment } from './assign-equipment.ts';
import { recordCompletion } from './record-completion.ts';
import { registerInstructor } from './register-instructor.ts';
import { addProcedure } from './add-procedure.ts';
import { certificatePdf } from './certificate-pdf.ts';
import {
  addCourseVersion,
  createCourse,
  createPerson,
  getCompletion,
  listAssignments,
  listCompletions,
  listCourses,
  listInstructors,
  listPeople,
  listProcedures,
  pageCompletions,
  publicCompletion,
  trainingStatus,
  personInScope,
  updatePerson,
} from './store.ts';

const P = '/api/v1/readiness/training';
const tags = ['readiness-training'];

export function registerTrainingRoutes(route: Route, { db }: AppDeps): void {
  // ---------------------------------------------------------------- people
  route({
    method: 'GET',
    url: `${P}/people`,
    summary: 'List people',
    tags,
    auth: READ,
    query: listPeopleQuery,
    response: pageSchema(personSchema),
    handler: async ({ query, actor }) => listPeople(db, await scopeOf(db, actor), query),
  });
  route({
    method: 'POST',
    url: `${P}/people`,
    summary: 'Add a person',
    tags,
    auth: WRITE,
    body: createPersonBody,
    response: personSchema,
    successStatus: 201,
    errors: [409, 422],
    handler: async ({ body, actor }) =>
      db.transaction(async (tx) => {
        await assertUnitInScope(tx, actor, body.employerUnitId);
        return createPerson(tx, actor, body);
      }),
  });
  route({
    method: 'POST',
    url: `${P}/people/import`,
    summary: 'Import people from CSV',
    description: 'Columns: name, hpr_number, employee_number, employer_unit_id, email. All rows or none.',
    tags,
    auth: WRITE,
    body: csvBody,
    response: csvImportResult,
    successStatus: 201,
    errors: [422],
    handler: async ({ body, actor }) => importPeople(db, actor, csvText(body)),
  });
  route({
    method: 'GET',
    url: `${P}/people/:id`,
    summary: 'Get a person',
    tags,
    auth: READ,
    params: uuidParam,
    response: personSchema,
    errors: [404],
    handler: async ({ params, actor }) => personInScope(db, actor, params.id),
  });
  route({
    method: 'PATCH',
    url: `${P}/people/:id`,
    summary: 'Update a person and their competence facts',
    tags,
    auth: WRITE,
    params: uuidParam,
    body: updatePersonBody,
    response: personSchema,
    errors: [404, 409],
    handler: async ({ params, body, actor }) =>
      db.transaction(async (tx) => {
        await personInScope(tx, actor, params.id);
        if (body.employerUnitId) await assertUnitInScope(tx, actor, body.employerUnitId);
        return updatePerson(tx, actor, params.id, body);
      }),
  });
  route({
    method: 'GET',
    url: `${P}/people/:id/status`,
    summary: 'Training status of a person on a date',
    tags,
    auth: READ,
    params: uuidParam,
    query: dateQuery,
    response: trainingStatusSchema,
    errors: [404],
    handler: async ({ params, query, actor }) =>
      trainingStatus(db, await personInScope(db, actor, params.id), query.date ?? todayOslo()),
  });
  route({
    method: 'GET',
    url: `${P}/people/:id/assignments`,
    summary: 'List the equipment a person is assigned to',
    tags,
    auth: READ,
    params: uuidParam,
    query: pageQuery,
    response: pageSchema(assignmentSchema),
    errors: [404],
    handler: async ({ params, query, actor }) => {
      await personInScope(db, actor, params.id);
      return pageOf(await listAssignments(db, [params.id]), query);
    },
  });
  route({
    method: 'POST',
    url: `${P}/people/:id/assignments`,
    summary: 'Assign a person to an operator position or a radio-terminal type',
    description:
      'TR-1: refused with 422 naming the missing training when the person is not trained for it on fromDate.',
    tags,
    auth: WRITE,
    params: uuidParam,
    body: assignmentBody,
    response: assignmentSchema,
    successStatus: 201,
    errors: [404, 422],
    handler: async ({ params, body, actor }) => assignEquipment(db, actor, params.id, body),
  });

  // ---------------------------------------------------------------- courses
  route({
    method: 'GET',
    url: `${P}/courses`,
    summary: 'List courses with material versions',
    tags,
    auth: READ,
    query: pageQuery,
    response: pageSchema(courseSchema),
    handler: async ({ query }) => pageOf(await listCourses(db), query),
  });
  route({
    method: 'POST',
    url: `${P}/courses`,
    summary: 'Create a course',
    tags,
    auth: NATIONAL_CATALOGUE,
    body: createCourseBody,
    response: courseSchema,
    successStatus: 201,
    errors: [409],
    handler: async ({ body, actor }) =>
      db.transaction(async (tx) => createCourse(tx, actor, body, todayOslo())),
  });
  route({
    method: 'POST',
    url: `${P}/courses/:id/versions`,
    summary: 'Release a new version of the course material',
    tags,
    auth: NATIONAL_CATALOGUE,
    params: uuidParam,
    body: courseVersionBody,
    response: courseSchema,
    successStatus: 201,
    errors: [404, 409, 422],
    handler: async ({ params, body, actor }) =>
      db.transaction(async (tx) => addCourseVersion(tx, actor, params.id, body)),
  });

  // ---------------------------------------------------------------- completions
  route({
    method: 'GET',
    url: `${P}/completions`,
    summary: 'List course completions',
    tags,
    auth: READ,
    query: listCompletionsQuery,
    response: pageSchema(completionSchema),
    handler: async ({ query, actor }) => {
      const page = await pageCompletions(db, await scopeOf(db, actor), query);
      return { ...page, items: page.items.map(publicCompletion) };
    },
  });
  route({
    method: 'POST',
    url: `${P}/completions`,
    summary: 'Record a course completion',
    description:
      'TR-2: an attended course needs a valid e-learning pre-course first; TR-4: its instructor must be qualified on the date; TR-6: the material version defaults to the one current on the date.',
    tags,
    auth: WRITE,
    body: createCompletionBody,
    response: completionSchema,
    successStatus: 201,
    errors: [404, 422],
    handler: async ({ body, actor }) => recordCompletion(db, actor, body),
  });
  route({
    method: 'POST',
    url: `${P}/completions/import`,
    summary: 'Import course completions from CSV',
    description:
      'Columns: person (id, HPR number or employee number), course_code, completed_at, version, instructor (id, HPR or employee number), unit_id, location. Rows are checked in order (an e-learning row counts for a later attended row). All rows or none.',
    tags,
    auth: WRITE,
    body: csvBody,
    response: csvImportResult,
    successStatus: 201,
    errors: [422],
    handler: async ({ body, actor }) => importCompletions(db, actor, csvText(body)),
  });
  route({
    method: 'GET',
    url: `${P}/completions/:id/certificate.pdf`,
    summary: 'Course certificate as PDF',
    tags,
    auth: READ,
    params: uuidParam,
    produces: ['application/pdf'],
    errors: [404],
    handler: async ({ params, actor, reply }) => {
      const c = await getCompletion(db, params.id);
      const person = await personInScope(db, actor, c.personId, () =>
        notFound(`The completion ${params.id}`),
      );
      const own = await listCompletions(db, { all: true }, { personId: person.id });
      const eLearning =
        own.filter((x) => x.courseKind === 'e-learning' && x.completedAt <= c.completedAt).at(-1) ?? null;
      const pdf = await certificatePdf({
        completion: publicCompletion(c),
        person,
        eLearning: eLearning ? publicCompletion(eLearning) : null,
        employer: await nullIfNotFound(getUnit(db, person.employerUnitId)),
        venue: c.unitId ? await nullIfNotFound(getUnit(db, c.unitId)) : null,
      });
      void reply
        .type('application/pdf')
        .header('content-disposition', `inline; filename="kursbevis-${c.certificateNumber}.pdf"`)
        .send(pdf);
    },
  });

  // ---------------------------------------------------------------- instructors
  route({
    method: 'GET',
    url: `${P}/instructors`,
    summary: 'List instructors and what they may teach',
    tags,
    auth: READ,
    query: dateQuery.extend(pageQueryShape),
    response: pageSchema(instructorSchema),
    handler: async ({ query, actor }) =>
      pageOf(await listInstructors(db, await scopeOf(db, actor), query.date ?? todayOslo()), query),
  });
  route({
    method: 'POST',
    url: `${P}/instructors`,
    summary: 'Register an instructor',
    description: 'TR-4: refused with 422 unless the person has completed instructor training for the scope.',
    tags,
    auth: WRITE,
    body: instructorBody,
    response: instructorSchema,
    successStatus: 201,
    errors: [404, 409, 422],
    handler: async ({ body, actor }) => registerInstructor(db, actor, body),
  });

  // ---------------------------------------------------------------- procedures (TR-7)
  route({
    method: 'GET',
    url: `${P}/procedures`,
    summary: 'List procedures (levels 1–3)',
    tags,
    auth: READ,
    query: pageQuery,
    response: pageSchema(procedureSchema),
    handler: async ({ query, actor }) => pageOf(await listProcedures(db, await scopeOf(db, actor)), query),
  });
  route({
    method: 'POST',
    url: `${P}/procedures`,
    summary: 'Add a procedure',
    tags,
    auth: WRITE,
    body: procedureBody,
    response: procedureSchema,
    successStatus: 201,
    errors: [403, 404, 422],
    handler: async ({ body, actor }) => addProcedure(db, actor, body),
  });
}
