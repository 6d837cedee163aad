/**
 * The call report (RT-13) for a centre, a municipality or the whole country over a period: the
 * official figures, the charts (drawn from the same geometry as the PDF), the lists, and the PDF
 * and CSV downloads.
 */
import { useState, type FormEvent } from 'react';
import {
  BodyShort,
  Button,
  HGrid,
  HStack,
  Heading,
  Radio,
  RadioGroup,
  Select,
  Tag,
  VStack,
} from '@navikt/ds-react';
import { reportCharts } from '../../../../src/calls/reports/charts/index.ts';
import {
  formatDuration,
  formatShare,
  periodLabel,
  type ReportTextKey,
} from '../../../../src/calls/reports/model/report-text.ts';
import { routingApi } from '../routing/api.ts';
import { DataTable } from '../../shared/components/data-table.tsx';
import { DownloadButton } from '../../shared/components/download-button.tsx';
import { DateField } from '../../shared/components/fields.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { formatDate, formatDateTime, todayIso, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { callReportsApi, reportPath, type CallReport, type ReportSubject } from './api.ts';
import { ChartSvg } from './chart-svg.tsx';
import { CallRecordingsCell } from '../lydlogg/recordings-link.tsx';

const GRANULARITIES = ['hour', 'day', 'week', 'month'] as const;

/** A day `days` before `date` (YYYY-MM-DD). */
function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

function useReportText() {
  const { t, lang } = useI18n();
  const rt = (key: ReportTextKey, vars?: Record<string, string | number>) =>
    t(`callReport.${key}` as MessageKey, vars);
  return { t, rt, lang };
}

function Figure({ label, value, testId }: { label: string; value: string | number; testId?: string }) {
  return (
    <div
      className="nm-panel"
      style={{ padding: 'var(--ax-space-12) var(--ax-space-16)' }}
      data-testid={testId}
    >
      <BodyShort size="small" className="nm-muted">
        {label}
      </BodyShort>
      <BodyShort weight="semibold" style={{ fontSize: '1.5rem' }}>
        {value}
      </BodyShort>
    </div>
  );
}

function Report({ report }: { report: CallReport }) {
  const { t, rt, lang } = useReportText();
  const f = report.figures;
  const amk = report.service === 'amk';
  const centre = (id: string | undefined) =>
    id === undefined || id === 'unknown' ? rt('unknown') : (report.names.centres[id] ?? id);
  const municipality = (nr: string | undefined) =>
    nr === undefined ? rt('unknown') : (report.names.municipalities[nr] ?? nr);
  const median =
    f.medianAnswer === null
      ? '–'
      : f.medianAnswer.exact
        ? formatDuration(f.medianAnswer.minMs, lang)
        : t('callReports.median.bounded', {
            min: formatDuration(f.medianAnswer.minMs, lang),
            max: formatDuration(f.medianAnswer.maxMs, lang),
          });
  const title = rt(`title.${report.subject.kind}`, { name: report.subject.name });
  const mis = report.lists.misrouted;
  const tr = report.lists.transfersToAmk;
  return (
    <VStack gap="space-24" data-testid="call-report">
      <VStack gap="space-4">
        <Heading level="2" size="medium">
          {title}
        </Heading>
        <BodyShort>
          {rt(`service.${report.service}`)}.{' '}
          {rt('period', { from: formatDate(report.period.from), to: formatDate(report.period.to) })}
        </BodyShort>
        <BodyShort size="small" className="nm-muted">
          {rt('generated', { time: formatDateTime(report.generatedAt) })}
        </BodyShort>
      </VStack>
      <HGrid columns={{ xs: 2, md: 4 }} gap="space-12" data-testid="call-report-figures">
        <Figure label={rt('figure.calls')} value={f.calls} />
        <Figure label={rt('figure.answered')} value={f.answered} />
        <Figure
          label={rt('figure.unanswered')}
          value={`${f.unanswered} (${formatShare(f.shareUnanswered, lang)})`}
        />
        <Figure label={rt('figure.abandonedBeforeRinging')} value={f.abandonedBeforeRinging} />
        {amk && (
          <Figure label={rt('figure.within10Seconds')} value={formatShare(f.shareWithin10Seconds, lang)} />
        )}
        <Figure
          label={rt('figure.within2Minutes')}
          value={formatShare(f.shareWithin2Minutes, lang)}
          testId="figure-within-2-minutes"
        />
        <Figure label={rt('figure.within10Minutes')} value={formatShare(f.shareWithin10Minutes, lang)} />
        <Figure label={rt('figure.median')} value={median} />
        <Figure
          label={rt('figure.longest')}
          value={f.longestAnswerMs === null ? '–' : formatDuration(f.longestAnswerMs, lang)}
        />
      </HGrid>
      <HStack gap="space-12" align="center">
        <BodyShort>
          {rt('figure.target', {
            share: formatShare(f.target.required, lang),
            limit: rt(amk ? 'limit.10s' : 'limit.2min'),
          })}
        </BodyShort>
        <Tag
          size="small"
          variant={f.target.met === null ? 'neutral' : f.target.met ? 'success' : 'error'}
          data-testid="target-verdict"
        >
          {f.target.met === null
            ? rt('figure.target.none')
            : rt(f.target.met ? 'figure.target.met' : 'figure.target.notMet')}
        </Tag>
      </HStack>
      {reportCharts(report, lang).map((chart) => (
        <Panel key={chart.id} title={chart.title}>
          <BodyShort size="small" className="nm-muted">
            {chart.description}
          </BodyShort>
          <ChartSvg chart={chart} />
        </Panel>
      ))}
      <Panel title={rt('section.series')}>
        <DataTable
          caption={rt('section.series')}
          rows={report.series}
          rowKey={(p) => p.period}
          testId="report-series"
          columns={[
            {
              header: rt('col.period'),
              rowHeader: true,
              cell: (p) =>
                `${periodLabel(p.period, lang)}${p.partial ? ` (${rt('chart.series.partial')})` : ''}`,
            },
            { header: rt('figure.calls'), cell: (p) => p.calls },
            { header: rt('figure.answered'), cell: (p) => p.answered },
            { header: rt('figure.unanswered'), cell: (p) => p.unanswered },
            {
              header: rt(amk ? 'figure.within10Seconds' : 'figure.within2Minutes'),
              cell: (p) => formatShare(p.targetShare, lang),
            },
          ]}
        />
      </Panel>
      <Panel title={rt('section.longestWaits')}>
        <DataTable
          caption={rt('section.longestWaits')}
          rows={report.lists.longestWaits}
          rowKey={(c) => c.callId}
          empty={rt('list.none')}
          testId="longest-waits"
          columns={[
            {
              header: rt('col.call'),
              rowHeader: true,
              cell: (c) => <CallRecordingsCell callId={c.callId} centreId={c.centreId} />,
            },
            { header: rt('col.time'), cell: (c) => formatDateTime(new Date(c.at).toISOString()) },
            { header: rt('col.centre'), cell: (c) => centre(c.centreId) },
            { header: rt('col.wait'), cell: (c) => formatDuration(c.waitMs, lang) },
            { header: rt('col.outcome'), cell: (c) => rt(`outcome.${c.outcome}`) },
          ]}
        />
      </Panel>
      <Panel title={rt('section.misrouted')}>
        <BodyShort>{rt('list.total', { total: mis.total })}</BodyShort>
        {mis.total > 0 && (
          <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
            <DataTable
              caption={t('callReports.byReason')}
              showCaption
              rows={mis.byReason}
              rowKey={(b) => b.key}
              columns={[
                { header: rt('col.reason'), rowHeader: true, cell: (b) => rt(`reason.${b.key}`) },
                { header: rt('col.count'), cell: (b) => b.count },
              ]}
            />
            <DataTable
              caption={t('callReports.byCorrectCentre')}
              showCaption
              rows={mis.byCorrectCentre}
              rowKey={(b) => b.key}
              columns={[
                { header: rt('col.correctCentre'), rowHeader: true, cell: (b) => centre(b.key) },
                { header: rt('col.count'), cell: (b) => b.count },
              ]}
            />
          </HGrid>
        )}
        <DataTable
          caption={rt('section.misrouted')}
          rows={mis.calls}
          rowKey={(c) => c.callId}
          empty={rt('list.none')}
          testId="misrouted-calls"
          columns={[
            {
              header: rt('col.call'),
              rowHeader: true,
              cell: (c) => <CallRecordingsCell callId={c.callId} centreId={c.centreId} />,
            },
            { header: rt('col.time'), cell: (c) => formatDateTime(new Date(c.at).toISOString()) },
            { header: rt('col.centre'), cell: (c) => centre(c.centreId) },
            { header: rt('col.reason'), cell: (c) => rt(`reason.${c.reason}`) },
            { header: rt('col.correctCentre'), cell: (c) => centre(c.correctCentreId) },
            { header: rt('col.correctMunicipality'), cell: (c) => municipality(c.correctMunicipality) },
            { header: rt('col.hastegrad'), cell: (c) => (c.hastegrad ? rt(`hastegrad.${c.hastegrad}`) : '') },
          ]}
        />
        {mis.calls.length < mis.total && (
          <BodyShort size="small">
            {rt('list.shown', { shown: mis.calls.length, total: mis.total })}
          </BodyShort>
        )}
      </Panel>
      <Panel title={rt('section.transfers')}>
        <BodyShort>{rt('list.total', { total: tr.total })}</BodyShort>
        <DataTable
          caption={rt('section.transfers')}
          rows={tr.calls}
          rowKey={(c) => `${c.callId}:${c.handedOverAt}`}
          empty={rt('list.none')}
          testId="amk-handovers"
          columns={[
            {
              header: rt('col.call'),
              rowHeader: true,
              cell: (c) => <CallRecordingsCell callId={c.callId} centreId={c.centreId} />,
            },
            { header: rt('col.time'), cell: (c) => formatDateTime(new Date(c.handedOverAt).toISOString()) },
            { header: rt('col.centre'), cell: (c) => centre(c.centreId) },
            { header: rt('col.target'), cell: (c) => centre(c.target.id) },
            {
              header: rt('col.kind'),
              cell: (c) => `${rt(`handover.${c.kind}`)}, ${rt(`handoverOutcome.${c.outcome}`)}`,
            },
            { header: rt('col.hastegrad'), cell: (c) => (c.hastegrad ? rt(`hastegrad.${c.hastegrad}`) : '') },
          ]}
        />
        {tr.calls.length < tr.total && (
          <BodyShort size="small">{rt('list.shown', { shown: tr.calls.length, total: tr.total })}</BodyShort>
        )}
      </Panel>
    </VStack>
  );
}

interface Option {
  value: string;
  label: string;
}

export function CallReportPage() {
  const { t, rt, lang } = useReportText();
  const today = todayIso();
  const [subject, setSubject] = useState<ReportSubject>('centre');
  const [picked, setPicked] = useState<Record<ReportSubject, string>>({
    centre: '',
    municipality: '',
    county: '',
    'amk-area': '',
    national: 'NO',
  });
  const [service, setService] = useState<'legevakt' | 'amk'>('legevakt');
  const [from, setFrom] = useState(daysBefore(today, 7));
  const [to, setTo] = useState(daysBefore(today, 1));
  const [granularity, setGranularity] = useState('');
  const [report, setReport] = useState<CallReport | null>(null);
  const centres = useResource((signal) => routingApi.listCentres(signal), []);
  const municipalities = useResource((signal) => routingApi.listMunicipalities(undefined, signal), []);
  const counties = useResource((signal) => routingApi.listCounties(signal), []);
  const amkCentres = useResource((signal) => routingApi.listAmkCentres(signal), []);
  const id = picked[subject];
  const pickers: Record<Exclude<ReportSubject, 'national'>, { label: string; options: Option[] }> = {
    centre: {
      label: t('callReports.centre'),
      options: (centres.data?.items ?? []).map((c) => ({ value: c.id, label: c.name })),
    },
    municipality: {
      label: t('callReports.municipality'),
      options: (municipalities.data?.items ?? []).map((m) => ({
        value: m.number,
        label: `${m.name} (${m.number})`,
      })),
    },
    county: {
      label: t('callReports.county'),
      options: (counties.data?.items ?? []).map((c) => ({
        value: c.number,
        label: `${c.name} (${c.number})`,
      })),
    },
    'amk-area': {
      label: t('callReports.amkArea'),
      options: (amkCentres.data?.items ?? []).map((a) => ({ value: a.id, label: a.name })),
    },
  };
  // A centre's or a municipality's service follows from it; the wider subjects hold both.
  const servicePicked = subject === 'national' || subject === 'county' || subject === 'amk-area';
  const query = {
    from,
    to,
    ...(granularity && { granularity }),
    ...(servicePicked && { service }),
  };
  const chosen = id !== '';
  const s = useSubmit(() => callReportsApi.report(subject, id, query), setReport);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run();
  };
  const fileBase = `${lang === 'en' ? 'call-report' : 'anropsrapport'}-${id}-${from}-${to}`;
  return (
    <PageFrame title={t('callReports.title')} intro={t('callReports.intro')}>
      <Panel title={t('callReports.form')}>
        <form onSubmit={submit} aria-label={t('callReports.form')} noValidate>
          <VStack gap="space-16">
            <RadioGroup
              legend={t('callReports.subject')}
              value={subject}
              onChange={(v: ReportSubject) => {
                setSubject(v);
                if (v === 'amk-area') setService('amk');
                else if (v !== 'national') setService('legevakt');
              }}
            >
              <HStack gap="space-24">
                <Radio value="centre">{rt('subject.centre')}</Radio>
                <Radio value="municipality">{rt('subject.municipality')}</Radio>
                <Radio value="county">{rt('subject.county')}</Radio>
                <Radio value="amk-area">{rt('subject.amk-area')}</Radio>
                <Radio value="national">{rt('subject.national')}</Radio>
              </HStack>
            </RadioGroup>
            <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
              {subject !== 'national' && (
                <Select
                  label={pickers[subject].label}
                  value={picked[subject]}
                  onChange={(e) => setPicked({ ...picked, [subject]: e.target.value })}
                >
                  <option value="">{t('common.select')}</option>
                  {pickers[subject].options.map((o) => (
                    <option key={o.value} value={o.value}>
                      {o.label}
                    </option>
                  ))}
                </Select>
              )}
              {servicePicked && (
                <Select
                  label={t('callReports.service')}
                  value={service}
                  onChange={(e) => setService(e.target.value as 'legevakt' | 'amk')}
                >
                  <option value="legevakt">{rt('service.legevakt')}</option>
                  <option value="amk">{rt('service.amk')}</option>
                </Select>
              )}
              <Select
                label={t('callReports.granularity')}
                value={granularity}
                onChange={(e) => setGranularity(e.target.value)}
                error={s.fieldErrors.granularity}
              >
                <option value="">{t('callReports.granularity.auto')}</option>
                {GRANULARITIES.map((g) => (
                  <option key={g} value={g}>
                    {rt(`granularity.${g}`)}
                  </option>
                ))}
              </Select>
              <DateField
                label={t('callReports.from')}
                value={from}
                onChange={setFrom}
                error={s.fieldErrors.from}
              />
              <DateField label={t('callReports.to')} value={to} onChange={setTo} error={s.fieldErrors.to} />
            </HGrid>
            <HStack gap="space-12" align="start">
              <Button type="submit" loading={s.busy} disabled={!chosen}>
                {t('callReports.show')}
              </Button>
              {chosen && (
                <>
                  <DownloadButton
                    path={reportPath(subject, id)}
                    query={{ ...query, lang, format: 'pdf' }}
                    fileName={`${fileBase}.pdf`}
                  >
                    {t('common.downloadPdf')}
                  </DownloadButton>
                  <DownloadButton
                    path={reportPath(subject, id)}
                    query={{ ...query, lang, format: 'csv' }}
                    fileName={`${fileBase}.csv`}
                  >
                    {t('common.downloadCsv')}
                  </DownloadButton>
                </>
              )}
            </HStack>
            {!chosen && <BodyShort className="nm-muted">{t('callReports.choose')}</BodyShort>}
            <ProblemAlert error={s.error} shownFields={['from', 'to', 'granularity']} />
          </VStack>
        </form>
      </Panel>
      {report && <Report report={report} />}
    </PageFrame>
  );
}
