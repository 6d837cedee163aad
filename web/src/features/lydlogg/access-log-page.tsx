/**
 * Tilgangslogg (issue 12; LV-5): for the centre's leader (and auditors), who listened to,
 * downloaded, drew the waveform of or exported which recording, when and why — filtered by user,
 * kind, dates and recording. Newest first.
 */
import { BodyShort, Select, TextField, VStack } from '@navikt/ds-react';
import { DataTable } from '../../shared/components/data-table.tsx';
import { DateField } from '../../shared/components/fields.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { formatDateTime, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { ACCESS_KINDS, recordingsApi, type AccessEntry, type AccessKind } from './api.ts';
import { CentreFilterPage } from './centre-choice.tsx';

interface Filters {
  actor: string;
  kind: '' | AccessKind;
  from: string;
  to: string;
  recordingId: string;
}

const EMPTY: Filters = { actor: '', kind: '', from: '', to: '', recordingId: '' };

function Entries({ centreId, filters }: { centreId: string; filters: Filters }) {
  const { t } = useI18n();
  const log = useResource(
    (sig) =>
      recordingsApi.accessLog(
        {
          centre: centreId,
          actor: filters.actor.trim() || undefined,
          kind: filters.kind || undefined,
          from: filters.from || undefined,
          to: filters.to || undefined,
          recordingId: filters.recordingId.trim() || undefined,
        },
        sig,
      ),
    [centreId, filters],
  );
  const rows = log.data?.entries ?? [];
  return (
    <VStack gap="space-12">
      <BodyShort className="nm-muted" aria-live="polite">
        {log.data ? t('rec.log.count', { count: rows.length }) : t('app.loading')}
      </BodyShort>
      <ProblemAlert error={log.error} />
      <DataTable<AccessEntry>
        caption={t('rec.log.caption')}
        rows={rows}
        rowKey={(e) => `${e.at}|${e.recordingId}|${e.kind}|${e.actor ?? ''}|${e.range ?? ''}`}
        empty={log.loading ? t('app.loading') : t('common.noMatch')}
        testId="access-log-table"
        columns={[
          { header: t('rec.log.col.at'), rowHeader: true, cell: (e) => formatDateTime(e.at) },
          { header: t('rec.log.col.who'), cell: (e) => e.actor ?? e.actorType },
          {
            header: t('rec.log.col.kind'),
            cell: (e) => t(`rec.access.${e.kind}` as MessageKey),
          },
          {
            header: t('rec.log.col.which'),
            cell: (e) => (
              <VStack gap="space-2">
                <span>{e.recordingId}</span>
                {e.range && <span className="nm-muted">{t('rec.log.part', { range: e.range })}</span>}
                {e.caseReference && (
                  <span className="nm-muted">{t('rec.log.case', { reference: e.caseReference })}</span>
                )}
              </VStack>
            ),
          },
          { header: t('rec.log.col.why'), cell: (e) => e.reason ?? '' },
        ]}
      />
    </VStack>
  );
}

export function AccessLogPage() {
  const { t } = useI18n();
  return (
    <CentreFilterPage<Filters>
      action="recordings.access-log"
      title={t('rec.log.title')}
      intro={t('rec.log.intro')}
      filtersTitle={t('rec.log.filters')}
      submitLabel={t('common.filter')}
      empty={EMPTY}
      fields={(draft, set) => (
        <>
          <TextField
            label={t('rec.log.user')}
            size="small"
            value={draft.actor}
            autoComplete="off"
            onChange={(e) => set({ actor: e.target.value })}
          />
          <Select
            label={t('rec.log.kind')}
            size="small"
            value={draft.kind}
            onChange={(e) => set({ kind: e.target.value as Filters['kind'] })}
          >
            <option value="">{t('rec.log.kind.any')}</option>
            {ACCESS_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`rec.access.${k}` as MessageKey)}
              </option>
            ))}
          </Select>
          <DateField
            label={t('common.from')}
            size="small"
            value={draft.from}
            onChange={(v) => set({ from: v })}
          />
          <DateField label={t('common.to')} size="small" value={draft.to} onChange={(v) => set({ to: v })} />
          <TextField
            label={t('rec.log.recording')}
            size="small"
            value={draft.recordingId}
            autoComplete="off"
            onChange={(e) => set({ recordingId: e.target.value })}
          />
        </>
      )}
      results={(centreId, filters) => <Entries centreId={centreId} filters={filters} />}
    />
  );
}
