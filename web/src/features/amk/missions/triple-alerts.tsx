/**
 * Trippelvarsling (issue 14; AMK-3): a triple alert's recipients with the delivery over Nødnett
 * (police, fire, rescue coordination) and each acknowledgement and its time, the missing ones first and named in a warning until they come; the acknowledgement as a
 * recipient AMK, or recorded by the raising AMK's operator for the police, the fire service and the
 * rescue coordination centre. The list page shows every alert the user's AMKs raised or received,
 * updated by push; the mission page shows its own (TripleAlertCards).
 */
import { useState } from 'react';
import { Alert, BodyShort, Button, Heading, Table, Tag, VStack } from '@navikt/ds-react';
import { PageFrame, Panel } from '../../../shared/components/page.tsx';
import { ProblemAlert } from '../../../shared/components/problem.tsx';
import { SuccessNote } from '../../../shared/components/success-note.tsx';
import { useResource } from '../../../shared/components/use-resource.ts';
import { formatDateTime, useI18n } from '../../../shared/i18n/i18n.tsx';
import { useLiveReload } from '../../../shared/live/use-event-stream.ts';
import { TextLink } from '../../../shared/router.tsx';
import { TRIPLE_ALERT_EVENTS, tripleAlertsApi, type TripleAlert } from './api.ts';
import { clockTime, DeliveryStatus, LiveNote, useOperates, usePlaces, type Places } from './common.tsx';
import { mayAcknowledge, recipientsMissingFirst } from './mission-view.ts';

type Recipient = TripleAlert['recipients'][number];

function useRecipientName(places: Places): (r: Pick<Recipient, 'kind' | 'amkId'>) => string {
  const { t } = useI18n();
  return (r) => (r.kind === 'amk' ? places.amkName(r.amkId ?? '') : t(`amkMissions.ta.${r.kind}`));
}

export function TripleAlertCard({
  alert,
  places,
  onChanged,
  showMission = true,
}: {
  alert: TripleAlert;
  places: Places;
  onChanged: () => void;
  showMission?: boolean;
}) {
  const { t } = useI18n();
  const operates = useOperates();
  const name = useRecipientName(places);
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<string | null>(null);
  const missing = alert.recipients.filter((r) => r.acknowledgedAt === null);
  const acknowledge = async (r: Recipient) => {
    setBusy(r.recipient);
    setError(null);
    setDone(null);
    try {
      await tripleAlertsApi.acknowledge(alert.id, r.recipient);
      setDone(t('amkMissions.ta.ack.done', { recipient: name(r) }));
      onChanged();
    } catch (e) {
      setError(e);
      onChanged();
    } finally {
      setBusy(null);
    }
  };
  const title = t('amkMissions.ta.heading', {
    time: formatDateTime(alert.raisedAt),
    place: places.municipalityName(alert.location.municipality),
  });
  return (
    <section className="nm-panel" aria-label={title} data-testid="triple-alert" data-alert-id={alert.id}>
      <VStack gap="space-12">
        <Heading level="3" size="small">
          {title}
        </Heading>
        <BodyShort size="small">
          {t('amkMissions.ta.raisedBy', { amk: places.amkName(alert.amkId) })}
          {showMission && alert.missionId && (
            <>
              {' · '}
              <TextLink href={`/amk/missions/${alert.missionId}`}>{t('amkMissions.ta.mission')}</TextLink>
            </>
          )}
        </BodyShort>
        {missing.length > 0 ? (
          <Alert variant="warning" size="small" data-testid="triple-alert-missing">
            {t('amkMissions.ta.missingCount', { count: missing.length, names: missing.map(name).join(', ') })}
          </Alert>
        ) : (
          <Alert variant="success" size="small" data-testid="triple-alert-complete">
            {t('amkMissions.ta.complete')}
          </Alert>
        )}
        <div role="status">{done && <SuccessNote>{done}</SuccessNote>}</div>
        <ProblemAlert error={error} />
        <Table size="small">
          <caption className="aksel-sr-only">{`${t('amkMissions.ta.caption')} – ${title}`}</caption>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell scope="col">{t('amkMissions.ta.recipient')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('amkMissions.delivery.title')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('amkMissions.ta.acknowledged')}</Table.HeaderCell>
              <Table.HeaderCell scope="col">{t('amkMissions.ta.action')}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {recipientsMissingFirst(alert.recipients).map((r) => (
              <Table.Row
                key={r.recipient}
                data-testid="recipient"
                data-recipient={r.recipient}
                data-missing={r.acknowledgedAt === null}
              >
                <Table.HeaderCell scope="row">{name(r)}</Table.HeaderCell>
                <Table.DataCell>
                  <DeliveryStatus delivery={r.delivery} />
                </Table.DataCell>
                <Table.DataCell>
                  {r.acknowledgedAt ? (
                    t('amkMissions.ta.by', { time: clockTime(r.acknowledgedAt), by: r.acknowledgedBy ?? '' })
                  ) : (
                    <Tag size="small" variant="strong" data-color="warning">
                      {t('amkMissions.ta.missing')}
                    </Tag>
                  )}
                </Table.DataCell>
                <Table.DataCell>
                  {mayAcknowledge(alert, r, operates) && (
                    <Button
                      size="small"
                      variant="secondary"
                      loading={busy === r.recipient}
                      disabled={busy !== null && busy !== r.recipient}
                      onClick={() => void acknowledge(r)}
                    >
                      {t(r.kind === 'amk' ? 'amkMissions.ta.ack.own' : 'amkMissions.ta.ack.record', {
                        recipient: name(r),
                      })}
                    </Button>
                  )}
                </Table.DataCell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </VStack>
    </section>
  );
}

export function TripleAlertsPage() {
  const { t } = useI18n();
  const places = usePlaces();
  const alerts = useResource((signal) => tripleAlertsApi.list(signal), []);
  const { connected } = useLiveReload(TRIPLE_ALERT_EVENTS, alerts.reload);
  const items = alerts.data?.items ?? [];
  return (
    <PageFrame
      title={t('amkMissions.ta.list.title')}
      intro={t('amkMissions.ta.list.intro')}
      actions={<LiveNote connected={connected} />}
    >
      <Panel title={t('amkMissions.ta.list.title')}>
        <BodyShort data-testid="triple-alert-counts">
          {alerts.data && alerts.data.counts.incomplete > 0
            ? t('amkMissions.ta.incomplete', { count: alerts.data.counts.incomplete })
            : t('amkMissions.ta.complete')}
        </BodyShort>
        <ProblemAlert error={alerts.error} />
        {alerts.data && items.length === 0 && (
          <BodyShort className="nm-muted">{t('amkMissions.ta.none')}</BodyShort>
        )}
        {items.map((a) => (
          <TripleAlertCard key={a.id} alert={a} places={places} onChanged={alerts.reload} />
        ))}
      </Panel>
    </PageFrame>
  );
}
