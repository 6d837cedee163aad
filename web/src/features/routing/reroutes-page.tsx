/**
 * Omrutinger (RT-7): open (or all) re-routes, a form to move a centre's calls to another centre
 * (planned or urgent) and ending a re-route with a reason. The server's refusals — deadline,
 * working day, cycle (409, naming the cycle), not allowed (403) — are shown as sent.
 */
import { useState, type FormEvent } from 'react';
import {
  Alert,
  BodyShort,
  Button,
  HGrid,
  HStack,
  Radio,
  RadioGroup,
  Switch,
  Tag,
  TextField,
  VStack,
} from '@navikt/ds-react';
import { routingApi, type Reroute } from './api.ts';
import { formatDateTime, useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { DataTable } from '../../shared/components/data-table.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { problemOf, ProblemAlert } from '../../shared/components/problem.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useLiveReload } from '../../shared/live/use-event-stream.ts';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { CreateToggle } from '../../shared/components/create-toggle.tsx';
import { useClientPaging } from '../../shared/components/paging.tsx';
import {
  CentreLink,
  CentreSelect,
  DateTimeFields,
  dateTimeResult,
  emptyDateTime,
  ReasonField,
  useActor,
  useCentres,
} from './common.tsx';

type Kind = 'planned' | 'urgent';

/** Event types of routing/events.ts that change this list. */
const REROUTE_EVENTS = ['routing.reroute.created', 'routing.reroute.ended'];

/** The 409 cycle refusal names the centres of the cycle: show them by name. */
function CycleNote({ error, name }: { error: unknown; name: (id: string) => string }) {
  const { t } = useI18n();
  const p = problemOf(error);
  const cycle = Array.isArray(p?.cycle)
    ? (p.cycle as unknown[]).filter((c): c is string => typeof c === 'string')
    : [];
  if (!cycle.length) return null;
  return (
    <Alert variant="warning" size="small" data-testid="reroute-cycle">
      {t('rt.rr.cycle', { cycle: cycle.map(name).join(' → ') })}
    </Alert>
  );
}

function CreateRerouteForm({ onCreated }: { onCreated: (r: Reroute) => void }) {
  const { t } = useI18n();
  const actor = useActor();
  const centres = useCentres();
  // A user who may move only their own centre's calls starts with it chosen.
  const own = actor?.capabilities?.find((c) => c.action === 'routing.change')?.scopes;
  const [from, setFrom] = useState(own?.length === 1 && own[0]!.level === 'centre' ? own[0]!.id : '');
  const [to, setTo] = useState('');
  const [kind, setKind] = useState<Kind>('urgent');
  const [reason, setReason] = useState('');
  const [start, setStart] = useState(emptyDateTime);
  const [end, setEnd] = useState(emptyDateTime);
  const [timeErrors, setTimeErrors] = useState<{ startsAt?: string; endsAt?: string }>({});
  const s = useSubmit(routingApi.createReroute, (r) => {
    setReason('');
    setStart(emptyDateTime);
    setEnd(emptyDateTime);
    onCreated(r);
  });
  const fe = s.fieldErrors;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const startsAt = dateTimeResult(t, start);
    const endsAt = dateTimeResult(t, end);
    setTimeErrors({
      startsAt: startsAt.ok ? undefined : startsAt.message,
      endsAt: endsAt.ok ? undefined : endsAt.message,
    });
    if (!startsAt.ok || !endsAt.ok) return;
    void s.run({
      fromCentreId: from,
      toCentreId: to,
      kind,
      reason: reason.trim(),
      startsAt: startsAt.iso,
      endsAt: endsAt.iso ?? null,
    });
  };
  return (
    <form onSubmit={submit} aria-label={t('rt.rr.create')} noValidate>
      <VStack gap="space-16">
        <BodyShort className="nm-muted">{t('rt.rr.rules')}</BodyShort>
        <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
          <CentreSelect
            label={t('rt.field.from')}
            centres={centres.items}
            value={from}
            onChange={setFrom}
            error={fe.fromCentreId}
          />
          <CentreSelect
            label={t('rt.field.to')}
            centres={centres.items}
            value={to}
            onChange={setTo}
            error={fe.toCentreId}
          />
          <RadioGroup
            legend={t('rt.field.kind')}
            value={kind}
            onChange={(v: Kind) => setKind(v)}
            error={fe.kind}
          >
            <HStack gap="space-24">
              <Radio value="urgent" description={t('rt.kind.urgent.help')}>
                {t('rt.kind.urgent')}
              </Radio>
              <Radio value="planned" description={t('rt.kind.planned.help')}>
                {t('rt.kind.planned')}
              </Radio>
            </HStack>
          </RadioGroup>
          <ReasonField value={reason} onChange={setReason} error={fe.reason} />
          <DateTimeFields
            label={t(kind === 'urgent' ? 'rt.field.startUrgent' : 'rt.field.start')}
            value={start}
            onChange={setStart}
            error={timeErrors.startsAt ?? fe.startsAt}
          />
          <DateTimeFields
            label={t(kind === 'urgent' ? 'rt.field.endUrgent' : 'rt.field.end')}
            value={end}
            onChange={setEnd}
            error={timeErrors.endsAt ?? fe.endsAt}
          />
        </HGrid>
        <div>
          <Button type="submit" loading={s.busy}>
            {t('rt.rr.submit')}
          </Button>
        </div>
        <ProblemAlert
          error={s.error}
          title={problemOf(s.error)?.status === 409 ? t('rt.rr.refused.cycle') : undefined}
          shownFields={['fromCentreId', 'toCentreId', 'kind', 'reason', 'startsAt', 'endsAt']}
        />
        <CycleNote error={s.error} name={centres.name} />
      </VStack>
    </form>
  );
}

function EndReroute({ reroute, label, onEnded }: { reroute: Reroute; label: string; onEnded: () => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const s = useSubmit(() => routingApi.endReroute(reroute.id, reason.trim()), onEnded);
  if (!open)
    return (
      <Button
        size="xsmall"
        variant="secondary"
        aria-label={t('rt.rr.endOf', { what: label })}
        onClick={() => setOpen(true)}
      >
        {t('rt.rr.end')}
      </Button>
    );
  return (
    <form
      aria-label={t('rt.rr.endOf', { what: label })}
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void s.run();
      }}
    >
      <VStack gap="space-8">
        <TextField
          label={t('rt.rr.endReason')}
          size="small"
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={s.fieldErrors.reason}
        />
        <HStack gap="space-8">
          <Button size="xsmall" type="submit" loading={s.busy}>
            {t('rt.rr.endConfirm')}
          </Button>
          <Button size="xsmall" type="button" variant="tertiary" onClick={() => setOpen(false)}>
            {t('common.cancel')}
          </Button>
        </HStack>
        <ProblemAlert error={s.error} shownFields={['reason']} />
      </VStack>
    </form>
  );
}

const STATUS_VARIANT = { active: 'warning', scheduled: 'info', ended: 'neutral' } as const;

export function ReroutesPage() {
  const { t } = useI18n();
  const centres = useCentres();
  const [all, setAll] = useState(false);
  const [created, setCreated] = useState<Reroute | null>(null);
  const [ended, setEnded] = useState(false);
  const list = useResource((sig) => routingApi.listReroutes(all ? 'all' : 'open', sig), [all]);
  // Re-routes made or ended anywhere (another leader, another instance) show up without a reload.
  useLiveReload(REROUTE_EVENTS, list.reload);
  const page = useClientPaging(list.data?.items ?? [], String(all));
  const label = (r: Reroute) => `${centres.name(r.fromCentreId)} → ${centres.name(r.toCentreId)}`;
  return (
    <PageFrame
      title={t('rt.rr.title')}
      intro={t('rt.rr.intro')}
      actions={
        <CreateToggle label={t('rt.rr.create')}>
          {(close) => (
            <CreateRerouteForm
              onCreated={(r) => {
                close();
                setCreated(r);
                setEnded(false);
                list.reload();
              }}
            />
          )}
        </CreateToggle>
      }
    >
      {created && <SuccessNote>{t('rt.rr.created', { what: label(created) })}</SuccessNote>}
      <Panel title={all ? t('rt.rr.listAll') : t('rt.rr.listOpen')}>
        <Switch checked={all} onChange={(e) => setAll(e.target.checked)}>
          {t('rt.rr.showAll')}
        </Switch>
        {ended && <SuccessNote>{t('rt.rr.ended')}</SuccessNote>}
        <ProblemAlert error={list.error} />
        <DataTable
          caption={all ? t('rt.rr.listAll') : t('rt.rr.listOpen')}
          rows={page.rows}
          paging={page.paging}
          rowKey={(r) => r.id}
          empty={list.loading ? t('app.loading') : t('rt.reroutes.none')}
          testId="reroutes-table"
          columns={[
            {
              header: t('rt.field.from'),
              rowHeader: true,
              cell: (r) => <CentreLink id={r.fromCentreId} name={centres.name(r.fromCentreId)} />,
            },
            {
              header: t('rt.field.to'),
              cell: (r) => <CentreLink id={r.toCentreId} name={centres.name(r.toCentreId)} />,
            },
            { header: t('rt.field.kind'), cell: (r) => t(`rt.kind.${r.kind}` as MessageKey) },
            {
              header: t('common.status'),
              cell: (r) => (
                <Tag size="small" variant={STATUS_VARIANT[r.status]}>
                  {t(`rt.rr.status.${r.status}` as MessageKey)}
                </Tag>
              ),
            },
            { header: t('rt.field.start'), cell: (r) => formatDateTime(r.startsAt) },
            {
              header: t('rt.field.end'),
              cell: (r) => (r.endsAt ? formatDateTime(r.endsAt) : t('rt.reroutes.untilEnded')),
            },
            { header: t('rt.field.reason'), cell: (r) => r.reason },
            {
              header: t('rt.rr.requestedBy'),
              cell: (r) =>
                r.endedBy ? `${r.requestedBy} / ${t('rt.rr.endedBy', { name: r.endedBy })}` : r.requestedBy,
            },
            {
              header: t('common.actions'),
              cell: (r) =>
                r.status === 'ended' ? (
                  ''
                ) : (
                  <EndReroute
                    reroute={r}
                    label={label(r)}
                    onEnded={() => {
                      setEnded(true);
                      setCreated(null);
                      list.reload();
                    }}
                  />
                ),
            },
          ]}
        />
      </Panel>
    </PageFrame>
  );
}
