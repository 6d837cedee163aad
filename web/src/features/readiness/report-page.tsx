/** CMP-6: documentation report per municipality or health trust on a date — page, PDF and CSV. */
import { useState, type FormEvent } from 'react';
import { BodyShort, Button, HGrid, HStack, Heading, List, Radio, RadioGroup, VStack } from '@navikt/ds-react';
import { readinessApi, REPORT_PATH, type DocumentationReport } from './api.ts';
import { formatDate, formatDateTime, todayIso, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { DataTable } from '../../shared/components/data-table.tsx';
import { DateField } from '../../shared/components/fields.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { DownloadButton } from '../../shared/components/download-button.tsx';
import { UnitSelect } from './unit-select.tsx';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { ReadyTag, blockerText, warningText } from './onboarding-page.tsx';
import { ViolationsTable } from './violations-table.tsx';

type Scope = 'municipality' | 'health-trust';

function Figure({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="nm-panel" style={{ padding: 'var(--ax-space-12) var(--ax-space-16)' }}>
      <BodyShort size="small" className="nm-muted">
        {label}
      </BodyShort>
      <BodyShort weight="semibold" style={{ fontSize: '1.5rem' }}>
        {value}
      </BodyShort>
    </div>
  );
}

function Report({ report }: { report: DocumentationReport }) {
  const { t, lang } = useI18n();
  const s = report.summary;
  const violations = report.units.flatMap((u) => u.competence.violations);
  return (
    <VStack gap="space-24" data-testid="documentation-report">
      <VStack gap="space-4">
        <Heading level="2" size="medium">
          {t('rep.heading', { name: report.scope.name, date: formatDate(report.date) })}
        </Heading>
        <BodyShort size="small" className="nm-muted">
          {t('rep.generated', { time: formatDateTime(report.generatedAt) })}
        </BodyShort>
      </VStack>
      <HGrid columns={{ xs: 2, md: 5 }} gap="space-12">
        <Figure label={t('rep.summary.units')} value={s.units} />
        <Figure label={t('rep.summary.ready')} value={`${s.ready} / ${s.units}`} />
        <Figure
          label={t('rep.summary.agreements')}
          value={`${s.agreementsSigned} / ${s.agreementsRequired}`}
        />
        <Figure label={t('rep.summary.trained')} value={`${s.trained} / ${s.people}`} />
        <Figure label={t('rep.summary.violations')} value={s.violations} />
      </HGrid>
      <Panel title={t('rep.units.caption')}>
        <DataTable
          caption={t('rep.units.caption')}
          rows={report.units}
          rowKey={(u) => u.unit.id}
          empty={t('rep.noUnits')}
          testId="report-units"
          columns={[
            { header: t('onb.col.unit'), rowHeader: true, cell: (u) => u.unit.name },
            { header: t('org.col.kind'), cell: (u) => t(`unitKind.${u.unit.kind}` as MessageKey) },
            { header: t('onb.col.ready'), cell: (u) => <ReadyTag ready={u.ready} /> },
            {
              header: t('rep.col.agreements'),
              cell: (u) =>
                `${u.agreements.filter((a) => a.status === 'signed').length} / ${u.agreements.length}`,
            },
            {
              header: t('rep.col.equipment'),
              cell: (u) => `${u.equipment.operatorPositions} / ${u.equipment.radioTerminals}`,
            },
            { header: t('rep.col.training'), cell: (u) => `${u.training.trained} / ${u.training.people}` },
            { header: t('onb.col.paymentStart'), cell: (u) => formatDate(u.paymentStart) },
            {
              header: t('onb.col.blockers'),
              cell: (u) =>
                u.blockers.length || u.timelineWarnings.length ? (
                  <List as="ul" size="small">
                    {u.blockers.map((b, i) => (
                      <List.Item key={`b${i}`}>{blockerText(t, b, [], lang)}</List.Item>
                    ))}
                    {u.timelineWarnings.map((w, i) => (
                      <List.Item key={`w${i}`}>{warningText(t, w)}</List.Item>
                    ))}
                  </List>
                ) : (
                  ''
                ),
            },
          ]}
        />
      </Panel>
      {violations.length > 0 && (
        <Panel title={t('rep.summary.violations')}>
          <ViolationsTable violations={violations} />
        </Panel>
      )}
      {report.procedures.length > 0 && (
        <Panel title={t('rep.procedures')}>
          <List as="ul" size="small">
            {report.procedures.map((p) => (
              <List.Item key={p.id}>
                {t('rep.procedure.level', { level: p.level })}: {p.title} ({p.version},{' '}
                {formatDate(p.validFrom)})
              </List.Item>
            ))}
          </List>
        </Panel>
      )}
    </VStack>
  );
}

export function ReportPage() {
  const { t, lang } = useI18n();
  const [scope, setScope] = useState<Scope>('municipality');
  const [kommunenummer, setKommunenummer] = useState('');
  const [trust, setTrust] = useState('');
  const [date, setDate] = useState(todayIso());
  const [report, setReport] = useState<DocumentationReport | null>(null);
  const query = scope === 'municipality' ? { kommunenummer, date } : { healthTrustId: trust, date };
  const chosen = scope === 'municipality' ? !!kommunenummer : !!trust;
  const s = useSubmit(() => readinessApi.documentation(query), setReport);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run();
  };
  const fileBase = `dokumentasjon-${scope === 'municipality' ? kommunenummer : trust}-${date}`;
  return (
    <PageFrame title={t('rep.title')} intro={t('rep.intro')}>
      <Panel title={t('rep.show')}>
        <form onSubmit={submit} aria-label={t('rep.show')} noValidate>
          <VStack gap="space-16">
            <RadioGroup legend={t('rep.scope')} value={scope} onChange={(v: Scope) => setScope(v)}>
              <HStack gap="space-24">
                <Radio value="municipality">{t('rep.scope.municipality')}</Radio>
                <Radio value="health-trust">{t('rep.scope.health-trust')}</Radio>
              </HStack>
            </RadioGroup>
            <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
              {scope === 'municipality' ? (
                <UnitSelect
                  label={t('rep.municipality')}
                  kinds={['municipality']}
                  optionValue={(u) => u.kommunenummer ?? u.id}
                  value={kommunenummer}
                  onChange={(v) => setKommunenummer(v)}
                  error={s.fieldErrors.kommunenummer}
                />
              ) : (
                <UnitSelect
                  label={t('rep.healthTrust')}
                  kinds={['health-trust']}
                  value={trust}
                  onChange={(v) => setTrust(v)}
                  error={s.fieldErrors.healthTrustId}
                />
              )}
              <DateField label={t('rep.date')} value={date} onChange={setDate} error={s.fieldErrors.date} />
            </HGrid>
            <HStack gap="space-12" align="start">
              <Button type="submit" loading={s.busy} disabled={!chosen}>
                {t('rep.show')}
              </Button>
              {chosen && (
                <>
                  <DownloadButton
                    path={`${REPORT_PATH}.pdf`}
                    query={{ ...query, lang }}
                    fileName={`${fileBase}.pdf`}
                  >
                    {t('common.downloadPdf')}
                  </DownloadButton>
                  <DownloadButton
                    path={`${REPORT_PATH}.csv`}
                    query={{ ...query, lang }}
                    fileName={`${fileBase}.csv`}
                  >
                    {t('common.downloadCsv')}
                  </DownloadButton>
                </>
              )}
            </HStack>
            {!chosen && <BodyShort className="nm-muted">{t('rep.choose')}</BodyShort>}
            <ProblemAlert error={s.error} shownFields={['kommunenummer', 'healthTrustId', 'date']} />
          </VStack>
        </form>
      </Panel>
      {report && <Report report={report} />}
    </PageFrame>
  );
}
