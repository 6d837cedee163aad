/** ON-2 / ON-3: onboarding overview and per-unit agreements, milestones, payment and timeline. */
import { useEffect, useState, type FormEvent } from 'react';
import {
  Alert,
  BodyShort,
  Button,
  HGrid,
  HStack,
  Heading,
  List,
  Select,
  Tag,
  TextField,
  VStack,
} from '@navikt/ds-react';
import {
  AGREEMENT_STATUSES,
  AGREEMENT_TYPES,
  readinessApi,
  type Agreement,
  type AgreementStatus,
  type AgreementType,
  type Blocker,
  type Equipment,
  type Milestones,
  type OnboardingOverviewItem,
  type OnboardingStatus,
  type TimelineWarning,
} from './api.ts';
import {
  formatDate,
  todayIso,
  useI18n,
  type Lang,
  type MessageKey,
  type Translate,
} from '../../shared/i18n/i18n.tsx';
import { elementsText } from '../../shared/i18n/server-text.ts';
import { TextLink } from '../../shared/router.tsx';
import { DataTable } from '../../shared/components/data-table.tsx';
import { DateField } from '../../shared/components/fields.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { useClientPaging } from '../../shared/components/paging.tsx';
import { FilterSearch } from '../../shared/components/filter-search.tsx';
import { SummaryFilter } from '../../shared/components/summary-filter.tsx';

const statusColour = (s: string) =>
  s === 'signed'
    ? 'success'
    : s === 'missing' || s === 'terminated'
      ? 'danger'
      : s === 'sent'
        ? 'info'
        : 'warning';

export function AgreementStatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  return (
    <Tag size="small" variant="moderate" data-color={statusColour(status)}>
      {t(`agreementStatus.${status}` as MessageKey)}
    </Tag>
  );
}

export function ReadyTag({ ready }: { ready: boolean }) {
  const { t } = useI18n();
  return (
    <Tag size="small" variant="strong" data-color={ready ? 'success' : 'danger'} data-testid="ready-tag">
      {ready ? t('onb.ready') : t('onb.blocked')}
    </Tag>
  );
}

const agreementName = (t: Translate, type: string) => t(`agreementType.${type}` as MessageKey);

export function blockerText(
  t: Translate,
  b: Blocker,
  equipment: readonly Equipment[] = [],
  lang: Lang = 'nb',
): string {
  switch (b.code) {
    case 'agreement-missing':
    case 'agreement-not-signed': {
      const eq = b.equipmentId ? equipment.find((e) => e.id === b.equipmentId) : undefined;
      const what = `${agreementName(t, b.agreementType ?? '')}${eq ? ` – ${eq.label}` : ''}`;
      return `${t(`blocker.${b.code}`)}: ${what}`;
    }
    case 'no-equipment':
    case 'no-staff':
      return t(`blocker.${b.code}`);
    case 'staff-untrained':
      return `${t('blocker.staff-untrained')}: ${b.personName ?? ''} – ${elementsText(lang, b.missingElements ?? [])}`;
    default:
      return t('blocker.unknown');
  }
}

export function warningText(t: Translate, w: TimelineWarning): string {
  const milestone = t(`timeline.${w.milestone}` as MessageKey);
  if (w.code === 'planned-beyond-twelve-months') return t('warning.planned-beyond-twelve-months');
  return t(w.severity === 'overdue' ? 'warning.overdue' : 'warning.warning', {
    milestone,
    date: formatDate(w.due),
  });
}

type OverviewFilter = '' | 'ready' | 'blocked' | 'warnings' | 'overdue';

function inOverviewFilter(i: OnboardingOverviewItem, f: OverviewFilter): boolean {
  switch (f) {
    case '':
      return true;
    case 'ready':
      return i.ready;
    case 'blocked':
      return !i.ready;
    case 'warnings':
      return i.warnings.length > 0;
    case 'overdue':
      return i.warnings.some((w) => w.severity === 'overdue');
  }
}

/** All units under onboarding: counts per status (each a filter) and a search, then a page of rows. */
function Overview() {
  const { t } = useI18n();
  const [date, setDate] = useState(todayIso());
  const [filter, setFilter] = useState<OverviewFilter>('');
  const [q, setQ] = useState('');
  const data = useResource((sig) => readinessApi.onboardingOverview(date || undefined, sig), [date]);
  const all = data.data?.items ?? [];
  const s = q.trim().toLowerCase();
  const rows = all.filter(
    (i) => inOverviewFilter(i, filter) && (!s || i.unit.name.toLowerCase().includes(s)),
  );
  const page = useClientPaging(rows, `${filter}|${s}|${date}`);
  const filters: [OverviewFilter, string][] = [
    ['', t('common.all')],
    ['ready', t('onb.ready')],
    ['blocked', t('onb.blocked')],
    ['warnings', t('onb.filter.warnings')],
    ['overdue', t('onb.filter.overdue')],
  ];
  return (
    <PageFrame title={t('onb.title')} intro={t('onb.intro')}>
      <Panel title={t('onb.overview.caption')}>
        <HStack gap="space-24" align="end">
          <div style={{ maxWidth: '14rem' }}>
            <DateField label={t('onb.date')} size="small" value={date} onChange={setDate} />
          </div>
          <FilterSearch label={t('onb.search')} value={q} onChange={setQ} />
        </HStack>
        {data.data && (
          <SummaryFilter
            label={t('onb.summary')}
            testId="onboarding-summary"
            value={filter}
            onChange={setFilter}
            options={filters.map(([value, label]) => ({
              value,
              label,
              count: all.filter((i) => inOverviewFilter(i, value)).length,
            }))}
          />
        )}
        <ProblemAlert error={data.error} />
        <DataTable
          caption={t('onb.overview.caption')}
          rows={page.rows}
          paging={page.paging}
          empty={data.loading ? t('app.loading') : undefined}
          rowKey={(i) => i.unit.id}
          testId="onboarding-overview"
          columns={[
            {
              header: t('onb.col.unit'),
              rowHeader: true,
              cell: (i) => (
                <TextLink href={`/readiness/onboarding/${encodeURIComponent(i.unit.id)}`}>
                  {i.unit.name}
                </TextLink>
              ),
            },
            { header: t('org.col.kind'), cell: (i) => t(`unitKind.${i.unit.kind}` as MessageKey) },
            { header: t('onb.col.ready'), cell: (i) => <ReadyTag ready={i.ready} /> },
            { header: t('onb.col.blockers'), cell: (i) => i.blockers.length },
            {
              header: t('onb.col.warnings'),
              cell: (i) =>
                i.warnings.length ? (
                  <Tag
                    size="small"
                    variant="moderate"
                    data-color={i.warnings.some((w) => w.severity === 'overdue') ? 'danger' : 'warning'}
                  >
                    {i.warnings.length}
                  </Tag>
                ) : (
                  ''
                ),
            },
            { header: t('onb.col.paymentStart'), cell: (i) => formatDate(i.paymentStart) },
          ]}
        />
      </Panel>
    </PageFrame>
  );
}

function AgreementForm({
  unitId,
  equipment,
  preset,
  onSaved,
}: {
  unitId: string;
  equipment: readonly Equipment[];
  preset: { type: AgreementType; equipmentId: string | null } | null;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [type, setType] = useState<AgreementType>('communication-centre');
  const [equipmentId, setEquipmentId] = useState('');
  const [counterparty, setCounterparty] = useState('');
  const [status, setStatus] = useState<AgreementStatus>('signed');
  const [signedAt, setSignedAt] = useState(todayIso());
  const [reference, setReference] = useState('');
  useEffect(() => {
    if (!preset) return;
    setType(preset.type);
    setEquipmentId(preset.equipmentId ?? '');
  }, [preset]);
  const s = useSubmit(
    (b: Parameters<typeof readinessApi.createAgreement>[1]) => readinessApi.createAgreement(unitId, b),
    () => {
      setReference('');
      setCounterparty('');
      onSaved();
    },
  );
  const fe = s.fieldErrors;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void s.run({
      type,
      equipmentId: type === 'customer' && equipmentId ? equipmentId : null,
      counterparty: counterparty.trim() || null,
      status,
      signedAt: status === 'signed' || status === 'terminated' ? signedAt || null : null,
      sentAt: status === 'sent' ? todayIso() : null,
      reference: reference.trim() || null,
    });
  };
  return (
    <form onSubmit={submit} aria-label={t('onb.agreement.new')} noValidate id="agreement-form">
      <VStack gap="space-12">
        <Heading level="3" size="small">
          {t('onb.agreement.new')}
        </Heading>
        <ProblemAlert
          error={s.error}
          shownFields={['type', 'equipmentId', 'counterparty', 'status', 'signedAt', 'reference']}
        />
        <HGrid columns={{ xs: 1, md: 3 }} gap="space-12">
          <Select
            label={t('onb.agreement.type')}
            value={type}
            onChange={(e) => setType(e.target.value as AgreementType)}
            error={fe.type}
          >
            {AGREEMENT_TYPES.map((a) => (
              <option key={a} value={a}>
                {agreementName(t, a)}
              </option>
            ))}
          </Select>
          <Select
            label={t('onb.agreement.equipment')}
            value={equipmentId}
            disabled={type !== 'customer'}
            onChange={(e) => setEquipmentId(e.target.value)}
            error={fe.equipmentId}
          >
            <option value="">{t('common.select')}</option>
            {equipment.map((e) => (
              <option key={e.id} value={e.id}>
                {e.label} ({t(`equipmentKind.${e.kind}` as MessageKey)})
              </option>
            ))}
          </Select>
          <TextField
            label={t('onb.agreement.counterparty')}
            value={counterparty}
            onChange={(e) => setCounterparty(e.target.value)}
            error={fe.counterparty}
          />
          <Select
            label={t('onb.agreement.status')}
            value={status}
            onChange={(e) => setStatus(e.target.value as AgreementStatus)}
            error={fe.status}
          >
            {AGREEMENT_STATUSES.map((a) => (
              <option key={a} value={a}>
                {t(`agreementStatus.${a}` as MessageKey)}
              </option>
            ))}
          </Select>
          <DateField
            label={t('onb.agreement.signedAt')}
            value={signedAt}
            onChange={setSignedAt}
            disabled={status !== 'signed' && status !== 'terminated'}
            error={fe.signedAt}
          />
          <TextField
            label={t('onb.agreement.reference')}
            value={reference}
            onChange={(e) => setReference(e.target.value)}
            error={fe.reference}
          />
        </HGrid>
        <BodyShort size="small" className="nm-muted">
          {t('onb.agreement.counterparty')}: {t('onb.agreement.counterpartyHelp')}
        </BodyShort>
        <div>
          <Button type="submit" loading={s.busy}>
            {t('onb.agreement.new')}
          </Button>
        </div>
      </VStack>
    </form>
  );
}

function MarkSignedButton({
  agreement,
  label,
  onSaved,
}: {
  agreement: Agreement;
  label: string;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const s = useSubmit(
    () => readinessApi.updateAgreement(agreement.id, { status: 'signed', signedAt: todayIso() }),
    onSaved,
  );
  return (
    <VStack gap="space-4">
      <Button
        size="xsmall"
        variant="secondary"
        loading={s.busy}
        onClick={() => void s.run()}
        aria-label={t('onb.agreement.markSigned', { name: label })}
      >
        <span style={{ whiteSpace: 'nowrap' }}>{t('onb.agreement.signToday')}</span>
      </Button>
      <ProblemAlert error={s.error} />
    </VStack>
  );
}

const MILESTONE_FIELDS = [
  'localProjectStart',
  'plannedGoLive',
  'installedAt',
  'testedAt',
  'testReportApprovedAt',
  'goLiveAt',
] as const;

function MilestonesForm({
  unitId,
  initial,
  onSaved,
}: {
  unitId: string;
  initial: Milestones;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(MILESTONE_FIELDS.map((f) => [f, initial[f] ?? ''])),
  );
  const [saved, setSaved] = useState(false);
  const s = useSubmit(
    (b: Milestones) => readinessApi.setMilestones(unitId, b),
    () => {
      setSaved(true);
      onSaved();
    },
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    void s.run(Object.fromEntries(MILESTONE_FIELDS.map((f) => [f, values[f] || null])));
  };
  return (
    <form onSubmit={submit} aria-label={t('onb.milestones.title')} noValidate>
      <VStack gap="space-12">
        <ProblemAlert error={s.error} shownFields={[...MILESTONE_FIELDS]} />
        {saved && !s.error && <SuccessNote>{t('common.saved')}</SuccessNote>}
        <HGrid columns={{ xs: 1, sm: 2, lg: 3 }} gap="space-12">
          {MILESTONE_FIELDS.map((f) => (
            <DateField
              key={f}
              label={t(`milestone.${f}`)}
              value={values[f] ?? ''}
              onChange={(v) => setValues((old) => ({ ...old, [f]: v }))}
              error={s.fieldErrors[f]}
            />
          ))}
        </HGrid>
        <div>
          <Button type="submit" variant="secondary" loading={s.busy}>
            {t('onb.milestones.save')}
          </Button>
        </div>
      </VStack>
    </form>
  );
}

function Timeline({ st }: { st: OnboardingStatus }) {
  const { t } = useI18n();
  const tl = st.timeline;
  if (!tl.localProjectStart) return <BodyShort className="nm-muted">{t('onb.timeline.noStart')}</BodyShort>;
  return (
    <VStack gap="space-12">
      <BodyShort>
        {t('onb.timeline.expected', {
          from: formatDate(tl.expectedGoLiveEarliest),
          to: formatDate(tl.expectedGoLiveLatest),
        })}
      </BodyShort>
      {tl.warnings.map((w, i) => (
        <Alert
          key={i}
          size="small"
          variant={w.severity === 'overdue' ? 'error' : 'warning'}
          data-testid="timeline-warning"
        >
          {warningText(t, w)}
        </Alert>
      ))}
      <ol className="nm-timeline" aria-label={t('onb.timeline.title')}>
        <li data-state="done">
          <strong>{t('milestone.localProjectStart')}</strong> — {formatDate(tl.localProjectStart)}
        </li>
        {tl.milestones.map((m) => {
          const late = !m.doneAt && st.date > m.due;
          const due = !m.doneAt && !late && tl.warnings.some((w) => w.milestone === m.milestone);
          return (
            <li key={m.milestone} data-state={m.doneAt ? 'done' : late ? 'late' : due ? 'due' : 'open'}>
              <strong>{t(`timeline.${m.milestone}` as MessageKey)}</strong> —{' '}
              {t('onb.timeline.due', { date: formatDate(m.due) })}
              {m.doneAt && <> · {t('onb.timeline.done', { date: formatDate(m.doneAt) })}</>}
            </li>
          );
        })}
      </ol>
    </VStack>
  );
}

function UnitOnboarding({ unitId }: { unitId: string }) {
  const { t, lang } = useI18n();
  const [date, setDate] = useState(todayIso());
  const [preset, setPreset] = useState<{ type: AgreementType; equipmentId: string | null } | null>(null);
  const status = useResource(
    (sig) => readinessApi.onboardingStatus(unitId, date || undefined, sig),
    [unitId, date],
  );
  const equipment = useResource((sig) => readinessApi.listEquipment(unitId, sig), [unitId]);
  const st = status.data;
  const eq = equipment.data?.items ?? [];
  const eqLabel = (id: string | null) => (id ? (eq.find((e) => e.id === id)?.label ?? id) : '');
  const reload = () => status.reload();

  return (
    <PageFrame
      title={st ? `${t('onb.title')}: ${st.unit.name}` : t('onb.title')}
      actions={
        <HStack gap="space-16">
          <TextLink href="/readiness/onboarding">{t('onb.backToOverview')}</TextLink>
          <TextLink href={`/readiness/organisation?unit=${encodeURIComponent(unitId)}`}>
            {t('onb.orgLink')}
          </TextLink>
        </HStack>
      }
    >
      <HStack gap="space-24" align="end">
        <div style={{ maxWidth: '14rem' }}>
          <DateField label={t('onb.date')} size="small" value={date} onChange={setDate} />
        </div>
        {st && <ReadyTag ready={st.ready} />}
      </HStack>
      <ProblemAlert error={status.error} />
      {st && (
        <>
          {st.ready ? (
            <Alert variant="success" data-testid="readiness">
              {t('onb.readyExplained')}
            </Alert>
          ) : (
            <Alert variant="warning" data-testid="readiness">
              <Heading level="2" size="xsmall" spacing>
                {t('onb.blockers.title', { count: st.blockers.length })}
              </Heading>
              <List as="ul" size="small">
                {st.blockers.map((b, i) => (
                  <List.Item key={i}>{blockerText(t, b, eq, lang)}</List.Item>
                ))}
              </List>
            </Alert>
          )}
          <Panel title={t('onb.required.title')}>
            <DataTable
              caption={t('onb.required.caption')}
              rows={st.requiredAgreements}
              rowKey={(r) => `${r.type}:${r.equipmentId ?? ''}`}
              testId="required-agreements"
              columns={[
                { header: t('onb.agreement'), rowHeader: true, cell: (r) => agreementName(t, r.type) },
                { header: t('onb.equipment'), cell: (r) => eqLabel(r.equipmentId) },
                { header: t('common.status'), cell: (r) => <AgreementStatusTag status={r.status} /> },
                {
                  header: t('common.actions'),
                  cell: (r) =>
                    r.status === 'missing' ? (
                      <Button
                        size="xsmall"
                        variant="tertiary"
                        onClick={() => {
                          setPreset({ type: r.type, equipmentId: r.equipmentId });
                          document.getElementById('agreement-form')?.scrollIntoView({ block: 'center' });
                        }}
                      >
                        {t('onb.register')}
                      </Button>
                    ) : (
                      ''
                    ),
                },
              ]}
            />
            <AgreementForm unitId={unitId} equipment={eq} preset={preset} onSaved={reload} />
          </Panel>
          <Panel title={t('onb.agreements.title')}>
            <DataTable
              caption={t('onb.agreements.caption')}
              rows={st.agreements}
              rowKey={(a) => a.id}
              testId="agreements"
              columns={[
                { header: t('onb.agreement'), rowHeader: true, cell: (a) => agreementName(t, a.type) },
                { header: t('onb.equipment'), cell: (a) => eqLabel(a.equipmentId) },
                { header: t('onb.agreement.counterparty'), cell: (a) => a.counterparty },
                { header: t('common.status'), cell: (a) => <AgreementStatusTag status={a.status} /> },
                { header: t('onb.agreement.signedAt'), cell: (a) => formatDate(a.signedAt) },
                { header: t('onb.agreement.reference'), cell: (a) => a.reference ?? '' },
                {
                  header: t('common.actions'),
                  cell: (a) =>
                    a.status === 'draft' || a.status === 'sent' ? (
                      <MarkSignedButton agreement={a} label={agreementName(t, a.type)} onSaved={reload} />
                    ) : (
                      ''
                    ),
                },
              ]}
            />
          </Panel>
          <Panel title={t('onb.milestones.title')}>
            {/* Keyed by unit, not by the saved dates: a remount after the reload that follows a
                save would drop the form's "Lagret" confirmation (and raced the e2e test). */}
            <MilestonesForm key={unitId} unitId={unitId} initial={st.milestones} onSaved={reload} />
          </Panel>
          <HGrid columns={{ xs: 1, lg: 2 }} gap="space-24">
            <Panel title={t('onb.payment.title')}>
              {st.paymentStart ? (
                <>
                  <BodyShort>{t('onb.payment.from', { date: formatDate(st.paymentStart) })}</BodyShort>
                  <DataTable
                    caption={t('onb.payment.caption')}
                    rows={st.paymentPeriods}
                    rowKey={(p) => p.quarter}
                    testId="payment-periods"
                    columns={[
                      { header: t('onb.payment.quarter'), rowHeader: true, cell: (p) => p.quarter },
                      { header: t('common.from'), cell: (p) => formatDate(p.from) },
                      { header: t('common.to'), cell: (p) => formatDate(p.to) },
                    ]}
                  />
                </>
              ) : (
                <BodyShort className="nm-muted">{t('onb.payment.none')}</BodyShort>
              )}
            </Panel>
            <Panel title={t('onb.timeline.title')}>
              <Timeline st={st} />
            </Panel>
          </HGrid>
        </>
      )}
    </PageFrame>
  );
}

export function OnboardingPage({ unitId }: { unitId?: string }) {
  return unitId ? <UnitOnboarding key={unitId} unitId={unitId} /> : <Overview />;
}
