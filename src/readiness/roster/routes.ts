/** HTTP routes of the roster check: /api/v1/readiness/roster. */
import { z } from 'zod';
import { notFound } from '../../platform/errors.ts';
import { pageQueryShape, pageSchema } from '../../platform/http/paging.ts';
import type { Route } from '../../platform/http/route.ts';
import type { PlatformServices } from '../../platform/module.ts';

type AppDeps = Pick<PlatformServices, 'db'>;
import { assertUnitInScope, scopeOf } from '../access.ts';
import { READ, WRITE } from '../policy.ts';
import { csvText } from '../csv/csv-import.ts';
import {
  csvBody,
  rosterBody,
  rosterImportQuery,
  rosterSchema,
  rosterSummarySchema,
  uuidParam,
} from '../schema.ts';
import { importRoster, importRosterCsv } from './import-roster.ts';
import { getRoster, listRosters } from './store.ts';

const P = '/api/v1/readiness/roster';
const tags = ['readiness-roster'];

export function registerRosterRoutes(route: Route, { db }: AppDeps): void {
  route({
    method: 'GET',
    url: `${P}/rosters`,
    summary: 'List imported rosters',
    tags,
    auth: READ,
    query: z.object({ unitId: z.string().max(100).optional(), ...pageQueryShape }),
    response: pageSchema(rosterSummarySchema),
    handler: async ({ query, actor }) => {
      const scope = await scopeOf(db, actor);
      let ids: string[] | null = scope.all ? null : [...scope.unitIds];
      if (query.unitId) ids = ids ? ids.filter((i) => i === query.unitId) : [query.unitId];
      return listRosters(db, ids, query);
    },
  });
  route({
    method: 'POST',
    url: `${P}/rosters`,
    summary: "Import a week's roster and check it",
    description:
      'Replaces an earlier roster of the same unit and week. TR-1 is enforced (422 naming the missing training); competence violations (CMP-1 … CMP-4) are reported in check.violations.',
    tags,
    auth: WRITE,
    body: rosterBody,
    response: rosterSchema,
    successStatus: 201,
    errors: [404, 422],
    handler: async ({ body, actor }) => importRoster(db, actor, body),
  });
  route({
    method: 'POST',
    url: `${P}/rosters/import`,
    summary: "Import a week's roster from CSV and check it",
    description:
      'Header exactly `unit_id,unit_kind,start,end,person_id,role`, separated by commas or semicolons (a UTF-8 byte-order mark is fine); one row per person per shift; person_id = person id, HPR number or employee number. Bad rows are reported by line and column with a message code; nothing is stored then. TR-1 is enforced as for JSON.',
    tags,
    auth: WRITE,
    query: rosterImportQuery,
    body: csvBody,
    response: rosterSchema,
    successStatus: 201,
    errors: [404, 422],
    handler: async ({ query, body, actor }) => importRosterCsv(db, actor, query, csvText(body)),
  });
  route({
    method: 'GET',
    url: `${P}/rosters/:id`,
    summary: 'A roster with its shifts and the result of the check',
    tags,
    auth: READ,
    params: uuidParam,
    response: rosterSchema,
    errors: [404],
    handler: async ({ params, actor }) => {
      const r = await getRoster(db, params.id);
      await assertUnitInScope(db, actor, r.unitId, () => notFound(`The roster ${params.id}`));
      return r;
    },
  });
}
