/**
 * Søk i opptak (issue 12): a centre's stored recordings for its leaders — by recording date, call,
 * held or not, and those the retention may delete soon — each linked to its call's recordings.
 * The search itself is in the audit trail.
 */
import { BodyShort, Select, TextField, VStack } from '@navikt/ds-react';
import { DataTable } from '../../shared/components/data-table.tsx';
import { DateField } from '../../shared/components/fields.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { formatDate, formatDateTime, useI18n } from '../../shared/i18n/i18n.tsx';
import { TextLink } from '../../shared/router.tsx';
import { recordingsApi, type FoundRecording } from './api.ts';
import { HeldTag } from './call-recordings-page.tsx';
import { CentreFilterPage } from './centre-choice.tsx';
import { clockOf } from './player-keys.ts';

const DUE_CHOICES = [30, 90, 365];

interface Filters {
  from: string;
  to: string;
  callId: string;
  held: '' | 'true' | 'false';
  due: string;
}

const EMPTY: Filters = { from: '', to: '', callId: '', held: '', due: '' };

function Results({ centreId, filters }: { centreId: string; filters: Filters }) {
  const { t } = useI18n();
  const found = useResource(
    (sig) =>
      recordingsApi.search(
        {
          centre: centreId,
          from: filters.from || undefined,
          to: filters.to || undefined,
          callId: filters.callId.trim() || undefined,
          held: filters.held || undefined,
          dueWithinDays: filters.due ? Number(filters.due) : undefined,
        },
        sig,
      ),
    [centreId, filters],
  );
  const rows = found.data?.recordings ?? [];
  return (
    <VStack gap="space-12">
      <BodyShort className="nm-muted" aria-live="polite">
        {found.data ? t('rec.search.count', { count: rows.length }) : t('app.loading')}
      </BodyShort>
      <ProblemAlert error={found.error} />
      <DataTable<FoundRecording>
        caption={t('rec.search.caption')}
        rows={rows}
        rowKey={(r) => r.recording.id}
        empty={found.loading ? t('app.loading') : t('common.noMatch')}
        testId="recordings-table"
        columns={[
          { header: t('rec.col.start'), rowHeader: true, cell: (r) => formatDateTime(r.recording.startedAt) },
          {
            header: t('rec.col.call'),
            cell: (r) => (
              <TextLink href={`/recordings/calls/${encodeURIComponent(r.recording.callId)}`}>
                {r.recording.callId}
              </TextLink>
            ),
          },
          { header: t('rec.col.duration'), cell: (r) => clockOf(r.recording.durationMs / 1000) },
          { header: t('rec.col.deletableFrom'), cell: (r) => formatDate(r.recording.deletableFrom) },
          {
            header: t('rec.col.held'),
            cell: (r) => (
              <VStack gap="space-2">
                <HeldTag held={r.recording.held} />
                {r.caseReferences.length > 0 && <span>{r.caseReferences.join(', ')}</span>}
              </VStack>
            ),
          },
        ]}
      />
    </VStack>
  );
}

export function RecordingsSearchPage() {
  const { t } = useI18n();
  return (
    <CentreFilterPage<Filters>
      action="recordings.search"
      title={t('rec.search.title')}
      intro={t('rec.search.intro')}
      filtersTitle={t('rec.search.filters')}
      submitLabel={t('rec.search.submit')}
      empty={EMPTY}
      fields={(draft, set) => (
        <>
          <DateField
            label={t('rec.search.from')}
            size="small"
            value={draft.from}
            onChange={(v) => set({ from: v })}
          />
          <DateField
            label={t('rec.search.to')}
            size="small"
            value={draft.to}
            onChange={(v) => set({ to: v })}
          />
          <TextField
            label={t('rec.search.call')}
            size="small"
            value={draft.callId}
            autoComplete="off"
            onChange={(e) => set({ callId: e.target.value })}
          />
          <Select
            label={t('rec.search.held')}
            size="small"
            value={draft.held}
            onChange={(e) => set({ held: e.target.value as Filters['held'] })}
          >
            <option value="">{t('rec.search.held.any')}</option>
            <option value="true">{t('rec.search.held.true')}</option>
            <option value="false">{t('rec.search.held.false')}</option>
          </Select>
          <Select
            label={t('rec.search.due')}
            size="small"
            value={draft.due}
            onChange={(e) => set({ due: e.target.value })}
          >
            <option value="">{t('rec.search.due.any')}</option>
            {DUE_CHOICES.map((d) => (
              <option key={d} value={String(d)}>
                {t('rec.search.due.days', { days: d })}
              </option>
            ))}
          </Select>
        </>
      )}
      results={(centreId, filters) => <Results centreId={centreId} filters={filters} />}
    />
  );
}
