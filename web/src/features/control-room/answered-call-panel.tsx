/**
 * The answered call's panel (issue 11; LV-2, AMK-4, AMK-6, RT-12): the call as answered (its
 * calling number only now), its hastegrad, transfer or three-way conference to AMK, another
 * legevaktsentral (the internal phone list), the doctor on call or another number with the
 * outcome, the call's transfers and conferences, the misrouting form, the one-action acute
 * shortcut to AMK (Alt+A, also from a field) and the end of the call. Each action posts to the
 * server and shows the call as it answers; the end hands the focus back to the queue. The
 * hastegrad is the page's (one choice for the call and its contact record, contact-record-form.tsx).
 */
import { useEffect, useId, useRef, useState, type FormEvent } from 'react';
import {
  Alert,
  BodyShort,
  Button,
  HGrid,
  HStack,
  Heading,
  Radio,
  RadioGroup,
  Select,
  Table,
  Tag,
  Textarea,
  TextField,
  VStack,
} from '@navikt/ds-react';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useI18n } from '../../shared/i18n/i18n.tsx';
import { routingApi, type CentreListItem } from '../routing/api.ts';
import { PlansLink } from '../emergency-plans/plans-link.tsx';
import { RecordingsLink } from '../lydlogg/recordings-link.tsx';
import { CreateMissionLink } from '../amk/missions/create-mission-link.tsx';
import {
  HASTEGRADER,
  MISROUTING_REASONS,
  TRANSFER_OUTCOMES,
  controlRoomApi,
  type CallDetail,
  type CallTarget,
  type Hastegrad,
  type MisroutingReason,
  type QueueCall,
  type TransferOutcome,
} from './api.ts';
import {
  handoversOf,
  ownAmk,
  servingCentre,
  targetOf,
  type TargetChoice,
  type TargetKind,
  type TargetProblem,
} from './call-actions-view.ts';
import { Keys } from './keys.tsx';
import { formatWait, type CentreOption } from './queue-view.ts';

export interface Answered {
  detail: CallDetail;
  /** The call as the queue showed it; null when the panel was reopened after a reload. */
  call: QueueCall | null;
  positionId: string;
}

const timeFmt = new Intl.DateTimeFormat('nb-NO', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZone: 'Europe/Oslo',
});

const TARGET_KINDS: readonly TargetKind[] = ['amk', 'legevaktsentral', 'doctor-on-call', 'other'];
const HASTEGRAD_COLOUR: Record<Hastegrad, 'danger' | 'warning' | 'success'> = {
  akutt: 'danger',
  haster: 'warning',
  vanlig: 'success',
};

/** Hastegrad as a worded colour tag (never colour alone). */
export function HastegradTag({ value }: { value: Hastegrad }) {
  const { t } = useI18n();
  return (
    <Tag size="small" variant="strong" data-color={HASTEGRAD_COLOUR[value]} data-hastegrad={value}>
      {t(`callReport.hastegrad.${value}`)}
    </Tag>
  );
}

/** The panel's actions: one at a time, each with its error. */
function useAction() {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = async <T,>(name: string, action: () => Promise<T>): Promise<T | undefined> => {
    if (busy) return undefined;
    setBusy(name);
    setError(null);
    try {
      return await action();
    } catch (e) {
      setError(e);
      return undefined;
    } finally {
      setBusy(null);
    }
  };
  return { busy, error, run };
}

export function AnsweredPanel({
  answered,
  centre,
  legevakt,
  amkCentres,
  municipalityText,
  methodText,
  hastegrad,
  onHastegrad,
  hastegradError,
  onDetail,
  onEnded,
  onClose,
}: {
  answered: Answered;
  centre: CentreOption;
  legevakt: readonly CentreListItem[];
  amkCentres: readonly { id: string; name: string }[];
  municipalityText: string;
  methodText: string;
  /** The call's hastegrad: one choice for the panel and the contact record (kept by the page). */
  hastegrad: Hastegrad | '';
  onHastegrad: (h: Hastegrad | '') => void;
  /** The contact record's signing asks for a hastegrad. */
  hastegradError?: string;
  onDetail: (detail: CallDetail) => void;
  onEnded: (detail: CallDetail, hastegrad: Hastegrad | undefined) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const ids = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const transferHeading = useRef<HTMLHeadingElement>(null);
  const endButton = useRef<HTMLButtonElement>(null);
  const reasonField = useRef<HTMLSelectElement>(null);
  const municipalities = useResource((sig) => routingApi.listMunicipalities(undefined, sig), []);
  const detail = answered.detail;
  const call = detail.call;
  const callId = call.id;
  useEffect(() => heading.current?.focus(), [callId]);

  const { busy, error, run } = useAction();
  const [note, setNote] = useState<{ text: string; variant: 'success' | 'info' } | null>(null);
  const setHastegrad = onHastegrad;
  const chosenHastegrad = hastegrad === '' ? undefined : hastegrad;

  // Transfer or conference.
  const homeAmk = ownAmk(centre.id, centre.service, legevakt) ?? '';
  const [choice, setChoice] = useState<TargetChoice>({
    kind: 'amk',
    amkId: homeAmk,
    centreId: '',
    number: '',
  });
  const [mode, setMode] = useState<'attended' | 'blind'>('attended');
  const [outcome, setOutcome] = useState<TransferOutcome>('connected');
  const [targetProblem, setTargetProblem] = useState<TargetProblem | null>(null);

  // Misrouting.
  const [misroutingOpen, setMisroutingOpen] = useState(false);
  const [reason, setReason] = useState<MisroutingReason | ''>('');
  const [reasonMissing, setReasonMissing] = useState(false);
  const [municipality, setMunicipality] = useState('');
  const [rightCentre, setRightCentre] = useState('');
  const [misroutingDetail, setMisroutingDetail] = useState('');

  const centreName = (id: string | undefined) =>
    legevakt.find((c) => c.id === id)?.name ?? amkCentres.find((a) => a.id === id)?.name ?? id ?? '';
  const municipalityName = (nr: string | undefined) => {
    const m = municipalities.data?.items.find((x) => x.number === nr);
    return m ? m.name : (nr ?? '');
  };
  const targetText = (target: CallTarget) => {
    switch (target.kind) {
      case 'amk':
      case 'legevaktsentral':
        return target.id ? centreName(target.id) : (target.number ?? t('controlRoom.handovers.unknown'));
      case 'doctor-on-call':
        return target.number
          ? t('controlRoom.handovers.doctor', { number: target.number })
          : t('controlRoom.target.doctor-on-call');
      case 'other':
        return target.number
          ? t('controlRoom.handovers.other', { number: target.number })
          : t('controlRoom.target.other');
    }
  };

  const transfer = async (kind: 'transfer' | 'conference') => {
    const made = targetOf(choice, (id) => legevakt.find((c) => c.id === id)?.internalNumber);
    if ('problem' in made) {
      setTargetProblem(made.problem);
      return;
    }
    setTargetProblem(null);
    const d = await run(kind, () =>
      controlRoomApi.transfer(callId, {
        target: made.target,
        kind,
        ...(kind === 'transfer' && { mode }),
        outcome,
        ...(chosenHastegrad && { hastegrad: chosenHastegrad }),
      }),
    );
    if (!d) return;
    onDetail(d);
    setNote({
      variant: outcome === 'connected' ? 'success' : 'info',
      text: t('controlRoom.transfer.done', {
        kind: t(kind === 'transfer' ? 'callReport.handover.transfer' : 'callReport.handover.conference'),
        target: targetText(made.target),
        outcome: t(`callReport.handoverOutcome.${outcome}`),
      }),
    });
    setOutcome('connected');
  };

  const misroutingBody = (fallbackReason: MisroutingReason | null) => {
    const r = reason || fallbackReason;
    if (!r) return null;
    return {
      reason: r,
      ...(municipality && { correctMunicipality: municipality }),
      ...(rightCentre && { correctCentreId: rightCentre }),
      ...(misroutingDetail.trim() && { detail: misroutingDetail.trim() }),
    };
  };

  const recordMisrouting = async (e: FormEvent) => {
    e.preventDefault();
    const body = misroutingBody(null);
    if (!body) {
      setReasonMissing(true);
      reasonField.current?.focus();
      return;
    }
    const d = await run('misrouted', () => controlRoomApi.misrouted(callId, body));
    if (!d) return;
    onDetail(d);
    setMisroutingOpen(false);
    setNote({ variant: 'success', text: t('controlRoom.misrouted.recorded') });
    // The next step is usually the transfer to the right centre: it is chosen already.
    if (body.correctCentreId && legevakt.some((c) => c.id === body.correctCentreId)) {
      setChoice((c) => ({ ...c, kind: 'legevaktsentral', centreId: body.correctCentreId! }));
    }
    setTimeout(() => transferHeading.current?.focus(), 0);
  };

  const acute = async () => {
    const body = misroutingBody('caller-elsewhere')!;
    const d = await run('acute', () => controlRoomApi.misrouted(callId, { ...body, acute: true }));
    if (!d) return;
    onDetail(d);
    setHastegrad('akutt');
    setMisroutingOpen(false);
    const toAmk = [...d.call.transfers].reverse().find((h) => h.target.kind === 'amk');
    setNote({
      variant: 'success',
      text: t('controlRoom.acute.done', { amk: toAmk ? targetText(toAmk.target) : 'AMK' }),
    });
    setTimeout(() => endButton.current?.focus(), 0);
  };

  const end = async () => {
    const d = await run('end', () =>
      controlRoomApi.end(callId, chosenHastegrad ? { hastegrad: chosenHastegrad } : {}),
    );
    if (d) onEnded(d, chosenHastegrad);
  };

  // Alt+A: the acute shortcut, from anywhere on the page (also while typing in a field).
  const acuteRef = useRef(acute);
  acuteRef.current = acute;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey || e.code !== 'KeyA') return;
      e.preventDefault();
      if (!e.repeat) void acuteRef.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const answerMs =
    call.answeredAt && call.ringingAt ? Date.parse(call.answeredAt) - Date.parse(call.ringingAt) : null;
  const facts: [string, string][] = [
    [t('controlRoom.answered.callingNumber'), call.callingNumber ?? t('controlRoom.answered.hidden')],
    [t('controlRoom.answered.municipality'), municipalityText],
    [t('controlRoom.answered.method'), methodText],
    [t('controlRoom.answered.at'), call.answeredAt ? timeFmt.format(new Date(call.answeredAt)) : '–'],
    [t('controlRoom.answered.answerTime'), answerMs === null ? '–' : formatWait(Math.max(0, answerMs))],
    [t('controlRoom.answered.position'), answered.positionId],
  ];
  const mis = call.misrouting;
  if (mis) {
    facts.push([
      t('controlRoom.answered.misrouted'),
      [
        t(`callReport.reason.${mis.reason}`),
        mis.correctMunicipality &&
          t('controlRoom.answered.callerIn', { municipality: municipalityName(mis.correctMunicipality) }),
        mis.correctCentreId &&
          t('controlRoom.answered.belongsTo', { centre: centreName(mis.correctCentreId) }),
      ]
        .filter(Boolean)
        .join('; '),
    ]);
  }
  const handovers = handoversOf(detail);
  const municipalityOptions = municipalities.data?.items ?? [];
  const transferCentres = legevakt.filter((c) => c.id !== centre.id);
  const numberError =
    targetProblem === 'number-missing' || targetProblem === 'number-invalid'
      ? t(`controlRoom.transfer.problem.${targetProblem}`)
      : undefined;

  return (
    <section className="nm-panel nm-answered" aria-labelledby="control-room-answered" data-testid="answered">
      <VStack gap="space-20">
        <HStack justify="space-between" align="center">
          <Heading level="2" size="medium" id="control-room-answered" ref={heading} tabIndex={-1}>
            {t('controlRoom.answered.title')}
          </Heading>
          <Button size="small" variant="tertiary" onClick={onClose}>
            {t('controlRoom.answered.close')}
          </Button>
        </HStack>
        <dl className="nm-facts">
          {facts.map(([label, value]) => (
            <div key={label}>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
        <HStack gap="space-24" wrap>
          <PlansLink
            municipality={call.routing?.municipality ?? call.municipality ?? null}
            municipalityName={municipalityText}
          />
          <RecordingsLink callId={call.id} centreId={centre.id} />
          <CreateMissionLink callId={call.id} centre={centre} hastegrad={hastegrad} />
        </HStack>

        <HStack gap="space-16" align="center" wrap>
          <Button
            variant="danger"
            onClick={() => void acute()}
            loading={busy === 'acute'}
            disabled={busy !== null && busy !== 'acute'}
            aria-describedby={`${ids}-acute`}
            aria-keyshortcuts="Alt+A"
            data-testid="acute"
          >
            {t('controlRoom.acute')}
          </Button>
          <BodyShort size="small" id={`${ids}-acute`}>
            <Keys keys={['Alt+A']} /> · {t('controlRoom.acute.description')}
          </BodyShort>
        </HStack>

        <div role="status" data-testid="action-note">
          {note && (
            <Alert variant={note.variant} size="small" inline>
              {note.text}
            </Alert>
          )}
        </div>
        <ProblemAlert error={error} />

        <div>
          <Button
            size="small"
            variant="secondary"
            aria-expanded={misroutingOpen}
            aria-controls={`${ids}-misrouting`}
            onClick={() => setMisroutingOpen((o) => !o)}
          >
            {t('controlRoom.misrouted.open')}
          </Button>
        </div>
        {misroutingOpen && (
          <form
            id={`${ids}-misrouting`}
            className="nm-panel"
            aria-labelledby={`${ids}-misrouting-title`}
            onSubmit={(e) => void recordMisrouting(e)}
            noValidate
            data-testid="misrouting"
          >
            <VStack gap="space-16">
              <Heading level="3" size="small" id={`${ids}-misrouting-title`}>
                {t('controlRoom.misrouted.title')}
              </Heading>
              <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
                <Select
                  ref={reasonField}
                  label={t('controlRoom.misrouted.reason')}
                  value={reason}
                  onChange={(e) => {
                    setReason(e.target.value as MisroutingReason | '');
                    setReasonMissing(false);
                  }}
                  error={reasonMissing ? t('controlRoom.misrouted.reason.missing') : undefined}
                >
                  <option value="">{t('common.select')}</option>
                  {MISROUTING_REASONS.map((r) => (
                    <option key={r} value={r}>
                      {t(`callReport.reason.${r}`)}
                    </option>
                  ))}
                </Select>
                <Select
                  label={t('controlRoom.misrouted.municipality')}
                  value={municipality}
                  onChange={(e) => {
                    const nr = e.target.value;
                    setMunicipality(nr);
                    const serving = servingCentre(municipalityOptions.find((m) => m.number === nr));
                    if (serving) setRightCentre(serving);
                  }}
                >
                  <option value="">{t('common.select')}</option>
                  {municipalityOptions.map((m) => (
                    <option key={m.number} value={m.number}>
                      {`${m.name} (${m.number})`}
                    </option>
                  ))}
                </Select>
                <Select
                  label={t('controlRoom.misrouted.centre')}
                  description={t('controlRoom.misrouted.centre.description')}
                  value={rightCentre}
                  onChange={(e) => setRightCentre(e.target.value)}
                >
                  <option value="">{t('common.select')}</option>
                  {legevakt.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.name}
                    </option>
                  ))}
                </Select>
                <Textarea
                  label={t('controlRoom.misrouted.detail')}
                  description={t('controlRoom.misrouted.detail.description')}
                  value={misroutingDetail}
                  maxLength={500}
                  minRows={2}
                  onChange={(e) => setMisroutingDetail(e.target.value)}
                />
              </HGrid>
              <HStack gap="space-12">
                <Button type="submit" size="small" loading={busy === 'misrouted'} disabled={busy !== null}>
                  {t('controlRoom.misrouted.submit')}
                </Button>
                <Button
                  type="button"
                  size="small"
                  variant="tertiary"
                  onClick={() => setMisroutingOpen(false)}
                >
                  {t('controlRoom.misrouted.cancel')}
                </Button>
              </HStack>
            </VStack>
          </form>
        )}

        <HGrid columns={{ xs: 1, lg: '1fr 2fr' }} gap="space-24" align="start">
          <div id="answered-hastegrad">
            <RadioGroup
              legend={t('controlRoom.hastegrad')}
              description={t('controlRoom.hastegrad.description')}
              value={hastegrad}
              onChange={(v: Hastegrad) => setHastegrad(v)}
              error={hastegradError}
              data-testid="hastegrad"
            >
              {HASTEGRADER.map((h) => (
                <Radio key={h} value={h}>
                  <HastegradTag value={h} />
                </Radio>
              ))}
            </RadioGroup>
          </div>

          <section aria-labelledby={`${ids}-transfer`} data-testid="transfer">
            <VStack gap="space-12">
              <Heading level="3" size="small" id={`${ids}-transfer`} ref={transferHeading} tabIndex={-1}>
                {t('controlRoom.transfer.title')}
              </Heading>
              <RadioGroup
                legend={t('controlRoom.transfer.target')}
                value={choice.kind}
                onChange={(kind: TargetKind) => {
                  setChoice((c) => ({ ...c, kind }));
                  setTargetProblem(null);
                }}
              >
                <HStack gap="space-16">
                  {TARGET_KINDS.map((k) => (
                    <Radio key={k} value={k}>
                      {t(`controlRoom.target.${k}`)}
                    </Radio>
                  ))}
                </HStack>
              </RadioGroup>
              {choice.kind === 'amk' && (
                <Select
                  label={t('controlRoom.transfer.amk')}
                  value={choice.amkId}
                  onChange={(e) => setChoice((c) => ({ ...c, amkId: e.target.value }))}
                  error={
                    targetProblem === 'amk-missing'
                      ? t('controlRoom.transfer.problem.amk-missing')
                      : undefined
                  }
                >
                  <option value="">{t('common.select')}</option>
                  {amkCentres.map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.id === homeAmk ? t('controlRoom.transfer.amk.own', { name: a.name }) : a.name}
                    </option>
                  ))}
                </Select>
              )}
              {choice.kind === 'legevaktsentral' && (
                <Select
                  label={t('controlRoom.transfer.centre')}
                  value={choice.centreId}
                  onChange={(e) => setChoice((c) => ({ ...c, centreId: e.target.value }))}
                  error={
                    targetProblem === 'centre-missing'
                      ? t('controlRoom.transfer.problem.centre-missing')
                      : undefined
                  }
                >
                  <option value="">{t('common.select')}</option>
                  {transferCentres.map((c) => (
                    <option key={c.id} value={c.id}>
                      {t('controlRoom.transfer.centre.option', { name: c.name, number: c.internalNumber })}
                    </option>
                  ))}
                </Select>
              )}
              {(choice.kind === 'doctor-on-call' || choice.kind === 'other') && (
                <TextField
                  className="nm-position"
                  label={t(
                    choice.kind === 'doctor-on-call'
                      ? 'controlRoom.transfer.number'
                      : 'controlRoom.transfer.number.optional',
                  )}
                  type="tel"
                  autoComplete="off"
                  value={choice.number}
                  onChange={(e) => setChoice((c) => ({ ...c, number: e.target.value }))}
                  error={numberError}
                />
              )}
              <HStack gap="space-16" align="start">
                <RadioGroup
                  legend={t('controlRoom.transfer.mode')}
                  description={t('controlRoom.transfer.mode.description')}
                  value={mode}
                  onChange={(v: 'attended' | 'blind') => setMode(v)}
                  size="small"
                >
                  <Radio value="attended">{t('controlRoom.mode.attended')}</Radio>
                  <Radio value="blind">{t('controlRoom.mode.blind')}</Radio>
                </RadioGroup>
                <Select
                  size="small"
                  label={t('controlRoom.transfer.outcome')}
                  description={t('controlRoom.transfer.outcome.description')}
                  value={outcome}
                  onChange={(e) => setOutcome(e.target.value as TransferOutcome)}
                >
                  {TRANSFER_OUTCOMES.map((o) => (
                    <option key={o} value={o}>
                      {t(`callReport.handoverOutcome.${o}`)}
                    </option>
                  ))}
                </Select>
              </HStack>
              <HStack gap="space-12">
                <Button
                  size="small"
                  onClick={() => void transfer('transfer')}
                  loading={busy === 'transfer'}
                  disabled={busy !== null && busy !== 'transfer'}
                >
                  {t('controlRoom.transfer.do')}
                </Button>
                <Button
                  size="small"
                  variant="secondary"
                  onClick={() => void transfer('conference')}
                  loading={busy === 'conference'}
                  disabled={busy !== null && busy !== 'conference'}
                >
                  {t('controlRoom.transfer.conference')}
                </Button>
              </HStack>
            </VStack>
          </section>
        </HGrid>

        <section aria-labelledby={`${ids}-handovers`} data-testid="handovers">
          <VStack gap="space-8">
            <Heading level="3" size="small" id={`${ids}-handovers`}>
              {t('controlRoom.handovers.title')}
            </Heading>
            {handovers.length === 0 ? (
              <BodyShort className="nm-muted">{t('controlRoom.handovers.none')}</BodyShort>
            ) : (
              <Table size="small">
                <Table.Header>
                  <Table.Row>
                    <Table.HeaderCell scope="col">{t('controlRoom.handovers.at')}</Table.HeaderCell>
                    <Table.HeaderCell scope="col">{t('callReport.col.kind')}</Table.HeaderCell>
                    <Table.HeaderCell scope="col">{t('callReport.col.target')}</Table.HeaderCell>
                    <Table.HeaderCell scope="col">{t('callReport.col.outcome')}</Table.HeaderCell>
                    <Table.HeaderCell scope="col">{t('callReport.col.hastegrad')}</Table.HeaderCell>
                  </Table.Row>
                </Table.Header>
                <Table.Body>
                  {handovers.map((h) => (
                    <Table.Row key={h.eventId} data-testid="handover" data-kind={h.kind}>
                      <Table.DataCell>{timeFmt.format(new Date(h.at))}</Table.DataCell>
                      <Table.DataCell>
                        {t(
                          h.kind === 'transfer'
                            ? 'callReport.handover.transfer'
                            : 'callReport.handover.conference',
                        )}
                        {h.mode && ` (${t(`controlRoom.mode.${h.mode}.short`)})`}
                      </Table.DataCell>
                      <Table.DataCell>{targetText(h.target)}</Table.DataCell>
                      <Table.DataCell>
                        <Tag
                          size="xsmall"
                          variant="moderate"
                          data-color={h.outcome === 'connected' ? 'success' : 'warning'}
                        >
                          {t(`callReport.handoverOutcome.${h.outcome}`)}
                        </Tag>
                      </Table.DataCell>
                      <Table.DataCell>
                        {h.hastegrad ? <HastegradTag value={h.hastegrad} /> : '–'}
                      </Table.DataCell>
                    </Table.Row>
                  ))}
                </Table.Body>
              </Table>
            )}
          </VStack>
        </section>

        <HStack gap="space-16" align="center" className="nm-end">
          <Button
            ref={endButton}
            onClick={() => void end()}
            loading={busy === 'end'}
            disabled={busy !== null && busy !== 'end'}
            data-testid="end"
          >
            {t('controlRoom.end')}
          </Button>
          <BodyShort size="small">
            {t('controlRoom.end.with', {
              hastegrad: chosenHastegrad
                ? t(`callReport.hastegrad.${chosenHastegrad}`)
                : t('controlRoom.hastegrad.none'),
            })}
          </BodyShort>
        </HStack>
      </VStack>
    </section>
  );
}
