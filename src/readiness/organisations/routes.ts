/** HTTP routes of the organisation register (ON-1): /api/v1/readiness/organisations. */
import type { Route } from '../../platform/http/route.ts';
import { pageOf, pageQuery, pageSchema } from '../../platform/http/paging.ts';
import { notFound } from '../../platform/errors.ts';
import type { PlatformServices } from '../../platform/module.ts';

type AppDeps = Pick<PlatformServices, 'db'>;
import { assertUnitInScope, checkPlacementInScope, scopeOf } from '../access.ts';
import { READ, WRITE } from '../policy.ts';
import { csvText } from '../csv/csv-import.ts';
import { importEquipment } from './import-equipment.ts';
import {
  createUnitBody,
  csvBody,
  equipmentBody,
  csvImportResult,
  equipmentSchema,
  leaderBody,
  leaderSchema,
  listUnitsQuery,
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
  listEquipment,
  listLeaders,
  listUnits,
  updateEquipment,
  updateUnit,
} from './store.ts';

const P = '/api/v1/readiness/organisations';
const tags = ['readiness-organisations'];

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
    handler: async ({ params, body, actor }) => importEquipment(db, actor, params.id, csvText(body)),
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
