/**
 * Sentraler: the legevaktsentraler with their numbers (RT-8, RT-9), alternative sites (RT-11),
 * part-day schedules (RT-10), AMK, availability and active re-routes (RT-7); CSV exports.
 */
import { useState } from 'react';
import { BodyShort, HStack, VStack } from '@navikt/ds-react';
import { ROUTING_EXPORT_PATH, routingApi, type CentreListItem, type Reroute } from './api.ts';
import { useI18n } from '../../shared/i18n/i18n.tsx';
import { DataTable } from '../../shared/components/data-table.tsx';
import { DownloadButton } from '../../shared/components/download-button.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useLiveReload } from '../../shared/live/use-event-stream.ts';
import { useClientPaging } from '../../shared/components/paging.tsx';
import { FilterSearch } from '../../shared/components/filter-search.tsx';
import { SummaryFilter } from '../../shared/components/summary-filter.tsx';
import { AvailabilityTag, CentreLink, useCentres } from './common.tsx';
import { scheduleText } from './schedule.ts';

type StatusFilter = '' | 'unavailable' | 'rerouted' | 'part-day';

/** AMK names by id, from the phone list (RT-9). */
export function useAmkNames() {
  const list = useResource((sig) => routingApi.phoneList(sig), []);
  return new Map((list.data?.items ?? []).map((r) => [r.amkId, r.amkName]));
}

/** Event types (routing/events.ts) that change the open re-routes. */
const OPEN_REROUTE_EVENTS = ['routing.reroute.created', 'routing.reroute.ended'];

/** Open re-routes by the centre whose calls they move (kept current by the event stream). */
export function useOpenReroutes() {
  const res = useResource((sig) => routingApi.listReroutes('open', sig), []);
  useLiveReload(OPEN_REROUTE_EVENTS, res.reload);
  const byFrom = new Map<string, Reroute[]>();
  for (const r of res.data?.items ?? [])
    byFrom.set(r.fromCentreId, [...(byFrom.get(r.fromCentreId) ?? []), r]);
  return { ...res, byFrom };
}

function matches(c: CentreListItem, q: string): boolean {
  if (!q) return true;
  const s = q.toLowerCase();
  return (
    c.name.toLowerCase().includes(s) ||
    c.id.includes(s) ||
    c.municipalities.includes(s) ||
    [c.underlyingNumber, c.publicNumber, c.internalNumber, c.alternativeSite.number].some((n) =>
      n.includes(s.replace(/\s/g, '')),
    )
  );
}

export function ExportsPanel() {
  const { t } = useI18n();
  return (
    <Panel title={t('rt.exports.title')}>
      <BodyShort className="nm-muted">{t('rt.exports.intro')}</BodyShort>
      <HStack gap="space-12" align="start">
        <DownloadButton
          path={`${ROUTING_EXPORT_PATH}/routing-table`}
          query={{ format: 'csv' }}
          fileName="routing-table.csv"
        >
          {t('rt.exports.routingTable')}
        </DownloadButton>
        <DownloadButton
          path={`${ROUTING_EXPORT_PATH}/phone-list`}
          query={{ format: 'csv' }}
          fileName="phone-list.csv"
        >
          {t('rt.exports.phoneList')}
        </DownloadButton>
      </HStack>
    </Panel>
  );
}

export function CentresPage() {
  const { t } = useI18n();
  const centres = useCentres();
  const amk = useAmkNames();
  const reroutes = useOpenReroutes();
  const [q, setQ] = useState('');
  const [status, setStatus] = useState<StatusFilter>('');
  const isStatus = (c: CentreListItem, s: StatusFilter) =>
    s === '' ||
    (s === 'unavailable' && c.unavailable) ||
    (s === 'rerouted' && reroutes.byFrom.has(c.id)) ||
    (s === 'part-day' && !!c.schedule);
  const rows = centres.items
    .filter((c) => matches(c, q.trim()))
    .filter((c) => isStatus(c, status))
    .sort((a, b) => a.name.localeCompare(b.name, 'nb'));
  const page = useClientPaging(rows, `${status}|${q.trim()}`);
  const count = (s: StatusFilter) => centres.items.filter((c) => isStatus(c, s)).length;
  return (
    <PageFrame
      title={t('rt.centres.title')}
      intro={
        centres.data
          ? `${t('rt.centres.intro')} ${t('rt.dataVersion', { version: centres.data.dataVersion })}`
          : t('rt.centres.intro')
      }
    >
      <Panel title={t('rt.centres.list')}>
        {centres.data && (
          <SummaryFilter
            label={t('rt.centres.summary')}
            testId="centres-summary"
            value={status}
            onChange={setStatus}
            options={(
              [
                ['', t('common.all')],
                ['unavailable', t('rt.status.unavailable')],
                ['rerouted', t('rt.centres.filter.rerouted')],
                ['part-day', t('rt.centres.filter.partDay')],
              ] as const
            ).map(([value, label]) => ({ value, label, count: count(value) }))}
          />
        )}
        <FilterSearch label={t('rt.centres.search')} value={q} onChange={setQ} />
        <ProblemAlert error={centres.error} />
        <ProblemAlert error={reroutes.error} />
        <DataTable
          caption={t('rt.centres.list')}
          rows={page.rows}
          paging={page.paging}
          rowKey={(c) => c.id}
          empty={centres.loading ? t('app.loading') : t('common.noMatch')}
          testId="centres-table"
          columns={[
            {
              header: t('common.name'),
              rowHeader: true,
              cell: (c) => <CentreLink id={c.id} name={c.name} />,
            },
            { header: t('common.status'), cell: (c) => <AvailabilityTag unavailable={c.unavailable} /> },
            { header: t('rt.col.municipalities'), cell: (c) => c.municipalities.length },
            { header: t('rt.col.underlying'), cell: (c) => c.underlyingNumber },
            { header: t('rt.col.public'), cell: (c) => c.publicNumber },
            { header: t('rt.col.internal'), cell: (c) => c.internalNumber },
            {
              header: t('rt.col.alternative'),
              cell: (c) => (
                <VStack>
                  <span>{c.alternativeSite.name}</span>
                  <span className="nm-muted">{c.alternativeSite.number}</span>
                </VStack>
              ),
            },
            {
              header: t('rt.col.schedule'),
              cell: (c) =>
                c.schedule ? (
                  <VStack>
                    <span>{scheduleText(t, c.schedule)}</span>
                    <span className="nm-muted">
                      {t('rt.schedule.partner', { name: centres.name(c.schedule.partnerCentreId) })}
                    </span>
                  </VStack>
                ) : (
                  ''
                ),
            },
            { header: t('rt.col.amk'), cell: (c) => amk.get(c.amkId) ?? c.amkId },
            {
              header: t('rt.col.reroutes'),
              cell: (c) =>
                (reroutes.byFrom.get(c.id) ?? []).map((r) => `→ ${centres.name(r.toCentreId)}`).join(', '),
            },
          ]}
        />
      </Panel>
      <ExportsPanel />
    </PageFrame>
  );
}
