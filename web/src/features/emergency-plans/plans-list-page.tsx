/**
 * Beredskapsplaner (LV-7): the municipalities the user's centre serves — by the routing data in
 * force — each with its status (no plan, review overdue, due soon, up to date), its plans and whom
 * to alert first, with the number to call. Filter by name or number and by status; `?centre=`
 * (the control room's link) shows one centre's municipalities. Reloads when a plan changes.
 */
import { useMemo, useState } from 'react';
import { BodyShort, HGrid, HStack, Select, VStack } from '@navikt/ds-react';
import { DataTable } from '../../shared/components/data-table.tsx';
import { FilterSearch } from '../../shared/components/filter-search.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { useClientPaging } from '../../shared/components/paging.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { useLiveReload } from '../../shared/live/use-event-stream.ts';
import { queryParam, TextLink, useLocation } from '../../shared/router.tsx';
import { MUNICIPALITY_STATUSES, PLAN_CHANGED, plansApi, type MunicipalitySummary } from './api.ts';
import { Phones, ReviewTag, StatusTag } from './parts.tsx';

function matches(m: MunicipalitySummary, q: string): boolean {
  const s = q.trim().toLowerCase();
  return !s || m.number.startsWith(s) || m.name.toLowerCase().includes(s);
}

function PlansCell({ m }: { m: MunicipalitySummary }) {
  const { t } = useI18n();
  if (m.plans.length === 0) return <span className="nm-muted">{t('ep.status.missing')}</span>;
  return (
    <VStack gap="space-4" as="ul" className="nm-plain-list">
      {m.plans.map((p) => (
        <li key={p.id}>
          <HStack gap="space-8" align="center">
            <TextLink href={`/emergency-plans/plans/${p.id}`}>{p.title}</TextLink>
            <span className="nm-muted">{t(`ep.kind.${p.kind}` as MessageKey)}</span>
            <ReviewTag status={p.reviewStatus} reviewBy={p.reviewBy} />
          </HStack>
        </li>
      ))}
    </VStack>
  );
}

function FirstContact({ m }: { m: MunicipalitySummary }) {
  const first = m.plans.map((p) => p.contacts[0]).find((c) => c !== undefined);
  if (!first) return null;
  return (
    <VStack gap="space-2">
      <span>
        {first.name}, {first.role}
      </span>
      <Phones phones={first.phones} />
    </VStack>
  );
}

export function PlansListPage() {
  const { t } = useI18n();
  const location = useLocation();
  const centre = queryParam(location, 'centre') ?? undefined;
  const [q, setQ] = useState('');
  const [status, setStatus] = useState('');
  const list = useResource((sig) => plansApi.municipalities({ centre, status }, sig), [centre, status]);
  useLiveReload([PLAN_CHANGED], list.reload);
  const all = useMemo(() => (list.data?.items ?? []).filter((m) => matches(m, q)), [list.data, q]);
  const page = useClientPaging(all, `${q}|${status}|${centre ?? ''}`);
  const centreName = list.data?.items.find((m) => m.centreId === centre)?.centreName ?? centre;
  return (
    <PageFrame title={t('ep.list.title')} intro={t('ep.list.intro')}>
      <Panel title={t('ep.list.find')}>
        {centre && (
          <HStack gap="space-8" align="center">
            <BodyShort data-testid="centre-filter">
              {t('ep.list.centreFilter', { centre: centreName ?? '' })}
            </BodyShort>
            <TextLink href="/emergency-plans">{t('ep.list.centreAll')}</TextLink>
          </HStack>
        )}
        <HGrid columns={{ xs: 1, md: '22rem 16rem' }} gap="space-24" align="end">
          <FilterSearch label={t('ep.list.search')} value={q} onChange={setQ} />
          <Select
            label={t('ep.list.status')}
            size="small"
            value={status}
            onChange={(e) => setStatus(e.target.value)}
          >
            <option value="">{t('ep.list.status.all')}</option>
            {MUNICIPALITY_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`ep.status.${s}` as MessageKey)}
              </option>
            ))}
          </Select>
        </HGrid>
        <BodyShort className="nm-muted" aria-live="polite">
          {list.data ? t('ep.list.count', { count: all.length }) : t('app.loading')}
        </BodyShort>
        <ProblemAlert error={list.error} />
        <DataTable
          caption={t('ep.list.caption')}
          rows={page.rows}
          paging={page.paging}
          rowKey={(m) => m.number}
          empty={list.loading ? t('app.loading') : q || status ? t('common.noMatch') : t('ep.list.none')}
          testId="plans-table"
          columns={[
            {
              header: t('ep.col.municipality'),
              rowHeader: true,
              cell: (m) => (
                <TextLink href={`/emergency-plans/municipalities/${m.number}`}>
                  {m.name} ({m.number})
                </TextLink>
              ),
            },
            { header: t('ep.col.centre'), cell: (m) => m.centreName ?? '' },
            { header: t('ep.col.status'), cell: (m) => <StatusTag status={m.status} /> },
            { header: t('ep.col.plans'), cell: (m) => <PlansCell m={m} /> },
            { header: t('ep.col.firstContact'), cell: (m) => <FirstContact m={m} /> },
          ]}
        />
      </Panel>
    </PageFrame>
  );
}
