/**
 * Kommuner: find a municipality by name or number and see which centre serves it now — or at a
 * chosen time — and how: home centre, part-day schedule (RT-10), re-route (RT-7) or the
 * centre's alternative site (RT-11).
 */
import { useState, type FormEvent } from 'react';
import { BodyShort, Button, HGrid, HStack, VStack } from '@navikt/ds-react';
import { routingApi, type MunicipalityItem } from './api.ts';
import { formatDateTime, useI18n } from '../../shared/i18n/i18n.tsx';
import { DataTable } from '../../shared/components/data-table.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useClientPaging } from '../../shared/components/paging.tsx';
import { FilterSearch } from '../../shared/components/filter-search.tsx';
import {
  CentreLink,
  DateTimeFields,
  dateTimeResult,
  emptyDateTime,
  methodLabel,
  useCentres,
  type DateTimeValue,
} from './common.tsx';

function matches(m: MunicipalityItem, q: string): boolean {
  if (!q) return true;
  const s = q.toLowerCase();
  return m.number.startsWith(s) || m.name.toLowerCase().includes(s);
}

export function MunicipalitiesPage() {
  const { t } = useI18n();
  const centres = useCentres();
  const [q, setQ] = useState('');
  const [atInput, setAtInput] = useState<DateTimeValue>(emptyDateTime);
  const [at, setAt] = useState<string | undefined>();
  const [atError, setAtError] = useState<string | undefined>();
  const list = useResource((sig) => routingApi.listMunicipalities(at, sig), [at]);
  const all = (list.data?.items ?? []).filter((m) => matches(m, q.trim()));
  const page = useClientPaging(all, `${q.trim()}|${at ?? ''}`);

  const applyAt = (e: FormEvent) => {
    e.preventDefault();
    const r = dateTimeResult(t, atInput);
    setAtError(r.ok ? undefined : r.message);
    if (r.ok) setAt(r.iso);
  };
  // The list answers for the home centre; an alternative site shows as its number.
  const how = (m: MunicipalityItem) => {
    const s = m.servedNow;
    if (!s) return '';
    const alt = centres.byId.get(s.centreId)?.alternativeSite.number === s.connectTo;
    return s.method === 'mobile-position' && !alt ? t('rt.method.home') : methodLabel(t, s.method, alt);
  };

  return (
    <PageFrame title={t('rt.mun.title')} intro={t('rt.mun.intro')}>
      <Panel title={t('rt.mun.find')}>
        <HGrid columns={{ xs: 1, md: '22rem auto' }} gap="space-24" align="end">
          <FilterSearch label={t('rt.mun.search')} value={q} onChange={setQ} />
          <form onSubmit={applyAt} aria-label={t('rt.mun.atForm')} noValidate>
            <HStack gap="space-12" align="end">
              <DateTimeFields
                label={t('rt.mun.at')}
                size="small"
                value={atInput}
                onChange={setAtInput}
                error={atError}
              />
              <Button type="submit" size="small" variant="secondary">
                {t('rt.mun.atApply')}
              </Button>
              {at && (
                <Button
                  type="button"
                  size="small"
                  variant="tertiary"
                  onClick={() => {
                    setAt(undefined);
                    setAtInput(emptyDateTime);
                  }}
                >
                  {t('rt.mun.atNow')}
                </Button>
              )}
            </HStack>
          </form>
        </HGrid>
        <VStack gap="space-4">
          <BodyShort className="nm-muted" aria-live="polite" data-testid="municipalities-at">
            {list.data
              ? t(at ? 'rt.mun.shownAt' : 'rt.mun.shownNow', {
                  time: formatDateTime(list.data.at),
                  count: all.length,
                })
              : t('app.loading')}
          </BodyShort>
        </VStack>
        <ProblemAlert error={list.error} />
        <DataTable
          caption={t('rt.mun.list')}
          rows={page.rows}
          paging={page.paging}
          rowKey={(m) => m.number}
          empty={list.loading ? t('app.loading') : t('common.noMatch')}
          testId="municipalities-table"
          columns={[
            { header: t('rt.mun.number'), cell: (m) => m.number },
            { header: t('common.name'), rowHeader: true, cell: (m) => m.name },
            { header: t('rt.mun.county'), cell: (m) => m.countyName ?? m.countyNumber },
            {
              header: t('rt.mun.home'),
              cell: (m) =>
                m.homeCentreId ? <CentreLink id={m.homeCentreId} name={centres.name(m.homeCentreId)} /> : '',
            },
            {
              header: t('rt.mun.servedNow'),
              cell: (m) =>
                m.servedNow ? <CentreLink id={m.servedNow.centreId} name={m.servedNow.centreName} /> : '—',
            },
            { header: t('rt.dec.connectTo'), cell: (m) => m.servedNow?.connectTo ?? '' },
            { header: t('rt.dec.method'), cell: how },
          ]}
        />
      </Panel>
    </PageFrame>
  );
}
