/** HTTP routes of the CMP-6 documentation report: /api/v1/readiness/reports. */
import type { Route } from '../../platform/http/route.ts';
import type { PlatformServices } from '../../platform/module.ts';

type AppDeps = Pick<PlatformServices, 'db'>;
import type { Actor } from '../../platform/auth/actor.ts';
import { notFound } from '../../platform/errors.ts';
import { assertUnitInScope } from '../access.ts';
import { READ } from '../policy.ts';
import { documentationQuery, documentationReportSchema } from '../schema.ts';
import { todayOslo } from '../today.ts';
import { documentationCsv, documentationReport } from './documentation.ts';
import { documentationPdf } from './documentation-pdf.ts';

const P = '/api/v1/readiness/reports';
const tags = ['readiness-reports'];

export function registerReportRoutes(route: Route, { db }: AppDeps): void {
  const build = async (
    actor: Actor,
    q: { kommunenummer?: string; healthTrustId?: string; date?: string },
  ) => {
    const report = await documentationReport(db, q, q.date ?? todayOslo());
    // Outside the caller's organisation: the answer of a municipality or trust that does not exist.
    await assertUnitInScope(db, actor, report.scope.id, () =>
      notFound(
        q.kommunenummer ? `The municipality ${q.kommunenummer}` : `The health trust ${q.healthTrustId}`,
      ),
    );
    return report;
  };
  const fileName = (r: { scope: { id: string }; date: string }, ext: string, lang: 'nb' | 'en' = 'nb') =>
    `attachment; filename="${lang === 'en' ? 'documentation' : 'dokumentasjon'}-${r.scope.id}-${r.date}.${ext}"`;
  route({
    method: 'GET',
    url: `${P}/documentation`,
    summary: 'Documentation report of a municipality or health trust on a date',
    tags,
    auth: READ,
    query: documentationQuery,
    response: documentationReportSchema,
    errors: [404],
    handler: async ({ query, actor }) => build(actor, query),
  });
  route({
    method: 'GET',
    url: `${P}/documentation.pdf`,
    summary: 'Documentation report as PDF',
    tags,
    auth: READ,
    query: documentationQuery,
    produces: ['application/pdf'],
    errors: [404],
    handler: async ({ query, actor, reply }) => {
      const r = await build(actor, query);
      void reply
        .type('application/pdf')
        .header('content-disposition', fileName(r, 'pdf', query.lang))
        .send(await documentationPdf(r, query.lang ?? 'nb'));
    },
  });
  route({
    method: 'GET',
    url: `${P}/documentation.csv`,
    summary: 'Documentation report as CSV',
    tags,
    auth: READ,
    query: documentationQuery,
    produces: ['text/csv'],
    errors: [404],
    handler: async ({ query, actor, reply }) => {
      const r = await build(actor, query);
      void reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', fileName(r, 'csv', query.lang))
        .send(documentationCsv(r, query.lang ?? 'nb'));
    },
  });
}
