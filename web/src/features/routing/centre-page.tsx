/**
 * One legevaktsentral: its numbers, alternative site and schedule, its municipalities with who
 * serves each now, re-routes to and from it, and marking it unavailable/available (RT-11).
 */
import { useState, type FormEvent } from 'react';
import { Alert, BodyShort, Button, HStack, VStack } from '@navikt/ds-react';
import { routingApi, type CentreDetail } from './api.ts';
import { can } from '../../shared/auth.tsx';
import { formatDateTime, useI18n } from '../../shared/i18n/i18n.tsx';
import { DataTable } from '../../shared/components/data-table.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { TextLink } from '../../shared/router.tsx';
import { AvailabilityTag, CentreLink, methodLabel, ReasonField, useActor, useCentres } from './common.tsx';
import { scheduleText } from './schedule.ts';
import { useAmkNames } from './centres-page.tsx';

function AvailabilityForm({ centre, onChanged }: { centre: CentreDetail; onChanged: () => void }) {
  const { t } = useI18n();
  const actor = useActor();
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const next = !centre.unavailable;
  const s = useSubmit(
    () => routingApi.setAvailability(centre.id, { unavailable: next, reason: reason.trim() }),
    () => {
      setDone(next ? t('rt.avail.markedUnavailable') : t('rt.avail.markedAvailable'));
      setReason('');
      onChanged();
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(null);
    void s.run();
  };
  // The server's capabilities say where the user may change routing (RT-7, RT-11).
  const allowed = can(actor, 'routing.change', [centre.id, centre.amkId]);
  return (
    <form onSubmit={submit} aria-label={t('rt.avail.title')} noValidate>
      <VStack gap="space-16">
        <HStack gap="space-8" align="center">
          <BodyShort>{t('rt.avail.now')}</BodyShort>
          <AvailabilityTag unavailable={centre.unavailable} />
        </HStack>
        {centre.unavailable && (
          <Alert variant="warning" size="small" data-testid="alternative-site-note">
            {t('rt.avail.goesTo', {
              name: centre.alternativeSite.name,
              number: centre.alternativeSite.number,
            })}
          </Alert>
        )}
        {!allowed && <BodyShort className="nm-muted">{t('rt.avail.notAllowed')}</BodyShort>}
        <ReasonField value={reason} onChange={setReason} error={s.fieldErrors.reason} />
        <div>
          <Button type="submit" variant={next ? 'danger' : 'primary'} loading={s.busy}>
            {next ? t('rt.avail.markUnavailable') : t('rt.avail.markAvailable')}
          </Button>
        </div>
        <ProblemAlert error={s.error} shownFields={['reason']} />
        {done && <SuccessNote>{done}</SuccessNote>}
      </VStack>
    </form>
  );
}

function Numbers({ centre: c }: { centre: CentreDetail }) {
  const { t } = useI18n();
  const centres = useCentres();
  const amk = useAmkNames();
  const rows: [string, string][] = [
    [t('rt.col.underlying'), c.underlyingNumber],
    [t('rt.col.public'), c.publicNumber],
    [t('rt.col.internal'), c.internalNumber],
    [t('rt.col.alternative'), `${c.alternativeSite.name}, ${c.alternativeSite.number}`],
    [t('rt.col.amk'), amk.get(c.amkId) ?? c.amkId],
    [t('rt.centre.host'), c.hostMunicipality],
    [t('rt.centre.overflow'), c.overflow ? t('common.yes') : t('common.no')],
    [
      t('rt.col.schedule'),
      c.schedule
        ? `${scheduleText(t, c.schedule)} (${t('rt.schedule.partner', { name: centres.name(c.schedule.partnerCentreId) })})`
        : t('rt.schedule.none'),
    ],
  ];
  return (
    <DataTable
      caption={t('rt.centre.numbers')}
      rows={rows}
      rowKey={(r) => r[0]}
      testId="centre-numbers"
      columns={[
        { header: t('rt.centre.what'), rowHeader: true, cell: (r) => r[0] },
        { header: t('rt.centre.value'), cell: (r) => r[1] },
      ]}
    />
  );
}

function Municipalities({ centre }: { centre: CentreDetail }) {
  const { t } = useI18n();
  const list = useResource(
    (sig) => routingApi.listMunicipalities(undefined, sig),
    [centre.id, centre.unavailable],
  );
  const mine = new Set(centre.municipalities);
  const rows = (list.data?.items ?? []).filter((m) => mine.has(m.number));
  return (
    <>
      <ProblemAlert error={list.error} />
      <DataTable
        caption={t('rt.centre.municipalities')}
        rows={rows}
        rowKey={(m) => m.number}
        empty={list.loading ? t('app.loading') : t('common.empty')}
        testId="centre-municipalities"
        columns={[
          { header: t('rt.mun.number'), cell: (m) => m.number },
          { header: t('common.name'), rowHeader: true, cell: (m) => m.name },
          { header: t('rt.mun.county'), cell: (m) => m.countyName ?? m.countyNumber },
          { header: t('rt.mun.population'), cell: (m) => m.population.toLocaleString('nb-NO') },
          {
            header: t('rt.mun.servedNow'),
            cell: (m) =>
              m.servedNow ? (
                <>
                  <CentreLink id={m.servedNow.centreId} name={m.servedNow.centreName} /> (
                  {m.servedNow.connectTo},{' '}
                  {methodLabel(
                    t,
                    m.servedNow.method,
                    m.servedNow.connectTo === centre.alternativeSite.number,
                  )}
                  )
                </>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </>
  );
}

export function CentrePage({ id }: { id: string }) {
  const { t } = useI18n();
  const centre = useResource((sig) => routingApi.getCentre(id, sig), [id]);
  const centres = useCentres();
  const c = centre.data;
  return (
    <PageFrame
      title={c?.name ?? t('rt.centre.title')}
      intro={c ? t('rt.dataVersion', { version: c.dataVersion }) : undefined}
      actions={<TextLink href="/routing/centres">{t('rt.centre.back')}</TextLink>}
    >
      <ProblemAlert error={centre.error} />
      {c && (
        <>
          <Panel title={t('rt.avail.title')}>
            <AvailabilityForm centre={c} onChanged={centre.reload} />
          </Panel>
          <Panel title={t('rt.centre.numbers')}>
            <Numbers centre={c} />
          </Panel>
          <Panel title={t('rt.centre.municipalities')}>
            <Municipalities centre={c} />
          </Panel>
          <Panel title={t('rt.centre.reroutes')}>
            <DataTable
              caption={t('rt.centre.reroutes')}
              rows={c.reroutes}
              rowKey={(r) => r.id}
              empty={t('rt.reroutes.none')}
              columns={[
                {
                  header: t('rt.field.from'),
                  cell: (r) => <CentreLink id={r.fromCentreId} name={centres.name(r.fromCentreId)} />,
                },
                {
                  header: t('rt.field.to'),
                  cell: (r) => <CentreLink id={r.toCentreId} name={centres.name(r.toCentreId)} />,
                },
                {
                  header: t('rt.field.kind'),
                  cell: (r) => (r.kind === 'urgent' ? t('rt.kind.urgent') : t('rt.kind.planned')),
                },
                { header: t('rt.field.start'), cell: (r) => formatDateTime(r.startsAt) },
                {
                  header: t('rt.field.end'),
                  cell: (r) => (r.endsAt ? formatDateTime(r.endsAt) : t('rt.reroutes.untilEnded')),
                },
                { header: t('rt.field.reason'), cell: (r) => r.reason },
              ]}
            />
            <TextLink href="/routing/reroutes">{t('rt.centre.toReroutes')}</TextLink>
          </Panel>
        </>
      )}
    </PageFrame>
  );
}
