/** Roster check: upload a week's roster (CSV) and see every violation with paragraph and people. */
import { useState } from 'react';
import { Alert, Button, HGrid, Heading, VStack } from '@navikt/ds-react';
import { readinessApi, type Roster } from './api.ts';
import { formatDate, formatDateTime, todayIso, useI18n } from '../../shared/i18n/i18n.tsx';
import { CsvImportForm } from '../../shared/components/csv-import.tsx';
import { DataTable } from '../../shared/components/data-table.tsx';
import { DateField } from '../../shared/components/fields.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { UnitSelect, useUnits } from './unit-select.tsx';
import { useClientPaging } from '../../shared/components/paging.tsx';
import { ViolationsTable } from './violations-table.tsx';

/** Monday of the week containing `iso` (YYYY-MM-DD). */
function mondayOf(iso: string): string {
  const d = new Date(`${iso}T12:00:00Z`);
  const back = (d.getUTCDay() + 6) % 7;
  d.setUTCDate(d.getUTCDate() - back);
  return d.toISOString().slice(0, 10);
}

const ROSTER_UNIT_KINDS = [
  'municipality',
  'legevakt',
  'lv-sentral',
  'ambulance-station',
  'amk-centre',
  'health-trust',
] as const;

function RosterResult({ roster }: { roster: Roster }) {
  const { t } = useI18n();
  const n = roster.check.violations.length;
  return (
    <section aria-labelledby="roster-result" data-testid="roster-result">
      <VStack gap="space-12">
        <Heading level="2" size="medium" id="roster-result">
          {t('ros.result.title', { date: formatDate(roster.weekStart) })}
        </Heading>
        <Alert variant={n ? 'warning' : 'success'} role="status">
          {n
            ? t('ros.result.violations', { count: n, shifts: roster.check.checkedShifts })
            : t('ros.result.ok', { shifts: roster.check.checkedShifts })}
        </Alert>
        {n > 0 && <ViolationsTable violations={roster.check.violations} />}
      </VStack>
    </section>
  );
}

export function RosterPage() {
  const { t } = useI18n();
  const [unitId, setUnitId] = useState('');
  const [weekStart, setWeekStart] = useState(mondayOf(todayIso()));
  const [result, setResult] = useState<Roster | null>(null);
  const [shown, setShown] = useState<string | null>(null);
  const history = useResource((sig) => readinessApi.listRosters(unitId || undefined, sig), [unitId]);
  const historyPage = useClientPaging(history.data?.items ?? [], unitId);
  const units = useUnits();
  const old = useResource(async (sig) => (shown ? readinessApi.getRoster(shown, sig) : null), [shown]);
  const submit = async (csv: string) => {
    if (!unitId) throw new Error(t('imp.chooseUnit'));
    return readinessApi.importRosterCsv(unitId, weekStart, csv);
  };
  return (
    <PageFrame title={t('ros.title')} intro={t('ros.intro')}>
      <Panel title={t('ros.upload.title')}>
        <CsvImportForm
          title={t('ros.upload.title')}
          columns="unit_id, unit_kind, start, end, person_id, role"
          submit={submit}
          submitLabel={t('ros.submit')}
          onDone={(r) => {
            setResult(r);
            setShown(null);
            history.reload();
          }}
        >
          <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
            <UnitSelect
              label={t('ros.unit')}
              kinds={ROSTER_UNIT_KINDS}
              value={unitId}
              onChange={(id) => setUnitId(id)}
            />
            <DateField
              label={t('ros.weekStart')}
              value={weekStart}
              onChange={(v) => setWeekStart(v ? mondayOf(v) : v)}
            />
          </HGrid>
        </CsvImportForm>
      </Panel>
      {result && <RosterResult roster={result} />}
      <Panel title={t('ros.history.title')}>
        <ProblemAlert error={history.error} />
        <DataTable
          caption={t('ros.history.caption')}
          rows={historyPage.rows}
          paging={historyPage.paging}
          rowKey={(r) => r.id}
          columns={[
            {
              header: t('ros.history.week'),
              rowHeader: true,
              cell: (r) => (
                <Button
                  size="xsmall"
                  variant="tertiary"
                  aria-label={t('ros.history.show', { date: formatDate(r.weekStart) })}
                  onClick={() => {
                    setShown(r.id);
                    setResult(null);
                  }}
                >
                  {formatDate(r.weekStart)}
                </Button>
              ),
            },
            { header: t('ros.unit'), cell: (r) => units.name(r.unitId) },
            { header: t('ros.history.shifts'), cell: (r) => r.shifts },
            { header: t('ros.history.source'), cell: (r) => r.source.toUpperCase() },
            { header: t('ros.history.imported'), cell: (r) => formatDateTime(r.importedAt) },
          ]}
        />
        <ProblemAlert error={old.error} />
        {old.data && <RosterResult roster={old.data} />}
      </Panel>
    </PageFrame>
  );
}
