/**
 * Testanrop (RT-8): the open alarms of the centres the user may see (acknowledged here by the
 * operations centre or the centre's leader), the history of test runs with what they found, and —
 * for those who may — a button to start a run now (every centre nationally, else the own centre).
 * Reloads when a run finishes or an alarm is raised or acknowledged.
 */
import { useState } from 'react';
import { BodyShort, Button, HStack, VStack } from '@navikt/ds-react';
import { can, useAuth } from '../../shared/auth.tsx';
import { DataTable } from '../../shared/components/data-table.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { useClientPaging } from '../../shared/components/paging.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { formatDateTime, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { useLiveReload } from '../../shared/live/use-event-stream.ts';
import { TextLink } from '../../shared/router.tsx';
import { TEST_CALL_EVENTS, testCallsApi } from './api.ts';
import { AcknowledgeForm, StatusTag } from './parts.tsx';

function StartRun({ onStarted }: { onStarted: () => void }) {
  const { t } = useI18n();
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  const cap = actor?.capabilities?.find((c) => c.action === 'test-calls.run');
  const [started, setStarted] = useState(false);
  const s = useSubmit(
    (centreIds?: string[]) => testCallsApi.start(centreIds),
    () => {
      setStarted(true);
      onStarted();
    },
  );
  if (!cap) return null;
  const national = cap.scopes.some((x) => x.level === 'national');
  const centres = cap.scopes.flatMap((x) => (x.level === 'centre' ? [x.id] : []));
  return (
    <VStack gap="space-8">
      <HStack gap="space-8">
        {national ? (
          <Button size="small" variant="secondary" loading={s.busy} onClick={() => void s.run(undefined)}>
            {t('tc.start.all')}
          </Button>
        ) : centres.length > 0 ? (
          <Button size="small" variant="secondary" loading={s.busy} onClick={() => void s.run(centres)}>
            {t('tc.start.own')}
          </Button>
        ) : null}
      </HStack>
      {started && <SuccessNote>{t('tc.start.started')}</SuccessNote>}
      <ProblemAlert error={s.error} />
    </VStack>
  );
}

export function TestCallsPage() {
  const { t } = useI18n();
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  const runs = useResource((sig) => testCallsApi.runs({}, sig), []);
  const alarms = useResource((sig) => testCallsApi.alarms(true, sig), []);
  const [acknowledged, setAcknowledged] = useState(false);
  const reload = () => {
    runs.reload();
    alarms.reload();
  };
  useLiveReload(TEST_CALL_EVENTS, reload);
  const page = useClientPaging(runs.data?.runs ?? [], 'runs');
  return (
    <PageFrame
      title={t('tc.list.title')}
      intro={t('tc.list.intro')}
      actions={<StartRun onStarted={reload} />}
    >
      <Panel title={t('tc.alarms.title')}>
        <ProblemAlert error={alarms.error} />
        {acknowledged && <SuccessNote>{t('tc.alarms.acknowledged')}</SuccessNote>}
        <DataTable
          caption={t('tc.alarms.caption')}
          rows={alarms.data?.alarms ?? []}
          rowKey={(a) => a.id}
          empty={alarms.loading ? t('app.loading') : t('tc.alarms.none')}
          testId="alarms-table"
          columns={[
            { header: t('tc.alarms.centre'), rowHeader: true, cell: (a) => a.centreName ?? '' },
            { header: t('tc.alarms.failures'), cell: (a) => a.failures },
            { header: t('tc.alarms.raised'), cell: (a) => formatDateTime(a.raisedAt) },
            {
              header: t('tc.alarms.run'),
              cell: (a) => <TextLink href={`/test-calls/runs/${a.runId}`}>{t('tc.alarms.seeRun')}</TextLink>,
            },
            {
              header: t('tc.alarms.action'),
              cell: (a) =>
                can(actor, 'test-calls.acknowledge', [a.centreId]) ? (
                  <AcknowledgeForm
                    alarm={a}
                    onDone={() => {
                      setAcknowledged(true);
                      reload();
                    }}
                  />
                ) : null,
            },
          ]}
        />
      </Panel>
      <Panel title={t('tc.runs.title')}>
        <ProblemAlert error={runs.error} />
        <BodyShort className="nm-muted" aria-live="polite">
          {runs.loading && !runs.data ? t('app.loading') : ''}
        </BodyShort>
        <DataTable
          caption={t('tc.runs.caption')}
          rows={page.rows}
          paging={page.paging}
          rowKey={(r) => r.id}
          empty={runs.loading ? t('app.loading') : t('tc.runs.none')}
          testId="runs-table"
          columns={[
            {
              header: t('tc.runs.started'),
              rowHeader: true,
              cell: (r) => (
                <TextLink
                  href={`/test-calls/runs/${r.id}`}
                  aria-label={t('tc.runs.open', { at: formatDateTime(r.createdAt) })}
                >
                  {formatDateTime(r.createdAt)}
                </TextLink>
              ),
            },
            { header: t('tc.runs.trigger'), cell: (r) => t(`tc.trigger.${r.trigger}` as MessageKey) },
            { header: t('tc.runs.status'), cell: (r) => <StatusTag status={r.status} /> },
            { header: t('tc.runs.calls'), cell: (r) => r.calls },
            { header: t('tc.runs.failures'), cell: (r) => r.failures },
            { header: t('tc.runs.otherCentre'), cell: (r) => r.otherCentre },
            {
              header: t('tc.runs.dataVersion'),
              cell: (r) => (r.dataVersion === null ? '' : t('tc.runs.version', { version: r.dataVersion })),
            },
          ]}
        />
      </Panel>
    </PageFrame>
  );
}
