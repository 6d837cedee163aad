/** ON-1: the organisation register — units with filter, creation, leaders and equipment. */
import { useState, type FormEvent } from 'react';
import { BodyShort, Button, HGrid, HStack, Select, Tag, Textarea, TextField, VStack } from '@navikt/ds-react';
import {
  PARENT_KINDS,
  readinessApi,
  TERMINAL_FORMS,
  UNIT_KINDS,
  type Equipment,
  type Leader,
  type Unit,
  type UnitKind,
} from './api.ts';
import { useI18n, type MessageKey } from '../../shared/i18n/i18n.tsx';
import { navigate, queryParam, TextLink, useLocation } from '../../shared/router.tsx';
import { DataTable } from '../../shared/components/data-table.tsx';
import { PageFrame, Panel } from '../../shared/components/page.tsx';
import { ProblemAlert } from '../../shared/components/problem.tsx';
import { useResource } from '../../shared/components/use-resource.ts';
import { useSubmit } from '../../shared/components/use-submit.ts';
import { CsvImportForm } from '../../shared/components/csv-import.tsx';
import { SuccessNote } from '../../shared/components/success-note.tsx';
import { UnitSelect, useUnits } from './unit-select.tsx';
import { CreateToggle } from '../../shared/components/create-toggle.tsx';
import { useClientPaging } from '../../shared/components/paging.tsx';
import { FilterSearch } from '../../shared/components/filter-search.tsx';
import { SummaryFilter } from '../../shared/components/summary-filter.tsx';
import { CentreLink, useCentres } from '../routing/common.tsx';

const unitKindKey = (k: string) => `unitKind.${k}` as MessageKey;
const blankToNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** Parent choice limited to the kinds the register allows for the new unit's kind. */
function ParentSelect({
  kind,
  value,
  onChange,
  error,
}: {
  kind: UnitKind;
  value: string;
  onChange: (v: string) => void;
  error?: string;
}) {
  const { t } = useI18n();
  const allowed = PARENT_KINDS[kind];
  return (
    <UnitSelect
      label={t('org.field.parentId')}
      kinds={allowed.filter((k): k is UnitKind => k !== null)}
      emptyLabel={allowed.includes(null) ? t('org.field.noParent') : t('common.select')}
      value={value}
      onChange={(id) => onChange(id)}
      error={error}
    />
  );
}

function CreateUnitForm({ onCreated }: { onCreated: (u: Unit) => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<UnitKind>('lv-sentral');
  const [name, setName] = useState('');
  const [id, setId] = useState('');
  const [parentId, setParentId] = useState('');
  const [kommunenummer, setKommunenummer] = useState('');
  const [centreId, setCentreId] = useState('');
  const [controlRoomSystem, setControlRoomSystem] = useState('');
  const [municipalities, setMunicipalities] = useState('');
  const s = useSubmit(readinessApi.createUnit, (u) => {
    setName('');
    setId('');
    onCreated(u);
  });
  const fe = s.fieldErrors;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const list = municipalities
      .split(/[\s,;]+/)
      .map((m) => m.trim())
      .filter(Boolean);
    void s.run({
      kind,
      name,
      id: id.trim() || undefined,
      parentId: blankToNull(parentId),
      kommunenummer: blankToNull(kommunenummer),
      centreId: blankToNull(centreId),
      controlRoomSystem: blankToNull(controlRoomSystem),
      municipalities: list.length ? list : undefined,
    });
  };
  const shown = [
    'kind',
    'name',
    'id',
    'parentId',
    'kommunenummer',
    'centreId',
    'controlRoomSystem',
    'municipalities',
  ];
  return (
    <form onSubmit={submit} aria-label={t('org.create.title')} noValidate>
      <VStack gap="space-16">
        <ProblemAlert error={s.error} shownFields={shown} />
        <HGrid columns={{ xs: 1, md: 2 }} gap="space-16">
          <Select
            label={t('org.field.kind')}
            value={kind}
            onChange={(e) => {
              setKind(e.target.value as UnitKind);
              setParentId('');
            }}
            error={fe.kind}
          >
            {UNIT_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(unitKindKey(k))}
              </option>
            ))}
          </Select>
          <TextField
            label={t('org.field.name')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            error={fe.name}
          />
          <TextField
            label={t('org.field.id')}
            value={id}
            onChange={(e) => setId(e.target.value)}
            error={fe.id}
          />
          <ParentSelect kind={kind} value={parentId} onChange={setParentId} error={fe.parentId} />
          <TextField
            label={t('org.field.kommunenummer')}
            value={kommunenummer}
            inputMode="numeric"
            onChange={(e) => setKommunenummer(e.target.value)}
            error={fe.kommunenummer}
          />
          <TextField
            label={t('org.field.centreId')}
            value={centreId}
            onChange={(e) => setCentreId(e.target.value)}
            error={fe.centreId}
          />
          <TextField
            label={t('org.field.controlRoomSystem')}
            value={controlRoomSystem}
            onChange={(e) => setControlRoomSystem(e.target.value)}
            error={fe.controlRoomSystem}
          />
          <Textarea
            label={t('org.field.municipalities')}
            value={municipalities}
            minRows={1}
            onChange={(e) => setMunicipalities(e.target.value)}
            error={
              fe.municipalities ?? Object.entries(fe).find(([k]) => k.startsWith('municipalities.'))?.[1]
            }
          />
        </HGrid>
        <div>
          <Button type="submit" loading={s.busy}>
            {t('common.create')}
          </Button>
        </div>
      </VStack>
    </form>
  );
}

function LeadersPanel({ unit }: { unit: Unit }) {
  const { t } = useI18n();
  const leaders = useResource((sig) => readinessApi.listLeaders(unit.id, sig), [unit.id]);
  const [role, setRole] = useState<Leader['role']>('local-project-leader');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const s = useSubmit(
    (b: Parameters<typeof readinessApi.addLeader>[1]) => readinessApi.addLeader(unit.id, b),
    () => {
      setName('');
      setEmail('');
      setPhone('');
      leaders.reload();
    },
  );
  const fe = s.fieldErrors;
  return (
    <Panel title={t('org.leaders.title')} level="3">
      <ProblemAlert error={leaders.error} />
      <DataTable
        caption={t('org.leaders.caption')}
        rows={leaders.data?.items ?? []}
        rowKey={(l) => l.id}
        columns={[
          { header: t('org.leader.name'), cell: (l) => l.name, rowHeader: true },
          { header: t('org.leader.role'), cell: (l) => t(`leaderRole.${l.role}` as MessageKey) },
          { header: t('org.leader.email'), cell: (l) => l.email ?? '' },
          { header: t('org.leader.phone'), cell: (l) => l.phone ?? '' },
        ]}
      />
      <form
        aria-label={t('org.leaders.add')}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void s.run({ role, name, email: blankToNull(email), phone: blankToNull(phone) });
        }}
      >
        <VStack gap="space-12">
          <ProblemAlert error={s.error} shownFields={['role', 'name', 'email', 'phone']} />
          <HGrid columns={{ xs: 1, md: 4 }} gap="space-12" align="end">
            <Select
              label={t('org.leader.role')}
              value={role}
              onChange={(e) => setRole(e.target.value as Leader['role'])}
              size="small"
            >
              <option value="local-project-leader">{t('leaderRole.local-project-leader')}</option>
              <option value="area-leader">{t('leaderRole.area-leader')}</option>
            </Select>
            <TextField
              label={t('org.leader.name')}
              size="small"
              value={name}
              onChange={(e) => setName(e.target.value)}
              error={fe.name}
            />
            <TextField
              label={t('org.leader.email')}
              size="small"
              type="email"
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              error={fe.email}
            />
            <TextField
              label={t('org.leader.phone')}
              size="small"
              type="tel"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              error={fe.phone}
            />
          </HGrid>
          <div>
            <Button type="submit" size="small" variant="secondary" loading={s.busy}>
              {t('org.leaders.add')}
            </Button>
          </div>
        </VStack>
      </form>
    </Panel>
  );
}

function EquipmentPanel({ unit }: { unit: Unit }) {
  const { t } = useI18n();
  const equipment = useResource((sig) => readinessApi.listEquipment(unit.id, sig), [unit.id]);
  const [kind, setKind] = useState<Equipment['kind']>('radio-terminal');
  const [form, setForm] = useState<NonNullable<Equipment['form']>>('handheld');
  const [label, setLabel] = useState('');
  const [model, setModel] = useState('');
  const [issi, setIssi] = useState('');
  const s = useSubmit(
    (b: Parameters<typeof readinessApi.addEquipment>[1]) => readinessApi.addEquipment(unit.id, b),
    () => {
      setLabel('');
      setIssi('');
      equipment.reload();
    },
  );
  const fe = s.fieldErrors;
  return (
    <Panel title={t('org.equipment.title')} level="3">
      <ProblemAlert error={equipment.error} />
      <DataTable
        caption={t('org.equipment.caption')}
        rows={equipment.data?.items ?? []}
        rowKey={(e) => e.id}
        testId="equipment-table"
        columns={[
          { header: t('org.equipment.label'), cell: (e) => e.label, rowHeader: true },
          { header: t('org.equipment.kind'), cell: (e) => t(`equipmentKind.${e.kind}` as MessageKey) },
          {
            header: t('org.equipment.form'),
            cell: (e) => (e.form ? t(`terminalForm.${e.form}` as MessageKey) : ''),
          },
          { header: t('org.equipment.model'), cell: (e) => e.model ?? e.controlRoomSystem ?? '' },
          { header: t('org.equipment.issi'), cell: (e) => e.issi ?? '' },
          { header: t('org.equipment.status'), cell: (e) => t(`equipmentStatus.${e.status}` as MessageKey) },
        ]}
      />
      <form
        aria-label={t('org.equipment.add')}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void s.run({
            kind,
            form: kind === 'radio-terminal' ? form : null,
            label,
            model: blankToNull(model),
            issi: blankToNull(issi),
          });
        }}
      >
        <VStack gap="space-12">
          <ProblemAlert error={s.error} shownFields={['kind', 'form', 'label', 'model', 'issi']} />
          <HGrid columns={{ xs: 1, md: 5 }} gap="space-12" align="end">
            <Select
              label={t('org.equipment.kind')}
              size="small"
              value={kind}
              onChange={(e) => setKind(e.target.value as Equipment['kind'])}
            >
              <option value="radio-terminal">{t('equipmentKind.radio-terminal')}</option>
              <option value="operator-position">{t('equipmentKind.operator-position')}</option>
            </Select>
            <Select
              label={t('org.equipment.form')}
              size="small"
              value={form}
              disabled={kind !== 'radio-terminal'}
              onChange={(e) => setForm(e.target.value as NonNullable<Equipment['form']>)}
              error={fe.form}
            >
              {TERMINAL_FORMS.map((f) => (
                <option key={f} value={f}>
                  {t(`terminalForm.${f}` as MessageKey)}
                </option>
              ))}
            </Select>
            <TextField
              label={t('org.equipment.label')}
              size="small"
              value={label}
              onChange={(e) => setLabel(e.target.value)}
              error={fe.label}
            />
            <TextField
              label={t('org.equipment.model')}
              size="small"
              value={model}
              onChange={(e) => setModel(e.target.value)}
              error={fe.model}
            />
            <TextField
              label={t('org.equipment.issi')}
              size="small"
              inputMode="numeric"
              value={issi}
              onChange={(e) => setIssi(e.target.value)}
              error={fe.issi}
            />
          </HGrid>
          <div>
            <Button type="submit" size="small" variant="secondary" loading={s.busy}>
              {t('org.equipment.add')}
            </Button>
          </div>
        </VStack>
      </form>
      <details>
        <summary>{t('org.equipment.import')}</summary>
        <CsvImportForm
          title={t('org.equipment.import')}
          columns="kind, form, label, model, terminal_type, control_room_system, issi, serial_number"
          submit={(csv) => readinessApi.importEquipment(unit.id, csv)}
          onDone={() => equipment.reload()}
          renderResult={(r) => <SuccessNote>{t('csv.imported', { count: r.imported })}</SuccessNote>}
        />
      </details>
    </Panel>
  );
}

/** The unit's centre in the routing data, by name (the id if routing data cannot be read). */
function RoutingCentreLink({ id }: { id: string }) {
  const centres = useCentres();
  return <CentreLink id={id} name={centres.name(id)} />;
}

function UnitDetail({ id }: { id: string }) {
  const { t } = useI18n();
  const unit = useResource((sig) => readinessApi.getUnit(id, sig), [id]);
  if (unit.error) return <ProblemAlert error={unit.error} />;
  if (!unit.data) return null;
  const u = unit.data;
  return (
    <Panel title={u.name} id="unit-detail">
      <HStack gap="space-8" align="center">
        <Tag size="small" variant="outline">
          {t(unitKindKey(u.kind))}
        </Tag>
        <span>
          {t('org.col.id')}: <code>{u.id}</code>
        </span>
        {u.kommunenummer && (
          <span>
            {t('org.col.kommunenummer')}: {u.kommunenummer}
          </span>
        )}
        {u.centreId && (
          <span>
            {t('org.col.centre')}: <RoutingCentreLink id={u.centreId} />
          </span>
        )}
        <TextLink href={`/readiness/onboarding/${encodeURIComponent(u.id)}`}>{t('org.onboarding')}</TextLink>
        <Button size="xsmall" variant="tertiary" onClick={() => navigate('/readiness/organisation')}>
          {t('org.detail.close')}
        </Button>
      </HStack>
      <LeadersPanel unit={u} />
      <EquipmentPanel unit={u} />
    </Panel>
  );
}

/** Does the unit match the search text (name, id or municipality number)? */
function matchesUnit(u: Unit, q: string): boolean {
  if (!q) return true;
  const s = q.toLowerCase();
  return u.name.toLowerCase().includes(s) || u.id.includes(s) || (u.kommunenummer ?? '').startsWith(s);
}

/**
 * The register: a summary (units per kind, each a filter) and a search first, then the units a
 * page at a time; "Ny enhet" at the top opens the create form. The whole register is loaded
 * once (the API's maximum page, 1000) and filtered, counted and paged in the browser.
 */
export function OrganisationPage() {
  const { t } = useI18n();
  const location = useLocation();
  const selected = queryParam(location, 'unit');
  const [kind, setKind] = useState<UnitKind | ''>('');
  const [q, setQ] = useState('');
  const [created, setCreated] = useState<Unit | null>(null);
  const units = useUnits();
  const all = units.items;
  const matching = all.filter((u) => (!kind || u.kind === kind) && matchesUnit(u, q.trim()));
  const page = useClientPaging(matching, `${kind}|${q.trim()}`);
  const counts = new Map<string, number>();
  for (const u of all) counts.set(u.kind, (counts.get(u.kind) ?? 0) + 1);

  return (
    <PageFrame
      title={t('org.title')}
      intro={t('org.intro')}
      actions={
        <CreateToggle label={t('org.create.title')}>
          {(close) => (
            <CreateUnitForm
              onCreated={(u) => {
                close();
                setCreated(u);
                units.reload();
                navigate(`/readiness/organisation?unit=${encodeURIComponent(u.id)}`);
              }}
            />
          )}
        </CreateToggle>
      }
    >
      {created && <SuccessNote>{t('common.created', { name: created.name })}</SuccessNote>}
      {selected && <UnitDetail id={selected} />}
      <Panel title={t('org.list.caption')}>
        <ProblemAlert error={units.error} />
        {units.loading && !units.data ? (
          <BodyShort className="nm-muted">{t('app.loading')}</BodyShort>
        ) : (
          <SummaryFilter
            label={t('org.summary')}
            testId="units-summary"
            value={kind}
            onChange={setKind}
            options={[
              { value: '', label: t('common.all'), count: all.length },
              ...UNIT_KINDS.map((k) => ({ value: k, label: t(unitKindKey(k)), count: counts.get(k) ?? 0 })),
            ]}
          />
        )}
        <FilterSearch label={t('org.filter.q')} value={q} onChange={setQ} />
        <DataTable
          caption={t('org.list.caption')}
          rows={page.rows}
          paging={page.paging}
          rowKey={(u) => u.id}
          empty={units.loading ? t('app.loading') : t('common.noMatch')}
          testId="units-table"
          columns={[
            {
              header: t('common.name'),
              rowHeader: true,
              cell: (u) => (
                <TextLink
                  href={`/readiness/organisation?unit=${encodeURIComponent(u.id)}`}
                  aria-label={t('org.open', { name: u.name })}
                >
                  {u.name}
                </TextLink>
              ),
            },
            { header: t('org.col.kind'), cell: (u) => t(unitKindKey(u.kind)) },
            { header: t('org.col.id'), cell: (u) => <code>{u.id}</code> },
            { header: t('org.col.kommunenummer'), cell: (u) => u.kommunenummer ?? '' },
            {
              header: t('org.col.parent'),
              cell: (u) => (u.parentId ? units.name(u.parentId) : ''),
            },
            {
              header: t('org.onboarding'),
              cell: (u) => (
                <TextLink
                  href={`/readiness/onboarding/${encodeURIComponent(u.id)}`}
                  aria-label={`${t('org.onboarding')}: ${u.name}`}
                >
                  {t('org.onboarding')}
                </TextLink>
              ),
            },
          ]}
        />
      </Panel>
    </PageFrame>
  );
}
