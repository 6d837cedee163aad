/** HTTP routes of the organisation register (ON-1): /api/v1/readiness/organisations. */
import { z } from 'zod';
import type { Route } from '../../platform/http/route.ts';
import { pageOf, pageQuery, pageSchema } from '../../platform/http/paging.ts';
import { notFound } from '../../platform/errors.ts';
import type { PlatformServices } from '../../platform/module.ts';

type AppDeps = Pick<PlatformServices, 'db'>;
import { assertUnitInScope, checkPlacementInScope, scopeOf } from '../access.ts';
import { READ, WRITE } from '../policy.ts';
import { CsvErrors, csvText, readCsvRows, finishImport } from '../csv/csv-import.ts';
import {
  createUnitBody,
  csvBody,
  equipmentBody,
  csvImportResult,
  equipmentSchema,
  EQUIPMENT_KINDS,
  leaderBody,
  leaderSchema,
  listUnitsQuery,
  TERMINAL_FORMS,
  unitIdParam,
  unitSchema,
  updateEquipmentBody,
  updateUnitBody,
  uuidParam,
} from '../schema.ts';
import {
  addEquipment,
  addLeader,
  createUnit,
  getEquipment,
  getUnit,
  insertEquipment,
  listEquipment,
  listLeaders,
  listUnits,
  updateEquipment,
  updateUnit,
} from './store.ts';
import { AppError } from '../../platform/errors.ts';
import { rule } from '../../platform/http/field-errors.ts';

const P = '/api/v1/readiness/organisations';
const tags = ['readiness-organisations'];

const equipmentCsvRow = z.object({
  kind: z.enum(EQUIPMENT_KINDS).default('radio-terminal'),
  form: z.enum(TERMINAL_FORMS).optional(),
  label: z.string().min(1).max(200),
  model: z.string().max(200).optional(),
  terminal_type: z.string().max(200).optional(),
  control_room_system: z.string().max(200).optional(),
  issi: z
    .string()
    .regex(/^\d{1,8}$/, rule('issi', 'ISSI: 1–8 digits'))
    .optional(),
  serial_number: z.string().max(100).optional(),
});

export function registerOrganisationRoutes(route: Route, { db }: AppDeps): void {
  route({
    method: 'GET',
    url: P,
    summary: 'List organisation units',
    tags,
    auth: READ,
    query: listUnitsQuery,
    response: pageSchema(unitSchema),
    handler: async ({ query, actor }) => listUnits(db, await scopeOf(db, actor), query),
  });
  route({
    method: 'POST',
    url: P,
    summary: 'Create an organisation unit',
    tags,
    auth: WRITE,
    body: createUnitBody,
    response: unitSchema,
    successStatus: 201,
    errors: [409, 422],
    handler: async ({ body, actor }) =>
      db.transaction(async (tx) => {
        const scope = await scopeOf(tx, actor);
        await checkPlacementInScope(tx, scope, body);
        return createUnit(tx, actor, scope, body);
      }),
  });
  route({
    method: 'GET',
    url: `${P}/:id`,
    summary: 'Get an organisation unit',
    tags,
    auth: READ,
    params: unitIdParam,
    response: unitSchema,
    errors: [404],
    handler: async ({ params, actor }) => {
      const unit = await getUnit(db, params.id);
      await assertUnitInScope(db, actor, unit.id);
      return unit;
    },
  });
  route({
    method: 'PATCH',
    url: `${P}/:id`,
    summary: 'Update an organisation unit',
    tags,
    auth: WRITE,
    params: unitIdParam,
    body: updateUnitBody,
    response: unitSchema,
    errors: [404, 409, 422],
    handler: async ({ params, body, actor }) =>
      db.transaction(async (tx) => {
        const scope = await assertUnitInScope(tx, actor, params.id);
        await checkPlacementInScope(tx, scope, body);
        return updateUnit(tx, actor, params.id, body);
      }),
  });
  route({
    method: 'GET',
    url: `${P}/:id/leaders`,
    summary: 'List the leaders of a unit',
    tags,
    auth: READ,
    params: unitIdParam,
    query: pageQuery,
    response: pageSchema(leaderSchema),
    errors: [404],
    handler: async ({ params, query, actor }) => {
      await assertUnitInScope(db, actor, params.id);
      await getUnit(db, params.id);
      return pageOf(await listLeaders(db, params.id), query);
    },
  });
  route({
    method: 'POST',
    url: `${P}/:id/leaders`,
    summary: 'Add an area leader or local project leader',
    tags,
    auth: WRITE,
    params: unitIdParam,
    body: leaderBody,
    response: leaderSchema,
    successStatus: 201,
    errors: [404, 422],
    handler: async ({ params, body, actor }) =>
      db.transaction(async (tx) => {
        await assertUnitInScope(tx, actor, params.id);
        return addLeader(tx, actor, params.id, body);
      }),
  });
  route({
    method: 'GET',
    url: `${P}/:id/equipment`,
    summary: 'List the operator positions and radio terminals of a unit',
    tags,
    auth: READ,
    params: unitIdParam,
    query: pageQuery,
    response: pageSchema(equipmentSchema),
    errors: [404],
    handler: async ({ params, query, actor }) => {
      await assertUnitInScope(db, actor, params.id);
      await getUnit(db, params.id);
      return pageOf(await listEquipment(db, params.id), query);
    },
  });
  route({
    method: 'POST',
    url: `${P}/:id/equipment`,
    summary: 'Add an operator position or radio terminal',
    tags,
    auth: WRITE,
    params: unitIdParam,
    body: equipmentBody,
    response: equipmentSchema,
    successStatus: 201,
    errors: [404, 409, 422],
    handler: async ({ params, body, actor }) =>
      db.transaction(async (tx) => {
        await assertUnitInScope(tx, actor, params.id);
        return addEquipment(tx, actor, params.id, body);
      }),
  });
  route({
    method: 'POST',
    url: `${P}/:id/equipment/import`,
    summary: 'Import operator positions and radio terminals from CSV',
    description:
      'Columns: kind (operator-position | radio-terminal, default radio-terminal), form (handheld | vehicle | desk), label, model, terminal_type, control_room_system, issi, serial_number. All rows or none.',
    tags,
    auth: WRITE,
    params: unitIdParam,
    body: csvBody,
    response: csvImportResult,
    successStatus: 201,
    errors: [404, 422],
    handler: async ({ params, body, actor }) =>
      db.transaction(async (tx) => {
        await assertUnitInScope(tx, actor, params.id);
        const unit = await getUnit(tx, params.id);
        const errors = new CsvErrors();
        const rows = readCsvRows(csvText(body), equipmentCsvRow, ['label'], errors);
        const seen = new Map<string, number>();
        for (const { line, value } of rows) {
          if (value.kind === 'radio-terminal' && !value.form)
            errors.add(
              line,
              'form',
              rule('terminal-form', 'a radio terminal needs its form: handheld, vehicle or desk'),
              {
                code: 'csv.terminal-form-missing',
              },
            );
          if (value.issi) {
            if (seen.has(value.issi))
              errors.add(line, 'issi', `the ISSI ${value.issi} is also on line ${seen.get(value.issi)}`, {
                code: 'csv.duplicate-in-file',
                params: { value: value.issi, otherLine: seen.get(value.issi)! },
              });
            seen.set(value.issi, line);
            const dup = await tx.query('SELECT 1 FROM readiness_equipment WHERE issi = $1', [value.issi]);
            if (dup.rows.length)
              errors.add(line, 'issi', `the ISSI ${value.issi} is already registered`, {
                code: 'csv.already-registered',
                params: { value: value.issi },
              });
          }
        }
        errors.throwIfAny('The equipment CSV was refused');
        const ids: string[] = [];
        for (const { line, value } of rows) {
          try {
            ids.push(
              await insertEquipment(tx, unit, {
                kind: value.kind,
                form: value.form ?? null,
                label: value.label,
                model: value.model ?? null,
                terminalType: value.terminal_type ?? null,
                controlRoomSystem: value.control_room_system ?? null,
                issi: value.issi ?? null,
                serialNumber: value.serial_number ?? null,
                status: 'active',
              }),
            );
          } catch (e) {
            if (e instanceof AppError) errors.addRefusal(line, e);
            else throw e;
          }
        }
        return finishImport(
          tx,
          actor,
          errors,
          'The equipment CSV was refused',
          { action: 'readiness.equipment.import', entityType: 'readiness-unit', entityId: unit.id },
          ids,
        );
      }),
  });
  route({
    method: 'PATCH',
    url: '/api/v1/readiness/equipment/:id',
    summary: 'Update or retire equipment',
    tags,
    auth: WRITE,
    params: uuidParam,
    body: updateEquipmentBody,
    response: equipmentSchema,
    errors: [404, 409, 422],
    handler: async ({ params, body, actor }) =>
      db.transaction(async (tx) => {
        const e = await getEquipment(tx, params.id);
        await assertUnitInScope(tx, actor, e.unitId, () => notFound(`The equipment ${params.id}`));
        return updateEquipment(tx, actor, params.id, body);
      }),
  });
}
