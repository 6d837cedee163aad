/**
 * Feilrutede anrop — the misrouting register (issue 11, RT-12): every call an operator marked
 * misrouted, with why, where the caller was and which centre should have had it; searchable by
 * period, reason, the centre that got it and the one that should have. Reads
 * `GET /api/v1/calls?misrouted=true` (scoped to the reader's centres, every read audited).
 */
import { useState } from 'react';
import { Button, HStack, Select, VStack } from '@navikt/ds-react';
import type { z } from 'zod';
import type { callListResponse } from '../../../../src/calls/http/schema.ts';
import type { MisroutingReason } from '../../../../src/calls/domain/call-event.ts';
import { api } from '../../shared/api/client.ts';
import { DataTable } from '../../shared/components/data-table.tsx';
import { DateField } from '../../shared/components/fields.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { formatDateTime, todayIso, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { routingApi } from '../routing/api.ts';
import { MISROUTING_REASONS } from '../control-room/api.ts';
import { CallRecordingsCell } from '../lydlogg/recordings-link.tsx';

type CallList = z.infer<typeof callListResponse>;
type Listed = CallList['items'][number];

const PAGE = 50;

function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

interface Search {
  from: string;
  to: string;
  reason: string;
  centre: string;
  correctCentre: string;
}

export function MisroutingPage() {
  const { t } = useI18n();
  const today = todayIso();
  const [draft, setDraft] = useState<Search>({
    from: daysBefore(today, 30),
    to: today,
    reason: '',
    centre: '',
    correctCentre: '',
  });
  const [search, setSearch] = useState<Search>(draft);
  /** The cursors of the pages seen (the first page has none): Forrige goes back through them. */
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors.at(-1);
  const offset = cursors.length * PAGE;
  const centres = useResource((signal) => routingApi.listCentres(signal), []);
  const municipalities = useResource((signal) => routingApi.listMunicipalities(undefined, signal), []);
  const list = useResource(
    (signal) =>
      api<CallList>('GET', '/api/v1/calls', {
        signal,
        query: {
          misrouted: 'true',
          from: search.from,
          // The last day is included: the list's `to` is the instant after it.
          to: daysBefore(search.to, -1),
          ...(search.reason && { reason: search.reason }),
          ...(search.centre && { centre: search.centre }),
          ...(search.correctCentre && { correctCentre: search.correctCentre }),
          limit: String(PAGE),
          ...(cursor !== undefined && { cursor }),
        },
      }),
    [search, cursor],
  );
  const centreName = (id: string | null) =>
    id === null ? '–' : (centres.data?.items.find((c) => c.id === id)?.name ?? id);
  const municipalityName = (nr: string | null) =>
    nr === null ? '–' : (municipalities.data?.items.find((m) => m.number === nr)?.name ?? nr);
  const reasonText = (r: MisroutingReason | null) =>
    r === null ? '–' : t(`callReport.reason.${r}` as MessageKey);
  const total = list.data?.total ?? 0;
  const rows = list.data?.items ?? [];
  const centreOptions = (centres.data?.items ?? []).map((c) => (
    <option key={c.id} value={c.id}>
      {c.name}
    </option>
  ));
  return (
    <PageFrame title={t('misrouting.title')} intro={t('misrouting.intro')}>
      <Panel title={t('misrouting.search')}>
        <form
          aria-label={t('misrouting.search')}
          onSubmit={(e) => {
            e.preventDefault();
            setCursors([]);
            setSearch(draft);
          }}
        >
          <VStack gap="space-16">
            <HStack gap="space-16" wrap>
              <DateField
                label={t('misrouting.from')}
                value={draft.from}
                onChange={(from) => setDraft({ ...draft, from })}
              />
              <DateField
                label={t('misrouting.to')}
                value={draft.to}
                onChange={(to) => setDraft({ ...draft, to })}
              />
              <Select
                label={t('misrouting.reason')}
                value={draft.reason}
                onChange={(e) => setDraft({ ...draft, reason: e.target.value })}
              >
                <option value="">{t('misrouting.all')}</option>
                {MISROUTING_REASONS.map((r) => (
                  <option key={r} value={r}>
                    {reasonText(r)}
                  </option>
                ))}
              </Select>
              <Select
                label={t('misrouting.centre')}
                value={draft.centre}
                onChange={(e) => setDraft({ ...draft, centre: e.target.value })}
              >
                <option value="">{t('misrouting.all')}</option>
                {centreOptions}
              </Select>
              <Select
                label={t('misrouting.correctCentre')}
                value={draft.correctCentre}
                onChange={(e) => setDraft({ ...draft, correctCentre: e.target.value })}
              >
                <option value="">{t('misrouting.all')}</option>
                {centreOptions}
              </Select>
            </HStack>
            <div>
              <Button type="submit">{t('misrouting.show')}</Button>
            </div>
          </VStack>
        </form>
      </Panel>
      <Panel title={t('misrouting.list')}>
        <ProblemAlert error={list.error} />
        <DataTable<Listed>
          caption={t('misrouting.list')}
          rows={rows}
          rowKey={(c) => c.id}
          testId="misrouted-calls"
          empty={t('misrouting.empty')}
          paging={{
            from: rows.length === 0 ? 0 : offset + 1,
            to: offset + rows.length,
            total,
            onPrevious: cursors.length > 0 ? () => setCursors(cursors.slice(0, -1)) : null,
            onNext: list.data?.next ? () => setCursors([...cursors, list.data!.next!]) : null,
          }}
          columns={[
            { header: t('misrouting.when'), cell: (c) => formatDateTime(c.misrouting?.at ?? c.startedAt) },
            { header: t('misrouting.centre'), cell: (c) => centreName(c.centreId), rowHeader: true },
            { header: t('misrouting.reason'), cell: (c) => reasonText(c.misrouting?.reason ?? null) },
            {
              header: t('misrouting.callerWasIn'),
              cell: (c) => municipalityName(c.misrouting?.correctMunicipality ?? null),
            },
            {
              header: t('misrouting.correctCentre'),
              cell: (c) => centreName(c.misrouting?.correctCentreId ?? null),
            },
            {
              header: t('misrouting.hastegrad'),
              cell: (c) => (c.hastegrad ? t(`callReport.hastegrad.${c.hastegrad}` as MessageKey) : '–'),
            },
            {
              header: t('misrouting.call'),
              cell: (c) => <CallRecordingsCell callId={c.id} centreId={c.centreId} />,
            },
          ]}
        />
      </Panel>
    </PageFrame>
  );
}
