/**
 * Sentralbord (issue 11; LV-1, LV-4, AMK-1): an operator's page at a legevaktsentral or AMK. The
 * centre's waiting calls, oldest first, with their waits ticking on the server's clock; the live
 * service level above them; answering the chosen call with one key (S or Enter), which shows the
 * answered call — its calling number only now. Kept current by the `calls.centres.changed` push
 * (a re-read when it names the centre), never by polling. The answered call's contact record
 * opens under its panel; `?call=<id>` keeps it across a reload.
 */
import { memo, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import {
  Alert,
  BodyShort,
  Button,
  HGrid,
  HStack,
  Heading,
  Loader,
  Select,
  Table,
  Tag,
  TextField,
  VStack,
} from '@navikt/ds-react';
import { ApiError } from '../../shared/api/client.ts';
import { headStart, takeHeadStart } from '../../shared/api/head-start.ts';
import { useAuth } from '../../shared/auth.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { useLiveReload } from '../../shared/live/use-event-stream.ts';
import { useNow } from '../../shared/live/use-now.ts';
import { routingApi, type CentreListItem } from '../routing/api.ts';
import { PlansLink } from '../emergency-plans/plans-link.tsx';
import { AnsweredPanel, type Answered } from './answered-call-panel.tsx';
import { ContactRecordForm, type RecordCall } from './contact-record-form.tsx';
import { Keys, isFormField } from './keys.tsx';
import {
  CENTRES_CHANGED,
  controlRoomApi,
  type CallDetail,
  type CentresChanged,
  type Hastegrad,
  type Queue,
  type QueueCall,
  type ServiceLevel,
} from './api.ts';
import {
  centresFor,
  formatPercent,
  formatWait,
  keepSame,
  moveSelection,
  reselect,
  waitLevel,
  waitMs,
  type CentreOption,
  type Service,
} from './queue-view.ts';

const CENTRE_KEY = 'nodmeld.controlRoom.centre';
const POSITION_KEY = 'nodmeld.controlRoom.position';
/** A burst of pushes (one per ingest batch) costs one re-read. */
const RELOAD_WAIT_MS = 100;
/** The call whose contact record is open, in the page's address: a reload reopens it. */
const CALL_PARAM = 'call';

function setCallParam(callId: string | null): void {
  const url = new URL(window.location.href);
  if (callId) url.searchParams.set(CALL_PARAM, callId);
  else url.searchParams.delete(CALL_PARAM);
  window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
}

const recordCallOf = (detail: CallDetail): RecordCall => ({
  id: detail.call.id,
  callingNumber: detail.call.callingNumber ?? null,
  municipality: detail.call.routing?.municipality ?? detail.call.municipality,
  answeredAt: detail.call.answeredAt,
});

/** A text remembered in this browser (localStorage). */
function useStoredText(key: string): [string, (v: string) => void] {
  const [value, setValue] = useState(() => localStorage.getItem(key) ?? '');
  const set = useCallback(
    (v: string) => {
      localStorage.setItem(key, v);
      setValue(v);
    },
    [key],
  );
  return [value, set];
}

/** A read with the offset of the server's clock to ours at the moment it arrived. */
interface Timed<T> {
  value: T;
  offsetMs: number;
}

const timed = async <T extends { at: string }>(read: Promise<T>): Promise<Timed<T>> => {
  const value = await read;
  return { value, offsetMs: Date.parse(value.at) - Date.now() };
};

/** The centre's two reads; the first of each may have been started by the page (`startReads`). */
const queueRead = (centreId: string, signal: AbortSignal) =>
  takeHeadStart<Timed<Queue>>(`queue:${centreId}`) ?? timed(controlRoomApi.queue(centreId, signal));
const levelRead = (centreId: string, signal: AbortSignal) =>
  takeHeadStart<Timed<ServiceLevel>>(`level:${centreId}`) ??
  timed(controlRoomApi.serviceLevel(centreId, signal));

/**
 * The remembered centre's queue and figures, asked for at once beside the centre lists rather
 * than after them (the first load with 200 calls waiting: under 1 s to interactive).
 */
function startReads(centreId: string): void {
  if (!centreId) return;
  headStart(`queue:${centreId}`, () => timed(controlRoomApi.queue(centreId)));
  headStart(`level:${centreId}`, () => timed(controlRoomApi.serviceLevel(centreId)));
}

function Tile({
  label,
  value,
  children,
  testId,
}: {
  label: string;
  value: string | number;
  children?: ReactNode;
  testId: string;
}) {
  return (
    <div className="nm-panel nm-tile" data-testid={testId}>
      <BodyShort size="small" className="nm-muted">
        {label}
      </BodyShort>
      <BodyShort weight="semibold" className="nm-tile-value">
        {value}
      </BodyShort>
      {children}
    </div>
  );
}

function ServiceLevelTiles({ level }: { level: Timed<ServiceLevel> }) {
  const { t, lang } = useI18n();
  const now = useNow();
  const sl = level.value;
  const amk = sl.service === 'amk';
  const limit = t(amk ? 'controlRoom.limit.amk' : 'controlRoom.limit.legevakt');
  const required = t('controlRoom.level.required', { share: formatPercent(sl.requiredShare, lang, 0) });
  const share = (w: ServiceLevel['lastHour']) => {
    const f = w.figures;
    return {
      value: amk ? f.shareWithin10Seconds : f.shareWithin2Minutes,
      answered: amk ? f.answeredWithin10Seconds : f.answeredWithin2Minutes,
      calls: f.calls,
    };
  };
  // The longest wait as read, carried on by the server's clock.
  const longest =
    sl.longestWaitMs === null ? null : sl.longestWaitMs + (now + level.offsetMs - Date.parse(sl.at));
  const windows = [
    { key: 'lastHour', label: t('controlRoom.level.lastHour', { limit }), ...share(sl.lastHour) },
    { key: 'today', label: t('controlRoom.level.today', { limit }), ...share(sl.today) },
  ] as const;
  return (
    <section aria-labelledby="control-room-level">
      <Heading level="2" size="small" id="control-room-level" className="aksel-sr-only">
        {t('controlRoom.level.title')}
      </Heading>
      <HGrid columns={{ xs: 1, sm: 2, lg: 4 }} gap="space-12" data-testid="service-level">
        {windows.map((w) => (
          <Tile key={w.key} label={w.label} value={formatPercent(w.value, lang)} testId={`level-${w.key}`}>
            <BodyShort size="small">
              {t('controlRoom.level.count', { answered: w.answered, calls: w.calls })} · {required}
            </BodyShort>
            {w.value !== null && (
              <Tag
                size="xsmall"
                variant="moderate"
                data-color={w.value >= sl.requiredShare ? 'success' : 'danger'}
              >
                {t(w.value >= sl.requiredShare ? 'controlRoom.level.met' : 'controlRoom.level.notMet')}
              </Tag>
            )}
          </Tile>
        ))}
        <Tile label={t('controlRoom.level.waiting')} value={sl.waiting} testId="level-waiting" />
        <Tile
          label={t('controlRoom.level.longest')}
          value={longest === null ? '–' : formatWait(Math.max(0, longest))}
          testId="level-longest"
        />
      </HGrid>
    </section>
  );
}

/**
 * The wait's look: a tag with words (not colour alone) near and past the limit. The one part of
 * a row that changes each second: it reads the clock itself, the row does not.
 */
function WaitCell({
  call,
  offsetMs,
  service,
  limitMs,
}: {
  call: QueueCall;
  offsetMs: number;
  service: Service;
  limitMs: number | null;
}) {
  const { t } = useI18n();
  const ms = waitMs(call, useNow() + offsetMs);
  const level = limitMs === null ? 'normal' : waitLevel(ms, service, limitMs);
  const limit = t(service === 'amk' ? 'controlRoom.limitShort.amk' : 'controlRoom.limitShort.legevakt');
  return (
    <span className="nm-inline" data-level={level}>
      <span className="nm-wait" data-testid="wait">
        {formatWait(ms)}
      </span>
      {level === 'warning' && (
        <Tag size="xsmall" variant="moderate" data-color="warning">
          {t('controlRoom.wait.warning', { limit })}
        </Tag>
      )}
      {level === 'danger' && (
        <Tag size="xsmall" variant="strong" data-color="danger">
          {t('controlRoom.wait.danger', { limit })}
        </Tag>
      )}
    </span>
  );
}

function useCallTexts() {
  const { t } = useI18n();
  const municipality = (c: QueueCall) =>
    c.routing?.municipalityName ?? c.routing?.municipality ?? t('controlRoom.unknown');
  const method = (m: NonNullable<QueueCall['routing']>['method'] | undefined) =>
    m ? t(`rt.method.${m}` as MessageKey) : '–';
  const positioning = (c: QueueCall) => {
    const r = c.routing;
    if (!r?.positioning) return '–';
    const text = t(`controlRoom.positioning.${r.positioning}`);
    return r.positioningFailure
      ? `${text} (${t(`controlRoom.positioning.reason.${r.positioningFailure}` as MessageKey)})`
      : text;
  };
  return { municipality, method, positioning };
}

/** One waiting call. Memoised: 200 rows render once, then only the row that changed (and each
 * row's wait cell, once a second). */
const QueueRow = memo(function QueueRow({
  call: c,
  index: i,
  chosen,
  busy,
  service,
  limitMs,
  offsetMs,
  onChoose,
  onAnswer,
}: {
  call: QueueCall;
  index: number;
  chosen: boolean;
  busy: boolean;
  service: Service;
  limitMs: number | null;
  offsetMs: number;
  onChoose: (id: string, index: number) => void;
  onAnswer: (call: QueueCall) => void;
}) {
  const { t } = useI18n();
  const texts = useCallTexts();
  const place = i + 1;
  return (
    <Table.Row
      selected={chosen}
      aria-current={chosen ? 'true' : undefined}
      className={chosen ? 'nm-chosen' : undefined}
      onRowClick={() => onChoose(c.id, i)}
      data-testid="queue-row"
      data-call-id={c.id}
    >
      <Table.HeaderCell scope="row">
        <span className="nm-inline">
          {place}
          {chosen && (
            <Tag size="xsmall" variant="strong" data-color="accent">
              {t('controlRoom.selected')}
            </Tag>
          )}
        </span>
      </Table.HeaderCell>
      <Table.DataCell>
        <WaitCell call={c} offsetMs={offsetMs} service={service} limitMs={limitMs} />
      </Table.DataCell>
      <Table.DataCell>{t(`controlRoom.state.${c.state}`)}</Table.DataCell>
      <Table.DataCell>{texts.municipality(c)}</Table.DataCell>
      <Table.DataCell>{texts.method(c.routing?.method)}</Table.DataCell>
      <Table.DataCell>{texts.positioning(c)}</Table.DataCell>
      <Table.DataCell>
        {(c.routing?.alternativeSite || c.routing?.rerouted) && (
          <span className="nm-inline">
            {c.routing.alternativeSite && (
              <Tag size="xsmall" variant="moderate" data-color="info">
                {t('controlRoom.alternativeSite')}
              </Tag>
            )}
            {c.routing.rerouted && (
              <Tag size="xsmall" variant="moderate" data-color="meta-purple">
                {t('controlRoom.rerouted')}
              </Tag>
            )}
          </span>
        )}
      </Table.DataCell>
      <Table.DataCell>
        <Button
          size="small"
          variant={chosen ? 'primary' : 'secondary'}
          disabled={busy || c.state !== 'ringing'}
          onClick={() => {
            onChoose(c.id, i);
            onAnswer(c);
          }}
        >
          {t(chosen ? 'controlRoom.answer.shortcut' : 'controlRoom.answer')}
          <span className="aksel-sr-only">
            {' – '}
            {t('controlRoom.answer.which', { place, municipality: texts.municipality(c) })}
          </span>
        </Button>
      </Table.DataCell>
    </Table.Row>
  );
});

/** The queue and answering at one centre (keyed by it: nothing of another centre survives a switch). */
function CentreDesk({
  centre,
  position,
  onPositionMissing,
  legevakt,
  amkCentres,
}: {
  centre: CentreOption;
  position: string;
  onPositionMissing: () => void;
  legevakt: readonly CentreListItem[];
  amkCentres: readonly { id: string; name: string }[];
}) {
  const { t } = useI18n();
  const texts = useCallTexts();
  const queue = useResource((sig) => queueRead(centre.id, sig), [centre.id]);
  const level = useResource((sig) => levelRead(centre.id, sig), [centre.id]);
  const reloadQueue = queue.reload;
  const reloadLevel = level.reload;
  const reload = useCallback(() => {
    reloadQueue();
    reloadLevel();
  }, [reloadQueue, reloadLevel]);
  const { connected } = useLiveReload([CENTRES_CHANGED], reload, RELOAD_WAIT_MS, (e) =>
    (e.payload as CentresChanged).centreIds.includes(centre.id),
  );

  const previousCalls = useRef<QueueCall[]>([]);
  const calls = useMemo(() => {
    const shared = keepSame(previousCalls.current, queue.data?.value.calls ?? []);
    previousCalls.current = shared;
    return shared;
  }, [queue.data]);
  const ids = useMemo(() => calls.map((c) => c.id), [calls]);
  const [sel, setSel] = useState<{ id: string | null; index: number }>({ id: null, index: 0 });
  const selected = reselect(sel.id, sel.index, ids);
  // Keep following the chosen call as the queue changes around it.
  useEffect(() => {
    setSel((s) => {
      const i = reselect(s.id, s.index, ids);
      return { id: ids[i] ?? null, index: Math.max(i, 0) };
    });
  }, [ids]);

  const [busy, setBusy] = useState(false);
  const [answered, setAnswered] = useState<Answered | null>(null);
  const [taken, setTaken] = useState<string | null>(null);
  const [ended, setEnded] = useState<Hastegrad | 'none' | null>(null);
  // The call whose contact record is open (it stays after the call ends) and the call's one
  // hastegrad, shared by the panel and the record.
  const [recordCall, setRecordCall] = useState<RecordCall | null>(null);
  const [hastegrad, setHastegrad] = useState<Hastegrad | ''>('');
  const [hastegradError, setHastegradError] = useState<string | null>(null);
  const openRecord = useCallback((detail: CallDetail) => {
    setRecordCall(recordCallOf(detail));
    setHastegrad(detail.call.hastegrad ?? '');
    setHastegradError(null);
    setCallParam(detail.call.id);
  }, []);
  const queueHeading = useRef<HTMLHeadingElement>(null);
  const [error, setError] = useState<unknown>(null);

  const answer = async (call: QueueCall) => {
    // Only a call that rings at the operators is answered (its answer time runs from ringing).
    if (busy || call.state !== 'ringing') return;
    const positionId = position.trim();
    if (!positionId) {
      onPositionMissing();
      return;
    }
    setBusy(true);
    setTaken(null);
    setEnded(null);
    setError(null);
    try {
      const detail = await controlRoomApi.answer(call.id, positionId);
      setAnswered({ detail, call, positionId });
      openRecord(detail);
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.problem.detailCode === 'call.not-waiting') {
        const state = (e.problem.detailParams as { state?: string } | undefined)?.state;
        setTaken(
          state === 'answered' || state === 'ended'
            ? 'answered'
            : state === 'abandoned'
              ? 'abandoned'
              : 'other',
        );
      } else {
        setError(e);
      }
    } finally {
      setBusy(false);
      reload();
    }
  };

  // Stable for the memoised rows: a row re-renders when its call or its look changes, not each time
  // the page does.
  const answerRef = useRef(answer);
  answerRef.current = answer;
  const answerCall = useCallback((call: QueueCall) => void answerRef.current(call), []);
  const choose = useCallback((id: string, index: number) => setSel({ id, index }), []);

  // A reload reopens the call of `?call=`: its panel while it is still answered, its record always.
  const positionRef = useRef(position);
  positionRef.current = position;
  useEffect(() => {
    const callId = new URLSearchParams(window.location.search).get(CALL_PARAM);
    if (!callId) return;
    const ac = new AbortController();
    controlRoomApi
      .call(callId, ac.signal)
      .then((detail) => {
        openRecord(detail);
        if (detail.call.state === 'answered')
          setAnswered({
            detail,
            call: null,
            positionId: detail.call.answeredBy?.positionId ?? positionRef.current,
          });
      })
      .catch((e: unknown) => {
        if ((e as Error).name === 'AbortError') return;
        setCallParam(null);
        setError(e);
      });
    return () => ac.abort();
  }, [openRecord]);

  // One key answers: the page listens while it is open, except while typing in a field.
  const keys = useRef({ calls, selected, answer });
  keys.current = { calls, selected, answer };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target instanceof Element ? e.target : null;
      if (isFormField(target)) return;
      const { calls: rows, selected: at, answer: answerCall } = keys.current;
      if (rows.length === 0) return;
      const move = (delta: number) => {
        e.preventDefault();
        const i = moveSelection(at, delta, rows.length);
        setSel({ id: rows[i]?.id ?? null, index: i });
      };
      switch (e.key) {
        case 'ArrowDown':
        case 'j':
        case 'J':
          return move(1);
        case 'ArrowUp':
        case 'k':
        case 'K':
          return move(-1);
        case 'Enter':
        case 's':
        case 'S': {
          // Enter on a focused button or link is that control's own.
          if (e.key === 'Enter' && target?.closest('button, a, summary, [role="button"], [role="link"]'))
            return;
          e.preventDefault();
          if (e.repeat) return;
          const call = rows[at];
          if (call) void answerCall(call);
          return;
        }
        default:
          return;
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const offsetMs = queue.data?.offsetMs ?? 0;
  const limitMs = level.data?.value.thresholdMs ?? null;
  return (
    <VStack gap="space-24">
      <BodyShort size="small" className="nm-muted" role="status" data-testid="live-status">
        {t(connected ? 'controlRoom.live.on' : 'controlRoom.live.off')}
      </BodyShort>
      <ProblemAlert error={level.error} />
      {level.data && <ServiceLevelTiles level={level.data} />}
      {taken && (
        <Alert variant="info" size="small" data-testid="taken" role="status">
          <Heading level="2" size="xsmall" spacing>
            {t(`controlRoom.taken.${taken}` as MessageKey)}
          </Heading>
          <BodyShort>{t('controlRoom.taken.body')}</BodyShort>
        </Alert>
      )}
      <ProblemAlert error={error} />
      <div role="status" data-testid="ended">
        {ended && (
          <Alert variant="success" size="small" inline>
            {ended === 'none'
              ? t('controlRoom.ended')
              : t('controlRoom.ended.with', { hastegrad: t(`callReport.hastegrad.${ended}`) })}
          </Alert>
        )}
      </div>
      {answered && (
        <AnsweredPanel
          key={answered.detail.call.id}
          answered={answered}
          centre={centre}
          legevakt={legevakt}
          amkCentres={amkCentres}
          municipalityText={
            answered.call
              ? texts.municipality(answered.call)
              : (answered.detail.call.municipality ?? t('controlRoom.unknown'))
          }
          methodText={texts.method(answered.detail.call.routing?.method ?? answered.call?.routing?.method)}
          hastegrad={hastegrad}
          onHastegrad={(h) => {
            setHastegrad(h);
            setHastegradError(null);
          }}
          hastegradError={hastegradError ?? undefined}
          onDetail={(detail) =>
            setAnswered((a) => (a && a.detail.call.id === detail.call.id ? { ...a, detail } : a))
          }
          onEnded={(_detail, hastegrad) => {
            setAnswered(null);
            setEnded(hastegrad ?? 'none');
            reload();
            // Back to the queue: its keys work again from here.
            queueHeading.current?.focus();
          }}
          onClose={() => {
            setAnswered(null);
            queueHeading.current?.focus();
          }}
        />
      )}
      {recordCall && (
        <ContactRecordForm
          // Not the call id alone: the stack's children share one key space with the panel.
          key={`record-${recordCall.id}`}
          call={recordCall}
          hastegrad={hastegrad}
          onHastegrad={setHastegrad}
          hastegradInPanel={answered?.detail.call.id === recordCall.id}
          onPanelHastegradError={(message, focus) => {
            setHastegradError(message);
            if (focus)
              document.querySelector<HTMLInputElement>('#answered-hastegrad input[type="radio"]')?.focus();
          }}
          onClose={() => {
            setRecordCall(null);
            setCallParam(null);
            queueHeading.current?.focus();
          }}
        />
      )}
      <Panel title={t('controlRoom.queue.title')} headingRef={queueHeading}>
        <BodyShort size="small" data-testid="shortcuts">
          <strong>{t('controlRoom.shortcuts')}:</strong> <Keys keys={['↑', '↓']} />,{' '}
          <Keys keys={['J', 'K']} /> {t('controlRoom.shortcuts.move')} · <Keys keys={['Enter', 'S']} />{' '}
          {t('controlRoom.shortcuts.answer')}
        </BodyShort>
        <ProblemAlert error={queue.error} />
        {!queue.data && !queue.error && <Loader size="small" title={t('app.loading')} />}
        {queue.data && calls.length === 0 && (
          <BodyShort className="nm-muted" data-testid="queue-empty">
            {t('controlRoom.queue.empty')}
          </BodyShort>
        )}
        {calls.length > 0 && (
          <div className="nm-table-wrap nm-queue">
            <Table size="small" data-testid="queue">
              <caption className="aksel-sr-only">
                {t('controlRoom.queue.count', { count: calls.length })}
              </caption>
              <Table.Header>
                <Table.Row>
                  <Table.HeaderCell scope="col">{t('controlRoom.col.place')}</Table.HeaderCell>
                  <Table.HeaderCell scope="col">{t('controlRoom.col.wait')}</Table.HeaderCell>
                  <Table.HeaderCell scope="col">{t('controlRoom.col.state')}</Table.HeaderCell>
                  <Table.HeaderCell scope="col">{t('controlRoom.col.municipality')}</Table.HeaderCell>
                  <Table.HeaderCell scope="col">{t('controlRoom.col.method')}</Table.HeaderCell>
                  <Table.HeaderCell scope="col">{t('controlRoom.col.positioning')}</Table.HeaderCell>
                  <Table.HeaderCell scope="col">{t('controlRoom.col.notes')}</Table.HeaderCell>
                  <Table.HeaderCell scope="col">{t('controlRoom.col.answer')}</Table.HeaderCell>
                </Table.Row>
              </Table.Header>
              <Table.Body>
                {calls.map((c, i) => (
                  <QueueRow
                    key={c.id}
                    call={c}
                    index={i}
                    chosen={i === selected}
                    busy={busy}
                    service={centre.service}
                    limitMs={limitMs}
                    offsetMs={offsetMs}
                    onChoose={choose}
                    onAnswer={answerCall}
                  />
                ))}
              </Table.Body>
            </Table>
          </div>
        )}
      </Panel>
    </VStack>
  );
}

export function ControlRoomPage() {
  const { t } = useI18n();
  const { state } = useAuth();
  const actor = state.status === 'signed-in' ? state.actor : null;
  const [storedCentre, setStoredCentre] = useStoredText(CENTRE_KEY);
  // Declared before the lists' reads: all four go out together.
  const firstCentre = useRef(storedCentre);
  useEffect(() => startReads(firstCentre.current), []);
  const lv = useResource((sig) => routingApi.listCentres(sig), []);
  const amk = useResource((sig) => routingApi.listAmkCentres(sig), []);
  const scopes = actor?.capabilities?.find((c) => c.action === 'calls.answer')?.scopes;
  const options = useMemo(
    () => centresFor(scopes ?? [], lv.data?.items ?? [], amk.data?.items ?? []),
    [scopes, lv.data, amk.data],
  );
  const [position, setPosition] = useStoredText(POSITION_KEY);
  const [positionMissing, setPositionMissing] = useState(false);
  const positionField = useRef<HTMLInputElement>(null);
  const centre = options.find((o) => o.id === storedCentre) ?? options[0];
  // Both lists first: a remembered AMK centre must not fall back to the first legevaktsentral.
  const loading = (lv.loading && !lv.data) || (amk.loading && !amk.data);
  return (
    <PageFrame title={t('controlRoom.title')} intro={t('controlRoom.intro')}>
      <ProblemAlert error={lv.error ?? amk.error} />
      {loading ? (
        <Loader size="large" title={t('app.loading')} />
      ) : !centre ? (
        <Alert variant="info">{t('controlRoom.noCentres')}</Alert>
      ) : (
        <>
          <Panel title={t('controlRoom.setup')}>
            <HStack gap="space-16" align="start">
              <Select
                label={t('controlRoom.centre')}
                value={centre.id}
                onChange={(e) => setStoredCentre(e.target.value)}
              >
                {options.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </Select>
              <TextField
                ref={positionField}
                className="nm-position"
                label={t('controlRoom.position')}
                description={t('controlRoom.position.description')}
                value={position}
                autoComplete="off"
                onChange={(e) => {
                  setPosition(e.target.value);
                  if (e.target.value.trim()) setPositionMissing(false);
                }}
                error={positionMissing ? t('controlRoom.position.missing') : undefined}
              />
            </HStack>
            <PlansLink centre={centre.id} />
          </Panel>
          <CentreDesk
            key={centre.id}
            centre={centre}
            position={position}
            legevakt={lv.data?.items ?? []}
            amkCentres={amk.data?.items ?? []}
            onPositionMissing={() => {
              setPositionMissing(true);
              positionField.current?.focus();
            }}
          />
        </>
      )}
    </PageFrame>
  );
}
