/**
 * Safety alarms on the AMK picture (issue 14; NN-4): every unacknowledged alarm at the top of the
 * page — unit, call sign, crew, position, track, escalation level and the time since it was
 * raised, ticking (shared/live/use-now.ts) — each with its Acknowledge button; below the picture,
 * those acknowledged in the last 24 hours. New alarms and escalations are announced by the page's
 * assertive live region (picture-page.tsx); this panel is what the eye and the keyboard find.
 */
import { useState, type ReactNode } from 'react';
import { BodyShort, Button, Heading, HStack, Table, VStack } from '@navikt/ds-react';
import { formatDateTime, useI18n } from '../../shared/i18n/i18n.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useNow } from '../../shared/live/use-now.ts';
import { amkApi, type SafetyAlarm } from './api.ts';
import { clockText, secondsSince } from './picture-view.ts';

/** The unit an alarm names: its call sign, else the terminal. */
export function useAlarmUnit(): (a: Pick<SafetyAlarm, 'callSign' | 'issi'>) => string {
  const { t } = useI18n();
  return (a) => a.callSign ?? t('amkPicture.alarm.unknownUnit', { issi: a.issi });
}

/** The time since the alarm was raised, ticking each second (only this element re-renders). */
function Since({ at }: { at: string }) {
  const now = useNow();
  return <span data-testid="alarm-since">{clockText(secondsSince(at, now))}</span>;
}

function Fact({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function OpenAlarm({
  alarm,
  mayAcknowledge,
  onAcknowledged,
}: {
  alarm: SafetyAlarm;
  mayAcknowledge: boolean;
  onAcknowledged: () => void;
}) {
  const { t } = useI18n();
  const unitOf = useAlarmUnit();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const unit = unitOf(alarm);
  const p = alarm.position;
  const acknowledge = async () => {
    setBusy(true);
    setError(null);
    try {
      await amkApi.acknowledge(alarm.id);
      onAcknowledged();
    } catch (e) {
      setError(e);
      // Someone else may have acknowledged it first (409 names who): the list shows it as such.
      onAcknowledged();
    } finally {
      setBusy(false);
    }
  };
  return (
    <li className="nm-amk-alarm" data-alarm={alarm.id} data-level={alarm.level}>
      <VStack gap="space-8">
        <Heading level="3" size="small">
          {t('amkPicture.alarm.heading', { unit })}
        </Heading>
        <dl className="nm-facts">
          <Fact term={t('amkPicture.alarm.since')}>
            <Since at={alarm.raisedAt} />
          </Fact>
          <Fact term={t('amkPicture.alarm.level')}>
            <span data-testid="alarm-level">{t(`amkPicture.alarm.level.${alarm.level}`)}</span>
          </Fact>
          <Fact term={t('amkPicture.alarm.raisedAt')}>{formatDateTime(alarm.raisedAt)}</Fact>
          {alarm.escalateAt && (
            <Fact term={t('amkPicture.alarm.next')}>{formatDateTime(alarm.escalateAt)}</Fact>
          )}
          <Fact term={t('amkPicture.alarm.terminal')}>{alarm.issi}</Fact>
          <Fact term={t('amkPicture.alarm.crew')}>
            {alarm.crew.length ? alarm.crew.map((c) => c.name).join(', ') : t('amkPicture.alarm.crew.none')}
          </Fact>
          <Fact term={t('amkPicture.alarm.position')}>
            {p
              ? t('amkPicture.alarm.position.value', {
                  lat: p.lat.toFixed(5),
                  lon: p.lon.toFixed(5),
                  time: formatDateTime(p.observedAt),
                  error:
                    p.errorMetres === null
                      ? ''
                      : t('amkPicture.alarm.position.error', { metres: Math.round(p.errorMetres) }),
                })
              : t('amkPicture.alarm.position.none')}
          </Fact>
          <Fact term={t('amkPicture.alarm.track')}>
            {alarm.track.length
              ? t('amkPicture.alarm.track.value', {
                  count: alarm.track.length,
                  time: formatDateTime(alarm.track[0]!.observedAt),
                })
              : t('amkPicture.alarm.track.none')}
          </Fact>
        </dl>
        {mayAcknowledge && (
          <HStack>
            <Button
              type="button"
              variant="danger"
              size="small"
              loading={busy}
              onClick={() => void acknowledge()}
            >
              {t('amkPicture.alarm.acknowledge', { unit })}
            </Button>
          </HStack>
        )}
        {error !== null && <ProblemAlert error={error} />}
      </VStack>
    </li>
  );
}

/** The unacknowledged alarms, most urgent first (picture-view.ts `splitAlarms`). */
export function OpenAlarms({
  alarms,
  mayAcknowledge,
  onAcknowledged,
}: {
  alarms: SafetyAlarm[];
  mayAcknowledge: (a: SafetyAlarm) => boolean;
  onAcknowledged: () => void;
}) {
  const { t } = useI18n();
  if (alarms.length === 0)
    return (
      <BodyShort data-testid="alarms-none" className="nm-muted">
        {t('amkPicture.alarms.none')}
      </BodyShort>
    );
  return (
    <section className="nm-amk-alarms" aria-labelledby="amk-open-alarms" data-testid="open-alarms">
      <VStack gap="space-12">
        <Heading level="2" size="medium" id="amk-open-alarms">
          {t('amkPicture.alarms.open', { count: alarms.length })}
        </Heading>
        <ul className="nm-amk-alarm-list">
          {alarms.map((a) => (
            <OpenAlarm
              key={a.id}
              alarm={a}
              mayAcknowledge={mayAcknowledge(a)}
              onAcknowledged={onAcknowledged}
            />
          ))}
        </ul>
      </VStack>
    </section>
  );
}

/** The alarms acknowledged in the last 24 hours, newest first. */
export function AcknowledgedAlarms({ alarms }: { alarms: SafetyAlarm[] }) {
  const { t } = useI18n();
  const unitOf = useAlarmUnit();
  if (alarms.length === 0)
    return <BodyShort className="nm-muted">{t('amkPicture.alarms.recent.none')}</BodyShort>;
  return (
    <Table size="small" zebraStripes data-testid="acknowledged-alarms">
      <caption className="aksel-sr-only">{t('amkPicture.alarms.recent.caption')}</caption>
      <Table.Header>
        <Table.Row>
          <Table.ColumnHeader scope="col">{t('amkPicture.alarms.col.unit')}</Table.ColumnHeader>
          <Table.ColumnHeader scope="col">{t('amkPicture.alarms.col.raised')}</Table.ColumnHeader>
          <Table.ColumnHeader scope="col">{t('amkPicture.alarms.col.acknowledged')}</Table.ColumnHeader>
          <Table.ColumnHeader scope="col">{t('amkPicture.alarms.col.by')}</Table.ColumnHeader>
          <Table.ColumnHeader scope="col">{t('amkPicture.alarms.col.level')}</Table.ColumnHeader>
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {alarms.map((a) => (
          <Table.Row key={a.id} data-alarm={a.id}>
            <Table.HeaderCell scope="row">{unitOf(a)}</Table.HeaderCell>
            <Table.DataCell>{formatDateTime(a.raisedAt)}</Table.DataCell>
            <Table.DataCell>{formatDateTime(a.acknowledgedAt)}</Table.DataCell>
            <Table.DataCell>{a.acknowledgedBy ?? ''}</Table.DataCell>
            <Table.DataCell>{t(`amkPicture.alarm.level.${a.level}`)}</Table.DataCell>
          </Table.Row>
        ))}
      </Table.Body>
    </Table>
  );
}
