/** HTTP routes of the roster check: /api/v1/readiness/roster. */
import { z } from 'zod';
import { AppError, notFound } from '../../platform/errors.ts';
import { pageQueryShape, pageSchema } from '../../platform/http/paging.ts';
import type { Route } from '../../platform/http/route.ts';
import type { PlatformServices } from '../../platform/module.ts';

type AppDeps = Pick<PlatformServices, 'db'>;
import { assertUnitInScope, scopeOf } from '../access.ts';
import { READ, WRITE } from '../policy.ts';
import { parseRosterCsv } from '../competence/roster-csv.ts';
import { csvText } from '../csv/csv-import.ts';
import {
  csvBody,
  rosterBody,
  rosterImportQuery,
  rosterSchema,
  rosterSummarySchema,
  uuidParam,
} from '../schema.ts';
import { getRoster, importRoster, listRosters } from './store.ts';

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
    handler: async ({ body, actor }) =>
      db.transaction(async (tx) => {
        await assertUnitInScope(tx, actor, body.unitId);
        return importRoster(tx, actor, { ...body, source: 'api' });
      }),
  });
  route({
    method: 'POST',
    url: `${P}/rosters/import`,
    summary: "Import a week's roster from CSV and check it",
    description:
      'Header exactly `unit_id,unit_kind,start,end,person_id,role`; one row per person per shift; person_id = person id, HPR number or employee number. Bad rows are reported by line; nothing is stored then.',
    tags,
    auth: WRITE,
    query: rosterImportQuery,
    body: csvBody,
    response: rosterSchema,
    successStatus: 201,
    errors: [404, 422],
    handler: async ({ query, body, actor }) =>
      db.transaction(async (tx) => {
        await assertUnitInScope(tx, actor, query.unitId);
        const parsed = parseRosterCsv(csvText(body));
        if (!parsed.ok) {
          throw new AppError(
            'unprocessable',
            `The roster CSV was refused: ${parsed.errors.length} error(s); nothing was stored`,
            {
              errors: parsed.errors.map((e) => ({
                line: e.line,
                column: null,
                message: e.message,
                path: `line ${e.line}`,
              })),
            },
          );
        }
        return importRoster(tx, actor, {
          unitId: query.unitId,
          weekStart: query.weekStart,
          source: 'csv',
          shifts: parsed.shifts.map((s) => ({
            unitId: s.unitId,
            unitKind: s.unitKind,
            start: s.start,
            end: s.end,
            assignments: s.assignments.map((a) => ({ person: a.personId, role: a.role })),
            ...(s.lines ? { lines: s.lines } : {}),
          })),
        });
      }),
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
