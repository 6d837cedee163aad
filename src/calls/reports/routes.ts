/**
 * HTTP route of the call reports (RT-13):
 * `GET /api/v1/calls/reports/{centre|municipality|county|amk-area|national}/:id`
 * `?from=&to=&granularity=&service=&lang=&format=json|csv|pdf`. The report is a pure function of
 * its source (model/call-report.ts); this file only parses, checks access and picks the format.
 */
import type { Route } from '../../platform/http/route.ts';
import type { Clock } from '../../platform/time/clock.ts';
import { refusal } from '../../platform/errors.ts';
import { buildCallReport } from './model/call-report.ts';
import type { CallReportSource, ReportNames, ReportSubjectKind } from './model/source.ts';
import { NATIONAL_GROUP } from '../statistics/rollup-cells.ts';
import { callReportsPolicy, type ReportResource } from './policy.ts';
import { callReportCsv } from './report-csv.ts';
import { callReportPdf } from './report-pdf.ts';
import { callReportParams, callReportQuery, callReportSchema } from './schema.ts';

/** What the routes need to know of the routing data in force (names, who serves a municipality). */
export interface ReportDirectory extends ReportNames {
  /** Whether the data knows the subject (false only when there is data and it does not). */
  knows(subject: 'centre' | 'municipality' | 'county' | 'amk-area', id: string): boolean;
  /** The AMK area of a centre (an AMK centre is its own). */
  amkOf(centreId: string): string | null;
  /** The centres that serve a municipality. */
  centresServing(municipality: string): string[];
}

export interface CallReportDeps {
  source: CallReportSource;
  directory: ReportDirectory;
  clock: Pick<Clock, 'now'>;
}

const unknownSubject = (subject: string, id: string) =>
  refusal('not-found', `The ${subject} ${id} was not found`, {
    code: 'calls.report-subject-unknown',
    params: { id },
  });

export function registerCallReportRoutes(route: Route, { source, directory, clock }: CallReportDeps): void {
  const resourceOf = (subject: ReportSubjectKind, id: string): ReportResource => {
    if (subject === 'national') {
      if (id !== NATIONAL_GROUP) throw unknownSubject(subject, id);
      return { kind: 'national' };
    }
    if (!directory.knows(subject, id)) throw unknownSubject(subject, id);
    if (subject === 'centre') return { kind: 'centre', centreId: id, amkId: directory.amkOf(id) };
    if (subject === 'amk-area') return { kind: 'amk-area', amkId: id };
    if (subject === 'county') return { kind: 'county' };
    const centreIds = directory.centresServing(id);
    return {
      kind: 'municipality',
      municipality: id,
      centreIds,
      amkIds: centreIds.flatMap((c) => directory.amkOf(c) ?? []),
    };
  };
  route({
    method: 'GET',
    url: '/api/v1/calls/reports/:subject/:id',
    summary: 'Call report of a centre, a municipality, a county, an AMK area or the nation for a period',
    description:
      'Volumes, the official answer-time figures, the figures over time, the answer-time distribution, ' +
      'the hour-of-week profile, the longest waits, misrouted calls and handovers to AMK. ' +
      '`format=csv` or `format=pdf` for the files (bokmål, or English with `lang=en`).',
    tags: ['calls-reports'],
    auth: {
      policy: callReportsPolicy,
      action: 'calls.report',
      scope: ({ params }) => resourceOf(params.subject, params.id),
    },
    params: callReportParams,
    query: callReportQuery,
    response: callReportSchema,
    produces: ['text/csv', 'application/pdf'],
    errors: [404],
    handler: async ({ params, query, reply }) => {
      const report = await buildCallReport(
        {
          subject: params.subject,
          id: params.id,
          from: query.from,
          to: query.to,
          ...(query.granularity && { granularity: query.granularity }),
          ...(query.service && { service: query.service }),
        },
        source,
        directory,
        clock.now(),
      );
      const lang = query.lang ?? 'nb';
      if (query.format === undefined || query.format === 'json') return report;
      const id = report.subject.id.replace(/[^A-Za-z0-9-]/g, '-');
      const base = `${lang === 'en' ? 'call-report' : 'anropsrapport'}-${id}-${query.from}-${query.to}`;
      if (query.format === 'csv')
        void reply
          .type('text/csv; charset=utf-8')
          .header('content-disposition', `attachment; filename="${base}.csv"`)
          .send(callReportCsv(report, lang));
      else
        void reply
          .type('application/pdf')
          .header('content-disposition', `attachment; filename="${base}.pdf"`)
          .send(await callReportPdf(report, lang));
    },
  });
}
