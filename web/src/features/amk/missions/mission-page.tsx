/**
 * One mission (issue 14; AMK-2, AMK-3, NN-6): what it is and who follows it, its units, the
 * suggested units with a dispatch button each (the estimate's method and limit in a note), the
 * handover at a hospital, closing it, the first-responder groups alerted within a radius with their
 * answers (and an operator's record of one), its triple alerts and raising one, and its timeline —
 * all updated by push.
 */
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  Alert,
  BodyShort,
  Button,
  Checkbox,
  HGrid,
  HStack,
  Select,
  TextField,
  VStack,
} from '@navikt/ds-react';
import { DataTable } from '../../../shared/components/data-table.tsx';
import { PageFrame, Panel } from '../../../shared/components/page.tsx';
import { ProblemAlert } from '../../../shared/components/problem.tsx';
import { SuccessNote } from '../../../shared/components/success-note.tsx';
import { useResource } from '../../../shared/components/use-resource.ts';
import { formatDateTime, useI18n } from '../../../shared/i18n/i18n.tsx';
import { useLiveReload } from '../../../shared/live/use-event-stream.ts';
import { TextLink } from '../../../shared/router.tsx';
import {
  MISSION_EVENTS,
  RESOURCE_CHANGED,
  TRIPLE_ALERT_EVENTS,
  missionsApi,
  tripleAlertsApi,
  type FirstResponderAlert,
  type MissionDetail,
  type Suggestion,
} from './api.ts';
import {
  clockTime,
  DeliveryStatus,
  LiveNote,
  UrgencyTag,
  useOperates,
  usePlaces,
  type Places,
} from './common.tsx';
import {
  answersFor,
  handoverUnits,
  mayClose,
  parseCoordinate,
  timelineRows,
  type TimelineRow,
} from './mission-view.ts';
import { TripleAlertCard } from './triple-alerts.tsx';

/** One action at a time, with its note and its problem. */
function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [note, setNote] = useState<string | null>(null);
  const run = async <T,>(name: string, action: () => Promise<T>, done: (r: T) => string) => {
    if (busy) return;
    setBusy(name);
    setError(null);
    setNote(null);
    try {
      setNote(done(await action()));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, note, run };
}

export function MissionPage({ id }: { id: string }) {
  const { t } = useI18n();
  const places = usePlaces();
  const operates = useOperates();
  const mission = useResource((signal) => missionsApi.read(id, signal), [id]);
  const suggestions = useResource((signal) => missionsApi.suggestions(id, signal), [id]);
  const responders = useResource((signal) => missionsApi.firstResponders(id, signal), [id]);
  const alerts = useResource((signal) => tripleAlertsApi.ofMission(id, signal), [id]);
  const reloadAll = () => {
    mission.reload();
    suggestions.reload();
    responders.reload();
    alerts.reload();
  };
  const { connected } = useLiveReload(
    [...MISSION_EVENTS, RESOURCE_CHANGED, ...TRIPLE_ALERT_EVENTS],
    reloadAll,
  );
  const m = mission.data;
  // Dispatch, close and first-responder alerts are the owning AMK's; a handover and a group's
  // answer also any AMK following the mission (the server decides; this only offers the buttons).
  const mayOperate = m !== undefined && (operates === 'national' || operates.includes(m.amkId));
  const mayFollow =
    m !== undefined && (operates === 'national' || m.amkIds.some((a) => operates.includes(a)));
  const open = m?.state === 'open';

  return (
    <PageFrame
      title={
        m
          ? `${t('amkMissions.detail.title')} ${places.municipalityName(m.location.municipality)} ${clockTime(m.createdAt)}`
          : t('amkMissions.detail.title')
      }
      actions={
        <VStack gap="space-8">
          <TextLink href="/amk/missions">{t('amkMissions.detail.back')}</TextLink>
          <LiveNote connected={connected} />
        </VStack>
      }
    >
      <ProblemAlert error={mission.error} />
      {m && (
        <>
          <Facts m={m} places={places} mayOperate={mayOperate} onChanged={reloadAll} />
          <UnitsPanel m={m} places={places} mayAct={mayFollow} onChanged={reloadAll} />
          {open && mayOperate && (
            <SuggestionsPanel
              missionId={m.id}
              suggestions={suggestions.data?.suggestions}
              error={suggestions.error}
              places={places}
              onChanged={reloadAll}
            />
          )}
          <FirstRespondersPanel
            m={m}
            alerts={responders.data}
            error={responders.error}
            mayOperate={mayOperate}
            mayAnswer={mayFollow}
            onChanged={reloadAll}
          />
          <Panel title={t('amkMissions.ta.title')}>
            <BodyShort size="small">{t('amkMissions.ta.intro')}</BodyShort>
            {open && mayOperate && <RaiseTripleAlert missionId={m.id} onChanged={reloadAll} />}
            <ProblemAlert error={alerts.error} />
            {(alerts.data?.items ?? []).map((a) => (
              <TripleAlertCard
                key={a.id}
                alert={a}
                places={places}
                onChanged={reloadAll}
                showMission={false}
              />
            ))}
          </Panel>
          <TimelinePanel rows={timelineRows(m)} />
        </>
      )}
    </PageFrame>
  );
}

function Facts({
  m,
  places,
  mayOperate,
  onChanged,
}: {
  m: MissionDetail;
  places: Places;
  mayOperate: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { busy, error, note, run } = useAction();
  const facts: [string, ReactNode][] = [
    [t('amkMissions.col.urgency'), <UrgencyTag key="u" value={m.urgency} />],
    [t('amkMissions.col.state'), t(`amkMissions.state.${m.state}`)],
    [t('amkMissions.col.place'), places.municipalityName(m.location.municipality)],
    [t('amkMissions.detail.coordinates'), `${m.location.lat.toFixed(5)}, ${m.location.lon.toFixed(5)}`],
    [t('amkMissions.detail.owner'), places.amkName(m.amkId)],
    [t('amkMissions.detail.followers'), m.amkIds.map(places.amkName).join(', ')],
    [t('amkMissions.detail.created'), formatDateTime(m.createdAt)],
    ...(m.closedAt
      ? [[t('amkMissions.detail.closedAt'), formatDateTime(m.closedAt)] as [string, string]]
      : []),
    [t('amkMissions.detail.call'), m.callId ?? t('amkMissions.detail.call.none')],
  ];
  return (
    <Panel title={t('amkMissions.detail.facts')}>
      <dl className="nm-facts" data-testid="mission-facts">
        {facts.map(([label, value]) => (
          <div key={label}>
            <dt>{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {m.state === 'open' && mayOperate && (
        <HStack gap="space-16" align="center">
          <Button
            variant="secondary"
            loading={busy === 'close'}
            disabled={!mayClose(m)}
            aria-describedby={mayClose(m) ? undefined : 'close-blocked'}
            onClick={() =>
              void run(
                'close',
                () => missionsApi.close(m.id),
                () => {
                  onChanged();
                  return t('amkMissions.detail.closed');
                },
              )
            }
          >
            {t('amkMissions.detail.close')}
          </Button>
          {!mayClose(m) && (
            <BodyShort size="small" id="close-blocked">
              {t('amkMissions.detail.closeBlocked')}
            </BodyShort>
          )}
        </HStack>
      )}
      <div role="status">{note && <SuccessNote>{note}</SuccessNote>}</div>
      <ProblemAlert error={error} />
    </Panel>
  );
}

function UnitsPanel({
  m,
  places,
  mayAct,
  onChanged,
}: {
  m: MissionDetail;
  places: Places;
  mayAct: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const transporting = handoverUnits(m);
  const [unit, setUnit] = useState('');
  const [hospital, setHospital] = useState('');
  const [hospitalMissing, setHospitalMissing] = useState(false);
  const { busy, error, note, run } = useAction();
  const chosen = transporting.find((u) => u.resourceId === unit) ?? transporting[0];
  const handover = (e: FormEvent) => {
    e.preventDefault();
    if (!chosen) return;
    if (!hospital.trim()) {
      setHospitalMissing(true);
      return;
    }
    setHospitalMissing(false);
    void run(
      'handover',
      () => missionsApi.handover(m.id, chosen.resourceId, hospital.trim()),
      () => {
        onChanged();
        setHospital('');
        return t('amkMissions.handover.done', { callSign: chosen.callSign, hospital: hospital.trim() });
      },
    );
  };
  return (
    <Panel title={t('amkMissions.units.title')}>
      <DataTable
        caption={t('amkMissions.units.caption')}
        rows={m.units}
        rowKey={(u) => u.resourceId}
        empty={t('amkMissions.units.empty')}
        testId="mission-units"
        columns={[
          { header: t('amkMissions.units.callSign'), rowHeader: true, cell: (u) => u.callSign },
          { header: t('amkMissions.units.kind'), cell: (u) => t(`amkMissions.kind.${u.kind}`) },
          {
            header: t('amkMissions.units.status'),
            cell: (u) =>
              u.onMission ? (
                <span data-testid="unit-status">{t(`amkMissions.status.${u.status}`)}</span>
              ) : (
                <span className="nm-muted">{t('amkMissions.units.left')}</span>
              ),
          },
          { header: t('amkMissions.col.amk'), cell: (u) => places.amkName(u.amkId) },
          { header: t('amkMissions.units.dispatchedAt'), cell: (u) => clockTime(u.dispatchedAt) },
          { header: t('amkMissions.delivery.title'), cell: (u) => <DeliveryStatus delivery={u.delivery} /> },
        ]}
      />
      {m.state === 'open' && mayAct && (
        <form onSubmit={handover} noValidate aria-label={t('amkMissions.handover.title')}>
          <VStack gap="space-12">
            <BodyShort weight="semibold">{t('amkMissions.handover.title')}</BodyShort>
            {transporting.length === 0 ? (
              <BodyShort size="small" className="nm-muted">
                {t('amkMissions.handover.none')}
              </BodyShort>
            ) : (
              <HGrid columns={{ xs: 1, md: 3 }} gap="space-12" align="end">
                <Select
                  label={t('amkMissions.handover.unit')}
                  value={chosen?.resourceId ?? ''}
                  onChange={(e) => setUnit(e.target.value)}
                >
                  {transporting.map((u) => (
                    <option key={u.resourceId} value={u.resourceId}>
                      {u.callSign}
                    </option>
                  ))}
                </Select>
                <TextField
                  label={t('amkMissions.handover.hospital')}
                  value={hospital}
                  autoComplete="off"
                  onChange={(e) => setHospital(e.target.value)}
                  error={hospitalMissing ? t('amkMissions.handover.problem.hospital') : undefined}
                />
                <div>
                  <Button type="submit" loading={busy === 'handover'}>
                    {t('amkMissions.handover.submit')}
                  </Button>
                </div>
              </HGrid>
            )}
          </VStack>
        </form>
      )}
      <div role="status">{note && <SuccessNote>{note}</SuccessNote>}</div>
      <ProblemAlert error={error} />
    </Panel>
  );
}

function SuggestionsPanel({
  missionId,
  suggestions,
  error: loadError,
  places,
  onChanged,
}: {
  missionId: string;
  suggestions: Suggestion[] | undefined;
  error: unknown;
  places: Places;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const { busy, error, note, run } = useAction();
  return (
    <Panel title={t('amkMissions.suggest.title')}>
      <Alert variant="info" size="small" data-testid="suggest-limit">
        {t('amkMissions.suggest.limit')}
      </Alert>
      <ProblemAlert error={loadError} />
      <div role="status">{note && <SuccessNote>{note}</SuccessNote>}</div>
      <ProblemAlert error={error} />
      {suggestions && (
        <DataTable<Suggestion>
          caption={t('amkMissions.suggest.caption')}
          rows={suggestions}
          rowKey={(s) => s.resourceId}
          empty={t('amkMissions.suggest.none')}
          testId="suggestions"
          columns={[
            { header: t('amkMissions.units.callSign'), rowHeader: true, cell: (s) => s.callSign },
            { header: t('amkMissions.units.kind'), cell: (s) => t(`amkMissions.kind.${s.kind}`) },
            {
              header: t('amkMissions.suggest.minutes'),
              cell: (s) => t('amkMissions.suggest.minutes.value', { minutes: s.estimatedMinutes }),
            },
            {
              header: t('amkMissions.suggest.distance'),
              cell: (s) =>
                t('amkMissions.suggest.distance.value', {
                  km: s.distanceKm.toLocaleString('nb-NO', { maximumFractionDigits: 1 }),
                }),
            },
            {
              header: t('amkMissions.suggest.from'),
              cell: (s) => t(`amkMissions.suggest.from.${s.from}`),
            },
            {
              header: t('amkMissions.col.amk'),
              cell: (s) =>
                s.neighbour
                  ? `${places.amkName(s.amkId)} (${t('amkMissions.suggest.neighbour')})`
                  : places.amkName(s.amkId),
            },
            {
              header: t('amkMissions.suggest.action'),
              cell: (s) => (
                <Button
                  size="small"
                  loading={busy === s.resourceId}
                  disabled={busy !== null && busy !== s.resourceId}
                  onClick={() =>
                    void run(
                      s.resourceId,
                      () => missionsApi.dispatch(missionId, s.resourceId),
                      () => {
                        onChanged();
                        return t('amkMissions.suggest.dispatched', { callSign: s.callSign });
                      },
                    )
                  }
                >
                  {t('amkMissions.suggest.dispatch', { callSign: s.callSign })}
                </Button>
              ),
            },
          ]}
        />
      )}
    </Panel>
  );
}

function FirstRespondersPanel({
  m,
  alerts,
  error: loadError,
  mayOperate,
  mayAnswer,
  onChanged,
}: {
  m: MissionDetail;
  alerts:
    | {
        alerts: FirstResponderAlert[];
        counts: Record<'alerted' | 'accepted' | 'declined' | 'arrived', number>;
      }
    | undefined;
  error: unknown;
  mayOperate: boolean;
  mayAnswer: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const [radius, setRadius] = useState('20');
  const [radiusBad, setRadiusBad] = useState(false);
  const { busy, error, note, run } = useAction();
  const alert = (e: FormEvent) => {
    e.preventDefault();
    const km = parseCoordinate(radius, 'lon');
    if (km === null || km < 0.1 || km > 200) {
      setRadiusBad(true);
      return;
    }
    setRadiusBad(false);
    const before = alerts?.counts.alerted ?? 0;
    void run(
      'alert',
      () => missionsApi.alertFirstResponders(m.id, km),
      (r) => {
        onChanged();
        const added = r.counts.alerted - before;
        return added > 0 ? t('amkMissions.fr.alerted', { count: added }) : t('amkMissions.fr.noneNew');
      },
    );
  };
  const answerText = (a: FirstResponderAlert) =>
    a.arrivedAt
      ? t('amkMissions.fr.answer.arrived')
      : a.answer
        ? t(`amkMissions.fr.answer.${a.answer}`)
        : t('amkMissions.fr.answer.none');
  return (
    <Panel title={t('amkMissions.fr.title')}>
      <BodyShort size="small">{t('amkMissions.fr.intro')}</BodyShort>
      {m.state === 'open' && mayOperate && (
        <form onSubmit={alert} noValidate aria-label={t('amkMissions.fr.alert')}>
          <HStack gap="space-12" align="end">
            <TextField
              label={t('amkMissions.fr.radius')}
              inputMode="decimal"
              htmlSize={6}
              value={radius}
              onChange={(e) => setRadius(e.target.value)}
              error={radiusBad ? t('amkMissions.fr.radius.problem') : undefined}
            />
            <Button type="submit" variant="secondary" loading={busy === 'alert'}>
              {t('amkMissions.fr.alert')}
            </Button>
          </HStack>
        </form>
      )}
      <div role="status">{note && <SuccessNote>{note}</SuccessNote>}</div>
      <ProblemAlert error={loadError} />
      <ProblemAlert error={error} />
      {alerts && (
        <>
          <BodyShort data-testid="fr-counts">{t('amkMissions.fr.counts', alerts.counts)}</BodyShort>
          <DataTable<FirstResponderAlert>
            caption={t('amkMissions.fr.caption')}
            rows={alerts.alerts}
            rowKey={(a) => a.id}
            empty={t('amkMissions.fr.none')}
            testId="first-responders"
            columns={[
              { header: t('amkMissions.fr.group'), rowHeader: true, cell: (a) => a.callSign },
              {
                header: t('amkMissions.fr.agency'),
                cell: (a) => (a.agency ? t(`amkMissions.fr.agency.${a.agency}`) : ''),
              },
              {
                header: t('amkMissions.delivery.title'),
                cell: (a) => <DeliveryStatus delivery={a.delivery} />,
              },
              {
                header: t('amkMissions.fr.answer'),
                cell: (a) => <span data-testid="fr-answer">{answerText(a)}</span>,
              },
              {
                header: t('amkMissions.fr.minutes'),
                cell: (a) => t('amkMissions.suggest.minutes.value', { minutes: a.estimatedMinutes }),
              },
              {
                header: t('amkMissions.fr.record'),
                cell: (a) => (
                  <HStack gap="space-8">
                    {(mayAnswer ? answersFor(a) : []).map((answer) => (
                      <Button
                        key={answer}
                        size="xsmall"
                        variant="secondary"
                        loading={busy === `${a.id}:${answer}`}
                        onClick={() =>
                          void run(
                            `${a.id}:${answer}`,
                            () => missionsApi.answerFirstResponder(a.id, answer),
                            () => {
                              onChanged();
                              return `${a.callSign}: ${t(`amkMissions.fr.answer.${answer}`)}`;
                            },
                          )
                        }
                      >
                        {t(`amkMissions.fr.do.${answer}`, { callSign: a.callSign })}
                      </Button>
                    ))}
                  </HStack>
                ),
              },
            ]}
          />
        </>
      )}
    </Panel>
  );
}

function RaiseTripleAlert({ missionId, onChanged }: { missionId: string; onChanged: () => void }) {
  const { t } = useI18n();
  const [rescue, setRescue] = useState(false);
  const { busy, error, note, run } = useAction();
  return (
    <VStack gap="space-8">
      <HStack gap="space-16" align="center">
        <Checkbox checked={rescue} onChange={(e) => setRescue(e.target.checked)}>
          {t('amkMissions.ta.rescue')}
        </Checkbox>
        <Button
          variant="danger"
          loading={busy === 'raise'}
          onClick={() =>
            void run(
              'raise',
              () => tripleAlertsApi.raise({ missionId, rescueCoordination: rescue }),
              () => {
                onChanged();
                return t('amkMissions.ta.raised');
              },
            )
          }
        >
          {t('amkMissions.ta.raise')}
        </Button>
      </HStack>
      <div role="status">{note && <SuccessNote>{note}</SuccessNote>}</div>
      <ProblemAlert error={error} />
    </VStack>
  );
}

function TimelinePanel({ rows }: { rows: TimelineRow[] }) {
  const { t } = useI18n();
  const what = (r: TimelineRow) => {
    switch (r.kind) {
      case 'unit-status':
        return t('amkMissions.timeline.unit-status', {
          status: r.status ? t(`amkMissions.status.${r.status}`) : '',
        });
      case 'handover':
        return t('amkMissions.timeline.handover', { hospital: r.hospital ?? '' });
      case 'created':
      case 'dispatched':
      case 'closed':
        return t(`amkMissions.timeline.${r.kind}`);
    }
  };
  return (
    <Panel title={t('amkMissions.timeline.title')}>
      <DataTable<TimelineRow>
        caption={t('amkMissions.timeline.caption')}
        rows={rows}
        rowKey={(r) => r.key}
        testId="timeline"
        columns={[
          { header: t('amkMissions.timeline.at'), rowHeader: true, cell: (r) => formatDateTime(r.at) },
          { header: t('amkMissions.timeline.what'), cell: what },
          { header: t('amkMissions.timeline.unit'), cell: (r) => r.callSign ?? '' },
        ]}
      />
    </Panel>
  );
}
