/** The call report API (/api/v1/calls/reports); the type comes from the server's model (type-only). */
import type { CallReport } from '../../../../src/calls/reports/model/call-report.ts';
import { api } from '../../shared/api/client.ts';

export type { CallReport };
export type ReportSubject = CallReport['subject']['kind'];

export interface CallReportQuery {
  from: string;
  to: string;
  granularity?: string;
  service?: string;
}

export const reportPath = (subject: ReportSubject, id: string) =>
  `/api/v1/calls/reports/${subject}/${encodeURIComponent(id)}`;

export const callReportsApi = {
  report: (subject: ReportSubject, id: string, query: CallReportQuery) =>
    api<CallReport>('GET', reportPath(subject, id), { query: { ...query } }),
};
