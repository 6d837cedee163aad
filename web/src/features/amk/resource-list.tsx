/**
 * The resource list beside the map (issue 14; NN-5, AMK-2): the own units and the neighbours'
 * available ones, counts per status (each a filter), the crew flag (a crew that breaks the §11
 * rules), a filter by kind and by own/neighbours, 25 rows a page. Each call sign opens the unit;
 * "Vis på kartet" chooses it on the map — the keyboard's way to the map's markers.
 */
import { useMemo } from 'react';
import { Button, HStack, Select, Tag, VStack } from '@navikt/ds-react';
import { DataTable } from '../../shared/components/data-table.tsx';
import { useClientPaging } from '../../shared/components/paging.tsx';
import { SummaryFilter, type SummaryOption } from '../../shared/components/summary-filter.tsx';
import { useI18n } from '../../shared/i18n/i18n.tsx';
import { AppLink } from '../../shared/router.tsx';
import { RESOURCE_KINDS, RESOURCE_STATUSES, type ResourceKind } from './api.ts';
import { MarkerSwatch } from './amk-map.tsx';
import {
  countUnits,
  matches,
  placeOf,
  secondsSince,
  sortUnits,
  type Filter,
  type KindFilter,
  type Picture,
  type PictureUnit,
  type SideFilter,
  type StatusFilter,
} from './picture-view.ts';
import { useAmkTexts } from './texts.ts';

export function ResourceList({
  picture,
  nowMs,
  filter,
  onFilter,
  selectedId,
  onSelect,
  amkName,
}: {
  picture: Picture;
  nowMs: number;
  filter: Filter;
  onFilter: (f: Filter) => void;
  selectedId: string | null;
  onSelect: (id: string) => void;
  amkName: (id: string) => string;
}) {
  const { t } = useI18n();
  const x = useAmkTexts();
  const all = useMemo(() => [...picture.units.values()], [picture]);
  const counts = useMemo(() => countUnits(all, filter.kind), [all, filter.kind]);
  const rows = useMemo(() => sortUnits(all.filter((u) => matches(u, filter))), [all, filter]);
  const page = useClientPaging(rows, `${filter.status}|${filter.kind}|${filter.side}`);
  const kinds = useMemo(() => {
    const present = new Set(all.map((u) => u.resource.kind));
    return RESOURCE_KINDS.filter((k) => present.has(k));
  }, [all]);

  const statusOptions: SummaryOption<StatusFilter>[] = [
    { value: 'all', label: t('amkPicture.filter.all'), count: counts.ownTotal },
    ...RESOURCE_STATUSES.map((s) => ({ value: s, label: x.status(s), count: counts.own[s] })),
    { value: 'crew-flagged', label: t('amkPicture.filter.crewFlagged'), count: counts.crewFlagged },
  ];

  const placeText = (u: PictureUnit) => {
    const place = placeOf(u, picture.staleAfterMs, nowMs);
    if (place.from === 'station') return t('amkPicture.place.station', { station: u.resource.station.name });
    const age = x.age(secondsSince(u.resource.position!.observedAt, nowMs));
    return place.stale ? t('amkPicture.place.stale', { age }) : t('amkPicture.place.fresh', { age });
  };
  const crewText = (u: PictureUnit) => {
    if (u.neighbour) return t('amkPicture.neighbour', { amk: amkName(u.resource.amkId) });
    if (u.resource.crewFlagged)
      return (
        <Tag variant="error" size="small" data-testid="crew-flagged">
          {t('amkPicture.crew.flagged')}
        </Tag>
      );
    return u.resource.crew ? t('amkPicture.crew.ok') : t('amkPicture.crew.none');
  };

  return (
    <VStack gap="space-16">
      <SummaryFilter
        label={t('amkPicture.filter.status')}
        options={statusOptions}
        value={filter.status}
        onChange={(status) => onFilter({ ...filter, status })}
        testId="amk-status-counts"
      />
      <HStack gap="space-16" wrap>
        <Select
          label={t('amkPicture.filter.kind')}
          size="small"
          value={filter.kind}
          onChange={(e) => onFilter({ ...filter, kind: e.target.value as KindFilter })}
        >
          <option value="all">{t('amkPicture.filter.kind.all')}</option>
          {kinds.map((k: ResourceKind) => (
            <option key={k} value={k}>
              {x.kind(k)}
            </option>
          ))}
        </Select>
        <Select
          label={t('amkPicture.filter.side')}
          size="small"
          value={filter.side}
          onChange={(e) => onFilter({ ...filter, side: e.target.value as SideFilter })}
        >
          <option value="all">{t('amkPicture.filter.side.all')}</option>
          <option value="own">{t('amkPicture.filter.side.own')}</option>
          <option value="neighbours">
            {t('amkPicture.filter.side.neighbours', { count: counts.neighboursAvailable })}
          </option>
        </Select>
      </HStack>
      <DataTable
        caption={t('amkPicture.list.caption')}
        testId="amk-resources"
        rows={page.rows}
        paging={page.paging}
        rowKey={(u) => u.resource.id}
        empty={all.length === 0 ? t('amkPicture.list.empty') : t('amkPicture.list.none')}
        columns={[
          {
            header: t('amkPicture.col.callSign'),
            rowHeader: true,
            cell: (u) => (
              <AppLink href={`/amk/resources/${u.resource.id}`} data-unit={u.resource.id}>
                {u.resource.callSign}
              </AppLink>
            ),
          },
          { header: t('amkPicture.col.kind'), cell: (u) => x.kindOf(u.resource) },
          {
            header: t('amkPicture.col.status'),
            cell: (u) => (
              <HStack gap="space-4" align="center" wrap={false} data-status={u.resource.status}>
                <MarkerSwatch
                  status={u.resource.status}
                  neighbour={u.neighbour}
                  from={u.resource.position ? 'position' : 'station'}
                />
                {x.status(u.resource.status)}
              </HStack>
            ),
          },
          { header: t('amkPicture.col.place'), cell: placeText },
          { header: t('amkPicture.col.crew'), cell: crewText },
          {
            header: t('amkPicture.col.map'),
            cell: (u) => (
              <Button
                type="button"
                size="xsmall"
                variant={u.resource.id === selectedId ? 'primary' : 'tertiary'}
                aria-pressed={u.resource.id === selectedId}
                onClick={() => onSelect(u.resource.id)}
              >
                {t('amkPicture.select')}
                <span className="aksel-sr-only">
                  {' '}
                  {t('amkPicture.select.rest', { callSign: u.resource.callSign })}
                </span>
              </Button>
            ),
          },
        ]}
      />
    </VStack>
  );
}
